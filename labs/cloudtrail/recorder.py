"""Every API call made through the lab becomes a CloudTrail record, in CloudTrail's own schema.

How: botocore handlers in `botocore.handlers.BUILTIN_HANDLERS` (as `labs.guard` installs its own),
so every client created after the lab starts is recorded, in-process and against moto's server:

- `before-parameter-build` keeps the call's parameters (what CloudTrail calls requestParameters);
- `before-call` keeps the SDK's User-Agent and, before an object-level call on a trail's bucket
  (listing, reading, deleting log files), delivers the log files still pending (see `delivery`);
- `after-call` turns the call and its answer (or its error) into a record, adds it to the event
  history, queues it for every trail that is logging it, and puts it on the EventBridge bus.

Who is recorded. Notebook code runs as Sungjin (`LEARNER`): an IAM user working with temporary
credentials from an MFA-authenticated session, as CIS asks of an administrator. The lab's own
calls (inventory for checks, earlier chapters' world, delivery, the loader) are not recorded:
they are the lab's machinery, not anybody's action in the story. The mistakes a chapter starts
from are recorded as the colleague who made them (`COLLEAGUE`, an IAM user with a long-term access
key and no MFA), so the history a learner investigates holds the colleague's calls, as real
CloudTrail would. The addresses are from the documentation range 203.0.113.0/24.

When. A record's eventTime is the moment its call returned; the colleague's mistakes carry the days
the chapter's story gives them (`story_time`: "a week ago", "yesterday evening"), a few seconds
apart, so that event history and the trail's log files tell that week as it happened.

What is not like AWS: records carry no `tlsDetails` (in-process moto has no TLS, moto-server is
plain HTTP), and a record is written when the call returns, not up to 5 minutes later.
"""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import botocore.handlers

EVENT_VERSION = "1.11"
HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"
# Parameters CloudTrail never writes into a record (secrets, payloads); a new key's SecretAccessKey is left out
# of the response too, as CloudTrail does.
SECRET_PARAMETERS = {"Password", "NewPassword", "OldPassword", "SecretString", "SecretBinary", "Plaintext",
                     "PrivateKey", "CertificateChain", "SSECustomerKey", "MasterUserPassword"}
DROPPED_PARAMETERS = {"Body", "ContentMD5", "SecretAccessKey", "ChecksumAlgorithm", "ChecksumCRC32", "ChecksumCRC32C",
                      "ChecksumSHA1", "ChecksumSHA256", "ExpectedBucketOwner"}
GLOBAL_SERVICES = {"iam": "us-east-1", "organizations": "us-east-1", "route53": "us-east-1",
                   "cloudfront": "us-east-1", "account": "us-east-1"}
EVENT_SOURCE = {"s3control": "s3.amazonaws.com", "cloudwatch": "monitoring.amazonaws.com"}
READ_ONLY_PREFIXES = ("Get", "List", "Describe", "Head", "Lookup", "Search", "Select", "BatchGet")
READ_ONLY_OPERATIONS = {"Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
                        "GenerateRandom", "ReEncrypt", "Sign", "Verify", "AssumeRole", "ReceiveMessage"}
# Object-level S3 calls: CloudTrail data events, recorded only by a trail whose selectors ask for them.
S3_DATA_EVENTS = {
    "AbortMultipartUpload", "CompleteMultipartUpload", "CopyObject", "CreateMultipartUpload",
    "DeleteObject", "DeleteObjects", "GetObject", "GetObjectAcl", "GetObjectAttributes",
    "GetObjectLegalHold", "GetObjectRetention", "GetObjectTagging", "HeadObject", "ListObjects",
    "ListObjectsV2", "ListObjectVersions", "ListParts", "PutObject", "PutObjectAcl",
    "PutObjectLegalHold", "PutObjectRetention", "PutObjectTagging", "RestoreObject", "UploadPart",
    "UploadPartCopy",
}
S3_DATA_EVENT_NAMES = {"ListObjectsV2": "ListObjects"}


