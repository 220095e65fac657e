"""S3 buckets are not open to the public, by bucket policy or by ACL (FSBP S3.2, S3.3).

A bucket is public when its policy allows anyone ("Principal": "*") without a condition that
narrows who that is, or when its ACL grants AllUsers or AuthenticatedUsers. Block Public Access
overrides both: with IgnorePublicAcls and RestrictPublicBuckets on, for the bucket or the account,
S3 disregards the public grants (Prowler judges it the same way).
"""

from policyuniverse.policy import Policy

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="s3_bucket_public_access",
    service="s3",
    severity="critical",
    title={
        "en": "S3 buckets are not publicly accessible through their policy or ACL",
        "ko": "S3 버킷이 버킷 정책이나 ACL로 퍼블릭에 공개되어 있지 않습니다",
    },
    hint={
        "en": "Two things can open a bucket to everyone: a policy statement whose Principal is * "
        "and an ACL grant to a global group. Read both, then remove what opens it.",
        "ko": "버킷을 모두에게 여는 것은 두 가지입니다. Principal이 *인 정책 문과, 전역 그룹에 준 ACL "
        "권한입니다. 둘 다 읽어 보고 버킷을 여는 부분을 없애세요.",
    },
    remediation='s3.delete_bucket_policy(Bucket="{bucket}"); s3.put_bucket_acl(Bucket="{bucket}", ACL="private")',
)


def _restricts_public(block) -> bool:
    block = block or {}
    return bool(block.get("IgnorePublicAcls")) and bool(block.get("RestrictPublicBuckets"))


def public_policy_statements(bucket) -> list[str]:
    """Sids (or positions) of the statements that let anyone in; policyuniverse judges each one,
    including conditions such as aws:SourceIp or aws:SourceVpc that narrow "anyone"."""
    found = []
    for position, statement in enumerate(bucket.policy_statements, start=1):
        single = {"Version": "2012-10-17", "Statement": [statement]}
        if statement.get("Effect") == "Allow" and Policy(single).is_internet_accessible():
            found.append(statement.get("Sid") or f"statement {position}")
    return found


def check(account):
    findings = []
    account_blocks = _restricts_public(account.s3.account_public_access_block)
    for bucket in account.s3.buckets:
        if account_blocks or _restricts_public(bucket.public_access_block):
            where = "the account" if account_blocks else "the bucket"
            where_ko = "계정" if account_blocks else "버킷"
            findings.append(passed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} is not public: Block Public Access on {where} overrides any public grant.",
                f"버킷 {bucket.name}은(는) 퍼블릭이 아닙니다. {where_ko}의 퍼블릭 액세스 차단이 공개 권한을 무효화합니다.",
            ))
            continue
        reasons_en, reasons_ko = [], []
        statements = public_policy_statements(bucket)
        if statements:
            reasons_en.append(f"its policy lets anyone in ({', '.join(statements)})")
            reasons_ko.append(f"버킷 정책의 문({', '.join(statements)})이 모든 사람의 접근을 허용함")
        for grantee, permission in bucket.public_acl_grants:
            reasons_en.append(f"its ACL grants {permission} to {grantee['en']}")
            reasons_ko.append(f"ACL이 {grantee['ko']}에게 {permission} 권한을 부여함")
        if reasons_en:
            findings.append(failed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} is public: {'; '.join(reasons_en)}.",
                f"버킷 {bucket.name}은(는) 퍼블릭입니다: {', '.join(reasons_ko)}.",
            ))
        else:
            findings.append(passed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} grants nothing to the public in its policy or ACL.",
                f"버킷 {bucket.name}은(는) 정책과 ACL 어디에서도 퍼블릭에 권한을 주지 않습니다.",
            ))
    return findings
