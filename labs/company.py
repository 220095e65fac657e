"""The startup from the talk: a community app where about 100 users a day upload small images,
run by 3 employees. Its AWS resources have the same names in every chapter."""

from __future__ import annotations

import json
from pathlib import Path

SAMPLE_IMAGES = Path(__file__).with_name("sample_images")


def image_bucket_name(account_id: str) -> str:
    # Bucket names are global across all AWS accounts, so the account id keeps this one unique.
    return f"community-app-images-{account_id}"


def create_image_bucket(aws) -> str:
    """The bucket the app stores user uploads in, with a few uploads in it."""
    name = image_bucket_name(aws.account_id)
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": aws.region})
    for image in sorted(SAMPLE_IMAGES.glob("*.png")):
        s3.put_object(Bucket=name, Key=f"uploads/{image.name}", Body=image.read_bytes(), ContentType="image/png")
    return name


# --- CloudTrail (chapter 03) ------------------------------------------------------------------

TRAIL_NAME = "community-app-trail"
CLOUDTRAIL_KEY_ALIAS = "alias/community-app-cloudtrail"


def cloudtrail_bucket_name(account_id: str) -> str:
    return f"community-app-cloudtrail-{account_id}"


def cloudtrail_bucket_policy(bucket: str, account_id: str, region: str) -> dict:
    """What CloudTrail needs (AWS CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail"):
    read the bucket's ACL, and write under AWSLogs/<account id>/ with the bucket owner in full
    control; aws:SourceArn keeps other accounts' trails out. Plus a Deny for plain HTTP (chapter 08)."""
    trail_arn = f"arn:aws:cloudtrail:{region}:{account_id}:trail/{TRAIL_NAME}"
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
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
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


def find_key_id(aws, alias: str) -> str | None:
    from labs.cloudtrail.recorder import unrecorded

    with unrecorded():  # the lab looking, not anybody's action
        for page in aws.client("kms").get_paginator("list_aliases").paginate():
            for entry in page.get("Aliases", []):
                if entry["AliasName"] == alias and entry.get("TargetKeyId"):
                    return entry["TargetKeyId"]
    return None


def create_cloudtrail_key(aws) -> str:
    """A customer managed key for the log files, in the same region as the trail and its bucket.
    The colleague made it "for later"; no trail uses it yet. Idempotent."""
    existing = find_key_id(aws, CLOUDTRAIL_KEY_ALIAS)
    if existing:
        return existing
    kms = aws.client("kms")
    key = kms.create_key(
        Description="CloudTrail log files of the community app",
        Policy=json.dumps(cloudtrail_key_policy(aws.account_id, aws.region)),
    )["KeyMetadata"]
    kms.create_alias(AliasName=CLOUDTRAIL_KEY_ALIAS, TargetKeyId=key["KeyId"])
    return key["KeyId"]


def create_cloudtrail_bucket(aws) -> str:
    """The bucket the trail delivers to: CloudTrail's policy, Block Public Access, ACLs disabled,
    SSE-KMS by default. Idempotent."""
    from botocore.exceptions import ClientError

    from labs.cloudtrail.recorder import unrecorded

    name = cloudtrail_bucket_name(aws.account_id)
    s3 = aws.client("s3")
    try:
        with unrecorded():
            s3.head_bucket(Bucket=name)
        return name
    except ClientError as error:
        if error.response["Error"]["Code"] not in ("404", "NoSuchBucket"):
            raise
    key_id = create_cloudtrail_key(aws)
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": aws.region})
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_id},
        "BucketKeyEnabled": True}]})
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(cloudtrail_bucket_policy(name, aws.account_id, aws.region)))
    return name


def create_trail(aws) -> str:
    """The colleague's trail, with the console's defaults of an API call: this region only, no log
    file validation, no KMS key. It starts logging. Idempotent."""
    from labs.cloudtrail.recorder import unrecorded

    cloudtrail = aws.client("cloudtrail")
    bucket = create_cloudtrail_bucket(aws)
    with unrecorded():
        exists = bool(cloudtrail.describe_trails(trailNameList=[TRAIL_NAME]).get("trailList"))
    if not exists:
        cloudtrail.create_trail(Name=TRAIL_NAME, S3BucketName=bucket)
        cloudtrail.start_logging(Name=TRAIL_NAME)
    return TRAIL_NAME


def trail_settings(aws) -> dict:
    """The company trail as DescribeTrails returns it (the lab looking: not recorded)."""
    from labs.cloudtrail.recorder import unrecorded

    with unrecorded():
        trails = aws.client("cloudtrail").describe_trails(trailNameList=[TRAIL_NAME]).get("trailList", [])
    return trails[0] if trails else {}
