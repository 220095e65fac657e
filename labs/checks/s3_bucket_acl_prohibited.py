"""S3 buckets have ACLs disabled (FSBP S3.12).

With Object Ownership set to "bucket owner enforced", S3 ignores every ACL and refuses new ones,
so access is decided by policies alone: one place to read instead of one per object. It has been
the default for new buckets since April 2023.
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="s3_bucket_acl_prohibited",
    service="s3",
    severity="medium",
    title={
        "en": "S3 buckets have ACLs disabled (Object Ownership: bucket owner enforced)",
        "ko": "S3 버킷의 ACL이 비활성화되어 있습니다 (객체 소유권: 버킷 소유자 적용)",
    },
    hint={
        "en": "ACLs are switched off through the bucket's Object Ownership setting; look at which "
        "of its three values leaves no ACL in force.",
        "ko": "ACL은 버킷의 객체 소유권 설정으로 끕니다. 세 가지 값 중 어떤 값이 ACL을 전혀 적용하지 "
        "않는지 찾아보세요.",
    },
    remediation=(
        's3.put_bucket_ownership_controls(Bucket="{bucket}", '
        'OwnershipControls={{"Rules": [{{"ObjectOwnership": "BucketOwnerEnforced"}}]}})'
    ),
)


def check(account):
    findings = []
    for bucket in account.s3.buckets:
        if bucket.object_ownership == "BucketOwnerEnforced":
            findings.append(passed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} has ACLs disabled.",
                f"버킷 {bucket.name}의 ACL이 비활성화되어 있습니다.",
            ))
        else:
            setting = bucket.object_ownership or "not set"
            findings.append(failed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} still honours ACLs (Object Ownership: {setting}).",
                f"버킷 {bucket.name}에는 아직 ACL이 적용됩니다(객체 소유권: {setting}).",
            ))
    return findings
