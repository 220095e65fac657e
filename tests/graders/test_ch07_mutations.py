"""Chapter 07's mutation table (see conftest.py): fixes a learner may write for each exercise, made in
a freshly started chapter, with the verdict each must get."""

import json

import boto3
import pandas as pd
import pytest

from labs import company
from tests.graders.conftest import Case, assert_verdict, ids

DB = company.DB_INSTANCE
NEW = "community-app-db-encrypted"
KEY = company.DB_KEY_ALIAS
ALL_LOGS = ["audit", "error", "general", "slowquery"]


def rds():
    return boto3.client("rds")


def ssm():
    return boto3.client("ssm")


def secrets():
    return boto3.client("secretsmanager")


def db_group(lab):
    return company.security_group_id(lab, company.DB_SECURITY_GROUP)


def app_group(lab):
    return company.security_group_id(lab, company.APP_SECURITY_GROUP)


def instance(identifier=DB):
    return rds().describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0]


def secret_of(identifier=DB):
    return instance(identifier)["MasterUserSecret"]["SecretArn"]


def config(host=None, secret=None):
    if host:
        ssm().put_parameter(Name=company.APP_CONFIG_HOST, Value=host, Type="String", Overwrite=True)
    if secret:
        ssm().put_parameter(Name=company.APP_CONFIG_SECRET, Value=secret, Type="String", Overwrite=True)


def switch_to(identifier):
    new = instance(identifier)
    config(new["Endpoint"]["Address"], (new.get("MasterUserSecret") or {}).get("SecretArn"))


def reads_the_secret():
    secret_id = ssm().get_parameter(Name=company.APP_CONFIG_SECRET)["Parameter"]["Value"]
    return json.loads(secrets().get_secret_value(SecretId=secret_id)["SecretString"])


