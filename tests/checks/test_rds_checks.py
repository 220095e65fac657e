"""The RDS and Secrets Manager checks of chapter 07: PASS and FAIL against the emulator."""

import json

import pytest

from labs import company
from labs.checks import (
    rds_instance_backup_enabled,
    rds_instance_default_admin,
    rds_instance_deletion_protection,
    rds_instance_integration_cloudwatch_logs,
    rds_instance_no_public_access,
    rds_instance_storage_encrypted,
    rds_snapshots_public_access,
    secretsmanager_automatic_rotation_enabled,
)
from tests.conftest import findings_for, status_of

DB = company.DB_INSTANCE


@pytest.fixture
def database(account):
    """The company's database done right (not as the colleague created it)."""
    company.create_database(account, as_the_colleague_did=False)
    account.rds = account.client("rds")
    return DB


def modify(account, **settings):
    account.client("rds").modify_db_instance(DBInstanceIdentifier=DB, ApplyImmediately=True, **settings)


def open_port(account, **source):
    account.client("ec2").authorize_security_group_ingress(GroupId=company.create_db_security_group(account),
                                                           IpPermissions=[{"IpProtocol": "tcp", "FromPort": 3306,
                                                                           "ToPort": 3306, **source}])


# encryption -------------------------------------------------------------------------------------

def test_rds_instance_storage_encrypted_pass_with_the_company_key(account, database):
    [finding] = findings_for(rds_instance_storage_encrypted, DB, account)
    assert finding.status == "PASS" and company.DB_KEY_ALIAS in finding.message["en"]


def test_rds_instance_storage_encrypted_pass_with_aws_rds(account, database):
    company.replace_database(account, KmsKeyId="alias/aws/rds")
    [finding] = findings_for(rds_instance_storage_encrypted, DB, account)
    assert finding.status == "PASS" and "aws/rds" in finding.message["en"]


def test_rds_instance_storage_encrypted_fail_unencrypted(account, database):
    company.replace_database(account, StorageEncrypted=False)
    assert status_of(rds_instance_storage_encrypted, DB, account) == "FAIL"


# public access ----------------------------------------------------------------------------------

def test_rds_instance_no_public_access_pass_private(account, database):
    assert status_of(rds_instance_no_public_access, DB, account) == "PASS"


def test_rds_instance_no_public_access_pass_with_the_app_servers_and_an_office(account, database):
    open_port(account, IpRanges=[{"CidrIp": company.OFFICE_CIDR}])
    assert status_of(rds_instance_no_public_access, DB, account) == "PASS"


def test_rds_instance_no_public_access_fail_publicly_accessible_only(account, database):
    """Prowler passes this ("publicly accessible but filtered"); Security Hub RDS.2 does not."""
    modify(account, PubliclyAccessible=True)
    [finding] = findings_for(rds_instance_no_public_access, DB, account)
    assert finding.status == "FAIL" and "publicly accessible" in finding.message["en"]


def test_rds_instance_no_public_access_fail_in_public_subnets(account, database):
    company.create_db_subnet_group(account, "db-public", public=True)
    company.replace_database(account, DBSubnetGroupName="db-public")
    [finding] = findings_for(rds_instance_no_public_access, DB, account)
    assert finding.status == "FAIL" and "public subnets" in finding.message["en"]
    assert "community-app-public-a" in finding.message["en"]


def test_rds_instance_no_public_access_fail_port_open_to_the_internet(account, database):
    open_port(account, IpRanges=[{"CidrIp": "0.0.0.0/0"}])
    [finding] = findings_for(rds_instance_no_public_access, DB, account)
    assert finding.status == "FAIL" and "0.0.0.0/0" in finding.message["en"]


def test_rds_instance_no_public_access_fail_with_two_halves_of_the_internet(account, database):
    open_port(account, IpRanges=[{"CidrIp": "0.0.0.0/1"}, {"CidrIp": "128.0.0.0/1"}])
    [finding] = findings_for(rds_instance_no_public_access, DB, account)
    assert finding.status == "FAIL" and "128.0.0.0/1" in finding.message["en"]


