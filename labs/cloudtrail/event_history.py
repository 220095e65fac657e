"""Event history: the last 90 days of management events, always on, one history per region,
searchable with `LookupEvents`.

moto does not implement `LookupEvents` (NotImplementedError in-process, HTTP 500 through the
server). The lab answers it itself, before the request leaves the client, from the records the
recorder made, with the real API's rules:

- management events only (data events never reach event history), of the region the client calls
  (IAM is a global service: its events are in us-east-1's history);
- at most one lookup attribute, one of the eight keys AWS accepts;
- StartTime / EndTime; newest first; MaxResults from 1 to 50 (default 50); NextToken pagination;
- each event as AWS returns it: EventId, EventName, ReadOnly ("true"/"false"), AccessKeyId,
  EventTime, EventSource, Username, Resources, and the whole record as the JSON string CloudTrailEvent.

Only calls made through this Python process reach the history: the AWS CLI in a terminal talks to
moto-server directly, and moto-server answers it with its own "not implemented".
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from datetime import datetime, timedelta, timezone

from botocore.awsrequest import AWSResponse
from botocore.utils import parse_timestamp

RETENTION = timedelta(days=90)
MAX_RESULTS = 50
LOOKUP_KEYS = ("EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName",
               "EventSource", "AccessKeyId")
# Request parameters that name the resource a call acts on, per event source.
RESOURCE_PARAMETERS = {
    "s3.amazonaws.com": [("bucketName", "AWS::S3::Bucket")],
    "cloudtrail.amazonaws.com": [("name", "AWS::CloudTrail::Trail"), ("trailName", "AWS::CloudTrail::Trail")],
    "kms.amazonaws.com": [("keyId", "AWS::KMS::Key"), ("targetKeyId", "AWS::KMS::Key"), ("aliasName", "AWS::KMS::Alias")],
    "iam.amazonaws.com": [("userName", "AWS::IAM::User"), ("roleName", "AWS::IAM::Role"),
                          ("policyArn", "AWS::IAM::Policy"), ("groupName", "AWS::IAM::Group")],
    "events.amazonaws.com": [("name", "AWS::Events::Rule"), ("rule", "AWS::Events::Rule")],
    "sqs.amazonaws.com": [("queueUrl", "AWS::SQS::Queue"), ("queueName", "AWS::SQS::Queue")],
}

_events: list[dict] = []


def clear() -> None:
    _events.clear()


def add(record: dict, moment: datetime | None = None) -> None:
    """Keep a record; its lookup fields (resources, JSON text) are worked out when first looked up."""
    if moment is None:
        moment = datetime.fromisoformat(record["eventTime"].replace("Z", "+00:00"))
    _events.append({"record": record, "time": moment, "resources": None, "json": None})


def _resources(entry: dict) -> list[dict]:
    if entry["resources"] is None:
        entry["resources"] = resources_of(entry["record"])
    return entry["resources"]


def records(region: str | None = None) -> list[dict]:
    """The history's records, oldest first (for tests and graders)."""
    return [e["record"] for e in _events if region is None or e["record"]["awsRegion"] == region]


def resources_of(record: dict) -> list[dict]:
    params = record.get("requestParameters") or {}
    found = []
    for name, resource_type in RESOURCE_PARAMETERS.get(record.get("eventSource"), []):
        value = params.get(name) if isinstance(params, dict) else None
        if isinstance(value, str) and value:
            found.append({"ResourceType": resource_type, "ResourceName": value})
    return found


def username_of(record: dict) -> str | None:
    identity = record.get("userIdentity") or {}
    if identity.get("userName"):
        return identity["userName"]
    arn = identity.get("arn") or ""
    return arn.rsplit("/", 1)[-1] if "/" in arn else None


def _matches(entry: dict, key: str, value: str) -> bool:
    record = entry["record"]
    if key == "EventId":
        return record["eventID"] == value
    if key == "EventName":
        return record["eventName"] == value
    if key == "ReadOnly":
        return str(record["readOnly"]).lower() == value.lower()
    if key == "Username":
        return username_of(record) == value
    if key == "EventSource":
        return record["eventSource"] == value
    if key == "AccessKeyId":
        return (record.get("userIdentity") or {}).get("accessKeyId") == value
    if key == "ResourceType":
        return any(r["ResourceType"] == value for r in _resources(entry))
    if key == "ResourceName":
        return any(r["ResourceName"] == value for r in _resources(entry))
    return False