@dataclass(frozen=True)
class Identity:
    """Who a record says made the call (userIdentity)."""

    user_name: str
    principal_id: str
    access_key_id: str
    source_ip: str
    mfa_session: bool = False
    """Temporary credentials from an MFA-authenticated session (sessionContext.attributes)."""
    role: str | None = None
    """For a role session: the role's name; `user_name` is then the session's name (an instance id for an
    EC2 instance role) and `principal_id` the role's unique id (AROA...)."""
    ec2_role_delivery: str | None = None
    """For an EC2 instance role: "2.0" when the credentials came from IMDSv2, "1.0" from IMDSv1."""

    def user_identity(self, account_id: str, session_start: str) -> dict:
        """The userIdentity block; one shared dict per identity and account (records are read, never changed)."""
        key = (self, account_id, session_start)
        if key not in _IDENTITY_BLOCKS:
            _IDENTITY_BLOCKS[key] = self._user_identity(account_id, session_start)
        return _IDENTITY_BLOCKS[key]

    def _user_identity(self, account_id: str, session_start: str) -> dict:
        if self.role:
            return self._role_identity(account_id, session_start)
        identity = {
            "type": "IAMUser",
            "principalId": self.principal_id,
            "arn": f"arn:aws:iam::{account_id}:user/{self.user_name}",
            "accountId": account_id,
            "accessKeyId": self.access_key_id,
            "userName": self.user_name,
        }
        if self.mfa_session:
            identity["sessionContext"] = {
                "sessionIssuer": {},
                "webIdFederationData": {},
                "attributes": {"creationDate": session_start, "mfaAuthenticated": "true"},
            }
        return identity

    def _role_identity(self, account_id: str, session_start: str) -> dict:
        """An AssumedRole userIdentity, as CloudTrail writes one for an EC2 instance role's session."""
        context = {
            "sessionIssuer": {"type": "Role", "principalId": self.principal_id,
                              "arn": f"arn:aws:iam::{account_id}:role/{self.role}", "accountId": account_id,
                              "userName": self.role},
            "webIdFederationData": {},
            "attributes": {"creationDate": session_start, "mfaAuthenticated": "false"},
        }
        if self.ec2_role_delivery:
            context["ec2RoleDelivery"] = self.ec2_role_delivery
        return {
            "type": "AssumedRole",
            "principalId": f"{self.principal_id}:{self.user_name}",
            "arn": f"arn:aws:sts::{account_id}:assumed-role/{self.role}/{self.user_name}",
            "accountId": account_id,
            "accessKeyId": self.access_key_id,
            "sessionContext": context,
        }


LEARNER = Identity("sungjin", "AIDA6ODU5DHTSUNGJIN", "ASIA6ODU5DHTSUNGJIN1", "203.0.113.10", mfa_session=True)
COLLEAGUE = Identity("colleague", "AIDA6ODU5DHTCOLLEAGUE", "AKIA6ODU5DHTCOLLEAGU", "203.0.113.77")

_IDENTITY_BLOCKS: dict = {}
_UNRECORDED = "labs_cloudtrail_unrecorded"
_PARAMS = "labs_cloudtrail_params"
_USER_AGENT = "labs_cloudtrail_user_agent"

_local = threading.local()
_state = {
    "account_id": "123456789012",
    "region": "ap-northeast-2",
    "session_start": None,
    "started": None,
    "installed": False,
    "enabled": False,
}
_internal_clients: dict = {}


def now() -> datetime:
    return datetime.now(timezone.utc)


def timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


_clock = {"second": None, "text": ""}
# The story's clock: while a chapter builds what the colleague did days ago, records carry those days.
_story = {"moment": None, "last": None, "calls": 0}
# Seconds between two calls of a person at work (a fixed cycle: the same story every start).
STORY_STEPS = (7, 12, 4, 9, 16, 5, 11, 6, 23, 8)


def _now_text() -> tuple[str, datetime]:
    """eventTime has a resolution of one second: format it once per second."""
    dated = getattr(_local, "at", None)
    if dated is not None:
        moment = dated.astimezone(timezone.utc).replace(microsecond=0)
        return timestamp(moment), moment
    if _story["moment"] is not None:
        return _story_time()
    moment = datetime.now(timezone.utc).replace(microsecond=0)
    if moment != _clock["second"]:
        _clock.update(second=moment, text=timestamp(moment))
    return _clock["text"], moment


def _story_time() -> tuple[str, datetime]:
    moment = _story["moment"]
    _story["last"] = moment
    _story["moment"] = moment + timedelta(seconds=STORY_STEPS[_story["calls"] % len(STORY_STEPS)])
    _story["calls"] += 1
    return timestamp(moment), moment


@contextlib.contextmanager
def story_time(days_ago: int, at: str):
    """The calls recorded inside happened `days_ago` days before the lab started, from `at` (UTC,
    "HH:MM"), a few seconds apart, as a person at work makes them: a chapter's world tells the
    colleague's week as it happened, not within one second. Blocks follow one another: a block that
    would start before the previous one ended starts a minute after it."""
    hour, minute = (int(part) for part in at.split(":"))
    today = _state["started"] or now()
    start = today.replace(hour=hour, minute=minute, second=0, microsecond=0) - timedelta(days=days_ago)
    if _story["last"] is not None and start <= _story["last"]:
        start = _story["last"] + timedelta(minutes=1)
    previous = _story["moment"]
    _story["moment"] = start
    try:
        yield
    finally:
        _story["moment"] = previous


