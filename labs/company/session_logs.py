"""Session Manager's session logs (chapter 06): to an S3 bucket and a CloudWatch Logs group, both
encrypted with one KMS key, and Session Manager's preferences pointing at them."""

from __future__ import annotations

import json

from labs.company.buckets import bucket_exists, new_log_bucket, deny_plain_http
from labs.company.kms import ensure_key, key_arn
from labs.company.naming import bucket_name, key_alias, name

SESSION_LOG_GROUP = f"/aws/ssm/{name('sessions')}"
SESSION_KEY_ALIAS = key_alias("session-logs")
SESSION_LOG_RETENTION_DAYS = 365


def session_log_bucket_name(account_id: str) -> str:
    return bucket_name("session-logs", account_id)


def session_preferences(bucket: str, log_group: str, key_arn: str) -> dict:
    """Session Manager's preferences, as the console saves them in SSM-SessionManagerRunShell."""
    return {
        "schemaVersion": "1.0",
        "description": "Document to hold regional settings for Session Manager",
        "sessionType": "Standard_Stream",
        "inputs": {
            "s3BucketName": bucket, "s3KeyPrefix": "sessions/", "s3EncryptionEnabled": True,
            "cloudWatchLogGroupName": log_group, "cloudWatchEncryptionEnabled": True,
            "cloudWatchStreamingEnabled": True, "kmsKeyId": key_arn,
            "idleSessionTimeout": "20", "maxSessionDuration": "60", "runAsEnabled": False, "runAsDefaultUser": "",
            "shellProfile": {"linux": "", "windows": ""},
        },
    }


def create_session_logging(aws) -> str:
    """Session logs to an S3 bucket and a CloudWatch Logs group, both encrypted with one KMS key, and
    Session Manager's preferences pointing at them. Idempotent."""
    from labs.inventory.ssm import PREFERENCES_DOCUMENT

    logs, ssm = aws.client("logs"), aws.client("ssm")
    key = key_arn(aws, ensure_key(aws, SESSION_KEY_ALIAS, "Session Manager session logs"))
    bucket = session_log_bucket_name(aws.account_id)
    if not bucket_exists(aws, bucket):
        new_log_bucket(aws, bucket, key, {"Version": "2012-10-17", "Statement": [deny_plain_http(bucket)]})
    if not logs.describe_log_groups(logGroupNamePrefix=SESSION_LOG_GROUP)["logGroups"]:
        logs.create_log_group(logGroupName=SESSION_LOG_GROUP, kmsKeyId=key)
        logs.put_retention_policy(logGroupName=SESSION_LOG_GROUP, retentionInDays=SESSION_LOG_RETENTION_DAYS)
    content = json.dumps(session_preferences(bucket, SESSION_LOG_GROUP, key))
    try:
        ssm.create_document(Name=PREFERENCES_DOCUMENT, DocumentType="Session", DocumentFormat="JSON", Content=content)
    except ssm.exceptions.DocumentAlreadyExists:
        try:
            version = ssm.update_document(Name=PREFERENCES_DOCUMENT, DocumentFormat="JSON", Content=content,
                                          DocumentVersion="$LATEST")["DocumentDescription"]["DocumentVersion"]
        except ssm.exceptions.DuplicateDocumentContent:
            return PREFERENCES_DOCUMENT
        ssm.update_document_default_version(Name=PREFERENCES_DOCUMENT, DocumentVersion=version)
    return PREFERENCES_DOCUMENT

__all__ = ["SESSION_LOG_GROUP", "SESSION_KEY_ALIAS", "SESSION_LOG_RETENTION_DAYS", "session_log_bucket_name",
           "session_preferences", "create_session_logging"]