def _as_event(entry: dict) -> dict:
    record = entry["record"]
    if entry["json"] is None:
        entry["json"] = json.dumps(record)
    event = {
        "EventId": record["eventID"],
        "EventName": record["eventName"],
        "ReadOnly": str(record["readOnly"]).lower(),
        "EventTime": entry["time"],
        "EventSource": record["eventSource"],
        "Resources": _resources(entry),
        "CloudTrailEvent": entry["json"],
    }
    access_key = (record.get("userIdentity") or {}).get("accessKeyId")
    if access_key:
        event["AccessKeyId"] = access_key
    username = username_of(record)
    if username:
        event["Username"] = username
    return event


def _time(value):
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else parse_timestamp(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _error(code: str, message: str):
    metadata = {"RequestId": str(uuid.uuid4()), "HTTPStatusCode": 400, "HTTPHeaders": {}, "RetryAttempts": 0}
    return (AWSResponse("https://cloudtrail.amazonaws.com/", 400, {}, None),
            {"Error": {"Code": code, "Message": message}, "ResponseMetadata": metadata})


def lookup(params: dict, region: str, now: datetime):
    """(events, next_token) or raises ValueError((code, message)) like the API would refuse."""
    attributes = params.get("LookupAttributes") or []
    if len(attributes) > 1:
        raise ValueError(("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute."))
    for attribute in attributes:
        if attribute.get("AttributeKey") not in LOOKUP_KEYS:
            raise ValueError(("InvalidLookupAttributesException",
                              f"Invalid attribute key: {attribute.get('AttributeKey')}. "
                              f"Valid keys are {', '.join(LOOKUP_KEYS)}."))
    max_results = params.get("MaxResults", MAX_RESULTS)
    if not 1 <= int(max_results) <= MAX_RESULTS:
        raise ValueError(("InvalidMaxResultsException", "Value for MaxResults must be between 1 and 50."))
    start, end = _time(params.get("StartTime")), _time(params.get("EndTime"))
    if start and end and start > end:
        raise ValueError(("InvalidTimeRangeException", "Start time must be earlier than end time."))
    if params.get("EventCategory") not in (None, "insight"):
        raise ValueError(("InvalidEventCategoryException", "Event category must be insight."))
    oldest = now - RETENTION
    query = json.dumps({k: params.get(k) for k in ("LookupAttributes", "StartTime", "EndTime", "EventCategory")},
                       default=str, sort_keys=True)
    digest = hashlib.sha256(query.encode()).hexdigest()[:16]
    # A token remembers how long the history was at the first page, so the pages of one lookup
    # stay consistent while new events (these very LookupEvents calls) are recorded.
    offset, known = 0, len(_events)
    if params.get("NextToken"):
        try:
            token = json.loads(base64.b64decode(params["NextToken"]).decode())
            assert token["q"] == digest
            offset, known = int(token["o"]), int(token["n"])
        except Exception:
            raise ValueError(("InvalidNextTokenException", "Invalid NextToken.")) from None
    if params.get("EventCategory") == "insight":
        return [], None
    selected = []
    for entry in reversed(_events[:known]):  # newest first
        if entry["record"]["awsRegion"] != region or entry["time"] < oldest:
            continue
        if start and entry["time"] < start or end and entry["time"] > end:
            continue
        if all(_matches(entry, a["AttributeKey"], a.get("AttributeValue", "")) for a in attributes):
            selected.append(entry)
    page = selected[offset:offset + int(max_results)]
    next_token = None
    if offset + int(max_results) < len(selected):
        next_token = base64.b64encode(json.dumps({"q": digest, "o": offset + int(max_results), "n": known}).encode()).decode()
    return [_as_event(e) for e in page], next_token


def answer_lookup_events(context, **_kwargs):
    """`before-call.cloudtrail.LookupEvents`: the answer, so the request never reaches moto."""
    from labs.cloudtrail import recorder

    params = context.get(recorder._PARAMS) or {}
    region = context.get("client_region") or recorder.home_region()
    try:
        events, next_token = lookup(params, region, recorder.now())
    except ValueError as refusal:
        return _error(*refusal.args[0])
    metadata = {"RequestId": str(uuid.uuid4()), "HTTPStatusCode": 200, "HTTPHeaders": {}, "RetryAttempts": 0}
    parsed = {"Events": events, "ResponseMetadata": metadata}
    if next_token:
        parsed["NextToken"] = next_token
    return AWSResponse("https://cloudtrail.amazonaws.com/", 200, {}, None), parsed
