"""What the account shares outside itself, one decision at a time. The monitoring vendor's role
(agreed, with an external id) sits next to three shares nobody decided on: the design agency can
still read every upload although its contract ended, Minho's personal prototype account can still
decrypt with the backup key, and a snapshot of the app server's disk, taken before the move, was
made public "for a minute" so the agency could copy it."""

import json

from labs import access_analyzer, company
from labs.policy import parse
from labs.scenarios import read_bucket_policy_statements, write_bucket_policy_statements

BREAKS = ("accessanalyzer_enabled_without_findings",)
MONITORING_REASON = "The monitoring vendor's role: contract in force, they must present our external id."


def resource(aws) -> str:
    return aws.account_id


def build(aws) -> None:
    company.create_monitoring_role(aws)
    s3, bucket = aws.client("s3"), company.image_bucket_name(aws.account_id)
    statements = read_bucket_policy_statements(s3, bucket)
    write_bucket_policy_statements(s3, bucket, statements + [company.agency_statement(bucket)])
    company.create_backup_key(aws)
    aws.client("ec2").modify_snapshot_attribute(
        SnapshotId=company.create_app_disk_snapshot(aws), Attribute="createVolumePermission",
        OperationType="add", GroupNames=["all"])


def fix(aws) -> None:
    s3, bucket = aws.client("s3"), company.image_bucket_name(aws.account_id)
    kept = [s.raw for s in parse(json.dumps({"Statement": read_bucket_policy_statements(s3, bucket)})).statements
            if s.sid != "AgencyReadsUploads"]
    write_bucket_policy_statements(s3, bucket, kept)
    policy = company.backup_key_policy(aws.account_id)
    policy["Statement"] = [s.raw for s in parse(policy).statements if s.sid != "PrototypeAccountRestores"]
    aws.client("kms").put_key_policy(KeyId=company.create_backup_key(aws), PolicyName="default", Policy=json.dumps(policy))
    aws.client("ec2").modify_snapshot_attribute(
        SnapshotId=company.create_app_disk_snapshot(aws), Attribute="createVolumePermission",
        OperationType="remove", GroupNames=["all"])
    analyzer = access_analyzer.client(aws)
    if not analyzer.list_analyzers()["analyzers"]:
        analyzer.create_analyzer(analyzerName=company.ANALYZER, type="ACCOUNT")
    arn = analyzer.list_analyzers()["analyzers"][0]["arn"]
    role = f"arn:aws:iam::{aws.account_id}:role/{company.MONITORING_ROLE}"
    analyzer.update_findings(analyzerArn=arn, resourceArn=role, status="ARCHIVED", reason=MONITORING_REASON)
