"""A colleague needed the app's images on the web quickly and made the bucket readable by anyone
with a bucket policy: "Principal": "*" and s3:GetObject on every object. Every upload, including
the ones users thought were private, is now one URL away from the whole internet."""

from labs.company import image_bucket_name
from labs.policy import public_grant
from labs.scenarios import add_public_read_statement, keep_statements

BREAKS = ("s3_bucket_public_access",)
ALSO_BREAKS = (("accessanalyzer_enabled_without_findings", lambda aws: aws.account_id),)
"""Where an analyzer runs (chapter 09 on), the public statement is one of its external access findings."""
SID = "PublicReadForAppImages"


def resource(aws) -> str:
    return image_bucket_name(aws.account_id)


def build(aws) -> None:
    add_public_read_statement(aws.client("s3"), resource(aws), SID)


def fix(aws) -> None:
    keep_statements(aws.client("s3"), resource(aws), lambda s: public_grant(s) is None)
