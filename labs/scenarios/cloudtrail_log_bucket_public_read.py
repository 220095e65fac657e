"""To let a contractor "have a look at the logs" without an AWS account, the colleague turned off
Block Public Access on the log bucket and added a statement that lets anyone read every object in
it: every API call of the company, with user names, addresses and access key ids, is public."""

from labs import company
from labs.cloudtrail import recorder
from labs.inventory.s3 import BLOCK_PUBLIC_ACCESS_ALL_ON as ALL_ON
from labs.scenarios import add_public_read_statement, keep_statements

BREAKS = ("cloudtrail_logs_s3_bucket_is_not_publicly_accessible",)
ALSO_BREAKS = (
    ("s3_bucket_public_access", lambda aws: company.cloudtrail_bucket_name(aws.account_id)),
    ("s3_bucket_level_public_access_block", lambda aws: company.cloudtrail_bucket_name(aws.account_id)),
    ("accessanalyzer_enabled_without_findings", lambda aws: aws.account_id),
)
"""The log bucket public and its Block Public Access off (chapter 08's checks), and, where an analyzer runs
(chapter 09 on), the public statement as an external access finding."""
SID = "ContractorCanReadLogs"
# Last week, mid-afternoon (UTC; 15:40 in Seoul): "who changed the log bucket last week?"
STORY_DAYS_AGO, STORY_AT = 6, "06:40"


def resource(aws) -> str:
    return company.TRAIL_NAME


def build(aws) -> None:
    company.create_trail(aws)
    s3, bucket = aws.client("s3"), company.cloudtrail_bucket_name(aws.account_id)
    with recorder.story_time(days_ago=STORY_DAYS_AGO, at=STORY_AT):
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={k: False for k in ALL_ON})
        add_public_read_statement(s3, bucket, SID)


def fix(aws) -> None:
    s3, bucket = aws.client("s3"), company.cloudtrail_bucket_name(aws.account_id)
    keep_statements(s3, bucket, lambda s: s.sid != SID)
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=ALL_ON)
