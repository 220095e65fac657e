"""Systems Manager as the checks see it: Session Manager's preferences.

In AWS, Session Manager's preferences (session logging, encryption, idle timeout, Run As) live in a
Session document named SSM-SessionManagerRunShell, one per region, created the first time someone
saves the preferences in the console. moto stores SSM documents faithfully, so the lab reads the
same document (its default version) that Session Manager reads. moto has no Session Manager itself:
start_session and describe_instance_information are not implemented (measured).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from botocore.exceptions import ClientError

PREFERENCES_DOCUMENT = "SSM-SessionManagerRunShell"


@dataclass
class LogGroup:
    name: str
    kms_key_id: str | None


@dataclass
class SsmState:
    session_preferences: dict | None
    """The `inputs` of SSM-SessionManagerRunShell ({} when they are not JSON), or None when no preferences were
    ever saved."""
    log_groups: dict = field(default_factory=dict)
    """Every CloudWatch Logs group by name (a session log group must exist and be encrypted)."""


def collect(aws) -> SsmState:
    ssm = aws.client("ssm")
    log_groups = {
        g["logGroupName"]: LogGroup(g["logGroupName"], g.get("kmsKeyId"))
        for page in aws.client("logs").get_paginator("describe_log_groups").paginate()
        for g in page.get("logGroups", [])
    }
    try:
        document = ssm.get_document(Name=PREFERENCES_DOCUMENT, DocumentFormat="JSON")
    except ClientError as error:
        if error.response["Error"]["Code"] in ("InvalidDocument", "InvalidDocumentVersion"):
            return SsmState(session_preferences=None, log_groups=log_groups)
        raise
    try:
        content = json.loads(document["Content"])
    except ValueError:
        return SsmState(session_preferences={}, log_groups=log_groups)
    return SsmState(session_preferences=dict(content.get("inputs") or {}), log_groups=log_groups)


@dataclass
class Parameter:
    name: str
    type: str
    """String, StringList or SecureString."""
    value: str


def collect_parameters(aws, path: str) -> dict[str, Parameter]:
    """Every Parameter Store parameter under `path` (an application's configuration), by name,
    SecureString values decrypted: the lab reads them to find a password copied where it should not be."""
    ssm = aws.client("ssm")
    found = {}
    for page in ssm.get_paginator("get_parameters_by_path").paginate(Path=path, Recursive=True, WithDecryption=True):
        for entry in page.get("Parameters", []):
            found[entry["Name"]] = Parameter(entry["Name"], entry.get("Type", "String"), entry.get("Value", ""))
    return found
