"""The account blocks public access for every bucket (CIS 2.1.4, FSBP S3.1).

The account-level Block Public Access settings apply to every bucket, existing and future, and
override each bucket's own settings. One call protects buckets that nobody has created yet.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.inventory.s3 import BLOCK_PUBLIC_ACCESS_SETTINGS
from labs.korean import josa

METADATA = CheckMetadata(
    id="s3_account_level_public_access_blocks",
    service="s3",
    severity="high",
    title={
        "en": "The account has all four S3 Block Public Access settings on",
        "ko": "계정 수준의 S3 퍼블릭 액세스 차단 설정 4개가 모두 켜져 있습니다",
    },
    hint={
        "en": "Account-wide settings live in the S3 Control API, which takes the account id "
        "rather than a bucket name; get the account id from STS.",
        "ko": "계정 전체 설정은 버킷 이름 대신 계정 ID를 받는 S3 Control API에 있습니다. 계정 ID는 "
        "STS에서 얻을 수 있습니다.",
    },
    remediation=(
        's3control.put_public_access_block(AccountId="{account_id}", PublicAccessBlockConfiguration={{'
        '"BlockPublicAcls": True, "IgnorePublicAcls": True, '
        '"BlockPublicPolicy": True, "RestrictPublicBuckets": True}})'
    ),
)


def check(account):
    settings = account.s3.account_public_access_block or {}
    off = [name for name in BLOCK_PUBLIC_ACCESS_SETTINGS if not settings.get(name)]
    if not off:
        return [passed(
            METADATA, account.account_id,
            f"Account {account.account_id} blocks public access to every S3 bucket.",
            f"계정 {josa(account.account_id, '은')} 모든 S3 버킷에 대한 퍼블릭 액세스를 차단합니다.",
        )]
    return [failed(
        METADATA, account.account_id,
        f"Account {account.account_id} has account-level Block Public Access off for: {', '.join(off)}.",
        f"계정 {account.account_id}에서 꺼져 있는 계정 수준 퍼블릭 액세스 차단 설정: {', '.join(off)}.",
    )]
