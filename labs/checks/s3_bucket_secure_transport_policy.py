"""S3 buckets refuse requests that do not use TLS (CIS 2.1.1, FSBP S3.5).

S3 answers plain HTTP as readily as HTTPS. Only the bucket policy can refuse it: a Deny for every
principal and every S3 action when the condition key aws:SecureTransport is false.
"""

from labs.checks import CheckMetadata, failed, passed

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


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _applies_to_everyone(statement) -> bool:
    principal = statement.get("Principal")
    return principal == "*" or (isinstance(principal, dict) and "*" in _as_list(principal.get("AWS")))


def _covers_all_s3_actions(statement) -> bool:
    return any(action in ("*", "s3:*") for action in _as_list(statement.get("Action", [])))


def _covers_objects(statement, bucket_name) -> bool:
    resources = _as_list(statement.get("Resource", []))
    return any(r in ("*", f"arn:aws:s3:::{bucket_name}/*", "arn:aws:s3:::*") for r in resources)


def _denies_without_tls(statement) -> bool:
    value = statement.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport")
    return str(value).lower() == "false"


def denies_insecure_transport(statement, bucket_name) -> bool:
    return (
        statement.get("Effect") == "Deny"
        and _applies_to_everyone(statement)
        and _covers_all_s3_actions(statement)
        and _covers_objects(statement, bucket_name)
        and _denies_without_tls(statement)
    )


def check(account):
    findings = []
    for bucket in account.s3.buckets:
        if any(denies_insecure_transport(s, bucket.name) for s in bucket.policy_statements):
            findings.append(passed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} denies every request made without TLS.",
                f"버킷 {bucket.name}은(는) TLS 없이 들어온 모든 요청을 거부합니다.",
            ))
        elif bucket.policy_text and bucket.policy is None:
            findings.append(failed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} has a bucket policy that is not valid JSON, so it denies nothing.",
                f"버킷 {bucket.name}의 버킷 정책이 올바른 JSON이 아니어서 아무것도 거부하지 못합니다.",
            ))
        else:
            findings.append(failed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} accepts requests over plain HTTP: its policy has no Deny on "
                "aws:SecureTransport false for all S3 actions.",
                f"버킷 {bucket.name}은(는) 평문 HTTP 요청을 받아들입니다. 버킷 정책에 모든 S3 작업에 대해 "
                "aws:SecureTransport가 false일 때 거부(Deny)하는 문이 없습니다.",
            ))
    return findings
