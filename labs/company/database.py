"""The database (chapter 07, the talk's architecture v0.4).

The on-premises MariaDB moves to RDS: one MariaDB instance in the private subnets, reachable on
3306 from the app servers' security group only, storage encrypted with the company's own KMS key,
the master password managed by RDS in Secrets Manager, the audit plugin on and every log exported
to CloudWatch Logs, seven days of backups, deletion protection. The app finds it through its
configuration in Parameter Store (APP_CONFIG_*): the endpoint, and the secret to read the
password from at run time. (moto knows the audit plugin's options for MariaDB 10.6 at most, so
the lab runs 10.6; on AWS choose a current version, 10.11 or 11.4: the option is the same.)"""

from __future__ import annotations

from botocore.exceptions import ClientError

from labs.company.ids import remembered
from labs.inventory import absent_on
from labs.company.kms import ensure_key
from labs.company.naming import key_alias, name, parameter_path
from labs.company.network import (APP_SECURITY_GROUP, create_network, ensure_security_group, from_group, security_group_id,
                                  subnet_ids)

DB_INSTANCE = name("db")
DB_SUBNET_GROUP = name("db-private")
DB_SECURITY_GROUP = name("db")
DB_OPTION_GROUP = name("mariadb-audit")
DB_KEY_ALIAS = key_alias("db")
DB_ENGINE = "mariadb"
DB_ENGINE_VERSION = "10.6.14"
DB_MAJOR_VERSION = "10.6"
DB_PORT = 3306
DB_CLASS = "db.t3.micro"
DB_NAME = "community"
DB_MASTER_USER = "community_dba"
DB_BACKUP_DAYS = 7
DB_LOG_EXPORTS = ("audit", "error", "general", "slowquery")
DB_DEFAULT_OPTION_GROUP = "default:mariadb-10-6"
"""The option group RDS gives an instance nobody chose one for: no options at all."""
AUDIT_PLUGIN = "MARIADB_AUDIT_PLUGIN"
AUDIT_EVENTS = "CONNECT,QUERY"
"""SERVER_AUDIT_EVENTS as RDS sets it by default: connections and every query (the talk's log)."""
APP_CONFIG_PREFIX = parameter_path("db")
"""The app's database settings in Parameter Store (not APP_CONFIG_PATH, the config file on the app server)."""
APP_CONFIG_HOST = APP_CONFIG_PREFIX + "host"
APP_CONFIG_SECRET = APP_CONFIG_PREFIX + "secret"
APP_CONFIG_PASSWORD = APP_CONFIG_PREFIX + "password"
"""Where a colleague typed the master password into the app's configuration (chapter 07's mistake)."""


def create_db_subnet_group(aws, group: str = DB_SUBNET_GROUP, public: bool = False) -> str:
    """A DB subnet group of the VPC's private subnets (both Availability Zones), or of its public
    ones when `public`. Idempotent."""
    rds = aws.client("rds")
    found = absent_on(("DBSubnetGroupNotFoundFault", "DBSubnetGroupNotFound"), rds.describe_db_subnet_groups,
                      DBSubnetGroupName=group)
    if found is None:
        create_network(aws)
        rds.create_db_subnet_group(
            DBSubnetGroupName=group, SubnetIds=subnet_ids(aws, public=public),
            DBSubnetGroupDescription=f"The community app's database: {'public' if public else 'private'} subnets")
    return group


def create_db_security_group(aws) -> str:
    """The database's security group: MariaDB (TCP 3306) from the app servers' group only. Idempotent."""
    create_network(aws)
    return ensure_security_group(aws, DB_SECURITY_GROUP, "The app's database: MariaDB from the app servers only",
                                 [from_group(DB_PORT, security_group_id(aws, APP_SECURITY_GROUP), "app servers")])


def create_db_key(aws) -> str:
    """The customer managed key the database's storage and snapshots are encrypted with, rotating
    yearly (chapter 03's rule for every customer managed key). Idempotent."""
    return ensure_key(aws, DB_KEY_ALIAS, "The community app's database (RDS storage and snapshots)")


