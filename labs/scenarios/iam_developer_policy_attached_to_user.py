"""Minho's permissions are a policy attached to him alone, `PrototypeFullAccess`, written for the
prototype. Nobody looking at the groups would know he has them, and when the next developer joins,
someone will copy them by hand."""

import json

from botocore.exceptions import ClientError

from labs import company

BREAKS = ("iam_policy_attached_only_to_group_or_roles",)
POLICY_NAME = "PrototypeFullAccess"
GROUP = "developers"
DOCUMENT = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "Prototype", "Effect": "Allow", "Action": ["s3:*", "ec2:*", "rds:*"], "Resource": "*"}],
}


def resource(aws) -> str:
    return company.DEVELOPER


def policy_arn(aws) -> str:
    return f"arn:aws:iam::{aws.account_id}:policy/{POLICY_NAME}"


def build(aws) -> None:
    iam, user = aws.client("iam"), company.create_developer_user(aws)
    try:
        iam.create_policy(PolicyName=POLICY_NAME, PolicyDocument=json.dumps(DOCUMENT),
                          Description="Everything the prototype needed")
    except ClientError as error:
        if error.response["Error"]["Code"] != "EntityAlreadyExists":
            raise
    iam.attach_user_policy(UserName=user, PolicyArn=policy_arn(aws))


def fix(aws) -> None:
    iam, user = aws.client("iam"), resource(aws)
    try:
        iam.create_group(GroupName=GROUP)
    except ClientError as error:
        if error.response["Error"]["Code"] != "EntityAlreadyExists":
            raise
    iam.attach_group_policy(GroupName=GROUP, PolicyArn=policy_arn(aws))
    iam.add_user_to_group(GroupName=GROUP, UserName=user)
    iam.detach_user_policy(UserName=user, PolicyArn=policy_arn(aws))
