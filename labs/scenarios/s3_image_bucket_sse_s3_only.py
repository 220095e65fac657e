"""The bucket encrypts with S3-managed keys (SSE-S3), the default every bucket gets. Nobody can say
who may decrypt the images, and no key use is ever logged: a customer managed KMS key gives both."""

from labs.company import image_bucket_name

BREAKS = ("s3_bucket_kms_encryption",)
KEY_ALIAS = "alias/community-app-images"


def resource(aws) -> str:
    return image_bucket_name(aws.account_id)


def build(aws) -> None:
    aws.client("s3").put_bucket_encryption(
        Bucket=resource(aws),
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
    )


def fix(aws) -> None:
    from labs.company import find_key_id

    kms = aws.client("kms")
    existing = find_key_id(aws, KEY_ALIAS)  # the key of a world that had it (a later chapter's)
    if existing:
        key_arn = kms.describe_key(KeyId=existing)["KeyMetadata"]["Arn"]
    else:
        key_arn = kms.create_key(Description="Default encryption of the app's image bucket")["KeyMetadata"]["Arn"]
        kms.create_alias(AliasName=KEY_ALIAS, TargetKeyId=key_arn)
    kms.enable_key_rotation(KeyId=key_arn)  # chapter 03's rule for every customer managed key
    aws.client("s3").put_bucket_encryption(
        Bucket=resource(aws),
        ServerSideEncryptionConfiguration={"Rules": [{
            "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn},
            "BucketKeyEnabled": True,
        }]},
    )
