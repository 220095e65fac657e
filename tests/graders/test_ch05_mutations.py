"""Chapter 05's mutation table (see conftest.py)."""

import datetime as dt
import socket
import ssl
import warnings

import boto3
import pytest
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from labs import company
from labs.tls import certificates
from labs.tls.certificates import APP_HOST, certificate_pem, company_ca, issue_certificate, key_pem, make_key, now
from labs.tls.local_server import LocalHttpsServer, outdated_client_context
from tests.graders.conftest import Case, assert_verdict, ids

ANSWER_ONLY = {"5.1", "5.2", "5.3"}
"""Exercises graded on the answer alone, whatever the account holds: one started chapter serves all their
cases; every other case starts the chapter afresh."""


# 5.1 ----------------------------------------------------------------------------------------------

def build(days=90, host=APP_HOST, common_name=True, san=True, key_identifier=True, key=None, signer=None,
          issuer=None, not_before=None, names=None):
    def apply(lab):
        ca = company_ca()
        mine = key or make_key()
        start = not_before or now()
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)] if common_name else []))
                   .issuer_name(issuer or ca.certificate.subject)
                   .public_key(mine.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(start)
                   .not_valid_after(start + dt.timedelta(days=days)))
        if san:
            builder = builder.add_extension(x509.SubjectAlternativeName(
                [x509.DNSName(n) for n in (names or [host])]), critical=not common_name)
        if key_identifier:
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
        return builder.sign(signer or ca.key, hashes.SHA256())
    return apply


def self_signed(lab):
    mine = make_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, APP_HOST)])
    return build(key=mine, signer=mine, issuer=name, key_identifier=False)(lab)


def rsa_key(bits):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


CASES_5_1 = [
    Case("5.1", "the worked answer", build(), True, "90-day certificate", answers=True),
    Case("5.1", "no Common Name, the host in the SAN only", build(common_name=False), True, answers=True),
    Case("5.1", "an RSA 2048 key", build(key=rsa_key(2048)), True, answers=True),
    Case("5.1", "a wildcard for the company's domain", build(names=["*.community-app.example"]), True, answers=True),
    Case("5.1", "47 days, as from 2029", build(days=47), True, answers=True),
    Case("5.1", "valid for 10 days", build(days=10), False, "30-day window", answers=True),
    Case("5.1", "the host in the Common Name only", build(san=False), False, "Subject Alternative Name",
         answers=True),
    Case("5.1", "valid for 400 days", build(days=400), False, "a public CA may issue at most", answers=True),
    Case("5.1", "self-signed", self_signed, False, "not issued by the lab's CA", answers=True),
    Case("5.1", "the CA's name, signed with its own key", lambda lab: build(signer=make_key())(lab), False,
         "not issued by the lab's CA", answers=True),
    Case("5.1", "no Authority Key Identifier", build(key_identifier=False), False, "Authority Key Identifier",
         answers=True),
    Case("5.1", "an RSA 1024 key", build(key=rsa_key(1024)), False, "too short", answers=True),
    Case("5.1", "expired yesterday", build(not_before=now() - dt.timedelta(days=91)), False, "not valid right now",
         answers=True),
    Case("5.1", "the key instead of the certificate", lambda lab: make_key(), False, "Pass the certificate itself",
         answers=True),
]


# 5.2 ----------------------------------------------------------------------------------------------

def handshake(port, name, context):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as tcp:
        with context.wrap_socket(tcp, server_hostname=name) as tls:
            return {"version": tls.version(), "cipher": tls.cipher()[0], "peer_certificate": tls.getpeercert()}


def trusting():
    return ssl.create_default_context(cadata=company_ca().pem.decode())


def against_the_app(context_of, name=APP_HOST, host=APP_HOST):
    def apply(lab):
        key = make_key()
        with LocalHttpsServer(certificate_pem(issue_certificate(key.public_key(), host)), key_pem(key)) as server:
            return handshake(server.port, name, context_of())
    return apply


def tls12_only():
    context = trusting()
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    return context


def unverified():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


CASES_5_2 = [
    Case("5.2", "the worked answer", against_the_app(trusting), True, "Verified handshake", answers=True),
    Case("5.2", "TLS 1.2 at most", against_the_app(tls12_only), True, "TLSv1.2", answers=True),
    Case("5.2", "verification turned off", against_the_app(unverified), False, "verified it", answers=True),
    Case("5.2", "verification off, against another host's certificate", against_the_app(
        unverified, host="admin.community-app.example"), False, "peer_certificate is empty", answers=True),
    Case("5.2", "the version string alone", lambda lab: "TLSv1.3", False, "Pass the dict", answers=True),
]


# 5.3 ----------------------------------------------------------------------------------------------

