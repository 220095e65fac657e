"""Keys and certificates, made the way a team that manages its own certificates makes them.

A real company buys its certificate from a public certificate authority (CA). The lab cannot reach
one, so it plays the CA itself: `company_ca()` is a small private CA whose certificate stands in for
the public CAs your browser trusts. Clients in the lab trust it explicitly (`cadata=ca.pem`), exactly
as browsers trust the public CAs they ship with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

APP_HOST = "app.community-app.example"
"""The app's host name. `.example` is reserved for documentation, so it can never be a real site."""

PUBLIC_VALIDITY_LIMITS = (
    # (from this date on, public CAs may issue server certificates valid for at most N days)
    # CA/Browser Forum Baseline Requirements; ballot SC-081 (2025) sets the steps after 2026.
    (dt.datetime(2020, 9, 1, tzinfo=dt.timezone.utc), 398),
    (dt.datetime(2026, 3, 15, tzinfo=dt.timezone.utc), 200),
    (dt.datetime(2027, 3, 15, tzinfo=dt.timezone.utc), 100),
    (dt.datetime(2029, 3, 15, tzinfo=dt.timezone.utc), 47),
)


def max_public_validity_days(at: dt.datetime | None = None) -> int:
    """The longest validity a public CA may give a server certificate issued at `at` (default: now)."""
    at = at or dt.datetime.now(dt.timezone.utc)
    return [days for start, days in PUBLIC_VALIDITY_LIMITS if start <= at][-1]


def now() -> dt.datetime:
    """The current time in UTC, which is what certificates' dates are in."""
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class CertificateAuthority:
    """The lab's stand-in for a public CA: its key signs, its certificate is what clients trust."""

    key: object
    certificate: x509.Certificate

    @property
    def pem(self) -> bytes:
        return certificate_pem(self.certificate)


def make_key(kind: str = "ec"):
    """A new private key: "ec" (P-256, what most sites use today) or "rsa" (2048 bits)."""
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def key_pem(key) -> bytes:
    """The private key as unencrypted PKCS#8 PEM, the form ACM's import_certificate accepts."""
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def certificate_pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


_CA: dict = {}


def company_ca() -> CertificateAuthority:
    """The lab's CA, made once per Python process (ten years valid, like a real root's lifetime)."""
    if "ca" not in _CA:
        key = make_key("ec")
        name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Lab Trust Services"),
                          x509.NameAttribute(NameOID.COMMON_NAME, "Lab Root CA")])
        start = now() - dt.timedelta(days=1)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        _CA["ca"] = CertificateAuthority(key, certificate)
    return _CA["ca"]


def issue_certificate(public_key, host: str = APP_HOST, *, days: float = 90,
                      not_before: dt.datetime | None = None, ca: CertificateAuthority | None = None):
    """A server certificate for `host`, signed by the lab's CA, valid from `not_before` (default:
    now) for `days` days. A negative `days` or an old `not_before` gives an expired certificate."""
    ca = ca or company_ca()
    start = not_before or now() - dt.timedelta(minutes=5)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
        .issuer_name(ca.certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
        .sign(ca.key, hashes.SHA256())
    )


def days_left(certificate: x509.Certificate, at: dt.datetime | None = None) -> float:
    """Days until the certificate expires (negative once it has)."""
    return (certificate.not_valid_after_utc - (at or now())).total_seconds() / 86400


def host_names(certificate: x509.Certificate) -> list[str]:
    """The DNS names in the certificate's Subject Alternative Name, which clients match against."""
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return []
    return san.value.get_values_for_type(x509.DNSName)


def as_certificate(value) -> x509.Certificate | None:
    """A certificate from an x509.Certificate, PEM bytes or PEM text; None for anything else."""
    if isinstance(value, x509.Certificate):
        return value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes) and b"-----BEGIN CERTIFICATE-----" in value:
        try:
            return x509.load_pem_x509_certificate(value)
        except ValueError:
            return None
    return None