def on_story_day(days_ago: int, at: str, create):
    """`create(aws)`, with the calls it records dated as `story_time(days_ago, at)` says."""

    def build(aws):
        with story_time(days_ago, at):
            return create(aws)

    build.__name__ = build.__qualname__ = getattr(create, "__name__", "build")
    build.__doc__ = create.__doc__
    return build


# --- who is acting --------------------------------------------------------------------------

def _acting() -> Identity | None:
    return getattr(_local, "acting_as", None)


@contextlib.contextmanager
def acting_as(identity: Identity):
    """Record the calls made inside, the lab's own clients included, as `identity`."""
    previous = _acting()
    _local.acting_as = identity
    try:
        yield
    finally:
        _local.acting_as = previous


@contextlib.contextmanager
def dated(moment: datetime):
    """Calls made inside are recorded at `moment` instead of now: the story's past or next days (a
    week of the app's traffic played at once). CloudTrail itself always writes the time of the call."""
    previous = getattr(_local, "at", None)
    _local.at = moment
    try:
        yield
    finally:
        _local.at = previous


@contextlib.contextmanager
def unrecorded():
    """Calls made inside are not recorded, whoever makes them (the lab's machinery)."""
    previous = getattr(_local, "silent", 0)
    _local.silent = previous + 1
    try:
        yield
    finally:
        _local.silent = previous


def _mark_unrecorded(context, **_kwargs):
    context[_UNRECORDED] = True


def mark_as_lab_client(client):
    """The lab's own clients (`Lab.client`) are not recorded, except inside `acting_as(...)`."""
    client.meta.events.register("before-parameter-build", _mark_unrecorded)
    return client


def internal_client(service: str, region: str):
    """A client for the lab's machinery (delivery, history, EventBridge): never recorded."""
    import os

    import boto3

    key = (os.environ.get("AWS_ENDPOINT_URL"), service, region)
    if key not in _internal_clients:
        _internal_clients[key] = mark_as_lab_client(boto3.client(service, region_name=region))
    return _internal_clients[key]


# --- the handlers ---------------------------------------------------------------------------

def _remember_params(params, context, **_kwargs):
    if context is not None:
        context[_PARAMS] = dict(params)


def _before_call(params, context, model, **_kwargs):
    headers = params.get("headers") or {}
    context[_USER_AGENT] = headers.get("User-Agent", "")
    # Reading the log files (listing, getting, deleting objects) first delivers what is pending.
    if model.name in S3_DATA_EVENTS and model.service_model.service_name == "s3" and not context.get(_UNRECORDED):
        from labs.cloudtrail import delivery

        bucket = (context.get(_PARAMS) or {}).get("Bucket")
        if bucket and delivery.has_pending_for(bucket):
            with unrecorded():
                delivery.deliver_pending(buckets={bucket})


def _recorded_as(context) -> Identity | None:
    if not _state["enabled"] or getattr(_local, "silent", 0):
        return None
    acting = _acting()
    if acting is not None:
        return acting
    if context.get(_UNRECORDED):
        return None
    return LEARNER


def _after_call(http_response, parsed, model, context, **_kwargs):
    from labs.cloudtrail import delivery, eventbridge

    service = model.service_model.service_name
    status = getattr(http_response, "status_code", 500)
    identity = _recorded_as(context)
    if identity is not None:
        from labs.cloudtrail import event_history

        _local.silent = getattr(_local, "silent", 0) + 1  # what follows is the lab's machinery
        try:
            event_time, moment = _now_text()
            record = build_record(identity, model, context, parsed or {}, status, event_time)
            if record["managementEvent"]:
                event_history.add(record, moment)
                eventbridge.publish(record)
            # Queued before a trail change takes effect: a trail delivers its own StopLogging.
            delivery.queue(record)
        finally:
            _local.silent -= 1
    if status < 300:
        delivery.notice_call(service, model.name, context.get("client_region"))
        eventbridge.notice_call(service, model.name, context.get("client_region"))


def install() -> None:
    """Add the recorder's handlers to every botocore session created from now on (once)."""
    if _state["installed"]:
        return
    from labs.cloudtrail import event_history

    handlers = botocore.handlers.BUILTIN_HANDLERS
    handlers.insert(0, ("before-parameter-build", _remember_params))
    handlers.append(("before-call.cloudtrail.LookupEvents", event_history.answer_lookup_events))
    handlers.append(("before-call", _before_call))
    handlers.append(("after-call", _after_call))
    _state["installed"] = True
    import boto3

    # A default session made before now would make clients without these handlers.
    boto3.DEFAULT_SESSION = None


