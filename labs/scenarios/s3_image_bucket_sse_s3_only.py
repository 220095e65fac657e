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
    key_arn = company.key_arn(aws, company.create_image_key(aws))
    aws.client("s3").put_bucket_encryption(
        Bucket=resource(aws),
        ServerSideEncryptionConfiguration={"Rules": [{
            "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn},
            "BucketKeyEnabled": True,
        }]},
    )
