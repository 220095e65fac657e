"""The IAM credential report as a real account's would read: moto's report, the root user's row,
and the dates of the company's history.

moto's `get_credential_report` lists every IAM user with real MFA and key status, but (moto 5.2.5,
measured) it has no `<root_account>` row, and every date in it is the moment the lab built the
account, so nothing is ever 90 days old. The lab therefore starts from moto's report, keeps its
columns (the real report's, in the real order), puts the root user's row first (from
`labs.root_user`), and replaces dates with the ones the chapter's story gives (`IamHistory`: "this
user was created 200 days ago, this key last used 120 days ago"). moto cannot store a creation date
in the past, so those dates live in the lab, and the chapter says so.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, field
from datetime import datetime

from labs.root_user import days_ago

COLUMNS = (
    "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
    "password_next_rotation", "mfa_active", "access_key_1_active", "access_key_1_last_rotated",
    "access_key_1_last_used_date", "access_key_1_last_used_region", "access_key_1_last_used_service",
    "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
    "access_key_2_last_used_region", "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated",
    "cert_2_active", "cert_2_last_rotated",
)
ROOT_NAME = "<root_account>"


@dataclass
class IamHistory:
    """What happened before the lab built the account: dates moto cannot store, per user and key."""

    users: dict = field(default_factory=dict)
    """user name -> {"created": datetime, "password_last_used": datetime, "password_last_changed": datetime}"""
    keys: dict = field(default_factory=dict)
    """access key id -> {"rotated": datetime, "used": datetime, "service": str, "region": str}"""

    def __post_init__(self):
        # The newest history is the running lab's: labs.start makes a new one with every account.
        _CURRENT[0] = self

    def used(self, key_id: str, service: str, region: str = "ap-northeast-2") -> None:
        """The key was used just now (the app's calls with it)."""
        entry = self.keys.setdefault(key_id, {})
        entry.update(used=days_ago(0), service=service, region=region)

    def user(self, name: str, created_days_ago: float, password_last_used_days_ago: float | None = None) -> None:
        entry = self.users.setdefault(name, {})
        entry["created"] = entry["password_last_changed"] = days_ago(created_days_ago)
        if password_last_used_days_ago is not None:
            entry["password_last_used"] = days_ago(password_last_used_days_ago)

    def key(self, key_id: str, created_days_ago: float, used_days_ago: float | None = None,
            service: str = "s3", region: str = "ap-northeast-2") -> None:
        entry = {"rotated": days_ago(created_days_ago)}
        if used_days_ago is not None:
            entry.update(used=days_ago(used_days_ago), service=service, region=region)
        self.keys[key_id] = entry


_CURRENT: list = [None]


def current_history() -> IamHistory | None:
    """The running lab's history (for the lab's answer to GetAccessKeyLastUsed)."""
    return _CURRENT[0]


def _iso(value: datetime | None, none: str = "N/A") -> str:
    return value.replace(microsecond=0).isoformat() if value else none


def moto_report(iam) -> bytes:
    """moto's own report, generated and fetched as on AWS (generation is asynchronous there)."""
    for _ in range(20):
        if iam.generate_credential_report()["State"] == "COMPLETE":
            break
        time.sleep(0.1)
    return iam.get_credential_report()["Content"]


def root_row(root) -> dict:
    keys = sorted(root.access_keys, key=lambda k: k.create_date)[:2]
    row = dict.fromkeys(COLUMNS, "N/A")
    row.update({
        "user": ROOT_NAME,
        "arn": root.arn,
        "user_creation_time": _iso(root.created),
        "password_enabled": "not_supported",
        "password_last_used": _iso(root.password_last_used, "no_information"),
        "password_last_changed": "not_supported",
        "password_next_rotation": "not_supported",
        "mfa_active": str(root.mfa_active).lower(),
        "cert_1_active": "false",
        "cert_2_active": "false",
    })
    for number in (1, 2):
        prefix = f"access_key_{number}"
        row[f"{prefix}_active"] = "false"
        if number <= len(keys):
            key = keys[number - 1]
            row[f"{prefix}_active"] = str(key.status == "Active").lower()
            row[f"{prefix}_last_rotated"] = _iso(key.create_date)
            row[f"{prefix}_last_used_date"] = _iso(key.last_used_date)
            row[f"{prefix}_last_used_region"] = key.last_used_region or "N/A"
            row[f"{prefix}_last_used_service"] = key.last_used_service or "N/A"
    return row


def report_rows(aws) -> list[dict]:
    """Every row of the credential report: the root user first, then moto's users with the story's dates."""
    iam = aws.client("iam")
    history: IamHistory = aws.history
    rows = [root_row(aws.root)]
    for row in csv.DictReader(io.StringIO(moto_report(iam).decode())):
        name = row["user"]
        past = history.users.get(name, {})
        if "created" in past:
            row["user_creation_time"] = _iso(past["created"])
        if row["password_enabled"] == "true":
            row["password_last_changed"] = _iso(past.get("password_last_changed")) if past else row["password_last_changed"]
            row["password_last_used"] = _iso(past.get("password_last_used"), "no_information")
        keys = iam.list_access_keys(UserName=name)["AccessKeyMetadata"]
        for number, key in enumerate(sorted(keys, key=lambda k: k["CreateDate"])[:2], start=1):
            prefix = f"access_key_{number}"
            entry = history.keys.get(key["AccessKeyId"], {})
            if "rotated" in entry:
                row[f"{prefix}_last_rotated"] = _iso(entry["rotated"])
            if "used" in entry:
                row[f"{prefix}_last_used_date"] = _iso(entry["used"])
                row[f"{prefix}_last_used_region"] = entry["region"]
                row[f"{prefix}_last_used_service"] = entry["service"]
            else:
                row[f"{prefix}_last_used_date"] = "N/A"
                row[f"{prefix}_last_used_region"] = row[f"{prefix}_last_used_service"] = "N/A"
        rows.append({column: row.get(column, "N/A") for column in COLUMNS})
    return rows


def report_csv(aws) -> bytes:
    """The report as `iam.get_credential_report()["Content"]` holds it: CSV bytes."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(report_rows(aws))
    return out.getvalue().encode()
