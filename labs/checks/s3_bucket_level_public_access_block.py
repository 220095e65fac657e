"""S3 buckets block public access with all four Block Public Access settings (CIS 2.1.4, FSBP S3.8).

Block Public Access is the safety net under bucket policies and ACLs: with all four settings on, a
public grant is refused when someone tries to add it, and ignored if it is already there. New
buckets get all four by default since April 2023, so a bucket without them is one that somebody
turned off.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.inventory.s3 import BLOCK_PUBLIC_ACCESS_SETTINGS

METADATA = CheckMetadata(
    id="s3_bucket_level_public_access_block",
    service="s3",
    severity="high",
    title={
        "en": "S3 buckets have all four Block Public Access settings on",
        "ko": "S3 버킷의 퍼블릭 액세스 차단 설정 4개가 모두 켜져 있습니다",
    },
    hint={
        "en": "Look at the bucket's Block Public Access configuration: each of its four settings "
        "must be true, and a bucket without any configuration counts as all false.",
        "ko": "버킷의 퍼블릭 액세스 차단 구성을 살펴보세요. 설정 4개가 모두 True여야 합니다. 구성이 "
        "아예 없는 버킷은 4개 모두 꺼진 것으로 봅니다.",
    },
    remediation=(
        's3.put_public_access_block(Bucket="{bucket}", PublicAccessBlockConfiguration={{'
        '"BlockPublicAcls": True, "IgnorePublicAcls": True, '
        '"BlockPublicPolicy": True, "RestrictPublicBuckets": True}})'
    ),
)


def check(account):
    findings = []
    for bucket in account.s3.buckets:
        settings = bucket.public_access_block or {}
        off = [name for name in BLOCK_PUBLIC_ACCESS_SETTINGS if not settings.get(name)]
        if not off:
            findings.append(passed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} has all four Block Public Access settings on.",
                f"버킷 {bucket.name}의 퍼블릭 액세스 차단 설정 4개가 모두 켜져 있습니다.",
            ))
        else:
            findings.append(failed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} has Block Public Access off for: {', '.join(off)}.",
                f"버킷 {bucket.name}에서 꺼져 있는 퍼블릭 액세스 차단 설정: {', '.join(off)}.",
            ))
    return findings
