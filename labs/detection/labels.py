"""Records whose answer is known, for scoring a rule: the lab's own (the incident's trail and
variants of its events an attacker might use instead) and real ones (Panther's rule tests, whose
labels say whether Panther's rule for the same intent should fire; Stratus Red Team's detonations).

An intent's labeller says, for one record, True (a rule for this intent must fire), False (it must
not) or None (either is defensible: UpdateTrail can blind a trail, or be routine)."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "cloudtrail"
PANTHER = DATA / "panther-labelled"


def _identity_name(record: dict) -> str | None:
    identity = record.get("userIdentity") or {}
    if identity.get("userName"):
        return identity["userName"]
    arn = identity.get("arn") or ""
    return arn.rsplit("/", 1)[-1] if ":user/" in arn else None


def trail_tampering(record: dict):
    name = record.get("eventName")
    if record.get("eventSource") != "cloudtrail.amazonaws.com":
        return False
    if name in ("StopLogging", "DeleteTrail"):
        return True
    if name in ("UpdateTrail", "PutEventSelectors", "PutInsightSelectors"):
        return None
    return False


def key_for_another_user(record: dict):
    if record.get("eventName") != "CreateAccessKey" or record.get("eventSource") != "iam.amazonaws.com":
        return False
    target = (record.get("requestParameters") or {}).get("userName")
    if not target or target == _identity_name(record):
        return False
    return None if record.get("errorCode") else True


def snapshot_shared(record: dict):
    if record.get("eventName") != "ModifySnapshotAttribute":
        return False
    added = (((record.get("requestParameters") or {}).get("createVolumePermission") or {}).get("add") or {})
    items = [i for i in added.get("items", []) if isinstance(i, dict)]
    if any(i.get("userId") or i.get("group") == "all" for i in items):
        return True
    return False


def console_login_without_mfa(record: dict):
    if record.get("eventName") != "ConsoleLogin":
        return False
    extra = record.get("additionalEventData") or {}
    if (record.get("responseElements") or {}).get("ConsoleLogin") != "Success":
        return False
    if extra.get("SamlProviderArn") or (record.get("userIdentity") or {}).get("type") == "AssumedRole":
        return False
    return extra.get("MFAUsed") != "Yes"


INTENTS = {
    "trail_tampering": trail_tampering,
    "key_for_another_user": key_for_another_user,
    "snapshot_shared": snapshot_shared,
    "console_login_without_mfa": console_login_without_mfa,
}
PANTHER_RULES = {
    "trail_tampering": ("AWS.CloudTrail.Stopped",),
    "key_for_another_user": ("AWS.IAM.Backdoor.User.Keys",),
    "snapshot_shared": ("AWS.CloudTrail.SnapshotMadePublic",),
    "console_login_without_mfa": ("AWS.Console.LoginWithoutMFA",),
}


def variants(records: list[dict]) -> list[dict]:
    """Events an attacker (or the team) might produce instead of the incident's: other identities,
    regions and outcomes, so that a rule fitted to the night's exact values is caught out."""
    made = []

    def like(name, **changes):
        base = next((r for r in records if r.get("eventName") == name), None)
        if base is None:
            return None
        record = copy.deepcopy(base)
        for path, value in changes.items():
            target = record
            keys = path.split(".")
            for key in keys[:-1]:
                if not isinstance(target.get(key), dict):
                    target[key] = {}
                target = target[key]
            if value is _DELETE:
                target.pop(keys[-1], None)
            else:
                target[keys[-1]] = value
        record["eventID"] = f"variant-{len(made)}"
        made.append(record)
        return record

    role = {"type": "AssumedRole", "arn": "arn:aws:sts::123456789012:assumed-role/ci-runner/build-7",
            "principalId": "AROAEXAMPLEROLE:build-7", "accountId": "123456789012", "accessKeyId": "ASIAEXAMPLEROLE0001"}
    # Trail tampering: stopped by a role in another region; deleted outright; a failed stop; started (benign).
    like("StopLogging", userIdentity=role, awsRegion="eu-west-1")
    like("StopLogging", errorCode="AccessDenied", errorMessage="not authorized")
    like("StopLogging", eventName="DeleteTrail")
    like("StopLogging", eventName="StartLogging")
    like("StopLogging", eventName="UpdateTrail")
    like("DescribeTrails", eventName="GetTrailStatus")
    # Keys: made for oneself (the pipeline rotating its key), with no userName (oneself too), for a user
    # whose name the caller's name contains (jackson/jack), and refused.
    like("CreateAccessKey", **{"requestParameters.userName": "deploy-bot",
                               "responseElements.accessKey.userName": "deploy-bot"})
    like("CreateAccessKey", requestParameters=None, **{"responseElements.accessKey.userName": "deploy-bot"})
    like("CreateAccessKey", **{"userIdentity.userName": "jackson", "userIdentity.arn":
                               "arn:aws:iam::123456789012:user/jackson", "requestParameters.userName": "jack",
                               "responseElements.accessKey.userName": "jack"})
    like("CreateAccessKey", userIdentity=role, **{"requestParameters.userName": "jiyoung",
                                                  "responseElements.accessKey.userName": "jiyoung"})
    like("CreateAccessKey", errorCode="LimitExceededException", responseElements=None)
    # Snapshots: made public; shared by another caller; unshared (the response, benign).
    like("ModifySnapshotAttribute", **{"requestParameters.createVolumePermission": {"add": {"items": [{"group": "all"}]}}})
    like("ModifySnapshotAttribute", userIdentity=role, awsRegion="us-west-2")
    like("ModifySnapshotAttribute", **{"requestParameters.createVolumePermission":
                                       {"remove": {"items": [{"userId": "613953286316"}]}}})
    like("CreateSnapshot", eventName="CopySnapshot")
    return made


_DELETE = object()


def lab_set(records: list[dict], intent: str) -> list[tuple[dict, object]]:
    """The incident's records and their variants, labelled for `intent`."""
    label = INTENTS[intent]
    every = list(records) + variants(records)
    return [(r, label(r)) for r in every]


def panther_set(intent: str) -> list[tuple[dict, bool]]:
    """Panther's test events for the rule with the same intent, with Panther's expected outcome."""
    records = json.loads((PANTHER / "panther_cloudtrail_test_events.json").read_text())["Records"]
    wanted = PANTHER_RULES[intent]
    with (PANTHER / "panther_cloudtrail_test_labels.csv").open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["rule_id"] in wanted]
    return [(records[int(row["idx"])], row["expected"] == "True") for row in rows]
