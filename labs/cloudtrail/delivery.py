"""Log files: what a trail delivers to its S3 bucket, in CloudTrail's format and key layout.

moto stores trails and their logging status but never writes a log file. The lab does, for every
trail that is logging when a call is recorded:

- which records: management events always (moto's trails have no event selectors until you put
  some, which means "all management events", as on AWS); S3 object-level calls (data events) only
  when the trail's event selectors or advanced event selectors ask for that bucket; events of the
  trail's own region, or of every region for a multi-region trail; nothing while it is stopped;
- where: `s3://<bucket>/[<prefix>/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/`
  `<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 characters>.json.gz`, one gzipped
  `{"Records": [...]}` file per region per delivery, encrypted with SSE-KMS under the trail's KMS
  key when it has one;
- when: CloudTrail delivers about every 5 minutes. The lab delivers what is pending when 5 minutes
  have passed, and at once when you read the trail's bucket (or `labs.cloudtrail.load` does), so
  a notebook never has to wait; the records of each 5 minutes of eventTime go into a file of their
  own, named after its newest record (so the colleague's week lands in the files of its days).

The lab's own delivery calls are not recorded. Digest files (log file validation) are not
written: the lab stores the setting, the chapter explains the digest chain.
"""

from __future__ import annotations

import gzip
import json
import secrets
import string
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

from botocore.exceptions import ClientError

from labs.cloudtrail import recorder

DELIVERY_INTERVAL_SECONDS = 300
MAX_PENDING = 5000
TRAIL_CHANGING = {"CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging",
                  "PutEventSelectors", "RemoveTags", "AddTags"}


@dataclass
class TrailTarget:
    arn: str
    name: str
    home_region: str
    multi_region: bool
    bucket: str
    prefix: str
    kms_key_id: str | None
    logging: bool
    event_selectors: list = field(default_factory=list)
    advanced_event_selectors: list = field(default_factory=list)

    def covers_region(self, region: str) -> bool:
        return self.multi_region or region == self.home_region

    def wants(self, record: dict) -> bool:
        if not self.logging or not self.covers_region(record["awsRegion"]):
            return False
        if self.advanced_event_selectors:
            return any(_advanced_selector_matches(s, record) for s in self.advanced_event_selectors)
        if not self.event_selectors:
            return record["managementEvent"]
        return any(_selector_matches(s, record) for s in self.event_selectors)


def _read_write_matches(read_write: str, record: dict) -> bool:
    return read_write in (None, "All") or (read_write == "ReadOnly") == bool(record["readOnly"])


def _selector_matches(selector: dict, record: dict) -> bool:
    if not _read_write_matches(selector.get("ReadWriteType", "All"), record):
        return False
    if record["managementEvent"]:
        return selector.get("IncludeManagementEvents", True)
    arns = [r["ARN"] for r in record.get("resources", []) if r["type"] == "AWS::S3::Object"]
    bucket_arns = [r["ARN"] + "/" for r in record.get("resources", []) if r["type"] == "AWS::S3::Bucket"]
    for resource in selector.get("DataResources", []):
        if resource.get("Type") != "AWS::S3::Object":
            continue
        for value in resource.get("Values", []):
            if value in ("arn:aws:s3", "arn:aws:s3:::") or any(a.startswith(value) for a in arns + bucket_arns):
                return True
    return False


def _field_matches(field_selector: dict, value) -> bool:
    value = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    checks = [
        ("Equals", lambda v: value == v), ("StartsWith", value.startswith), ("EndsWith", value.endswith),
    ]
    for name, test in checks:
        if name in field_selector and not any(test(v) for v in field_selector[name]):
            return False
    for name, test in [("NotEquals", lambda v: value == v), ("NotStartsWith", value.startswith),
                       ("NotEndsWith", value.endswith)]:
        if name in field_selector and any(test(v) for v in field_selector[name]):
            return False
    return True


def _advanced_selector_matches(selector: dict, record: dict) -> bool:
    resources = record.get("resources", [])
    values = {
        "eventCategory": record["eventCategory"],
        "readOnly": record["readOnly"],
        "eventName": record["eventName"],
        "eventSource": record["eventSource"],
        "resources.type": resources[0]["type"] if resources else None,
        "resources.ARN": resources[0]["ARN"] if resources else None,
    }
    return all(_field_matches(f, values.get(f.get("Field"))) for f in selector.get("FieldSelectors", []))


_state = {"targets": None, "regions": set(), "oldest_pending": None}
_pending: dict[str, list[dict]] = {}
_errors: list[tuple[str, str]] = []


def clear() -> None:
    _state.update(targets=None, regions=set(), oldest_pending=None)
    _pending.clear()
    _errors.clear()


def notice_call(service: str, operation: str, region: str | None) -> None:
    """Any successful call that changes a trail makes the lab read the trails again."""
    if service == "cloudtrail" and operation in TRAIL_CHANGING:
        _state["targets"] = None
        if region:
            _state["regions"].add(region)


def targets() -> list[TrailTarget]:
    if _state["targets"] is None:
        _state["targets"] = _read_trails()
    return _state["targets"]


