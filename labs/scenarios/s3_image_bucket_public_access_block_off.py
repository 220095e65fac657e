"""Block Public Access would have refused both public grants, so it was switched off on the bucket
"just for now". New buckets have it on by default since April 2023: this bucket's is off by hand."""

from labs.company import image_bucket_name
from labs.inventory.s3 import BLOCK_PUBLIC_ACCESS_SETTINGS as SETTINGS

BREAKS = ("s3_bucket_level_public_access_block",)


def resource(aws) -> str:
    return image_bucket_name(aws.account_id)


def _set_all(aws, value: bool) -> None:
    aws.client("s3").put_public_access_block(
        Bucket=resource(aws), PublicAccessBlockConfiguration={name: value for name in SETTINGS}
    )


def build(aws) -> None:
    _set_all(aws, False)


def fix(aws) -> None:
    _set_all(aws, True)
