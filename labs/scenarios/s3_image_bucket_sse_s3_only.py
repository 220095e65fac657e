"""The bucket encrypts with S3-managed keys (SSE-S3), the default every bucket gets. Nobody can say
who may decrypt the images, and no key use is ever logged: a customer managed KMS key gives both."""

from labs import company
from labs.company import image_bucket_name

BREAKS = ("s3_bucket_kms_encryption",)


def resource(aws) -> str:
    return image_bucket_name(aws.account_id)


def build(aws) -> None:
    aws.client("s3").put_bucket_encryption(
        Bucket=resource(aws),
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
    )


def fix(aws) -> None:
    key = company.create_image_key(aws)  # the key of a world that had it (a later chapter's), or a new one
    aws.client("kms").enable_key_rotation(KeyId=key)  # chapter 03's rule for every customer managed key
    key_arn = company.key_arn(aws, key)
    aws.client("s3").put_bucket_encryption(
        Bucket=resource(aws),
        ServerSideEncryptionConfiguration={"Rules": [{
            "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn},
            "BucketKeyEnabled": True,
        }]},
    )