def create_db_option_group(aws) -> str:
    """An option group for MariaDB with the audit plugin (the talk's "Audit log 활성화"). Idempotent."""
    rds = aws.client("rds")
    found = absent_on(("OptionGroupNotFoundFault", "OptionGroupNotFound"), rds.describe_option_groups,
                      OptionGroupName=DB_OPTION_GROUP)
    if found is None:
        rds.create_option_group(OptionGroupName=DB_OPTION_GROUP, EngineName=DB_ENGINE,
                                MajorEngineVersion=DB_MAJOR_VERSION,
                                OptionGroupDescription="MariaDB with the audit plugin")
        rds.modify_option_group(OptionGroupName=DB_OPTION_GROUP, ApplyImmediately=True, OptionsToInclude=[{
            "OptionName": AUDIT_PLUGIN, "OptionSettings": [{"Name": "SERVER_AUDIT_EVENTS", "Value": AUDIT_EVENTS}]}])
    return DB_OPTION_GROUP


def db_instance(aws, identifier: str = DB_INSTANCE) -> dict | None:
    """The DB instance as DescribeDBInstances returns it, or None."""
    rds = aws.client("rds")
    found = absent_on(("DBInstanceNotFound", "DBInstanceNotFoundFault"), rds.describe_db_instances,
                      DBInstanceIdentifier=identifier)
    return found["DBInstances"][0] if found else None


def database_settings(aws) -> dict:
    """CreateDBInstance's parameters for the company's database, done right."""
    return {
        "DBInstanceIdentifier": DB_INSTANCE, "Engine": DB_ENGINE, "EngineVersion": DB_ENGINE_VERSION,
        "DBInstanceClass": DB_CLASS, "AllocatedStorage": 20, "StorageType": "gp3", "DBName": DB_NAME,
        "MasterUsername": DB_MASTER_USER, "ManageMasterUserPassword": True,
        "StorageEncrypted": True, "KmsKeyId": create_db_key(aws),
        "DBSubnetGroupName": create_db_subnet_group(aws), "PubliclyAccessible": False,
        "VpcSecurityGroupIds": [create_db_security_group(aws)], "Port": DB_PORT,
        "OptionGroupName": create_db_option_group(aws), "EnableCloudwatchLogsExports": list(DB_LOG_EXPORTS),
        "BackupRetentionPeriod": DB_BACKUP_DAYS, "DeletionProtection": True, "CopyTagsToSnapshot": True,
        "AutoMinorVersionUpgrade": True, "Tags": [{"Key": "Name", "Value": DB_INSTANCE}],
    }


def write_app_config(aws, instance: dict, password: str | None = None) -> None:
    """Point the app's configuration at an instance: its endpoint, and its managed secret (or, when
    `password` is given, that password typed in as plain text, as the colleague did)."""
    ssm = aws.client("ssm")
    ssm.put_parameter(Name=APP_CONFIG_HOST, Value=instance["Endpoint"]["Address"], Type="String", Overwrite=True)
    secret = (instance.get("MasterUserSecret") or {}).get("SecretArn")
    if secret:
        ssm.put_parameter(Name=APP_CONFIG_SECRET, Value=secret, Type="String", Overwrite=True)
    if password is not None:
        ssm.put_parameter(Name=APP_CONFIG_PASSWORD, Value=password, Type="String", Overwrite=True)


DB_PUBLIC_SUBNET_GROUP = name("db-public")
AS_THE_COLLEAGUE_CREATED_IT = {"MasterUsername": "admin", "StorageEncrypted": False,
                               "DBSubnetGroupName": DB_PUBLIC_SUBNET_GROUP, "PubliclyAccessible": True}
"""The choices made once, when the database was created, that RDS never lets change in place (chapter
07's scenarios rds_db_master_user_admin, rds_db_storage_not_encrypted and rds_db_instance_public are
about them; their fixes make a new instance)."""


