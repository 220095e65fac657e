"""acm_certificates_expiration_check: PASS and FAIL against the emulator (imported certificates
carry their real dates in moto)."""

import datetime as dt

from labs import company
from labs.checks import acm_certificates_expiration_check
from labs.tls import certificates
from tests.conftest import findings_for, status_of


def _import(account, days, not_before=None):
    key = certificates.make_key()
    certificate = certificates.issue_certificate(key.public_key(), days=days, not_before=not_before)
    return account.client("acm").import_certificate(
        Certificate=certificates.certificate_pem(certificate), PrivateKey=certificates.key_pem(key),
        CertificateChain=certificates.company_ca().pem)["CertificateArn"]


def test_acm_certificates_expiration_check_pass_with_90_days_left(account):
    arn = _import(account, days=90)
    assert status_of(acm_certificates_expiration_check, arn, account) == "PASS"


def test_acm_certificates_expiration_check_fail_with_12_days_left(account):
    arn = _import(account, days=12)
    [finding] = findings_for(acm_certificates_expiration_check, arn, account)
    assert finding.status == "FAIL" and "IMPORTED" in finding.message["en"]


def test_acm_certificates_expiration_check_fail_on_the_last_day(account):
    # ACM (and moto, measured) refuse to import a certificate that has already expired.
    arn = _import(account, days=30, not_before=certificates.now() - dt.timedelta(days=29.5))
    [finding] = findings_for(acm_certificates_expiration_check, arn, account)
    assert finding.status == "FAIL" and "expires in 0 days" in finding.message["en"]


def test_acm_certificates_expiration_check_pass_after_reimport_into_the_same_arn(account):
    arn = company.import_app_certificate(account, days=5)
    company.import_app_certificate(account, days=90, certificate_arn=arn)
    assert status_of(acm_certificates_expiration_check, arn, account) == "PASS"


def test_acm_certificates_expiration_check_skips_a_requested_certificate(account):
    # moto keeps requested certificates in PENDING_VALIDATION: nothing has started to run out.
    arn = account.client("acm").request_certificate(DomainName=certificates.APP_HOST, ValidationMethod="DNS")["CertificateArn"]
    assert findings_for(acm_certificates_expiration_check, arn, account) == []
