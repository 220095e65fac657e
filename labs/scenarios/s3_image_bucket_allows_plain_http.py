"""The app talks to S3 over HTTPS, but nothing stops a misconfigured client or an old script from
sending requests, and credentials' signatures, over plain HTTP. Only the bucket policy can refuse it."""

from labs.checks.s3_bucket_secure_transport_policy import denies_insecure_transport
from labs.company import image_bucket_name
from labs.scenarios import read_bucket_policy_statements, write_bucket_policy_statements

BREAKS = ("s3_bucket_secure_transport_policy",)


def resource(aws) -> str:
    return image_bucket_name(aws.account_id)


def build(aws) -> None:
    s3, bucket = aws.client("s3"), resource(aws)
    statements = read_bucket_policy_statements(s3, bucket)
    write_bucket_policy_statements(s3, bucket, [s for s in statements if not denies_insecure_transport(s, bucket)])


def fix(aws) -> None:
    s3, bucket = aws.client("s3"), resource(aws)
    statements = read_bucket_policy_statements(s3, bucket)
    statements.append({
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    })
    write_bucket_policy_statements(s3, bucket, statements)