def refusals(expired_context=trusting, old_client=None, swap=False, leave_out=None):
    def apply(lab):
        key = make_key()
        expired = issue_certificate(key.public_key(), APP_HOST, days=90, not_before=now() - dt.timedelta(days=91))
        valid = issue_certificate(key.public_key(), APP_HOST, days=90)
        caught = {}
        with LocalHttpsServer(certificate_pem(expired), key_pem(key)) as old, \
                LocalHttpsServer(certificate_pem(valid), key_pem(key)) as good:
            attempts = {"expired": (old.port, APP_HOST, expired_context()),
                        "wrong_host": (good.port, "admin.community-app.example", trusting()),
                        "old_tls": (good.port, APP_HOST, (old_client or (lambda: outdated_client_context(
                            company_ca().pem)))())}
            for name, (port, host, context) in attempts.items():
                try:
                    handshake(port, host, context)
                except ssl.SSLError as error:
                    caught[name] = error
        if swap:
            caught["expired"], caught["wrong_host"] = caught["wrong_host"], caught["expired"]
        if leave_out:
            caught.pop(leave_out)
        return caught
    return apply


def tls11_client():
    context = trusting()
    with warnings.catch_warnings():  # Python warns about these versions: that is the point
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = ssl.TLSVersion.TLSv1
        context.maximum_version = ssl.TLSVersion.TLSv1_1
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    return context


CASES_5_3 = [
    Case("5.3", "the worked answer", refusals(), True, "Refused for the right reasons", answers=True),
    Case("5.3", "an old client of its own, TLS 1.1 at most", refusals(old_client=tls11_client), True, answers=True),
    Case("5.3", "expired and wrong host swapped", refusals(swap=True), False, "verify code 10 (certificate has expired)",
         answers=True),
    Case("5.3", "the expired server met with a client that trusts nothing", refusals(
        expired_context=ssl.create_default_context), False, "verify code 10", answers=True),
    Case("5.3", "the old client never tried", refusals(leave_out="old_tls"), False, "old_tls", answers=True),
]


# 5.4 ----------------------------------------------------------------------------------------------

def issued(host=APP_HOST, days=90, key=None):
    key = key or make_key()
    return key, issue_certificate(key.public_key(), host, days=days)


def reimport(host=APP_HOST, days=90, key=None, other_key=False):
    def apply(lab):
        mine, certificate = issued(host, days, key)
        try:
            boto3.client("acm").import_certificate(
                CertificateArn=company.app_certificate_arn(lab), Certificate=certificate_pem(certificate),
                PrivateKey=key_pem(make_key() if other_key else mine), CertificateChain=company_ca().pem)
        except ClientError as error:
            assert error.response["Error"]["Code"] == "ValidationException"
    return apply


def new_certificate(delete_old=True, switch=True):
    def apply(lab):
        acm, elbv2 = boto3.client("acm"), boto3.client("elbv2")
        old = company.app_certificate_arn(lab)
        key, certificate = issued()
        new = acm.import_certificate(Certificate=certificate_pem(certificate), PrivateKey=key_pem(key),
                                     CertificateChain=company_ca().pem)["CertificateArn"]
        if switch:
            elbv2.modify_listener(ListenerArn=company.listener_arn(lab, 443), Certificates=[{"CertificateArn": new}])
        if delete_old:
            acm.delete_certificate(CertificateArn=old)
    return apply


CASES_5_4 = [
    Case("5.4", "the worked answer", reimport(), True, "serves a certificate for app.community-app.example"),
    Case("5.4", "a new ACM certificate on the listener, the old one deleted", new_certificate(), True),
    Case("5.4", "re-imported with an RSA key", reimport(key=rsa_key(2048)), True),
    Case("5.4", "re-imported as a wildcard certificate", reimport(host="*.community-app.example"), True),
    Case("5.4", "a certificate for admin.community-app.example", reimport(host="admin.community-app.example"), False,
         "host name mismatch"),
    Case("5.4", "a private key that is not the certificate's", reimport(other_key=True), False, "expires in"),
    Case("5.4", "a new certificate on the listener, the old one kept", new_certificate(delete_old=False), False,
         "delete it"),
    Case("5.4", "a new certificate nobody uses", new_certificate(delete_old=False, switch=False), False, "expires in"),
    Case("5.4", "renewed for 20 days", reimport(days=20), False, "expires in 20 days"),
]


# 5.5 ----------------------------------------------------------------------------------------------

def redirect(**config):
    def apply(lab):
        boto3.client("elbv2").modify_listener(ListenerArn=company.listener_arn(lab, 80), DefaultActions=[
            {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301",
                                                    **config}}])
    return apply


def delete_http(lab):
    boto3.client("elbv2").delete_listener(ListenerArn=company.listener_arn(lab, 80))


def recreate_http(lab):
    delete_http(lab)
    boto3.client("elbv2").create_listener(LoadBalancerArn=company.load_balancer_arn(lab), Protocol="HTTP", Port=80,
                                          DefaultActions=[company.REDIRECT_TO_HTTPS])


