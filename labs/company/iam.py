"""The team's IAM users (chapter 02) and the helpers every IAM builder shares.

Minho, the developer, opened the company's AWS account about 200 days ago for a prototype, with his
own details, and used it alone; Jiyoung, the manager, got a console user later. The dates before
the lab built the account live in the lab's IamHistory (moto cannot store a date in the past)."""

from __future__ import annotations

import json
import time
from datetime import timedelta

from botocore.exceptions import ClientError

from labs.company.naming import name
from labs.root_user import days_ago

DEVELOPER = "minho"
MANAGER = "jiyoung"
ACCOUNT_AGE_DAYS = 200
TEAM_TAG = {"Key": "team", "Value": name()}
EC2_TRUST_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}
SSM_MANAGED_POLICY = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"


def ensure_user(iam, user: str) -> bool:
    """Create the user unless it exists; True when it was created now."""
    try:
        iam.create_user(UserName=user, Tags=[TEAM_TAG])
        return True
    except ClientError as error:
        if error.response["Error"]["Code"] != "EntityAlreadyExists":
            raise
        return False


def ensure_policy(aws, policy: str, document: dict, description: str) -> str:
    """The ARN of the customer managed policy `policy`, created with `document` unless it exists."""
    arn = f"arn:aws:iam::{aws.account_id}:policy/{policy}"
    try:
        aws.client("iam").create_policy(PolicyName=policy, PolicyDocument=json.dumps(document), Description=description)
    except ClientError as error:
        if error.response["Error"]["Code"] != "EntityAlreadyExists":
            raise
    return arn


def role_exists(iam, role: str) -> bool:
    try:
        iam.get_role(RoleName=role)
    except iam.exceptions.NoSuchEntityException:
        return False
    return True


def new_instance_role(aws, role: str, description: str, policies: tuple[str, ...] = ()) -> bool:
    """An EC2 instance role with `policies` attached and an instance profile of the same name that
    carries it; True when it was created now (an existing role is left as it is)."""
    iam = aws.client("iam")
    if role_exists(iam, role):
        return False
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(EC2_TRUST_POLICY), Description=description)
    for policy in policies:
        iam.attach_role_policy(RoleName=role, PolicyArn=policy)
    return True


def add_instance_profile(aws, role: str) -> None:
    iam = aws.client("iam")
    iam.create_instance_profile(InstanceProfileName=role)
    iam.add_role_to_instance_profile(InstanceProfileName=role, RoleName=role)


def create_developer_user(aws) -> str:
    """Minho: console password, one access key for the prototype (200 days old, last used 120 days ago)."""
    iam = aws.client("iam")
    if ensure_user(iam, DEVELOPER):
        iam.create_login_profile(UserName=DEVELOPER, Password="Prototype-2025!")
        key = iam.create_access_key(UserName=DEVELOPER)["AccessKey"]["AccessKeyId"]
        aws.history.user(DEVELOPER, created_days_ago=ACCOUNT_AGE_DAYS, password_last_used_days_ago=100)
        aws.history.key(key, created_days_ago=ACCOUNT_AGE_DAYS - 5, used_days_ago=120, service="s3")
    return DEVELOPER


def create_manager_user(aws) -> str:
    """Jiyoung: console password with a virtual MFA device; she last signed in 60 days ago."""
    import pyotp

    iam = aws.client("iam")
    if ensure_user(iam, MANAGER):
        iam.create_login_profile(UserName=MANAGER, Password="Manager-Signs-In-2025!")
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{MANAGER}-phone")["VirtualMFADevice"]
        totp = pyotp.TOTP(device["Base32StringSeed"].decode())
        iam.enable_mfa_device(UserName=MANAGER, SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=totp.at(time.time() - 30), AuthenticationCode2=totp.now())
        aws.history.user(MANAGER, created_days_ago=150, password_last_used_days_ago=60)
    return MANAGER


def create_team_users(aws) -> None:
    """The account as Sungjin receives it: the root user, opened ACCOUNT_AGE_DAYS ago and used for
    months, and the team's IAM users. Idempotent: the root user's dates are set once, not moved back
    again by every call."""
    opened = days_ago(ACCOUNT_AGE_DAYS)
    if aws.root.created > opened:
        aws.root.created = opened
        aws.root.password_last_used = opened + timedelta(days=ACCOUNT_AGE_DAYS - 7)
    create_developer_user(aws)
    create_manager_user(aws)

__all__ = ["DEVELOPER", "MANAGER", "ACCOUNT_AGE_DAYS", "TEAM_TAG", "EC2_TRUST_POLICY", "SSM_MANAGED_POLICY", "ensure_user",
           "ensure_policy", "role_exists", "new_instance_role", "add_instance_profile", "create_developer_user",
           "create_manager_user", "create_team_users"]
