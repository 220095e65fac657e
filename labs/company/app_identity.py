"""The app's identity (chapter 09, the talk's "EC2 IAM role" and architecture v1.0).

Until chapter 09 the app calls S3 with a long-lived access key of an IAM user, `community-app`,
pasted into the app server's user data (an environment file and the app's config file). Chapter 09
replaces it with an instance role whose permissions come from what the app really calls."""

from __future__ import annotations

import json

from labs.company.iam import SSM_MANAGED_POLICY, add_instance_profile, new_instance_role, ensure_policy, ensure_user
from labs.company.ids import remember
from labs.company.images import UPLOADS_PREFIX, image_bucket_name, image_key_arn
from labs.company.naming import name, policy_name
from labs.company.servers import create_app_server, use_instance_profile

APP_USER = name()
APP_ROLE = name("web")
APP_POLICY = policy_name("images")
APP_BOUNDARY = policy_name("boundary")
APP_KEY_AGE_DAYS = 150
APP_CONFIG_PATH = "/opt/community-app/config.json"
"""The app's config file on its server, which the user data writes (with the key, in the colleague's version)."""
APP_KEY_SECRET = "app key secret"
"""Where the lab remembers the app key's secret, which IAM shows only once (the scenario that pastes it needs it)."""
SSM_AGENT_ACTIONS = ("ssm:UpdateInstanceInformation", "ssm:ListInstanceAssociations", "ssm:GetDocument",
                     "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                     "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
                     "ec2messages:GetMessages", "ec2messages:AcknowledgeMessage", "ec2messages:SendReply")
"""What the SSM agent calls to register and open sessions (AmazonSSMManagedInstanceCore grants more)."""


def app_user_data(bucket: str, access_key_id: str | None = None, secret_access_key: str | None = None) -> str:
    """The app server's launch script. With a key, the colleague's version: the key in the app's
    environment file and again in its config file. Without, the app's SDK finds the instance role's
    credentials in the instance metadata service (IMDSv2) by itself."""
    env = ["AWS_DEFAULT_REGION=ap-northeast-2", f"IMAGE_BUCKET={bucket}"]
    config = {"bucket": bucket, "uploads_prefix": UPLOADS_PREFIX, "max_upload_mb": 5}
    if access_key_id:
        env[:0] = [f"AWS_ACCESS_KEY_ID={access_key_id}", f"AWS_SECRET_ACCESS_KEY={secret_access_key}"]
        config["aws"] = {"access_key_id": access_key_id, "secret_access_key": secret_access_key}
    env_lines = "\n".join(env)
    return (
        "#!/bin/bash\n"
        "# community-app: install and start the app (Amazon Linux 2023)\n"
        "dnf install -y python3.11 nginx\n"
        "mkdir -p /opt/community-app\n"
        "cat > /opt/community-app/app.env <<'ENV'\n"
        f"{env_lines}\n"
        "ENV\n"
        f"cat > {APP_CONFIG_PATH} <<'JSON'\n"
        f"{json.dumps(config, indent=2)}\n"
        "JSON\n"
        "systemctl enable --now community-app\n"
    )


def create_app_user(aws) -> tuple[str, str | None]:
    """The IAM user the colleague made for the app, with one access key (150 days old, used by the
    app all day): (user name, access key id). Idempotent: an existing user keeps its keys."""
    iam = aws.client("iam")
    if not ensure_user(iam, APP_USER):
        keys = iam.list_access_keys(UserName=APP_USER)["AccessKeyMetadata"]
        return APP_USER, keys[0]["AccessKeyId"] if keys else None
    key = iam.create_access_key(UserName=APP_USER)["AccessKey"]
    aws.history.user(APP_USER, created_days_ago=APP_KEY_AGE_DAYS)
    aws.history.key(key["AccessKeyId"], created_days_ago=APP_KEY_AGE_DAYS, used_days_ago=0.05, service="s3")
    remember(aws, APP_KEY_SECRET, key["SecretAccessKey"])
    return APP_USER, key["AccessKeyId"]


def _app_statements(aws) -> list[dict]:
    bucket = image_bucket_name(aws.account_id)
    statements = [
        {"Sid": "AppImages", "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
         "Resource": f"arn:aws:s3:::{bucket}/{UPLOADS_PREFIX}*"},
        {"Sid": "ListUploads", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}"},
    ]
    key = image_key_arn(aws)
    if key:
        statements.append({"Sid": "ImageKey", "Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                           "Resource": key})
    return statements


def app_policy_document(aws) -> dict:
    """What the app really does, as a policy: its images under uploads/ (write, read, delete, list),
    and the image bucket's KMS key, which S3 uses on the app's behalf (SSE-KMS, chapter 08)."""
    return {"Version": "2012-10-17", "Statement": _app_statements(aws)}


def app_boundary_document(aws) -> dict:
    """The guard rail: the app's own permissions and the SSM agent's, and nothing else, whatever
    policies are attached to the role later."""
    agent = {"Sid": "SsmAgent", "Effect": "Allow", "Action": ["ssm:*", "ssmmessages:*", "ec2messages:*"], "Resource": "*"}
    return {"Version": "2012-10-17", "Statement": _app_statements(aws) + [agent]}


def create_app_role(aws) -> str:
    """Architecture v1.0's app role: trusted by EC2, AmazonSSMManagedInstanceCore for the SSM agent,
    the app's least-privilege policy, that same policy as its permissions boundary plus the agent's
    actions, and an instance profile that replaces the SSM-only one on the app server."""
    instance = create_app_server(aws)
    if new_instance_role(aws, APP_ROLE, "The community app's servers: its images, and the SSM agent"):
        iam = aws.client("iam")
        policy = ensure_policy(aws, APP_POLICY, app_policy_document(aws), "What the app calls, from CloudTrail")
        boundary = ensure_policy(aws, APP_BOUNDARY, app_boundary_document(aws), "The most the app's role may ever do")
        iam.attach_role_policy(RoleName=APP_ROLE, PolicyArn=SSM_MANAGED_POLICY)
        iam.attach_role_policy(RoleName=APP_ROLE, PolicyArn=policy)
        iam.put_role_permissions_boundary(RoleName=APP_ROLE, PermissionsBoundary=boundary)
        add_instance_profile(aws, APP_ROLE)
    use_instance_profile(aws, instance, APP_ROLE, replace=True)
    return APP_ROLE


def retire_app_user(aws) -> None:
    """The app's IAM user is no longer needed once the app runs on its role: keys, policies, user."""
    iam = aws.client("iam")
    try:
        keys = iam.list_access_keys(UserName=APP_USER)["AccessKeyMetadata"]
    except iam.exceptions.NoSuchEntityException:
        return
    for key in keys:
        iam.delete_access_key(UserName=APP_USER, AccessKeyId=key["AccessKeyId"])
    for policy in iam.list_attached_user_policies(UserName=APP_USER)["AttachedPolicies"]:
        iam.detach_user_policy(UserName=APP_USER, PolicyArn=policy["PolicyArn"])
    for policy in iam.list_user_policies(UserName=APP_USER)["PolicyNames"]:
        iam.delete_user_policy(UserName=APP_USER, PolicyName=policy)
    iam.delete_user(UserName=APP_USER)

__all__ = ["APP_USER", "APP_ROLE", "APP_POLICY", "APP_BOUNDARY", "APP_KEY_AGE_DAYS", "APP_CONFIG_PATH", "APP_KEY_SECRET",
           "SSM_AGENT_ACTIONS", "app_user_data", "create_app_user", "app_policy_document", "app_boundary_document",
           "create_app_role", "retire_app_user"]
