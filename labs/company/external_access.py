"""Who else the account lets in (chapter 09's external access): the monitoring vendor's role, the
design agency that had the images, Minho's prototype account and the backups it may still decrypt."""

from __future__ import annotations

import json

from labs.company.iam import role_exists
from labs.company.images import UPLOADS_PREFIX
from labs.company.kms import ensure_key
from labs.company.naming import key_alias, name

MONITORING_ROLE = name("monitoring")
MONITORING_VENDOR_ACCOUNT = "999988887777"
"""The monitoring service the company pays for: it reads the app server's metrics through a role."""
MONITORING_EXTERNAL_ID = "community-app-3f9c2a"
AGENCY_ACCOUNT = "111122223333"
"""The design agency that built the app's front end; its contract ended last month."""
PROTOTYPE_ACCOUNT = "444455556666"
"""Minho's personal AWS account, where the prototype ran before the company had one."""
BACKUP_KEY_ALIAS = key_alias("backups")
ANALYZER = name("account")
"""The IAM Access Analyzer whose zone of trust is the account (labs/access_analyzer.py)."""


def create_monitoring_role(aws) -> str:
    """The monitoring vendor's role: its account may assume it with the external id the vendor was
    given, and read metrics. The company agreed to this one. Idempotent."""
    iam = aws.client("iam")
    if role_exists(iam, MONITORING_ROLE):
        return MONITORING_ROLE
    trust = {"Version": "2012-10-17", "Statement": [{
        "Sid": "MonitoringVendor", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{MONITORING_VENDOR_ACCOUNT}:root"},
        "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": MONITORING_EXTERNAL_ID}}}]}
    iam.create_role(RoleName=MONITORING_ROLE, AssumeRolePolicyDocument=json.dumps(trust),
                    Description="The monitoring vendor reads the app's metrics")
    iam.put_role_policy(RoleName=MONITORING_ROLE, PolicyName="read-metrics", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
            "cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "ec2:DescribeInstances"]}]}))
    return MONITORING_ROLE


def agency_statement(bucket: str) -> dict:
    return {"Sid": "AgencyReadsUploads", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{AGENCY_ACCOUNT}:root"},
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/{UPLOADS_PREFIX}*"]}


def backup_key_policy(account_id: str) -> dict:
    """The key policy of the colleague's backup key: the account administers it, and Minho's
    prototype account may still decrypt with it."""
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "PrototypeAccountRestores", "Effect": "Allow",
         "Principal": {"AWS": f"arn:aws:iam::{PROTOTYPE_ACCOUNT}:root"},
         "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant"], "Resource": "*"},
    ]}


def create_backup_key(aws) -> str:
    """A customer managed key for backups (idempotent); its policy as `backup_key_policy`."""
    return ensure_key(aws, BACKUP_KEY_ALIAS, "Backups of the community app", policy=backup_key_policy(aws.account_id))

__all__ = ["MONITORING_ROLE", "MONITORING_VENDOR_ACCOUNT", "MONITORING_EXTERNAL_ID", "AGENCY_ACCOUNT", "PROTOTYPE_ACCOUNT",
           "BACKUP_KEY_ALIAS", "ANALYZER", "create_monitoring_role", "agency_statement", "backup_key_policy",
           "create_backup_key"]
