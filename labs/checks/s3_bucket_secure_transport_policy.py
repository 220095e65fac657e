"""S3 buckets refuse requests that do not use TLS (CIS 2.1.1, FSBP S3.5).

S3 answers plain HTTP as readily as HTTPS. Only the bucket policy can refuse it: an explicit Deny
that applies when the global condition key aws:SecureTransport is false. The lab asks the policy
engine what the policy does rather than how it is spelled: every S3 action, on the bucket and on
its objects, by the account's own users, by another account and by an anonymous caller, must be
denied explicitly over plain HTTP. So a Deny written with Bool or BoolIfExists, with "false" or
["false"], with the key in any case, or as two statements (bucket and objects), all pass; a Deny
on the objects alone, or on some actions only, does not. (Prowler looks for one statement of the
documented shape: Deny, Principal "*", Action "s3:*" or "*", the Bool condition.)
"""

from labs.checks import CheckMetadata, failed, passed
from labs.checks.lib.s3 import plain_http_allowed, unreadable
from labs.korean import josa
METADATA = CheckMetadata(
    id="s3_bucket_secure_transport_policy",
    service="s3",
    severity="medium",
    title={
        "en": "S3 buckets deny requests made without TLS",
        "ko": "S3 버킷이 TLS를 사용하지 않는 요청을 거부합니다",
    },
    hint={
        "en": "Only a bucket policy statement can refuse plain HTTP: think about its Effect, who it "
        "applies to, and the global condition key that tells whether the request used TLS.",
        "ko": "평문 HTTP를 거부할 수 있는 것은 버킷 정책 문(Statement)뿐입니다. Effect, 누구에게 "
        "적용할지, 그리고 요청이 TLS를 썼는지 알려 주는 전역 조건 키를 생각해 보세요.",
    },
    remediation=(
        's3.put_bucket_policy(Bucket="{bucket}", Policy=json.dumps({{"Version": "2012-10-17", '
        '"Statement": [{{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", '
        '"Action": "s3:*", "Resource": ["arn:aws:s3:::{bucket}", "arn:aws:s3:::{bucket}/*"], '
        '"Condition": {{"Bool": {{"aws:SecureTransport": "false"}}}}}}]}}))'
    ),
)


def check(account):
    findings = []
    for bucket in account.s3.buckets:
        allowed = plain_http_allowed(bucket, account.account_id)
        problems = unreadable(bucket)
        if not allowed:
            findings.append(passed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} denies every request made without TLS.",
                f"버킷 {josa(bucket.name, '은')} TLS 없이 들어온 모든 요청을 거부합니다.",
            ))
        elif problems and not bucket.policy_document.statements:
            findings.append(failed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} has a bucket policy that cannot be read ({problems[0]['en']}), so it denies nothing.",
                f"버킷 {bucket.name}의 버킷 정책을 읽을 수 없어({problems[0]['ko']}) 아무것도 거부하지 못합니다.",
            ))
        elif allowed == ["s3:*"]:
            findings.append(failed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} accepts requests over plain HTTP: its policy has no Deny for when "
                "aws:SecureTransport is false.",
                f"버킷 {josa(bucket.name, '은')} 평문 HTTP 요청을 받아들입니다. 버킷 정책에 aws:SecureTransport가 "
                "false일 때 거부(Deny)하는 문(Statement)이 없습니다.",
            ))
        else:
            shown = ", ".join(allowed[:3]) + (f" and {len(allowed) - 3} more" if len(allowed) > 3 else "")
            shown_ko = ", ".join(allowed[:3]) + (f" 외 {len(allowed) - 3}개" if len(allowed) > 3 else "")
            findings.append(failed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} still accepts some requests over plain HTTP ({shown}): the Deny on "
                "aws:SecureTransport false must cover every S3 action, on the bucket and on its objects, for every caller.",
                f"버킷 {josa(bucket.name, '은')} 아직 일부 요청을 평문 HTTP로 받아들입니다({shown_ko}). aws:SecureTransport가 "
                "false일 때의 Deny는 버킷과 객체 모두에 대해, 모든 호출자의 모든 S3 작업에 적용되어야 합니다.",
            ))
    return findings