def open_rule(cidr="0.0.0.0/0"):
    return {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": [{"CidrIp": cidr}]}


# 7.1 ------------------------------------------------------------------------------------------------------

def function_reading_config(lab):
    config(secret=secret_of())
    return reads_the_secret


def function_from_rds(lab):
    config(secret=secret_of())

    def database_credentials():
        host = ssm().get_parameter(Name=company.APP_CONFIG_HOST)["Parameter"]["Value"]
        found = [i for i in rds().describe_db_instances()["DBInstances"] if i["Endpoint"]["Address"] == host]
        return json.loads(secrets().get_secret_value(SecretId=found[0]["MasterUserSecret"]["SecretArn"])["SecretString"])
    return database_credentials


def function_reading_the_copy(lab):
    config(secret=secret_of())

    def database_credentials():
        password = ssm().get_parameter(Name=company.APP_CONFIG_PASSWORD)["Parameter"]["Value"]
        return {"username": "admin", "password": password}
    return database_credentials


def function_read_once(lab):
    config(secret=secret_of())
    value = reads_the_secret()
    return lambda: value


def function_without_config(lab):
    arn = secret_of()
    return lambda: json.loads(secrets().get_secret_value(SecretId=arn)["SecretString"])


def the_value_not_the_function(lab):
    config(secret=secret_of())
    return reads_the_secret()


def function_that_raises(lab):
    config(secret=secret_of())
    return lambda: ssm().get_parameter(Name="/community-app/db/secrets")


CASES_7_1 = [
    Case("7.1", "the worked answer", function_reading_config, True, "new one after a rotation", answers=True),
    Case("7.1", "the secret found through RDS at run time", function_from_rds, True, answers=True),
    Case("7.1", "reads the copied password", function_reading_the_copy, False, "still returns the old password",
         answers=True),
    Case("7.1", "reads the secret once, outside the function", function_read_once, False, "still returns the old",
         answers=True),
    Case("7.1", "the configuration does not name the secret", function_without_config, False,
         "/community-app/db/secret does not exist", answers=True),
    Case("7.1", "the value instead of the function", the_value_not_the_function, False, "Pass the function itself",
         answers=True),
    Case("7.1", "a function that raises", function_that_raises, False, "raised ParameterNotFound", answers=True),
]


# 7.2 ------------------------------------------------------------------------------------------------------

def rotation(rules=None, immediately=True, delete_copy=True, name_secret=True, copy_as=None):
    def apply(lab):
        arn = secret_of()
        if name_secret:
            config(secret=arn)
        password = ssm().get_parameter(Name=company.APP_CONFIG_PASSWORD)["Parameter"]["Value"]
        secrets().rotate_secret(SecretId=arn, RotationRules=rules or {"AutomaticallyAfterDays": 7},
                                RotateImmediately=immediately)
        if delete_copy:
            ssm().delete_parameter(Name=company.APP_CONFIG_PASSWORD)
        if copy_as:
            name, kind = copy_as
            ssm().put_parameter(Name=name, Value=password, Type=kind, Overwrite=True)
    return apply


def self_managed_again(lab):
    rds().modify_db_instance(DBInstanceIdentifier=DB, ManageMasterUserPassword=False,
                             MasterUserPassword="A-new-one-typed-by-hand-1", ApplyImmediately=True)
    ssm().put_parameter(Name=company.APP_CONFIG_PASSWORD, Value="A-new-one-typed-by-hand-1", Type="SecureString",
                        Overwrite=True)


CASES_7_2 = [
    Case("7.2", "the worked answer", rotation(), True, "rotates every 7 days"),
    Case("7.2", "a schedule expression, no rotation now", rotation({"ScheduleExpression": "rate(7 days)"}, False),
         True),
    Case("7.2", "every 3 days", rotation({"AutomaticallyAfterDays": 3}), True),
    Case("7.2", "every 30 days", rotation({"AutomaticallyAfterDays": 30}), False, "every 30 days"),
    Case("7.2", "the copy kept", rotation(delete_copy=False), False, "still holds the password"),
    Case("7.2", "the copy kept as a SecureString", rotation(copy_as=(company.APP_CONFIG_PASSWORD, "SecureString")),
         False, "SecureString"),
    Case("7.2", "the copy under another name", rotation(immediately=False, copy_as=("/community-app/db/pw", "String")),
         False, "/community-app/db/pw"),
    Case("7.2", "self-managed again, typed into a SecureString", self_managed_again, False, "self-managed again"),
]


# 7.3 ------------------------------------------------------------------------------------------------------

def migrate(key=KEY, target=NEW, managed=True, switch=True, delete_old=True, delete_plain=True, old_first=False,
            new_key=False, public=False):
    def apply(lab):
        client = rds()
        group = db_group(lab)
        client.create_db_snapshot(DBInstanceIdentifier=DB, DBSnapshotIdentifier="plain")
        kms_key = key
        if new_key:
            kms = boto3.client("kms")
            kms_key = kms.create_key(Description="my own key for the database")["KeyMetadata"]["Arn"]
            kms.enable_key_rotation(KeyId=kms_key)
        client.copy_db_snapshot(SourceDBSnapshotIdentifier="plain", TargetDBSnapshotIdentifier="encrypted",
                                KmsKeyId=kms_key)
        if old_first:
            client.delete_db_instance(DBInstanceIdentifier=DB, SkipFinalSnapshot=True)
        client.restore_db_instance_from_db_snapshot(
            DBInstanceIdentifier=target, DBSnapshotIdentifier="encrypted", VpcSecurityGroupIds=[group],
            DBSubnetGroupName="community-app-db-public" if public else company.DB_SUBNET_GROUP,
            PubliclyAccessible=public)
        if managed:
            client.modify_db_instance(DBInstanceIdentifier=target, ManageMasterUserPassword=True, ApplyImmediately=True)
        if switch:
            switch_to(target)
        if delete_old and not old_first:
            client.delete_db_instance(DBInstanceIdentifier=DB, SkipFinalSnapshot=True)
        if delete_plain:
            client.delete_db_snapshot(DBSnapshotIdentifier="plain")
    return apply


def host_only(lab):
    migrate(switch=False)(lab)
    config(host=instance(NEW)["Endpoint"]["Address"])


CASES_7_3 = [
    Case("7.3", "the worked answer", migrate(), True, "customer managed key alias/community-app-db"),
    Case("7.3", "the old one deleted first, restored under its name", migrate(target=DB, old_first=True), True),
    Case("7.3", "a customer managed key of one's own", migrate(new_key=True), True),
    Case("7.3", "copied with aws/rds", migrate(key="alias/aws/rds"), False, "AWS managed key aws/rds"),
    Case("7.3", "the old instance kept", migrate(delete_old=False), False, "unencrypted instance community-app-db"),
    Case("7.3", "the app not switched", migrate(switch=False, delete_old=False), False, "still points at"),
    Case("7.3", "the unencrypted snapshot kept", migrate(delete_plain=False), False, "unencrypted snapshot plain"),
    Case("7.3", "restored without a managed password", migrate(managed=False), False, "self-managed again"),
    Case("7.3", "the endpoint switched, the secret not", host_only, False, "/community-app/db/secret"),
]


# 7.4 ------------------------------------------------------------------------------------------------------

def private(*steps):
    def apply(lab):
        migrate()(lab)
        for step in steps:
            step(lab)
    return apply


def revoke(cidr="0.0.0.0/0"):
    def apply(lab):
        boto3.client("ec2").revoke_security_group_ingress(GroupId=db_group(lab), IpPermissions=[open_rule(cidr)])
    return apply


def authorize(cidr):
    def apply(lab):
        boto3.client("ec2").authorize_security_group_ingress(GroupId=db_group(lab), IpPermissions=[open_rule(cidr)])
    return apply


def revoke_the_app_servers(lab):
    ec2 = boto3.client("ec2")
    rules = ec2.describe_security_groups(GroupIds=[db_group(lab)])["SecurityGroups"][0]["IpPermissions"]
    ec2.revoke_security_group_ingress(GroupId=db_group(lab), IpPermissions=[
        {k: v for k, v in p.items() if k in ("IpProtocol", "FromPort", "ToPort", "UserIdGroupPairs")}
        for p in rules if p.get("UserIdGroupPairs")])


def a_group_of_its_own(lab):
    ec2 = boto3.client("ec2")
    group = ec2.create_security_group(GroupName="community-app-db-only-app", Description="MariaDB from the app",
                                      VpcId=company.vpc_id(lab))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": app_group(lab)}]}])
    rds().modify_db_instance(DBInstanceIdentifier=NEW, VpcSecurityGroupIds=[group], ApplyImmediately=True)


def in_place_only(lab):
    rds().modify_db_instance(DBInstanceIdentifier=DB, PubliclyAccessible=False, ApplyImmediately=True)
    revoke()(lab)


def restored_into_public_subnets(lab):
    rds().create_db_snapshot(DBInstanceIdentifier=DB, DBSnapshotIdentifier="to-move")
    rds().restore_db_instance_from_db_snapshot(
        DBInstanceIdentifier=NEW, DBSnapshotIdentifier="to-move", DBSubnetGroupName="community-app-db-public",
        PubliclyAccessible=False, VpcSecurityGroupIds=[db_group(lab)])
    rds().modify_db_instance(DBInstanceIdentifier=NEW, ManageMasterUserPassword=True, ApplyImmediately=True)
    switch_to(NEW)
    rds().delete_db_instance(DBInstanceIdentifier=DB, SkipFinalSnapshot=True)
    revoke()(lab)


CASES_7_4 = [
    Case("7.4", "the worked answer", private(revoke()), True, "admits the app servers' group only"),
    Case("7.4", "a new security group with the app servers only", private(a_group_of_its_own), True),
    Case("7.4", "two halves of the internet instead", private(revoke(), authorize("0.0.0.0/1"), authorize("128.0.0.0/1")),
         False, "128.0.0.0/1"),
    Case("7.4", "the VPC's range instead", private(revoke(), authorize("10.0.0.0/16")), False, "also admits 10.0.0.0/16"),
    Case("7.4", "the app servers revoked too", private(revoke(), revoke_the_app_servers), False,
         "can no longer reach"),
    Case("7.4", "in place: flag off, port closed, subnets public", in_place_only, False, "public subnets"),
    Case("7.4", "restored into the public subnets, flag off", restored_into_public_subnets, False, "public subnets"),
]


# 7.5 ------------------------------------------------------------------------------------------------------

SNAPSHOT = "community-app-db-before-go-live"


def restore_attribute(add=(), remove=()):
    def apply(lab):
        rds().modify_db_snapshot_attribute(DBSnapshotIdentifier=SNAPSHOT, AttributeName="restore",
                                           ValuesToAdd=list(add), ValuesToRemove=list(remove))
    return apply


def private_copy(lab):
    rds().copy_db_snapshot(SourceDBSnapshotIdentifier=SNAPSHOT, TargetDBSnapshotIdentifier="before-go-live-encrypted",
                           KmsKeyId=KEY)


CASES_7_5 = [
    Case("7.5", "the worked answer", restore_attribute(remove=["all"]), True, "No snapshot of the account is public"),
    Case("7.5", "the snapshot deleted", lambda lab: rds().delete_db_snapshot(DBSnapshotIdentifier=SNAPSHOT), True),
    Case("7.5", "shared with one account instead", restore_attribute(add=["111122223333"], remove=["all"]), True),
    Case("7.5", "one account added, all kept", restore_attribute(add=["111122223333"]), False, "still public"),
    Case("7.5", "an encrypted private copy, the original left", private_copy, False, SNAPSHOT),
]


# 7.6 ------------------------------------------------------------------------------------------------------

def audit(settings=(("SERVER_AUDIT_EVENTS", "CONNECT,QUERY"),), plugin=True, logs=tuple(ALL_LOGS)):
    def apply(lab):
        client = rds()
        changes = {}
        if plugin:
            client.create_option_group(OptionGroupName="audit", EngineName="mariadb", MajorEngineVersion="10.6",
                                       OptionGroupDescription="audit")
            option = {"OptionName": "MARIADB_AUDIT_PLUGIN"}
            if settings:
                option["OptionSettings"] = [{"Name": name, "Value": value} for name, value in settings]
            client.modify_option_group(OptionGroupName="audit", OptionsToInclude=[option], ApplyImmediately=True)
            changes["OptionGroupName"] = "audit"
        if logs:
            changes["CloudwatchLogsExportConfiguration"] = {"EnableLogTypes": list(logs)}
        client.modify_db_instance(DBInstanceIdentifier=DB, ApplyImmediately=True, **changes)
    return apply


CASES_7_6 = [
    Case("7.6", "the worked answer", audit(), True, "runs the audit plugin"),
    Case("7.6", "DDL and DCL instead of every query", audit((("SERVER_AUDIT_EVENTS", "CONNECT,QUERY_DDL,QUERY_DCL"),)),
         True),
    Case("7.6", "the plugin's default events", audit(()), True),
    Case("7.6", "exports without the plugin", audit(plugin=False), False, "has no MARIADB_AUDIT_PLUGIN"),
    Case("7.6", "the plugin, the audit log only", audit(logs=("audit",)), False, "error, general, slowquery"),
    Case("7.6", "data changes only", audit((("SERVER_AUDIT_EVENTS", "CONNECT,QUERY_DML"),)), False,
         "DROP and CREATE USER"),
    Case("7.6", "the master user left out", audit((("SERVER_AUDIT_EVENTS", "CONNECT,QUERY"),
                                                   ("SERVER_AUDIT_EXCL_USERS", "admin"))), False,
         "leaves out the master user"),
]


# 7.7 ------------------------------------------------------------------------------------------------------

def answer(**given):
    return lambda lab: given


CASES_7_7 = [
    Case("7.7", "the worked answer, a Timestamp", answer(user="root", host="192.168.10.35",
                                                         time=pd.Timestamp("2025-11-18 23:41:07")),
         True, "root from 192.168.10.35", answers=True),
    Case("7.7", "the time as the log writes it", answer(user="root", host="192.168.10.35", time="20251118 23:41:07"),
         True, answers=True),
    Case("7.7", "other key names, an ISO time", answer(username="root", address="192.168.10.35",
                                                       when="2025-11-18T23:41:07"), True, answers=True),
    Case("7.7", "a Series", lambda lab: pd.Series({"user": "root", "host": "192.168.10.35",
                                                   "time": "20251118 23:41:07"}), True, answers=True),
    Case("7.7", "the comment that mentions DROP DATABASE", answer(user="app", host="192.168.10.21",
                                                                  time="20251118 21:14:09"),
         False, "may appear inside it", answers=True),
    Case("7.7", "the attempt that failed", answer(user="root", host="192.168.10.35", time="20251118 23:40:12"),
         False, "retcode 1008", answers=True),
    Case("7.7", "the DROP TABLE before it", answer(user="root", host="192.168.10.35", time="20251118 23:40:48"),
         False, "DROP TABLE posts_copy", answers=True),
    Case("7.7", "the scanner's address", answer(user="root", host="198.51.100.77", time="20251118 23:41:07"),
         False, "address is not", answers=True),
    Case("7.7", "a list, not a dict", lambda lab: ["root", "192.168.10.35", "20251118 23:41:07"], False,
         "Pass a dict", answers=True),
]


# 7.8 ------------------------------------------------------------------------------------------------------

def modify(**settings):
    return lambda lab: rds().modify_db_instance(DBInstanceIdentifier=DB, ApplyImmediately=True, **settings)


CASES_7_8 = [
    Case("7.8", "the worked answer", modify(BackupRetentionPeriod=7, DeletionProtection=True), True,
         "keeps automated backups for 7 days"),
    Case("7.8", "two weeks of backups", modify(BackupRetentionPeriod=14, DeletionProtection=True), True),
    Case("7.8", "one day of backups", modify(BackupRetentionPeriod=1, DeletionProtection=True), False, "1 days only"),
    Case("7.8", "deletion protection only", modify(DeletionProtection=True), False, "no automated backups"),
    Case("7.8", "backups only", modify(BackupRetentionPeriod=7), False, "deletion protection is off"),
]


# 7.9 ------------------------------------------------------------------------------------------------------

def rebuilt(name="community_dba", encrypted=True, switch=True, delete_old=True, rename=False):
    def apply(lab):
        client = rds()
        revoke()(lab)
        client.create_option_group(OptionGroupName=company.DB_OPTION_GROUP, EngineName="mariadb",
                                   MajorEngineVersion="10.6", OptionGroupDescription="audit")
        client.modify_option_group(OptionGroupName=company.DB_OPTION_GROUP, ApplyImmediately=True,
                                   OptionsToInclude=[{"OptionName": "MARIADB_AUDIT_PLUGIN"}])
        key = {"StorageEncrypted": True, "KmsKeyId": KEY} if encrypted else {}
        client.create_db_instance(
            DBInstanceIdentifier="community-app-db-v2", Engine="mariadb", EngineVersion="10.6.14",
            DBInstanceClass="db.t3.micro", AllocatedStorage=20, MasterUsername=name, ManageMasterUserPassword=True,
            DBSubnetGroupName=company.DB_SUBNET_GROUP, PubliclyAccessible=False, VpcSecurityGroupIds=[db_group(lab)],
            OptionGroupName=company.DB_OPTION_GROUP, EnableCloudwatchLogsExports=ALL_LOGS, BackupRetentionPeriod=7,
            DeletionProtection=True, **key)
        final = "community-app-db-v2"
        if delete_old:
            client.delete_db_instance(DBInstanceIdentifier=DB, SkipFinalSnapshot=True)
        if rename:
            client.modify_db_instance(DBInstanceIdentifier="community-app-db-v2", NewDBInstanceIdentifier=DB,
                                      ApplyImmediately=True)
            final = DB
        if switch:
            switch_to(final)
    return apply


CASES_7_9 = [
    Case("7.9", "the worked answer", rebuilt(), True, "has a master user name of its own"),
    Case("7.9", "renamed to the old identifier", rebuilt(rename=True), True),
    Case("7.9", "admin again", rebuilt(name="admin"), False, "default master user name 'admin'"),
    Case("7.9", "Root, capitalised", rebuilt(name="Root"), False, "'Root'"),
    Case("7.9", "the app not switched", rebuilt(switch=False, delete_old=False), False, "still points at"),
    Case("7.9", "the old instance kept", rebuilt(delete_old=False), False, "still exists"),
    Case("7.9", "the new one unencrypted", rebuilt(encrypted=False), False, "unencrypted"),
]

CASES = CASES_7_1 + CASES_7_2 + CASES_7_3 + CASES_7_4 + CASES_7_5 + CASES_7_6 + CASES_7_7 + CASES_7_8 + CASES_7_9


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_chapter_07(fresh, case):
    lab = fresh("07-rds")
    assert_verdict(lab, case)
