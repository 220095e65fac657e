"""Chapter 08's own world built with plain boto3 calls in plain moto: no lab, no earlier chapters.

The yardstick for `import labs; labs.start("08")` in benchmarks/run.py: the same resources and
mistakes chapter 08 starts with (the image bucket with its three uploads; a public-read bucket
policy, ACLs enabled and a public-read ACL, Block Public Access off for the bucket and the account,
SSE-S3 only, no TLS-only statement), made the way a person would with boto3, in a new process.

    python benchmarks/bare_moto_08.py     # prints the seconds from the first import to the last call
"""

import time

started = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="ap-northeast-2")
for variable in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
    os.environ.pop(variable, None)

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

REGION = "ap-northeast-2"
IMAGES = Path(__file__).resolve().parents[1] / "labs" / "sample_images"
SETTINGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


def build() -> str:
    account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]
    s3 = boto3.client("s3", region_name=REGION)
    bucket = f"community-app-images-{account}"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    for image in sorted(IMAGES.glob("*.png")):
        s3.put_object(Bucket=bucket, Key=f"uploads/{image.name}", Body=image.read_bytes(), ContentType="image/png")
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "PublicReadForImages", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*"}]}))
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    s3.put_bucket_acl(Bucket=bucket, ACL="public-read")
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={name: False for name in SETTINGS})
    boto3.client("s3control", region_name=REGION).put_public_access_block(
        AccountId=account, PublicAccessBlockConfiguration={name: False for name in SETTINGS})
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    return bucket


if __name__ == "__main__":
    with mock_aws():
        build()
        print(time.perf_counter() - started)
