"""S3 buckets encrypt new objects with a KMS key by default (FSBP S3.17).

Every bucket encrypts with S3-managed keys (SSE-S3) since January 2023. SSE-KMS adds what SSE-S3
cannot: a key policy that decides who may decrypt, and a CloudTrail record of every use of the key.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="s3_bucket_kms_encryption",
    service="s3",
    severity="medium",
    title={
        "en": "S3 buckets encrypt new objects with a KMS key by default",
        "ko": "S3 버킷이 새 객체를 기본적으로 KMS 키로 암호화합니다",
    },
    hint={
        "en": "Read the bucket's default encryption rule: which algorithm does it name, and does "
        "it name a key of yours? You will need a key from KMS first.",
        "ko": "버킷의 기본 암호화 규칙을 읽어 보세요. 어떤 알고리즘을 쓰고, 여러분의 키를 지정하고 "
        "있나요? 먼저 KMS에서 키가 하나 필요합니다.",
    },
    remediation=(
        's3.put_bucket_encryption(Bucket="{bucket}", ServerSideEncryptionConfiguration={{"Rules": [{{'
        '"ApplyServerSideEncryptionByDefault": {{"SSEAlgorithm": "aws:kms", '
        '"KMSMasterKeyID": kms.create_key()["KeyMetadata"]["Arn"]}}, "BucketKeyEnabled": True}}]}})'
    ),
)

KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")


def check(account):
    findings = []
    for bucket in account.s3.buckets:
        defaults = [rule.get("ApplyServerSideEncryptionByDefault", {}) for rule in bucket.default_encryption]
        kms = [d for d in defaults if d.get("SSEAlgorithm") in KMS_ALGORITHMS]
        if kms:
            key = kms[0].get("KMSMasterKeyID") or "the AWS managed key aws/s3"
            findings.append(passed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} encrypts new objects with KMS ({key}).",
                f"버킷 {josa(bucket.name, '은')} 새 객체를 KMS로 암호화합니다 ({key}).",
            ))
        else:
            algorithm = defaults[0].get("SSEAlgorithm") if defaults else "AES256"
            algorithm = "AES256 (SSE-S3)" if algorithm == "AES256" else algorithm
            findings.append(failed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} encrypts new objects with {algorithm}, not with a KMS key.",
                f"버킷 {josa(bucket.name, '은')} 새 객체를 KMS 키가 아니라 {josa(algorithm, '으로')} 암호화합니다.",
            ))
    return findings