def create_database(aws, as_the_colleague_did: bool = True) -> str:
    """The company's MariaDB on RDS and the app's configuration pointing at it. Every setting that can
    change later is right (the scenarios break them); the creation-time choices are the colleague's
    (AS_THE_COLLEAGUE_CREATED_IT), unless `as_the_colleague_did` is False. Idempotent (the lab remembers
    that it exists: scenarios that replace it keep its identifier)."""

    def look_up():
        if db_instance(aws) is None:
            settings = database_settings(aws)
            if as_the_colleague_did:
                create_db_subnet_group(aws, DB_PUBLIC_SUBNET_GROUP, public=True)
                settings.update(AS_THE_COLLEAGUE_CREATED_IT)
                settings.pop("KmsKeyId")
            instance = aws.client("rds").create_db_instance(**settings)["DBInstance"]
            write_app_config(aws, instance)
        return DB_INSTANCE

    return remembered(aws, "database", look_up)


def app_database(aws) -> str:
    """The id of the instance the app's configuration points at (DB_INSTANCE when it names none)."""
    try:
        host = aws.client("ssm").get_parameter(Name=APP_CONFIG_HOST)["Parameter"]["Value"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "ParameterNotFound":
            raise
        return DB_INSTANCE
    for page in aws.client("rds").get_paginator("describe_db_instances").paginate():
        for instance in page["DBInstances"]:
            if (instance.get("Endpoint") or {}).get("Address") == host:
                return instance["DBInstanceIdentifier"]
    return DB_INSTANCE


def _settings_of(instance: dict) -> dict:
    """CreateDBInstance's parameters that give a new instance the same settings as this one."""
    settings = {
        "DBInstanceIdentifier": instance["DBInstanceIdentifier"], "Engine": instance["Engine"],
        "EngineVersion": instance["EngineVersion"], "DBInstanceClass": instance["DBInstanceClass"],
        "AllocatedStorage": instance["AllocatedStorage"], "MasterUsername": instance["MasterUsername"],
        "DBSubnetGroupName": instance["DBSubnetGroup"]["DBSubnetGroupName"],
        "PubliclyAccessible": bool(instance.get("PubliclyAccessible")),
        "VpcSecurityGroupIds": [g["VpcSecurityGroupId"] for g in instance.get("VpcSecurityGroups", [])],
        "BackupRetentionPeriod": instance.get("BackupRetentionPeriod", 0),
        "DeletionProtection": bool(instance.get("DeletionProtection")),
        "EnableCloudwatchLogsExports": list(instance.get("EnabledCloudwatchLogsExports") or []),
        "StorageEncrypted": bool(instance.get("StorageEncrypted")),
        "Port": (instance.get("Endpoint") or {}).get("Port", DB_PORT),
    }
    groups = [m["OptionGroupName"] for m in instance.get("OptionGroupMemberships", [])
              if not m["OptionGroupName"].startswith("default:")]
    if groups:
        settings["OptionGroupName"] = groups[0]
    if instance.get("StorageEncrypted") and instance.get("KmsKeyId"):
        settings["KmsKeyId"] = instance["KmsKeyId"]
    if instance.get("MasterUserSecret"):
        settings["ManageMasterUserPassword"] = True
    else:
        settings["MasterUserPassword"] = "Typed-by-hand-2025"
    return settings


def replace_database(aws, **changes) -> dict:
    """Delete the company's database and create it again with the same identifier and settings but
    `changes` (what a creation-time setting, such as the master user's name, takes), keeping the app's
    configuration pointed at it. For scenarios: on AWS the data would be copied over (mysqldump)."""
    create_database(aws)
    rds = aws.client("rds")
    current = db_instance(aws)
    settings = {**_settings_of(current), **changes}
    if not settings.get("StorageEncrypted"):
        settings.pop("KmsKeyId", None)
    if settings.get("ManageMasterUserPassword"):
        settings.pop("MasterUserPassword", None)
    if current.get("DeletionProtection"):
        rds.modify_db_instance(DBInstanceIdentifier=DB_INSTANCE, DeletionProtection=False, ApplyImmediately=True)
    rds.delete_db_instance(DBInstanceIdentifier=DB_INSTANCE, SkipFinalSnapshot=True)
    instance = rds.create_db_instance(**settings)["DBInstance"]
    write_app_config(aws, instance)
    return instance


def snapshot_database(aws, snapshot_id: str, encrypt_with: str | None = None) -> str:
    """A manual snapshot of the company's database; with `encrypt_with` (a KMS key), an encrypted copy
    of it, the unencrypted one deleted. Returns the id of the snapshot to restore."""
    rds = aws.client("rds")
    rds.create_db_snapshot(DBInstanceIdentifier=DB_INSTANCE, DBSnapshotIdentifier=snapshot_id)
    if encrypt_with is None:
        return snapshot_id
    rds.copy_db_snapshot(SourceDBSnapshotIdentifier=snapshot_id, TargetDBSnapshotIdentifier=f"{snapshot_id}-encrypted",
                         KmsKeyId=encrypt_with)
    rds.delete_db_snapshot(DBSnapshotIdentifier=snapshot_id)
    return f"{snapshot_id}-encrypted"


def restore_database(aws, snapshot_id: str, **overrides) -> dict:
    """Replace the company's database by a restore of `snapshot_id` under the same identifier, with
    the old instance's settings (network, option group, logs, backups, deletion protection, the
    password managed again when it was) but `overrides`; the snapshot is deleted afterwards and the
    app's configuration follows."""
    rds = aws.client("rds")
    current = db_instance(aws)
    settings = _settings_of(current)
    restore = {
        "DBInstanceIdentifier": DB_INSTANCE, "DBSnapshotIdentifier": snapshot_id,
        "DBSubnetGroupName": settings["DBSubnetGroupName"], "PubliclyAccessible": settings["PubliclyAccessible"],
        "VpcSecurityGroupIds": settings["VpcSecurityGroupIds"], "DeletionProtection": settings["DeletionProtection"],
    }
    if settings.get("OptionGroupName"):
        restore["OptionGroupName"] = settings["OptionGroupName"]
    if settings["EnableCloudwatchLogsExports"]:
        restore["EnableCloudwatchLogsExports"] = settings["EnableCloudwatchLogsExports"]
    if settings["BackupRetentionPeriod"]:
        restore["BackupRetentionPeriod"] = settings["BackupRetentionPeriod"]
    restore.update(overrides)
    if current.get("DeletionProtection"):
        rds.modify_db_instance(DBInstanceIdentifier=DB_INSTANCE, DeletionProtection=False, ApplyImmediately=True)
    rds.delete_db_instance(DBInstanceIdentifier=DB_INSTANCE, SkipFinalSnapshot=True)
    instance = rds.restore_db_instance_from_db_snapshot(**restore)["DBInstance"]
    if settings.get("ManageMasterUserPassword"):
        # A restore brings back the snapshot's password, self-managed: hand it to Secrets Manager again.
        instance = rds.modify_db_instance(DBInstanceIdentifier=DB_INSTANCE, ManageMasterUserPassword=True,
                                          ApplyImmediately=True)["DBInstance"]
    rds.delete_db_snapshot(DBSnapshotIdentifier=snapshot_id)
    write_app_config(aws, instance)
    return instance

__all__ = ["DB_INSTANCE", "DB_SUBNET_GROUP", "DB_SECURITY_GROUP", "DB_OPTION_GROUP", "DB_KEY_ALIAS", "DB_ENGINE",
           "DB_ENGINE_VERSION", "DB_MAJOR_VERSION", "DB_PORT", "DB_CLASS", "DB_NAME", "DB_MASTER_USER", "DB_BACKUP_DAYS",
           "DB_LOG_EXPORTS", "DB_DEFAULT_OPTION_GROUP", "AUDIT_PLUGIN", "AUDIT_EVENTS", "APP_CONFIG_PREFIX",
           "APP_CONFIG_HOST", "APP_CONFIG_SECRET", "APP_CONFIG_PASSWORD", "create_db_subnet_group",
           "create_db_security_group", "create_db_key", "create_db_option_group", "db_instance", "database_settings",
           "write_app_config", "DB_PUBLIC_SUBNET_GROUP", "AS_THE_COLLEAGUE_CREATED_IT", "create_database", "app_database",
           "replace_database", "snapshot_database", "restore_database"]
