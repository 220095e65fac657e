"""The root user has an access key. Minho made it on his first day with the prototype, because a
tutorial's `aws configure` asked for one, and his laptop still uses it: a key to everything, with
no MFA, in a plain-text file."""

from labs.root_user import days_ago

BREAKS = ("iam_no_root_access_key",)


def resource(aws) -> str:
    return aws.root.arn


def build(aws) -> None:
    key_id = aws.root.create_access_key(created=days_ago(195))["AccessKey"]["AccessKeyId"]
    key = aws.root._key(key_id)
    key.last_used_date, key.last_used_service, key.last_used_region = days_ago(3), "s3", aws.region


def fix(aws) -> None:
    for key in aws.root.list_access_keys()["AccessKeyMetadata"]:
        aws.root.delete_access_key(AccessKeyId=key["AccessKeyId"])
