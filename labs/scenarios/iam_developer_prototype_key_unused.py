"""Minho's access key from the prototype days is still active: created about 195 days ago, last used
120 days ago, in a credentials file on his laptop. Nothing uses it; whoever finds the file can."""

from labs import company

BREAKS = ("iam_user_accesskey_unused", "iam_rotate_access_key_90_days")


def resource(aws) -> str:
    return company.DEVELOPER


def build(aws) -> None:
    company.create_developer_user(aws)


def fix(aws) -> None:
    iam = aws.client("iam")
    for key in iam.list_access_keys(UserName=company.DEVELOPER)["AccessKeyMetadata"]:
        iam.delete_access_key(UserName=company.DEVELOPER, AccessKeyId=key["AccessKeyId"])
