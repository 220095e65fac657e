"""What every bucket the company keeps logs in gets: Block Public Access, ACLs disabled, SSE-KMS with
a key of its own by default, and a policy that refuses plain HTTP (chapter 08's lessons)."""

from __future__ import annotations

import json

from botocore.exceptions import ClientError

from labs.cloudtrail.recorder import unrecorded
from labs.inventory.s3 import BLOCK_PUBLIC_ACCESS_ALL_ON


def bucket_exists(aws, bucket: str) -> bool:
    with unrecorded():  # the lab looking, not anybody's action
        try:
            aws.client("s3").head_bucket(Bucket=bucket)
        except ClientError as error:
            if error.response["Error"]["Code"] not in ("404", "NoSuchBucket"):
                raise
            return False
    return True


def deny_plain_http(bucket: str) -> dict:
    """The bucket-policy statement that refuses every request over plain HTTP (aws:SecureTransport false)."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def new_log_bucket(aws, bucket: str, key_id: str, policy: dict) -> None:
    """Create `bucket` as a log bucket: Block Public Access, ACLs disabled, SSE-KMS with `key_id` and
    the S3 Bucket Key by default, and `policy`."""
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": aws.region})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=BLOCK_PUBLIC_ACCESS_ALL_ON)
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_id},
        "BucketKeyEnabled": True}]})
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))

__all__ = ["bucket_exists", "deny_plain_http", "new_log_bucket"]
