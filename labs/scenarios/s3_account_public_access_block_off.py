"""The account has no account-level Block Public Access, so every bucket anyone creates tomorrow
depends on its own settings being right. One account-wide switch would cover them all."""

from labs.inventory.s3 import BLOCK_PUBLIC_ACCESS_SETTINGS as SETTINGS

BREAKS = ("s3_account_level_public_access_blocks",)


def resource(aws) -> str:
    return aws.account_id


def _set_all(aws, value: bool) -> None:
    aws.client("s3control").put_public_access_block(
        AccountId=aws.account_id, PublicAccessBlockConfiguration={name: value for name in SETTINGS}
    )


def build(aws) -> None:
    _set_all(aws, False)


def fix(aws) -> None:
    _set_all(aws, True)
