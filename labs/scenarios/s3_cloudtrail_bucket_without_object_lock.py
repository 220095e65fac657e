"""The log bucket keeps one version of each object and no lock: anyone allowed s3:DeleteObject,
an intruder covering their tracks included, can erase the evidence. The talk turns on Object Lock
in compliance mode with a default retention of 365 days."""

from labs import company

BREAKS = ("s3_bucket_object_lock",)


def resource(aws) -> str:
    return company.cloudtrail_bucket_name(aws.account_id)


def build(aws) -> None:
    # A bucket made without Object Lock has none; once enabled, it cannot be turned off.
    company.create_cloudtrail_bucket(aws)


def fix(aws) -> None:
    s3, bucket = aws.client("s3"), resource(aws)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled",
        "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 365}},
    })