def reset(account_id: str, region: str) -> None:
    """A new lab: empty history, no pending deliveries, caches dropped (called by labs.start)."""
    from labs.cloudtrail import delivery, event_history, eventbridge

    started = now()
    _state.update(account_id=account_id, region=region, session_start=timestamp(started), started=started,
                  enabled=True)
    _story.update(moment=None, last=None, calls=0)
    _internal_clients.clear()
    _IDENTITY_BLOCKS.clear()
    event_history.clear()
    delivery.clear()
    eventbridge.clear()


def account_id() -> str:
    return _state["account_id"]


def home_region() -> str:
    return _state["region"]


# --- the record -----------------------------------------------------------------------------

def is_read_only(operation: str) -> bool:
    return operation.startswith(READ_ONLY_PREFIXES) or operation in READ_ONLY_OPERATIONS


def _lower_camel(name: str) -> str:
    if not name:
        return name
    if name.isupper():
        return name.lower()
    return name[0].lower() + name[1:]


def _console_time(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{moment:%b} {moment.day}, {moment.year}, {hour}:{moment:%M:%S} {'AM' if moment.hour < 12 else 'PM'}"


def _plain(value, depth: int = 0):
    """API values as CloudTrail writes them: lowerCamelCase keys, no bytes, readable dates."""
    if isinstance(value, dict):
        return {_lower_camel(k): _plain(v, depth + 1) for k, v in value.items()
                if k not in DROPPED_PARAMETERS and k != "ResponseMetadata"}
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, datetime):
        return _console_time(value.astimezone(timezone.utc) if value.tzinfo else value)
    if isinstance(value, (bytes, bytearray)) or hasattr(value, "read"):
        return None
    return value


def _items(values) -> dict:
    """EC2's query API writes every list as {"items": [...]} in CloudTrail records."""
    return {"items": list(values)}


EC2_NAMES = {"UserIdGroupPairs": "groups"}
"""Where EC2's query API names a list otherwise than the SDK does."""


