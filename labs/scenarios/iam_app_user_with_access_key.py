"""To let the app store images in S3, the colleague made an IAM user for it, `community-app`, and
gave it an access key 150 days ago. The key has never been rotated: the same secret has lived in
the app's files, the colleague's terminal history and a chat message ever since."""

from labs import company

BREAKS = ("iam_rotate_access_key_90_days",)


def resource(aws) -> str:
    return company.APP_USER


def build(aws) -> None:
    company.create_app_user(aws)


def fix(aws) -> None:
    iam = aws.client("iam")
    for key in iam.list_access_keys(UserName=company.APP_USER)["AccessKeyMetadata"]:
        iam.delete_access_key(UserName=company.APP_USER, AccessKeyId=key["AccessKeyId"])
