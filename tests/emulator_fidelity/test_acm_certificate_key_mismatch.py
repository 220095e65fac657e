import boto3
import pytest
from botocore.exceptions import ClientError

from labs.emulator_fidelity import acm_certificate_key_mismatch as correction
from labs.tls import certificates
from tests.emulator_fidelity.conftest import moto_client


def _pair_of_two_keys():
    certificate = certificates.issue_certificate(certificates.make_key().public_key(), certificates.APP_HOST, days=30)
    return dict(Certificate=certificates.certificate_pem(certificate), PrivateKey=certificates.key_pem(certificates.make_key()))


def test_moto_itself_stores_a_certificate_with_another_key(lab):
    arn = moto_client("acm", correction).import_certificate(**_pair_of_two_keys())["CertificateArn"]
    assert arn, "moto now refuses the pair: the lab's correction can go"


def test_the_lab_refuses_it_as_acm_does(lab):
    with pytest.raises(ClientError) as caught:
        boto3.client("acm").import_certificate(**_pair_of_two_keys())
    assert caught.value.response["Error"]["Code"] == "ValidationException"
