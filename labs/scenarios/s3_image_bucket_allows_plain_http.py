"""The app talks to S3 over HTTPS, but nothing stops a misconfigured client or an old script from
sending requests, and credentials' signatures, over plain HTTP. Only the bucket policy can refuse it."""

from labs.company import deny_plain_http, image_bucket_name
from labs.scenarios import keep_statements, read_bucket_policy_statements, write_bucket_policy_statements

BREAKS = ("s3_bucket_secure_transport_policy",)


def resource(aws) -> str:
    return image_bucket_name(aws.account_id)


def build(aws) -> None:
    keep_statements(aws.client("s3"), resource(aws), lambda s: not denies_on_transport(s))


def denies_on_transport(statement) -> bool:
    return statement.effect == "Deny" and any(c is not None and c.key == "aws:securetransport"
                                              for c in statement.conditions)


def fix(aws) -> None:
    s3, bucket = aws.client("s3"), resource(aws)
    statements = read_bucket_policy_statements(s3, bucket)
    statements.append(deny_plain_http(bucket))
    write_bucket_policy_statements(s3, bucket, statements)
