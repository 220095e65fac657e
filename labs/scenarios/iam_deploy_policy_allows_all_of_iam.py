"""The deploy script runs as the developers: the colleague wrote them a policy, `AppDeployer`, with
`iam:*` "so it can create the app's role", `sts:AssumeRole` "to test it", and S3 and EC2. Whoever
has it can attach AdministratorAccess to themselves."""

import json

from botocore.exceptions import ClientError

from labs import company

BREAKS = ("iam_customer_attached_policy_no_administrative_privileges",)
POLICY_NAME = "AppDeployer"
GROUP = "developers"
DOCUMENT = {"Version": "2012-10-17", "Statement": [{
    "Sid": "Deploy", "Effect": "Allow", "Action": ["iam:*", "sts:AssumeRole", "s3:*", "ec2:*"], "Resource": "*"}]}


def resource(aws) -> str:
    return f"arn:aws:iam::{aws.account_id}:policy/{POLICY_NAME}"


def build(aws) -> None:
    iam = aws.client("iam")
    try:
        iam.create_group(GroupName=GROUP)
    except ClientError as error:
        if error.response["Error"]["Code"] != "EntityAlreadyExists":
            raise
    iam.add_user_to_group(GroupName=GROUP, UserName=company.create_developer_user(aws))
    try:
        iam.create_policy(PolicyName=POLICY_NAME, PolicyDocument=json.dumps(DOCUMENT),
                          Description="Everything the deploy script needs")
    except ClientError as error:
        if error.response["Error"]["Code"] != "EntityAlreadyExists":
            raise
        # The policy of a world that fixed it (a later chapter's): iam:* comes back as its default version.
        versions = iam.list_policy_versions(PolicyArn=resource(aws))["Versions"]
        for old in [v for v in versions if not v["IsDefaultVersion"]][: max(0, len(versions) - 4)]:
            iam.delete_policy_version(PolicyArn=resource(aws), VersionId=old["VersionId"])
        iam.create_policy_version(PolicyArn=resource(aws), PolicyDocument=json.dumps(DOCUMENT), SetAsDefault=True)
    iam.attach_group_policy(GroupName=GROUP, PolicyArn=resource(aws))


DEPLOY_ONLY = {"Version": "2012-10-17", "Statement": [{
    "Sid": "Deploy", "Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]}


def fix(aws) -> None:
    aws.client("iam").create_policy_version(PolicyArn=resource(aws), PolicyDocument=json.dumps(DEPLOY_ONLY),
                                            SetAsDefault=True)
