"""The startup from the talk: a community app where about 100 users a day upload small images,
run by 3 employees. Its AWS resources have the same names in every chapter."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

SAMPLE_IMAGES = Path(__file__).with_name("sample_images")


def image_bucket_name(account_id: str) -> str:
    # Bucket names are global across all AWS accounts, so the account id keeps this one unique.
    return f"community-app-images-{account_id}"


def create_image_bucket(aws) -> str:
    """The bucket the app stores user uploads in, with a few uploads in it."""
    name = image_bucket_name(aws.account_id)
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": aws.region})
    for image in sorted(SAMPLE_IMAGES.glob("*.png")):
        s3.put_object(Bucket=name, Key=f"uploads/{image.name}", Body=image.read_bytes(), ContentType="image/png")
    return name


def publish_cost_history(aws) -> None:
    """The startup's daily bill since October 2024, served by the emulator's Cost Explorer
    (chapter 04; generated, see labs/costs/generator.py)."""
    from labs.costs.cost_explorer import publish_cost_history as publish

    publish(aws)


# --- the team's IAM users (chapter 02) ------------------------------------------------------------
# Minho, the developer, opened the company's AWS account about 200 days ago for a prototype, with his
# own details, and used it alone; Jiyoung, the manager, got a console user later. The dates before
# the lab built the account live in the lab's IamHistory (moto cannot store a date in the past).

DEVELOPER = "minho"
MANAGER = "jiyoung"
ACCOUNT_AGE_DAYS = 200


def _ensure_user(iam, name: str) -> bool:
    """Create the user unless it exists; True when it was created now."""
    from botocore.exceptions import ClientError

    try:
        iam.create_user(UserName=name, Tags=[{"Key": "team", "Value": "community-app"}])
        return True
    except ClientError as error:
        if error.response["Error"]["Code"] != "EntityAlreadyExists":
            raise
        return False


def create_developer_user(aws) -> str:
    """Minho: console password, one access key for the prototype (200 days old, last used 120 days ago)."""
    iam = aws.client("iam")
    if _ensure_user(iam, DEVELOPER):
        iam.create_login_profile(UserName=DEVELOPER, Password="Prototype-2025!")
        key = iam.create_access_key(UserName=DEVELOPER)["AccessKey"]["AccessKeyId"]
        aws.history.user(DEVELOPER, created_days_ago=ACCOUNT_AGE_DAYS, password_last_used_days_ago=100)
        aws.history.key(key, created_days_ago=ACCOUNT_AGE_DAYS - 5, used_days_ago=120, service="s3")
    return DEVELOPER


def create_manager_user(aws) -> str:
    """Jiyoung: console password with a virtual MFA device; she last signed in 60 days ago."""
    import pyotp

    iam = aws.client("iam")
    if _ensure_user(iam, MANAGER):
        iam.create_login_profile(UserName=MANAGER, Password="Manager-Signs-In-2025!")
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{MANAGER}-phone")["VirtualMFADevice"]
        totp = pyotp.TOTP(device["Base32StringSeed"].decode())
        iam.enable_mfa_device(UserName=MANAGER, SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=totp.at(time.time() - 30), AuthenticationCode2=totp.now())
        aws.history.user(MANAGER, created_days_ago=150, password_last_used_days_ago=60)
    return MANAGER


def create_team_users(aws) -> None:
    """The account as Sungjin receives it: the root user, used for months, and the team's IAM users."""
    aws.root.created = aws.root.created - timedelta(days=ACCOUNT_AGE_DAYS)
    aws.root.password_last_used = aws.root.created + timedelta(days=ACCOUNT_AGE_DAYS - 7)
    create_developer_user(aws)
    create_manager_user(aws)


# --- chapter 01 only: a leftover from the on-premises days ------------------------------------------

LEGACY_SECURITY_GROUP = "legacy-web"


def create_legacy_security_group(aws) -> str:
    """A security group copied from the old server's firewall: SSH and ICMP open to the internet.
    No check in the lab covers it yet (chapter 06 will): chapter 01 uses it to show what checks miss."""
    ec2 = aws.client("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    group = ec2.create_security_group(GroupName=LEGACY_SECURITY_GROUP, VpcId=vpc,
                                      Description="Copied from the on-premises web server firewall")["GroupId"]
    anywhere = [{"CidrIp": "0.0.0.0/0"}]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": anywhere},
        {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": anywhere},
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": anywhere},
    ])
    return group
