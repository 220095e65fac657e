"""Uploads failed with an AccessDenied from KMS the day the image bucket got its own key (chapter
08). The colleague fixed it in one click: AdministratorAccess on the app's IAM user. The key in the
app's files now opens the whole account."""

from botocore.exceptions import ClientError

from labs import company

BREAKS = ("iam_aws_attached_policy_no_administrative_privileges",)
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