def _ec2_shape(value):
    """The SDK's parameters as EC2 writes them into a record: lowerCamelCase, lists as {"items": [...]}."""
    if isinstance(value, dict):
        return {EC2_NAMES.get(k, _lower_camel(k)): _ec2_shape(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return _items(_ec2_shape(v) for v in value)
    return value


def _ec2_request(operation: str, params: dict) -> dict | None:
    """The requestParameters EC2 writes for the calls the lab's stories make, in EC2's own shape
    (measured on real records: data/cloudtrail/panther-labelled, stratus-zmallen); None for the others."""
    if operation == "ModifySnapshotAttribute":
        change = {}
        permission = params.get("CreateVolumePermission") or {}
        for kind in ("Add", "Remove"):
            entries = [e for e in permission.get(kind, []) if isinstance(e, dict)]
            items = [{"userId": e["UserId"]} for e in entries if "UserId" in e]
            items += [{"group": e["Group"]} for e in entries if "Group" in e]
            if str(params.get("OperationType", "")).lower() == kind.lower():
                items += [{"userId": u} for u in params.get("UserIds", [])]
                items += [{"group": g} for g in params.get("GroupNames", [])]
            if items:
                change[kind.lower()] = _items(items)
        return {"snapshotId": params.get("SnapshotId"), "attributeType": "CREATE_VOLUME_PERMISSION",
                "createVolumePermission": change}
    if operation in ("AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
                     "RevokeSecurityGroupEgress"):
        return {"groupId": params.get("GroupId"), "ipPermissions": _ec2_shape(params.get("IpPermissions", []))}
    if operation == "RunInstances":
        instance = {"imageId": params.get("ImageId"), "minCount": params.get("MinCount"),
                    "maxCount": params.get("MaxCount")}
        if params.get("KeyName"):
            instance["keyName"] = params["KeyName"]
        request = {"instancesSet": _items([instance]), "instanceType": params.get("InstanceType"),
                   "blockDeviceMapping": {}, "monitoring": {"enabled": False}, "disableApiTermination": False}
        if params.get("SecurityGroupIds"):
            request["groupSet"] = _items({"groupId": g} for g in params["SecurityGroupIds"])
        return request
    return None


def _request_parameters(service: str, operation: str, params: dict, region: str):
    hidden = {k: (HIDDEN if k in SECRET_PARAMETERS else v) for k, v in params.items()}
    if service == "ec2":
        shaped = _ec2_request(operation, hidden)
        if shaped is not None:
            return shaped
    if service in ("s3", "s3control"):
        result = {}
        bucket = hidden.pop("Bucket", None)
        key = hidden.pop("Key", None)
        hidden.pop("AccountId", None)
        if bucket:
            result["bucketName"] = bucket
            result["Host"] = f"{bucket}.s3.{region}.amazonaws.com"
        else:
            result["Host"] = f"s3.{region}.amazonaws.com"
        if key is not None:
            result["key"] = key
        if operation == "ListObjectsV2":
            result["list-type"] = "2"  # CloudTrail names both versions ListObjects
        policy = hidden.pop("Policy", None)
        if policy is not None:
            try:
                result["bucketPolicy"] = json.loads(policy)
            except (TypeError, ValueError):
                result["bucketPolicy"] = policy
            result["policy"] = ""
        result.update(_plain(hidden))
        return result
    if not hidden:
        return None
    return _plain(hidden)


# Read-only calls whose records still carry their answer: the temporary credentials they issued
# (without the secret), so that a session can be traced back to the call that made it.
ISSUES_CREDENTIALS = {"GetSessionToken", "AssumeRole", "GetFederationToken"}


def _response_elements(service: str, operation: str, parsed: dict, read_only: bool):
    if read_only and operation not in ISSUES_CREDENTIALS:
        return None
    if service in ("s3", "s3control"):
        if operation == "PutObject":
            elements = {}
            for field, header in (("ServerSideEncryption", "x-amz-server-side-encryption"),
                                  ("SSEKMSKeyId", "x-amz-server-side-encryption-aws-kms-key-id"),
                                  ("VersionId", "x-amz-version-id")):
                if parsed.get(field):
                    elements[header] = parsed[field]
            return elements or None
        return None
    elements = _plain(parsed)
    return elements or None


def _event_region(service: str, client_region: str | None) -> str:
    region = GLOBAL_SERVICES.get(service) or client_region or _state["region"]
    # A global endpoint resolves to the pseudo-region aws-global; CloudTrail logs such calls in us-east-1.
    return "us-east-1" if region == "aws-global" else region


def _data_resources(params: dict, account: str) -> list[dict]:
    bucket = params.get("Bucket")
    resources = []
    if bucket and params.get("Key") is not None:
        resources.append({"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{params['Key']}"})
    if bucket:
        resources.append({"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"})
    return resources


def build_record(identity: Identity, model, context: dict, parsed: dict, status: int, event_time: str | None = None) -> dict:
    service = model.service_model.service_name
    operation = model.name
    params = context.get(_PARAMS) or {}
    region = _event_region(service, context.get("client_region"))
    account = _state["account_id"]
    read_only = is_read_only(operation)
    data_event = service == "s3" and operation in S3_DATA_EVENTS
    metadata = parsed.get("ResponseMetadata") or {}
    source = EVENT_SOURCE.get(service) or f"{model.service_model.endpoint_prefix}.amazonaws.com"
    record = {
        "eventVersion": EVENT_VERSION,
        "userIdentity": identity.user_identity(account, _state["session_start"]),
        "eventTime": event_time or _now_text()[0],
        "eventSource": source,
        "eventName": S3_DATA_EVENT_NAMES.get(operation, operation) if data_event else operation,
        "awsRegion": region,
        "sourceIPAddress": identity.source_ip,
        "userAgent": context.get(_USER_AGENT, ""),
    }
    error = parsed.get("Error") if status >= 300 else None
    if error:
        record["errorCode"] = error.get("Code") or str(status)
        record["errorMessage"] = error.get("Message") or ""
    record["requestParameters"] = _request_parameters(service, operation, params, region)
    record["responseElements"] = None if error else _response_elements(service, operation, parsed, read_only)
    if data_event:
        record["additionalEventData"] = {"SignatureVersion": "SigV4", "AuthenticationMethod": "AuthHeader"}
    record["requestID"] = metadata.get("RequestId") or uuid.uuid4().hex.upper()[:16]
    record["eventID"] = str(uuid.uuid4())
    record["readOnly"] = read_only
    if data_event:
        record["resources"] = _data_resources(params, account)
    record["eventType"] = "AwsApiCall"
    record["managementEvent"] = not data_event
    record["recipientAccountId"] = account
    record["eventCategory"] = "Data" if data_event else "Management"
    return record


def disable() -> None:
    """Stop recording (tests, benchmarks)."""
    _state["enabled"] = False


def enabled() -> bool:
    return _state["enabled"]

