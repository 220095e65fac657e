"""The bucket a trail delivers to is not public (FSBP CloudTrail.6; CIS 3.3 in older versions).

Log files say who did what, from where, with which access key, on which resource: a map of the
account for an attacker. A log bucket must never be readable by everyone, by policy or by ACL.
Judged like s3_bucket_public_access: Block Public Access on the bucket or the account overrides
public grants.

Judged differently from Prowler's check of the same id, which fails only a bucket ACL granting
AllUsers: here the bucket policy is read too (through labs.policy, S3's meaning of public), and so
is the AuthenticatedUsers group, and Block Public Access that ignores public grants makes it pass.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.checks.lib.s3 import public_reasons, restricts_public
from labs.korean import josa

METADATA = CheckMetadata(
    id="cloudtrail_logs_s3_bucket_is_not_publicly_accessible",
    service="cloudtrail",
    severity="critical",
    title={
        "en": "The S3 buckets CloudTrail delivers to are not publicly accessible",
        "ko": "CloudTrail이 로그를 저장하는 S3 버킷에 퍼블릭 액세스가 없습니다",
    },
    hint={
        "en": "Find the trail's bucket, then read its policy and its Block Public Access settings: "
        "which statement lets anyone in, and what would stop it?",
        "ko": "추적의 버킷을 찾아 버킷 정책과 퍼블릭 액세스 차단 설정을 읽어 보세요. 어느 정책 문(Statement)이 모두에게 "
        "열어 주고 있고, 무엇이 그것을 막을 수 있을까요?",
    },
    remediation=(
        'policy = json.loads(s3.get_bucket_policy(Bucket="{log_bucket}")["Policy"]); '
        'policy["Statement"] = [s for s in policy["Statement"] if s["Effect"] == "Deny" or s.get("Principal") '
        'not in ("*", {{"AWS": "*"}})]; '
        's3.put_bucket_policy(Bucket="{log_bucket}", Policy=json.dumps(policy)); '
        's3.put_bucket_acl(Bucket="{log_bucket}", ACL="private"); '
        's3.put_public_access_block(Bucket="{log_bucket}", PublicAccessBlockConfiguration={{'
        '"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}})'
    ),
)


def check(account):
    findings = []
    account_blocks = restricts_public(account.cloudtrail.account_public_access_block)
    for trail in account.cloudtrail.trails:
        bucket = trail.bucket
        if bucket is None:
            findings.append(passed(
                METADATA, trail.name,
                f"Trail {trail.name} delivers to {trail.bucket_name}, which is not a bucket of this account to judge.",
                f"추적 {josa(trail.name, '은')} {trail.bucket_name}에 로그를 보내며, 이 계정에서 판단할 수 있는 버킷이 아닙니다.",
            ))
            continue
        if account_blocks or restricts_public(bucket.public_access_block):
            findings.append(passed(
                METADATA, trail.name,
                f"Trail {trail.name}'s bucket {bucket.name} is not public: Block Public Access overrides any public grant.",
                f"추적 {trail.name}의 버킷 {josa(bucket.name, '은')} 퍼블릭이 아닙니다. 퍼블릭 액세스 차단이 공개 권한을 "
                "무효화합니다.",
            ))
            continue
        reasons = public_reasons(bucket)
        if reasons:
            findings.append(failed(
                METADATA, trail.name,
                f"Trail {trail.name}'s log bucket {bucket.name} is public ({'; '.join(r['en'] for r in reasons)}): "
                "anyone can read the logs.",
                f"추적 {trail.name}의 로그 버킷 {josa(bucket.name, '이')} 퍼블릭입니다. "
                f"{' '.join(r['ko'] + '.' for r in reasons)} "
                "누구나 로그를 읽을 수 있습니다.",
            ))
        else:
            findings.append(passed(
                METADATA, trail.name,
                f"Trail {trail.name}'s log bucket {bucket.name} grants nothing to the public.",
                f"추적 {trail.name}의 로그 버킷 {josa(bucket.name, '은')} 퍼블릭에 아무 권한도 주지 않습니다.",
            ))
    return findings
