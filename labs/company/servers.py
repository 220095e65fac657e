"""The company's EC2 instances: the app server (chapter 05 on), the bastion host (chapter 06), their
image, user data and disk."""

from __future__ import annotations

from botocore.exceptions import ClientError

from labs.cloudtrail.recorder import unrecorded
from labs.company.ids import name_filter, name_tags, remember, remembered
from labs.company.naming import name
from labs.company.network import APP_SECURITY_GROUP, create_network, ensure_security_group, security_group_id, subnet_ids

APP_INSTANCE = name("web-1")
APP_IMAGE = "al2023-ami-2023-community-app"
BASTION_SECURITY_GROUP = name("bastion")
BASTION_INSTANCE = name("bastion")
OFFICE_CIDR = "203.0.113.10/32"
"""The office's one public address (203.0.113.0/24 is reserved for documentation)."""
APP_DISK_SNAPSHOT = f"{APP_INSTANCE} disk, before the move"
"""The description of the snapshot of the app server's disk (chapter 09's external access)."""
RUNNING = ("pending", "running", "stopped")


def instance_id(aws, instance: str = APP_INSTANCE) -> str | None:
    return remembered(aws, ("instance", instance), lambda: _instance_id(aws, instance))


def _instance_id(aws, instance: str) -> str | None:
    reservations = aws.client("ec2").describe_instances(
        Filters=name_filter(instance) + [{"Name": "instance-state-name", "Values": list(RUNNING)}]
    )["Reservations"]
    instances = [i for r in reservations for i in r["Instances"]]
    return instances[0]["InstanceId"] if instances else None


def app_image_id(aws) -> str:
    """The company's machine image, registered on first use (moto's ~2,600 sample AMIs are not loaded)."""
    ec2 = aws.client("ec2")
    images = ec2.describe_images(Owners=["self"], Filters=[{"Name": "name", "Values": [APP_IMAGE]}])["Images"]
    return images[0]["ImageId"] if images else ec2.register_image(
        Name=APP_IMAGE, Description="Amazon Linux 2023 with the community app (stands in for AWS's AMI)")["ImageId"]


def _launch(aws, instance: str, instance_type: str, subnet: str, group: str, metadata: dict) -> str:
    launched = aws.client("ec2").run_instances(
        ImageId=app_image_id(aws), InstanceType=instance_type, MinCount=1, MaxCount=1, SubnetId=subnet,
        SecurityGroupIds=[group], MetadataOptions=metadata, TagSpecifications=name_tags(instance, "instance"),
    )["Instances"][0]["InstanceId"]
    remember(aws, ("instance", instance), launched)
    return launched


def create_app_server(aws) -> str:
    """The app server: one instance in a private subnet, IMDSv2 required, reachable only through the
    load balancer."""
    existing = instance_id(aws)
    if existing:
        return existing
    create_network(aws)
    return _launch(aws, APP_INSTANCE, "t3.small", subnet_ids(aws, public=False)[0], security_group_id(aws, APP_SECURITY_GROUP),
                   {"HttpTokens": "required", "HttpEndpoint": "enabled", "HttpPutResponseHopLimit": 1})


def create_bastion_host(aws) -> str:
    """A small instance in a public subnet that admits SSH from the office's address only; the
    administrators hop from it to the app server (the talk's second way in)."""
    existing = instance_id(aws, BASTION_INSTANCE)
    if existing:
        return existing
    create_network(aws)
    office_ssh = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                  "IpRanges": [{"CidrIp": OFFICE_CIDR, "Description": "office"}]}
    group = ensure_security_group(aws, BASTION_SECURITY_GROUP, "The bastion host: SSH from the office only", [])
    try:  # the group outlives a retired bastion (chapter 06's wrap-up): its rule may be there already
        aws.client("ec2").authorize_security_group_ingress(GroupId=group, IpPermissions=[office_ssh])
    except ClientError as error:
        if error.response["Error"]["Code"] != "InvalidPermission.Duplicate":
            raise
    return _launch(aws, BASTION_INSTANCE, "t3.nano", subnet_ids(aws, public=True)[0], group,
                   {"HttpTokens": "required", "HttpEndpoint": "enabled"})


def retire_bastion_host(aws) -> None:
    """Chapter 06 ends with the bastion host terminated (Session Manager replaced it): its wrap-up,
    applied when a later chapter starts from chapter 06's world."""
    instance = instance_id(aws, BASTION_INSTANCE)
    if instance:
        aws.client("ec2").terminate_instances(InstanceIds=[instance])
        remember(aws, ("instance", BASTION_INSTANCE), None)


def use_instance_profile(aws, instance: str, profile: str, replace: bool = False) -> None:
    """Give `instance` the instance profile `profile` unless it has one (or, with `replace`, unless it
    has that one: another is replaced, as the console's "Modify IAM role" does)."""
    ec2 = aws.client("ec2")
    associations = [a for a in ec2.describe_iam_instance_profile_associations(
        Filters=[{"Name": "instance-id", "Values": [instance]}])["IamInstanceProfileAssociations"]
        if a.get("State") in ("associating", "associated")]
    if not associations:
        ec2.associate_iam_instance_profile(InstanceId=instance, IamInstanceProfile={"Name": profile})
    elif replace and not associations[0]["IamInstanceProfile"]["Arn"].endswith(f"/{profile}"):
        ec2.replace_iam_instance_profile_association(AssociationId=associations[0]["AssociationId"],
                                                     IamInstanceProfile={"Name": profile})


def put_user_data(aws, instance: str, script: str) -> None:
    """User data changes only while the instance is stopped: stop, change, start."""
    ec2 = aws.client("ec2")
    ec2.stop_instances(InstanceIds=[instance])
    ec2.modify_instance_attribute(InstanceId=instance, UserData={"Value": script.encode()})
    ec2.start_instances(InstanceIds=[instance])


def app_disk_snapshot(aws) -> str | None:
    with unrecorded():
        snapshots = aws.client("ec2").describe_snapshots(OwnerIds=["self"], Filters=[
            {"Name": "description", "Values": [APP_DISK_SNAPSHOT]}])["Snapshots"]
    return snapshots[0]["SnapshotId"] if snapshots else None


def create_app_disk_snapshot(aws) -> str:
    """A snapshot of the app server's disk, taken before the move (idempotent)."""
    existing = app_disk_snapshot(aws)
    if existing:
        return existing
    ec2 = aws.client("ec2")
    instance = create_app_server(aws)
    volumes = ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [instance]}])["Volumes"]
    volume = volumes[0]["VolumeId"] if volumes else ec2.create_volume(
        Size=8, AvailabilityZone=f"{aws.region}a")["VolumeId"]
    return ec2.create_snapshot(VolumeId=volume, Description=APP_DISK_SNAPSHOT)["SnapshotId"]

__all__ = ["APP_INSTANCE", "APP_IMAGE", "BASTION_SECURITY_GROUP", "BASTION_INSTANCE", "OFFICE_CIDR", "APP_DISK_SNAPSHOT",
           "RUNNING", "instance_id", "app_image_id", "create_app_server", "create_bastion_host", "retire_bastion_host",
           "use_instance_profile", "put_user_data", "app_disk_snapshot", "create_app_disk_snapshot"]