def _read_trails() -> list[TrailTarget]:
    found: dict[str, TrailTarget] = {}
    for region in sorted(_state["regions"] | {recorder.home_region()}):
        try:
            trails = recorder.internal_client("cloudtrail", region).describe_trails(includeShadowTrails=True)
        except ClientError:
            # An emulator without CloudTrail (LocalStack's free edition) has no trails to deliver to.
            return []
        for trail in trails.get("trailList", []):
            arn, home = trail["TrailARN"], trail.get("HomeRegion") or region
            if arn in found:
                continue
            client = recorder.internal_client("cloudtrail", home)
            try:
                status = client.get_trail_status(Name=arn)
                selectors = client.get_event_selectors(TrailName=arn)
            except ClientError:
                continue
            found[arn] = TrailTarget(
                arn=arn, name=trail["Name"], home_region=home,
                multi_region=bool(trail.get("IsMultiRegionTrail")),
                bucket=trail.get("S3BucketName", ""), prefix=trail.get("S3KeyPrefix") or "",
                kms_key_id=trail.get("KmsKeyId") or None, logging=bool(status.get("IsLogging")),
                event_selectors=selectors.get("EventSelectors") or [],
                advanced_event_selectors=selectors.get("AdvancedEventSelectors") or [],
            )
    return list(found.values())


def queue(record: dict) -> None:
    """Queue a record for every trail logging it; deliver when the interval has passed."""
    wanted = [t for t in targets() if t.wants(record) or _stops(t, record)]
    for target in wanted:
        _pending.setdefault(target.arn, []).append(record)
    if wanted and _state["oldest_pending"] is None:
        _state["oldest_pending"] = time.monotonic()
    oldest = _state["oldest_pending"]
    if oldest is not None and (time.monotonic() - oldest > DELIVERY_INTERVAL_SECONDS
                               or sum(map(len, _pending.values())) > MAX_PENDING):
        deliver_pending()


def _stops(target: TrailTarget, record: dict) -> bool:
    """A trail's own StopLogging is the last record it delivers (it is stopped by the time the
    lab reads its status again)."""
    if record["eventName"] != "StopLogging" or "errorCode" in record:
        return False
    name = (record.get("requestParameters") or {}).get("name")
    if name not in (target.name, target.arn):
        return False
    return TrailTarget(**{**target.__dict__, "logging": True}).wants(record)


def has_pending_for(bucket: str) -> bool:
    if not _pending:
        return False
    by_arn = {t.arn: t for t in targets()}
    return any(arn in by_arn and by_arn[arn].bucket == bucket for arn in _pending)


def delivery_errors() -> list[tuple[str, str]]:
    """(trail, error code) for deliveries that failed, as GetTrailStatus's LatestDeliveryError."""
    return list(_errors)


def log_key(account: str, region: str, moment, prefix: str = "") -> str:
    suffix = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16))
    folder = f"AWSLogs/{account}/CloudTrail/{region}/{moment:%Y/%m/%d}/"
    name = f"{account}_CloudTrail_{region}_{moment:%Y%m%dT%H%MZ}_{suffix}.json.gz"
    return (prefix.strip("/") + "/" if prefix.strip("/") else "") + folder + name


def _window(event_time: str) -> str:
    """The delivery a record belongs to: CloudTrail delivers about every 5 minutes
    ("2026-11-30T12:47:03Z" -> "2026-11-30T12:45")."""
    return f"{event_time[:14]}{int(event_time[14:16]) // 5 * 5:02}"


def _delivered_at(records: list[dict]) -> datetime:
    """A log file is named after its delivery, just after its newest record (a backdated story's
    records land in files of their own days, as they did)."""
    newest = max(record["eventTime"] for record in records)
    return datetime.strptime(newest, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def deliver_pending(buckets: set[str] | None = None) -> list[str]:
    """Write the pending records as log files (all of them, or those for `buckets`); their keys."""
    written = []
    by_arn = {t.arn: t for t in targets()}
    account = recorder.account_id()
    with recorder.unrecorded():
        for arn in list(_pending):
            target = by_arn.get(arn)
            if target is None:
                _pending.pop(arn)
                continue
            if buckets is not None and target.bucket not in buckets:
                continue
            records = _pending.pop(arn)
            by_file: dict[tuple, list[dict]] = {}
            for record in records:
                by_file.setdefault((record["awsRegion"], _window(record["eventTime"])), []).append(record)
            s3 = recorder.internal_client("s3", target.home_region)
            for (region, _), region_records in sorted(by_file.items(), key=lambda item: (item[0][1], item[0][0])):
                key = log_key(account, region, _delivered_at(region_records), target.prefix)
                body = gzip.compress(json.dumps({"Records": region_records}).encode(), compresslevel=6)
                extra = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": target.kms_key_id} if target.kms_key_id else {}
                try:
                    s3.put_object(Bucket=target.bucket, Key=key, Body=body, ContentType="application/json",
                                  ContentEncoding="gzip", **extra)
                    written.append(f"s3://{target.bucket}/{key}")
                except ClientError as error:
                    _errors.append((target.name, error.response["Error"]["Code"]))
    if not _pending:
        _state["oldest_pending"] = None
    return written