def fixed_response(lab):
    boto3.client("elbv2").modify_listener(ListenerArn=company.listener_arn(lab, 80), DefaultActions=[
        {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "301", "ContentType": "text/plain",
                                                           "MessageBody": "Moved to https://"}}])


CASES_5_5 = [
    Case("5.5", "the worked answer", redirect(), True, "HTTP_301"),
    Case("5.5", "the console's full redirect", redirect(Host="#{host}", Path="/#{path}", Query="#{query}"), True),
    Case("5.5", "the host named, port 443", redirect(Host=APP_HOST), True),
    Case("5.5", "the HTTP listener made again, redirecting", recreate_http, True),
    Case("5.5", "the HTTP listener deleted", delete_http, False, "no listener on port 80"),
    Case("5.5", "to HTTPS on port 8443", redirect(Port="8443"), False, "port 8443"),
    Case("5.5", "a temporary redirect (302)", redirect(StatusCode="HTTP_302"), False, "HTTP_302"),
    Case("5.5", "the port kept (#{port})", redirect(Port="#{port}"), False, "port 80"),
    Case("5.5", "to another host", redirect(Host="community-app.example"), False, "another host"),
    Case("5.5", "a fixed 301 response instead of a redirect", fixed_response, False, "not a redirect"),
]


# 5.6 ----------------------------------------------------------------------------------------------

def ssl_policy(name):
    def apply(lab):
        boto3.client("elbv2").modify_listener(ListenerArn=company.listener_arn(lab, 443), SslPolicy=name)
    return apply


def https_recreated(policy):
    def apply(lab):
        elbv2 = boto3.client("elbv2")
        listener = elbv2.describe_listeners(ListenerArns=[company.listener_arn(lab, 443)])["Listeners"][0]
        elbv2.delete_listener(ListenerArn=listener["ListenerArn"])
        elbv2.create_listener(LoadBalancerArn=company.load_balancer_arn(lab), Protocol="HTTPS", Port=443,
                              SslPolicy=policy, Certificates=listener["Certificates"],
                              DefaultActions=listener["DefaultActions"])
    return apply


def https_deleted(lab):
    boto3.client("elbv2").delete_listener(ListenerArn=company.listener_arn(lab, 443))


CASES_5_6 = [
    Case("5.6", "the worked answer", ssl_policy("ELBSecurityPolicy-TLS13-1-2-2021-06"), True, "TLS 1.2 or later"),
    Case("5.6", "TLS 1.3 only", ssl_policy("ELBSecurityPolicy-TLS13-1-3-2021-06"), True),
    Case("5.6", "forward secrecy, TLS 1.2, restricted", ssl_policy("ELBSecurityPolicy-FS-1-2-Res-2020-10"), True),
    Case("5.6", "the post-quantum variant", ssl_policy("ELBSecurityPolicy-TLS13-1-2-PQ-2025-09"), True),
    Case("5.6", "TLS13 in the name, TLS 1.0 in the policy", ssl_policy("ELBSecurityPolicy-TLS13-1-0-2021-06"), False,
         "still accepts TLSv1"),
    Case("5.6", "TLS 1.1 still accepted", ssl_policy("ELBSecurityPolicy-TLS13-1-1-2021-06"), False, "TLSv1.1"),
    Case("5.6", "a made-up name the emulator stored", https_recreated("ELBSecurityPolicy-TLS13-1-3-2099-01"), False,
         "a policy the lab does not know"),
    Case("5.6", "the HTTPS listener deleted", https_deleted, False, "no HTTPS listener on port 443"),
]

CASES = CASES_5_1 + CASES_5_2 + CASES_5_3 + CASES_5_4 + CASES_5_5 + CASES_5_6


@pytest.fixture
def started(fresh):
    # A lab per case: another test's labs.start would supersede a shared one (and the world is restored,
    # not rebuilt, so a start is cheap).
    return fresh("05-network-tls")


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_chapter_05(fresh, started, case):
    lab = started if case.exercise in ANSWER_ONLY else fresh("05-network-tls")
    assert_verdict(lab, case)


def test_acm_refuses_a_key_that_is_not_the_certificates(fresh):
    """The lab corrects moto (labs/emulator_fidelity/acm_certificate_key_mismatch.py): ACM refuses a mismatched
    pair, as AWS does."""
    lab = fresh("05-network-tls")
    key, certificate = issued()
    with pytest.raises(ClientError, match="does not match"):
        boto3.client("acm").import_certificate(Certificate=certificate_pem(certificate), PrivateKey=key_pem(make_key()))
    arn = boto3.client("acm").import_certificate(Certificate=certificate_pem(certificate),
                                                 PrivateKey=key_pem(key))["CertificateArn"]
    assert arn.startswith("arn:aws:acm:") and certificates.days_left(certificate) > 80 and lab