def test_rds_instance_no_public_access_fail_all_traffic_from_ipv6(account, database):
    account.client("ec2").authorize_security_group_ingress(
        GroupId=company.create_db_security_group(account),
        IpPermissions=[{"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    assert status_of(rds_instance_no_public_access, DB, account) == "FAIL"


def test_rds_instance_no_public_access_reads_ec2():
    assert rds_instance_no_public_access.METADATA.services == ("rds", "ec2")


# logs -------------------------------------------------------------------------------------------

def test_rds_instance_integration_cloudwatch_logs_pass_with_the_four_logs(account, database):
    assert status_of(rds_instance_integration_cloudwatch_logs, DB, account) == "PASS"


def test_rds_instance_integration_cloudwatch_logs_fail_with_none(account, database):
    modify(account, CloudwatchLogsExportConfiguration={"DisableLogTypes": list(company.DB_LOG_EXPORTS)})
    [finding] = findings_for(rds_instance_integration_cloudwatch_logs, DB, account)
    assert finding.status == "FAIL" and "none" in finding.message["en"]


def test_rds_instance_integration_cloudwatch_logs_fail_without_the_audit_log(account, database):
    """Prowler passes an instance that publishes any log; FSBP RDS.9 asks MariaDB for four."""
    modify(account, CloudwatchLogsExportConfiguration={"DisableLogTypes": ["audit"]})
    [finding] = findings_for(rds_instance_integration_cloudwatch_logs, DB, account)
    assert finding.status == "FAIL" and "audit" in finding.message["en"]


# backups and deletion protection -----------------------------------------------------------------

def test_rds_instance_backup_enabled_pass_seven_days(account, database):
    assert status_of(rds_instance_backup_enabled, DB, account) == "PASS"


def test_rds_instance_backup_enabled_pass_thirty_five_days(account, database):
    modify(account, BackupRetentionPeriod=35)
    assert status_of(rds_instance_backup_enabled, DB, account) == "PASS"


def test_rds_instance_backup_enabled_fail_off(account, database):
    modify(account, BackupRetentionPeriod=0)
    [finding] = findings_for(rds_instance_backup_enabled, DB, account)
    assert finding.status == "FAIL" and "no automated backups" in finding.message["en"]


def test_rds_instance_backup_enabled_fail_one_day(account, database):
    """RDS's own default through the API is 1 day; Security Hub's RDS.11 asks for 7."""
    modify(account, BackupRetentionPeriod=1)
    [finding] = findings_for(rds_instance_backup_enabled, DB, account)
    assert finding.status == "FAIL" and "1 days only" in finding.message["en"]


def test_rds_instance_deletion_protection_pass(account, database):
    assert status_of(rds_instance_deletion_protection, DB, account) == "PASS"


def test_rds_instance_deletion_protection_fail(account, database):
    modify(account, DeletionProtection=False)
    assert status_of(rds_instance_deletion_protection, DB, account) == "FAIL"


# master user name --------------------------------------------------------------------------------

def test_rds_instance_default_admin_pass_own_name(account, database):
    [finding] = findings_for(rds_instance_default_admin, DB, account)
    assert finding.status == "PASS" and company.DB_MASTER_USER in finding.message["en"]


@pytest.mark.parametrize("name", ["admin", "Admin", "root"])
def test_rds_instance_default_admin_fail_default_names(account, database, name):
    company.replace_database(account, MasterUsername=name)
    assert status_of(rds_instance_default_admin, DB, account) == "FAIL"


# snapshots ---------------------------------------------------------------------------------------

def snapshot(account, name="manual-1"):
    account.client("rds").create_db_snapshot(DBInstanceIdentifier=DB, DBSnapshotIdentifier=name)
    return name


def test_rds_snapshots_public_access_pass_not_shared(account, database):
    assert status_of(rds_snapshots_public_access, snapshot(account), account) == "PASS"


def test_rds_snapshots_public_access_pass_shared_with_one_account(account, database):
    name = snapshot(account)
    account.client("rds").modify_db_snapshot_attribute(DBSnapshotIdentifier=name, AttributeName="restore",
                                                       ValuesToAdd=["111122223333"])
    [finding] = findings_for(rds_snapshots_public_access, name, account)
    assert finding.status == "PASS" and "111122223333" in finding.message["en"]


def test_rds_snapshots_public_access_fail_public(account, database):
    name = snapshot(account)
    account.client("rds").modify_db_snapshot_attribute(DBSnapshotIdentifier=name, AttributeName="restore",
                                                       ValuesToAdd=["111122223333", "all"])
    assert status_of(rds_snapshots_public_access, name, account) == "FAIL"


# secrets -----------------------------------------------------------------------------------------

def secret_of(account):
    arn = company.db_instance(account)["MasterUserSecret"]["SecretArn"]
    return account.client("secretsmanager").describe_secret(SecretId=arn)["Name"]


def test_secretsmanager_automatic_rotation_enabled_pass_rds_default(account, database):
    """RDS turns rotation on, every 7 days, when it creates the secret (labs.emulator_fidelity)."""
    [finding] = findings_for(secretsmanager_automatic_rotation_enabled, secret_of(account), account)
    assert finding.status == "PASS" and "every 7 days" in finding.message["en"]


def test_secretsmanager_automatic_rotation_enabled_pass_schedule_expression(account, database):
    account.client("secretsmanager").rotate_secret(SecretId=secret_of(account),
                                                   RotationRules={"ScheduleExpression": "rate(3 days)"})
    [finding] = findings_for(secretsmanager_automatic_rotation_enabled, secret_of(account), account)
    assert finding.status == "PASS" and "rate(3 days)" in finding.message["en"]


def test_secretsmanager_automatic_rotation_enabled_fail_turned_off(account, database):
    account.client("secretsmanager").cancel_rotate_secret(SecretId=secret_of(account))
    assert status_of(secretsmanager_automatic_rotation_enabled, secret_of(account), account) == "FAIL"


def test_secretsmanager_automatic_rotation_enabled_fail_own_secret(account):
    account.client("secretsmanager").create_secret(Name="community-app/api-key", SecretString=json.dumps({"key": "x"}))
    assert status_of(secretsmanager_automatic_rotation_enabled, "community-app/api-key", account) == "FAIL"


# what moto is corrected to do (labs.emulator_fidelity) --------------------------------------------

def test_a_managed_secret_holds_the_master_user_and_a_generated_password(account, database):
    value = json.loads(account.client("secretsmanager").get_secret_value(SecretId=secret_of(account))["SecretString"])
    assert value["username"] == company.DB_MASTER_USER and len(value["password"]) == 41


def test_rotating_a_managed_secret_changes_the_password_and_keeps_it_readable(account, database):
    manager = account.client("secretsmanager")
    before = json.loads(manager.get_secret_value(SecretId=secret_of(account))["SecretString"])
    account.client("rds").modify_db_instance(DBInstanceIdentifier=DB, RotateMasterUserPassword=True,
                                             ApplyImmediately=True)
    after = json.loads(manager.get_secret_value(SecretId=secret_of(account))["SecretString"])
    previous = json.loads(manager.get_secret_value(SecretId=secret_of(account), VersionStage="AWSPREVIOUS")[
        "SecretString"])
    assert after["password"] != before["password"] and previous == before and after["username"] == before["username"]


def test_an_instance_cannot_move_to_another_subnet_group_of_its_vpc(account, database):
    from botocore.exceptions import ClientError

    company.create_db_subnet_group(account, "db-public", public=True)
    with pytest.raises(ClientError) as refused:
        modify(account, DBSubnetGroupName="db-public")
    assert refused.value.response["Error"]["Code"] == "InvalidVPCNetworkStateFault"


def test_a_restore_applies_false_settings(account, database):
    rds = account.client("rds")
    modify(account, PubliclyAccessible=True)
    rds.create_db_snapshot(DBInstanceIdentifier=DB, DBSnapshotIdentifier="s")
    restored = rds.restore_db_instance_from_db_snapshot(
        DBInstanceIdentifier="restored", DBSnapshotIdentifier="s", PubliclyAccessible=False)["DBInstance"]
    assert restored["PubliclyAccessible"] is False and restored["DeletionProtection"] is False


def test_the_aws_managed_rds_key_is_aws_managed(account):
    metadata = account.client("kms").describe_key(KeyId="alias/aws/rds")["KeyMetadata"]
    assert metadata["KeyManager"] == "AWS"
