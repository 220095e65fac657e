"""Uploads failed with an AccessDenied from KMS the day the image bucket got its own key (chapter
08). The colleague fixed it in one click: AdministratorAccess on the app's IAM user. The key in the
app's files now opens the whole account."""

from botocore.exceptions import ClientError

from labs import company

BREAKS = ("iam_aws_attached_policy_no_administrative_privileges",)
ALSO_BREAKS = (("iam_policy_attached_only_to_group_or_roles", lambda aws: company.APP_USER),)
"""A policy attached to the user itself, not through a group (CIS 1.14)."""
ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"


def resource(aws) -> str:
    return ADMINISTRATOR_ACCESS


def build(aws) -> None:
    company.create_app_user(aws)
    aws.client("iam").attach_user_policy(UserName=company.APP_USER, PolicyArn=ADMINISTRATOR_ACCESS)


def fix(aws) -> None:
    try:
        aws.client("iam").detach_user_policy(UserName=company.APP_USER, PolicyArn=ADMINISTRATOR_ACCESS)
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchEntity":
            raise
