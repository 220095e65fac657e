"""S3 buckets are not open to the public, by bucket policy or by ACL (FSBP S3.2, S3.3).

A bucket is public when a policy statement allows a public set of callers ("Principal": "*",
{"AWS": "*"}, a Federated identity provider, NotPrincipal with Allow) without a condition that pins
them to fixed values, as the S3 User Guide's "The meaning of public" defines it (labs.policy.public),
or when its ACL grants AllUsers or AuthenticatedUsers. Block Public Access overrides both: with
IgnorePublicAcls and RestrictPublicBuckets on, for the bucket or the account, S3 disregards the public
grants, and this check then passes, as Prowler's does. The grants are still there the day someone
turns Block Public Access off: chapter 08's exercise 8.1 asks for them to be removed, not hidden.
Object ACLs are not judged here (Prowler does not either); exercise 8.1 reads them.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.checks.lib.s3 import public_reasons, restricts_public, unreadable
from labs.korean import josa
METADATA = CheckMetadata(
    id="s3_bucket_public_access",
    service="s3",
    severity="critical",
    title={
        "en": "S3 buckets are not publicly accessible through their policy or ACL",
        "ko": "S3 버킷에 버킷 정책이나 ACL을 통한 퍼블릭 액세스가 없습니다",
    },
    hint={
        "en": "Two things can open a bucket to everyone: a policy statement whose Principal is * "
        "and an ACL grant to a global group. Read both, then remove what opens it.",
        "ko": "버킷을 모두에게 여는 것은 두 가지입니다. Principal이 *인 정책 문(Statement)과, 전역 그룹에 준 ACL "
        "권한입니다. 둘 다 읽어 보고 버킷을 여는 부분을 없애세요.",
    },
    remediation='s3.delete_bucket_policy(Bucket="{bucket}"); s3.put_bucket_acl(Bucket="{bucket}", ACL="private")',
)


def check(account):
    findings = []
    account_blocks = restricts_public(account.s3.account_public_access_block)
    for bucket in account.s3.buckets:
        if account_blocks or restricts_public(bucket.public_access_block):
            where = "the account" if account_blocks else "the bucket"
            where_ko = "계정" if account_blocks else "버킷"
            findings.append(passed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} is not public: Block Public Access on {where} overrides any public grant.",
                f"버킷 {josa(bucket.name, '은')} 퍼블릭이 아닙니다. {where_ko}의 퍼블릭 액세스 차단이 공개 권한을 무효화합니다.",
            ))
            continue
        reasons = public_reasons(bucket)
        problems = unreadable(bucket)
        note_en = f" Part of its policy cannot be read ({problems[0]['en']}) and grants nothing." if problems else ""
        note_ko = (f" 버킷 정책의 일부를 읽을 수 없어({problems[0]['ko']}) 아무 권한도 주지 않는 것으로 봅니다."
                   if problems else "")
        if reasons:
            findings.append(failed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} is public: {'; '.join(r['en'] for r in reasons)}.{note_en}",
                f"버킷 {josa(bucket.name, '은')} 퍼블릭입니다. {' '.join(r['ko'] + '.' for r in reasons)}{note_ko}",
            ))
        else:
            findings.append(passed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} grants nothing to the public in its policy or ACL.{note_en}",
                f"버킷 {josa(bucket.name, '은')} 정책과 ACL 어디에서도 퍼블릭에 권한을 주지 않습니다.{note_ko}",
            ))
    return findings
