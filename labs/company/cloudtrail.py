"""The company's trail (chapter 03): its S3 bucket, its KMS key and the trail, as the colleague made them."""

from __future__ import annotations

from labs.cloudtrail.recorder import unrecorded
from labs.company.buckets import bucket_exists, new_log_bucket, deny_plain_http
from labs.company.images import image_bucket_name
from labs.company.kms import ensure_key
from labs.company.naming import bucket_name, key_alias, name

TRAIL_NAME = name("trail")
CLOUDTRAIL_KEY_ALIAS = key_alias("cloudtrail")


def cloudtrail_bucket_name(account_id: str) -> str:
    return bucket_name("cloudtrail", account_id)


def cloudtrail_bucket_policy(bucket: str, account_id: str, region: str, trail: str = TRAIL_NAME) -> dict:
    """What CloudTrail needs (AWS CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail"):
    read the bucket's ACL, and write under AWSLogs/<account id>/ with the bucket owner in full
    control; aws:SourceArn keeps every other trail out. Plus a Deny for plain HTTP (chapter 08)."""
    trail_arn = f"arn:aws:cloudtrail:{region}:{account_id}:trail/{trail}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AWSCloudTrailAclCheck",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:GetBucketAcl",
                "Resource": f"arn:aws:s3:::{bucket}",
                "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}},
            },
            {
                "Sid": "AWSCloudTrailWrite",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{account_id}/*",
                "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                               "aws:SourceArn": trail_arn}},
            },
            deny_plain_http(bucket),
        ],
    }


def cloudtrail_key_policy(account_id: str, region: str) -> dict:
    """The key policy CloudTrail's console writes: the account administers the key, CloudTrail may
    encrypt log files for this account's trails, and the account's principals may decrypt them."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Enable IAM User Permissions",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "Allow CloudTrail to encrypt logs",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:GenerateDataKey*",
                "Resource": "*",
                "Condition": {"StringLike": {
                    "kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{account_id}:trail/*"}},
            },
            {
                "Sid": "Allow CloudTrail to describe key",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:DescribeKey",
                "Resource": "*",
            },
            {
                "Sid": "Allow principals in the account to decrypt log files",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["kms:Decrypt", "kms:ReEncryptFrom"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"kms:CallerAccount": account_id},
                    "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{account_id}:trail/*"},
                },
            },
        ],
    }


def create_cloudtrail_key(aws) -> str:
    """A customer managed key for the log files, in the same region as the trail and its bucket.
    The colleague made it "for later"; no trail uses it yet, and it does not rotate (chapter 03's
    scenario kms_cloudtrail_key_rotation_off). Idempotent."""
    return ensure_key(aws, CLOUDTRAIL_KEY_ALIAS, "CloudTrail log files of the community app",
                      policy=cloudtrail_key_policy(aws.account_id, aws.region), rotate=False)


def create_cloudtrail_bucket(aws) -> str:
    """The bucket the trail delivers to: CloudTrail's policy, Block Public Access, ACLs disabled,
    SSE-KMS by default. Idempotent."""
    bucket = cloudtrail_bucket_name(aws.account_id)
    if not bucket_exists(aws, bucket):
        new_log_bucket(aws, bucket, create_cloudtrail_key(aws),
                          cloudtrail_bucket_policy(bucket, aws.account_id, aws.region))
    return bucket


def trail_settings(aws) -> dict:
    """The company trail as DescribeTrails returns it (the lab looking: not recorded)."""
    with unrecorded():
        trails = aws.client("cloudtrail").describe_trails(trailNameList=[TRAIL_NAME]).get("trailList", [])
    return trails[0] if trails else {}


def create_trail(aws) -> str:
    """The colleague's trail, with the console's defaults of an API call: this region only, no log
    file validation, no KMS key. It starts logging. Idempotent."""
    bucket = create_cloudtrail_bucket(aws)
    if not trail_settings(aws):
        cloudtrail = aws.client("cloudtrail")
        cloudtrail.create_trail(Name=TRAIL_NAME, S3BucketName=bucket)
        cloudtrail.start_logging(Name=TRAIL_NAME)
    return TRAIL_NAME


def log_image_data_events(aws) -> None:
    """The trail records the image bucket's object-level calls (S3 data events), which is what shows
    what the app does with the images; management events stay on."""
    if not trail_settings(aws):
        return
    bucket = image_bucket_name(aws.account_id)
    aws.client("cloudtrail").put_event_selectors(TrailName=TRAIL_NAME, EventSelectors=[{
        "ReadWriteType": "All", "IncludeManagementEvents": True,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": [f"arn:aws:s3:::{bucket}/"]}],
    }])

__all__ = ["TRAIL_NAME", "CLOUDTRAIL_KEY_ALIAS", "cloudtrail_bucket_name", "cloudtrail_bucket_policy",
           "cloudtrail_key_policy", "create_cloudtrail_key", "create_cloudtrail_bucket", "trail_settings", "create_trail",
           "log_image_data_events"]
