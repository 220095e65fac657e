import boto3

from labs.emulator_fidelity import rds_default_kms_key as correction
from tests.emulator_fidelity.conftest import without


def _encrypted_with_the_default_key():
    return boto3.client("rds").create_db_instance(
        DBInstanceIdentifier="db", Engine="mariadb", EngineVersion="10.6.14", DBInstanceClass="db.t3.micro", AllocatedStorage=20,
        MasterUsername="dba", MasterUserPassword="Password-12345", StorageEncrypted=True)["DBInstance"]["KmsKeyId"]


def test_moto_itself_records_a_placeholder_for_the_default_key(lab):
    with without(correction):
        assert _encrypted_with_the_default_key() == "default_kms_key_id", "moto now records the ARN: the correction can go"


def test_the_lab_records_the_aws_rds_keys_arn_as_rds_does(lab):
    recorded = _encrypted_with_the_default_key()
    arn = boto3.client("kms").describe_key(KeyId="alias/aws/rds")["KeyMetadata"]["Arn"]
    assert recorded == arn
