"""RDS as the checks see it: DB instances (network placement, encryption, backups, logs, the master
user and its secret), manual DB snapshots and who may restore them, option groups and DB subnet
groups. Only collected here; judged in labs/checks/rds_*.py.

An instance's subnets come with its DB subnet group; whether a subnet is public, and what its
security groups admit, is EC2's state (labs.inventory.ec2): a check that needs both declares it
reads "ec2" too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from botocore.exceptions import ClientError


@dataclass
class DbInstance:
    id: str
    arn: str
    engine: str
    engine_version: str
    status: str
    master_username: str
    publicly_accessible: bool
    storage_encrypted: bool
    kms_key_id: str | None
    backup_retention_days: int
    deletion_protection: bool
    log_exports: list = field(default_factory=list)
    """EnabledCloudwatchLogsExports: "audit", "error", "general", "slowquery", ..."""
    option_groups: list = field(default_factory=list)
    security_group_ids: list = field(default_factory=list)
    subnet_ids: list = field(default_factory=list)
    vpc_id: str | None = None
    availability_zone: str | None = None
    endpoint: str | None = None
    port: int | None = None
    master_user_secret_arn: str | None = None
    """The secret RDS manages the master password in (ManageMasterUserPassword), or None."""
    cluster_id: str | None = None


@dataclass
class DbSnapshot:
    id: str
    arn: str
    instance_id: str
    type: str
    """"manual" or "automated" (automated snapshots cannot be shared)."""
    encrypted: bool
    kms_key_id: str | None
    status: str
    restorable_by: list = field(default_factory=list)
    """The `restore` attribute: account ids that may copy or restore it, or "all" (public)."""

    @property
    def public(self) -> bool:
        return "all" in self.restorable_by


@dataclass
class OptionGroup:
    name: str
    engine: str
    options: dict = field(default_factory=dict)
    """Option name -> {setting name: value}."""


@dataclass
class DbSubnetGroup:
    name: str
    vpc_id: str
    subnet_ids: list = field(default_factory=list)


@dataclass
class RdsState:
    instances: list[DbInstance]
    snapshots: list[DbSnapshot]
    option_groups: list[OptionGroup]
    """The option groups the instances use."""
    subnet_groups: list[DbSubnetGroup]

    def instance(self, instance_id: str) -> DbInstance | None:
        return next((i for i in self.instances if instance_id in (i.id, i.arn)), None)

    def instance_at(self, address: str) -> DbInstance | None:
        """The instance whose endpoint is this host name (what an application is configured with)."""
        wanted = str(address or "").strip().lower().rstrip(".")
        return next((i for i in self.instances if i.endpoint and i.endpoint.lower() == wanted), None)

    def snapshot(self, snapshot_id: str) -> DbSnapshot | None:
        return next((s for s in self.snapshots if snapshot_id in (s.id, s.arn)), None)

    def option_group(self, name: str) -> OptionGroup | None:
        return next((g for g in self.option_groups if g.name == name), None)

    def subnet_group(self, name: str) -> DbSubnetGroup | None:
        return next((g for g in self.subnet_groups if g.name == name), None)


def _instance(entry: dict) -> DbInstance:
    endpoint = entry.get("Endpoint") or {}
    group = entry.get("DBSubnetGroup") or {}
    return DbInstance(
        id=entry["DBInstanceIdentifier"],
        arn=entry.get("DBInstanceArn", ""),
        engine=entry.get("Engine", ""),
        engine_version=entry.get("EngineVersion", ""),
        status=entry.get("DBInstanceStatus", ""),
        master_username=entry.get("MasterUsername", ""),
        publicly_accessible=bool(entry.get("PubliclyAccessible")),
        storage_encrypted=bool(entry.get("StorageEncrypted")),
        kms_key_id=entry.get("KmsKeyId") or None,
        backup_retention_days=int(entry.get("BackupRetentionPeriod") or 0),
        deletion_protection=bool(entry.get("DeletionProtection")),
        log_exports=list(entry.get("EnabledCloudwatchLogsExports") or []),
        option_groups=[m["OptionGroupName"] for m in entry.get("OptionGroupMemberships", [])],
        security_group_ids=[g["VpcSecurityGroupId"] for g in entry.get("VpcSecurityGroups", [])
                            if g.get("Status", "active") in ("active", "adding")],
        subnet_ids=[s["SubnetIdentifier"] for s in group.get("Subnets", [])],
        vpc_id=group.get("VpcId"),
        availability_zone=entry.get("AvailabilityZone"),
        endpoint=endpoint.get("Address"),
        port=endpoint.get("Port"),
        master_user_secret_arn=(entry.get("MasterUserSecret") or {}).get("SecretArn"),
        cluster_id=entry.get("DBClusterIdentifier"),
    )


def collect(aws) -> RdsState:
    rds = aws.client("rds")
    instances = [_instance(entry) for page in rds.get_paginator("describe_db_instances").paginate()
                 for entry in page["DBInstances"]]
    snapshots = []
    for page in rds.get_paginator("describe_db_snapshots").paginate():
        for entry in page["DBSnapshots"]:
            snapshot = DbSnapshot(
                id=entry["DBSnapshotIdentifier"], arn=entry.get("DBSnapshotArn", ""),
                instance_id=entry.get("DBInstanceIdentifier", ""), type=entry.get("SnapshotType", "manual"),
                encrypted=bool(entry.get("Encrypted")), kms_key_id=entry.get("KmsKeyId") or None,
                status=entry.get("Status", ""),
            )
            if snapshot.type == "manual":
                try:
                    attributes = rds.describe_db_snapshot_attributes(DBSnapshotIdentifier=snapshot.id)
                except ClientError as error:
                    if error.response["Error"]["Code"] not in ("DBSnapshotNotFound", "DBSnapshotNotFoundFault"):
                        raise
                    continue  # deleted between listing and reading
                for attribute in attributes["DBSnapshotAttributesResult"].get("DBSnapshotAttributes", []):
                    if attribute.get("AttributeName") == "restore":
                        snapshot.restorable_by = list(attribute.get("AttributeValues") or [])
            snapshots.append(snapshot)
    # The option groups the instances use, one by name (moto 5.2.5 fails a DescribeOptionGroups without one).
    option_groups = []
    for name in sorted({name for instance in instances for name in instance.option_groups}):
        try:
            listed = rds.describe_option_groups(OptionGroupName=name)["OptionGroupsList"]
        except ClientError as error:
            if error.response["Error"]["Code"] not in ("OptionGroupNotFoundFault", "OptionGroupNotFound"):
                raise
            continue
        option_groups += [OptionGroup(
            name=g["OptionGroupName"], engine=g.get("EngineName", ""),
            options={o["OptionName"]: {s["Name"]: s.get("Value") for s in o.get("OptionSettings", [])}
                     for o in g.get("Options", [])},
        ) for g in listed]
    subnet_groups = [DbSubnetGroup(
        name=g["DBSubnetGroupName"], vpc_id=g.get("VpcId", ""),
        subnet_ids=[s["SubnetIdentifier"] for s in g.get("Subnets", [])],
    ) for page in rds.get_paginator("describe_db_subnet_groups").paginate() for g in page["DBSubnetGroups"]]
    return RdsState(instances=instances, snapshots=snapshots, option_groups=option_groups, subnet_groups=subnet_groups)
