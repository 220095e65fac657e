"""The trail names no KMS key, so its log files are encrypted only with S3-managed keys: whoever
may read the bucket reads every log. The colleague made a key for the logs and never used it."""

from labs import company

BREAKS = ("cloudtrail_kms_encryption_enabled",)


def resource(aws) -> str:
    return company.TRAIL_NAME


def build(aws) -> None:
    company.create_trail(aws)
    if company.trail_settings(aws).get("KmsKeyId"):
        # An empty KmsKeyId removes the trail's key (CloudTrail API reference, UpdateTrail).
        aws.client("cloudtrail").update_trail(Name=company.TRAIL_NAME, KmsKeyId="")


def fix(aws) -> None:
    key_id = company.create_cloudtrail_key(aws)
    key_arn = aws.client("kms").describe_key(KeyId=key_id)["KeyMetadata"]["Arn"]
    aws.client("cloudtrail").update_trail(Name=company.TRAIL_NAME, KmsKeyId=key_arn)
