"""The key the colleague made for the log files never rotates: year after year, the same key
material would protect every log file."""

from labs import company

BREAKS = ("kms_cmk_rotation_enabled",)


def resource(aws) -> str:
    return company.create_cloudtrail_key(aws)


def build(aws) -> None:
    aws.client("kms").disable_key_rotation(KeyId=company.create_cloudtrail_key(aws))


def fix(aws) -> None:
    aws.client("kms").enable_key_rotation(KeyId=company.create_cloudtrail_key(aws))
