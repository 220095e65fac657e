import boto3

from labs.emulator_fidelity import kms_aws_managed_keys as correction
from tests.emulator_fidelity.conftest import without


def _aws_rds_key():
    kms = boto3.client("kms")
    kms.encrypt(KeyId="alias/aws/rds", Plaintext=b"x")  # moto makes the key on first use, as AWS does
    key = kms.describe_key(KeyId="alias/aws/rds")["KeyMetadata"]
    return key["KeyManager"], kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"]


def test_moto_itself_makes_aws_rds_a_customer_managed_key_without_rotation(lab):
    with without(correction):
        assert _aws_rds_key() == ("CUSTOMER", False), "moto now makes it AWS managed: the correction can go"


def test_the_lab_makes_it_aws_managed_and_rotating_as_aws_does(lab):
    assert _aws_rds_key() == ("AWS", True)
