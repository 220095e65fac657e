import json

import boto3

from labs.emulator_fidelity import rds_managed_master_user_secret as correction
from tests.emulator_fidelity.conftest import without


def _managed_secret():
    instance = boto3.client("rds").create_db_instance(
        DBInstanceIdentifier="db", Engine="mariadb", EngineVersion="10.6.14", DBInstanceClass="db.t3.micro", AllocatedStorage=20,
        MasterUsername="community_dba", ManageMasterUserPassword=True)["DBInstance"]
    secrets = boto3.client("secretsmanager")
    arn = instance["MasterUserSecret"]["SecretArn"]
    return json.loads(secrets.get_secret_value(SecretId=arn)["SecretString"]), secrets.describe_secret(SecretId=arn)


def test_moto_itself_stores_a_fixed_password_for_admin_and_rotates_nothing(lab):
    with without(correction):
        value, described = _managed_secret()
    assert value == {"username": "admin", "password": "P@55w0rd!"}, "moto now stores the real user: the correction can go"
    assert not described.get("RotationEnabled")


def test_the_lab_stores_the_master_user_and_rotates_every_seven_days_as_rds_does(lab):
    value, described = _managed_secret()
    assert value["username"] == "community_dba" and len(value["password"]) == 41
    assert described["RotationEnabled"] and described["RotationRules"]["AutomaticallyAfterDays"] == 7


def test_a_managed_rotation_keeps_the_secret_readable(lab):
    value, described = _managed_secret()
    secrets = boto3.client("secretsmanager")
    secrets.rotate_secret(SecretId=described["ARN"])
    rotated = json.loads(secrets.get_secret_value(SecretId=described["ARN"])["SecretString"])
    assert rotated["username"] == value["username"] and rotated["password"] != value["password"]
    assert correction.rotation_days({"ScheduleExpression": "rate(36 hours)"}) == 2
