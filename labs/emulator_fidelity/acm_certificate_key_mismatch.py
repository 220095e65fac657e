"""ACM: a certificate imported with a private key that is not its own is refused.

ACM refuses to import a certificate together with a private key that is not its own (no TLS server
could use the pair: the handshake proves possession of the certificate's key); moto 5.2.5 stores any
pair (measured). The lab refuses it first, as ACM does, with a ValidationException.

Test: tests/emulator_fidelity/test_acm_certificate_key_mismatch.py (moto itself still stores the pair).
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from labs.emulator_fidelity._patching import handle

EVENT = "before-parameter-build.acm.ImportCertificate"


def certificate_key_mismatch(certificate, private_key) -> bool:
    """Whether PEM `certificate` and PEM `private_key` are both readable and belong to different key
    pairs (what cannot be read is left to the emulator's own answer)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    def pem(value):
        return value.encode() if isinstance(value, str) else value

    try:
        public = x509.load_pem_x509_certificate(pem(certificate)).public_key()
        key = serialization.load_pem_private_key(pem(private_key), password=None)
    except (TypeError, ValueError):
        return False
    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return public.public_bytes(*spki) != key.public_key().public_bytes(*spki)


def refuse_certificate_with_another_key(params, model, **_kwargs):
    if certificate_key_mismatch(params.get("Certificate"), params.get("PrivateKey")):
        raise ClientError(
            {"Error": {"Code": "ValidationException",
                       "Message": "The private key does not match the public key in the certificate."},
             "ResponseMetadata": {"HTTPStatusCode": 400}},
            model.name,
        )


def install() -> None:
    handle(__name__, EVENT, refuse_certificate_with_another_key)
