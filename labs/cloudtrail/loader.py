"""`labs.cloudtrail.load(source)`: CloudTrail logs into a pandas DataFrame, one row per record.

`source` is a file, a folder (read recursively), or a bucket as `s3://bucket[/prefix]`. It reads
every shape CloudTrail records travel in:

- `.json` and `.json.gz` files holding `{"Records": [...]}` (what a trail delivers), a list of
  records, one record, or JSON Lines (one record, or one `{"Records": [...]}` batch, per line);
- the answer of `lookup_events` (`{"Events": [{"CloudTrailEvent": "..."}]}`);
- EventBridge events that carry a record in `detail` ("AWS API Call via CloudTrail", "AWS Console
  Sign In via CloudTrail", ...: what a rule on the default bus receives), one, a list or one per
  line, and the answer of SQS `receive_message` holding such events (`{"Messages": [{"Body": ...}]}`);
- Insight events (no eventName, no userIdentity), records with extra fields, digest files (they
  hold no records: skipped) and empty files (skipped).

Nothing is dropped without a word: a file that is not valid JSON, or valid JSON in none of these
shapes, is reported by name (a warning, and `df.attrs["skipped"]`) and skipped, and so are the
items of a file that are not CloudTrail records (an EventBridge event of another kind, a string in a
list); the other files and records are still read. Times are UTC `datetime64` values; the nested
fields a hunter filters on are columns of their own (`userIdentity.type`, `userIdentity.arn`, ...),
and `actor` names who acted in one readable word for every `userIdentity` type: the user name
(IAMUser, SAMLUser, WebIdentityUser), `role/session` (AssumedRole), `root`, the AWS service
(`invokedBy`), `federated-user/name`, `account/111122223333` (another AWSAccount),
`identity-center-user/<user id>`, and `anonymous` for a caller AWS does not know
(`ANONYMOUS_PRINCIPAL`, an unauthenticated request to a public bucket).
"""

from __future__ import annotations

import gc
import gzip
import json
import warnings
from pathlib import Path

from labs.language import both, pick

COLUMNS = (
    "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent",
    "actor", "userIdentity.type", "userIdentity.arn", "userIdentity.accountId",
    "userIdentity.accessKeyId", "userIdentity.userName", "userIdentity.principalId",
    "userIdentity.invokedBy", "userIdentity.sessionContext.sessionIssuer.userName",
    "userIdentity.sessionContext.attributes.mfaAuthenticated", "errorCode", "errorMessage",
    "readOnly", "eventType", "eventCategory", "managementEvent", "recipientAccountId",
    "requestParameters", "responseElements", "additionalEventData", "resources",
    "requestID", "eventID", "sharedEventID", "vpcEndpointId", "insightDetails", "source_file",
)


class CloudTrailLoadWarning(UserWarning):
    """A file that could not be read as CloudTrail logs; the others were read."""


ANONYMOUS = "ANONYMOUS_PRINCIPAL"
"""CloudTrail's accountId (and sometimes principalId) for a request nobody signed, such as an
anonymous read of a public S3 object."""


def _actor(identity: dict):
    """Who acted, in one readable word, for every userIdentity type CloudTrail writes."""
    kind = identity.get("type")
    if kind == "Root":
        return "root"
    if ANONYMOUS in (identity.get("accountId"), identity.get("principalId")):
        return "anonymous"
    if identity.get("userName") and kind != "AssumedRole":
        return identity["userName"]
    issuer = (identity.get("sessionContext") or {}).get("sessionIssuer") or {}
    arn = identity.get("arn") or ""
    if kind == "AssumedRole" and arn:
        role, _, session = arn.split(":assumed-role/", 1)[-1].partition("/")
        return f"{issuer.get('userName') or role}/{session}" if session else issuer.get("userName") or role
    if kind == "AWSService" or identity.get("invokedBy"):
        return identity.get("invokedBy") or "AWS service"
    if kind == "FederatedUser" and ":federated-user/" in arn:
        return "federated-user/" + arn.split(":federated-user/", 1)[1]
    if kind == "IdentityCenterUser":
        user = (identity.get("onBehalfOf") or {}).get("userId") or identity.get("principalId")
        return f"identity-center-user/{user}" if user else "identity-center-user"
    if kind == "AWSAccount" and identity.get("accountId"):
        return f"account/{identity['accountId']}"
    name = arn.rsplit("/", 1)[-1] if "/" in arn else arn
    return name or identity.get("principalId") or identity.get("accountId") or kind


TOP_LEVEL = ("eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent")
IDENTITY = ("type", "arn", "accountId", "accessKeyId", "userName", "principalId", "invokedBy")
AFTER_IDENTITY = ("errorCode", "errorMessage", "readOnly", "eventType", "eventCategory", "managementEvent",
                  "recipientAccountId", "requestParameters", "responseElements", "additionalEventData",
                  "resources", "requestID", "eventID", "sharedEventID", "vpcEndpointId", "insightDetails")


def _frame(pd, records: list[dict], sources: list[tuple[str, int]]):
    """pandas builds the top-level columns from the dicts in C; the nested ones come from the
    userIdentity dicts the same way (measured: twice as fast as a list comprehension per field)."""
    import numpy as np

    top = pd.DataFrame(records, columns=["eventTime", *TOP_LEVEL, *AFTER_IDENTITY], dtype=object)
    identities = [r.get("userIdentity") for r in records]
    identities = [i if isinstance(i, dict) else {} for i in identities]
    nested = pd.DataFrame(identities, columns=[*IDENTITY, "sessionContext"], dtype=object)
    for key in IDENTITY:
        top[f"userIdentity.{key}"] = nested[key].to_numpy()
    issuers = [None] * len(identities)
    mfa = [None] * len(identities)
    sessions = nested["sessionContext"].to_numpy()
    for position in nested["sessionContext"].notna().to_numpy().nonzero()[0]:
        session = sessions[position]
        if isinstance(session, dict):
            issuers[position] = (session.get("sessionIssuer") or {}).get("userName")
            mfa[position] = (session.get("attributes") or {}).get("mfaAuthenticated")
    top["userIdentity.sessionContext.sessionIssuer.userName"] = issuers
    top["userIdentity.sessionContext.attributes.mfaAuthenticated"] = mfa
    top["actor"] = _actors(pd, nested, identities)
    # One category per file: the file name is stored once, not once per record.
    names = [name for name, _ in sources]
    top["source_file"] = pd.Categorical.from_codes(
        np.repeat(np.arange(len(sources)), [count for _, count in sources]), categories=pd.Index(names, dtype=object)
    ) if len(set(names)) == len(names) else np.repeat(names, [count for _, count in sources])
    return top[list(COLUMNS)]


def _actors(pd, nested, identities):
    """`actor` for every record: IAM users and root by column arithmetic, the others (roles, AWS
    services, other accounts, anonymous callers) one identity at a time, each distinct one once."""
    kind, user = nested["type"], nested["userName"]
    simple = user.notna() & (kind != "AssumedRole")
    actor = user.where(simple, None).astype(object)
    actor[kind == "Root"] = "root"
    rest = (~simple & (kind != "Root")).to_numpy().nonzero()[0]
    named: dict = {}
    values = actor.to_numpy(copy=True)
    for position in rest:
        identity = identities[position]
        if not identity:
            continue
        arn = identity.get("arn")
        if arn:  # the ARN names the caller (roles, federated users), whatever else the identity holds
            key = (arn, identity.get("invokedBy"), identity.get("type"))
        else:  # other accounts, anonymous callers, Identity Center users, AWS services
            key = (None, identity.get("invokedBy"), identity.get("type"), identity.get("accountId"),
                   identity.get("principalId"), str(identity.get("onBehalfOf")))
        if key not in named:
            named[key] = _actor(identity)
        values[position] = named[key]
    return values


RECORD_KEYS = ("eventVersion", "eventTime", "eventName", "eventSource", "eventID", "userIdentity")
"""A dict with any of these is a CloudTrail record (Insight events have no eventName)."""


def _is_record(item) -> bool:
    return isinstance(item, dict) and any(key in item for key in RECORD_KEYS)


def _event_detail(item):
    """The CloudTrail record an EventBridge event carries in `detail`, or None."""
    detail = item.get("detail") if isinstance(item, dict) else None
    if isinstance(detail, dict) and "detail-type" in item and _is_record(detail):
        return detail
    return None


class _Found:
    """The records of one file, and how many of its items were not CloudTrail records."""

    __slots__ = ("records", "others")

    def __init__(self):
        self.records: list[dict] = []
        self.others = 0

    def add_items(self, items) -> None:
        items = items if isinstance(items, list) else list(items)
        # The common case in one pass: every item a plain record (a dict lookup or two each).
        plain = [item for item in items if type(item) is dict and ("eventVersion" in item or "eventTime" in item)]
        if len(plain) == len(items):
            self.records.extend(plain)
            return
        append = self.records.append
        for item in items:
            if type(item) is dict and ("eventVersion" in item or "eventTime" in item):
                append(item)
            elif _is_record(item) and "detail-type" not in item:
                append(item)
            else:
                detail = _event_detail(item)
                if detail is not None:
                    append(detail)
                elif isinstance(item, dict) and isinstance(item.get("Records"), list):
                    self.add_document(item)  # a list of trail files
                else:
                    self.others += 1

    def add_document(self, document) -> bool:
        """Add what a parsed JSON document holds; False when it is in no shape the loader knows."""
        if isinstance(document, list):
            self.add_items(document)
            return True
        if not isinstance(document, dict):
            return False
        if isinstance(document.get("Records"), list):  # what a trail delivers
            self.add_items(document["Records"])
            return True
        if isinstance(document.get("Events"), list):  # lookup_events output
            texts = [e.get("CloudTrailEvent") if isinstance(e, dict) else None for e in document["Events"]]
            self.others += sum(not isinstance(t, str) for t in texts)
            self.add_items(_json_or_none(t) for t in texts if isinstance(t, str))
            return True
        if isinstance(document.get("Messages"), list):  # SQS receive_message with EventBridge events
            bodies = [m.get("Body") if isinstance(m, dict) else None for m in document["Messages"]]
            self.others += sum(not isinstance(b, str) for b in bodies)
            self.add_items(_json_or_none(b) for b in bodies if isinstance(b, str))
            return True
        detail = _event_detail(document)
        if detail is not None or "detail-type" in document:  # one EventBridge event
            self.add_items([document])
            return True
        if _is_record(document):
            self.records.append(document)
            return True
        return False


def _json_or_none(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return None


def _is_digest(document) -> bool:
    """A CloudTrail digest file: it lists log files and their hashes, and holds no records."""
    return isinstance(document, dict) and ("digestStartTime" in document or "logFiles" in document)


def records_in(document) -> list[dict] | None:
    """The CloudTrail records in a parsed JSON document; None when it is in no shape that holds them
    (a digest file, or JSON of another kind)."""
    found = _Found()
    return found.records if found.add_document(document) else None


NO_RECORDS = (
    "valid JSON, but no CloudTrail records in it (not a trail's log file, a record or a list of them, "
    "lookup_events output, or an EventBridge event from CloudTrail)"
)


def parse(data: bytes, name: str) -> tuple[list[dict] | None, str | None]:
    """(records, None); (records, why) when some items were not records; (None, None) for a file
    without records by nature (empty, a digest); (None, why) for a file the loader cannot read."""
    if name.endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            return None, f"not a gzip file ({error})"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    found = _Found()
    try:
        document = json.loads(data)
    except UnicodeDecodeError as error:
        return None, f"not UTF-8 text ({error.reason})"
    except json.JSONDecodeError as error:
        if not data.strip():  # an empty file: nothing to read, nothing wrong
            return None, None
        lines = [line for line in data.splitlines() if line.strip()]
        if len(lines) > 1 and error.msg == "Extra data":
            try:  # JSON Lines: one record, one batch of records or one event per line
                documents = [json.loads(line) for line in lines]
            except json.JSONDecodeError:
                documents = None
            if documents is not None:
                for line in documents:
                    if not found.add_document(line):
                        found.others += 1
                return found.records, _left_out(found)
        return None, f"not valid JSON ({error.msg}: line {error.lineno} column {error.colno})"
    if _is_digest(document):
        return None, None
    if not found.add_document(document):
        return None, NO_RECORDS
    return found.records, _left_out(found)


def _left_out(found: _Found) -> str | None:
    if not found.others:
        return None
    items = "item that is" if found.others == 1 else "items that are"
    return f"{found.others} {items} not CloudTrail records (an event of another kind, or not an object)"


def _korean(problem: str) -> str:
    """The Korean words for the problems this module names in English (the others stay as they are)."""
    if problem == NO_RECORDS:
        return ("올바른 JSON이지만 CloudTrail 레코드가 없습니다(추적의 로그 파일, 레코드나 그 목록, lookup_events 결과, "
                "CloudTrail이 보낸 EventBridge 이벤트 어느 것도 아닙니다)")
    count, _, rest = problem.partition(" ")
    if count.isdigit() and rest.startswith(("items that are not", "item that is not")):
        return f"CloudTrail 레코드가 아닌 항목 {count}개(다른 종류의 이벤트이거나 객체가 아님)"
    return problem


def _is_log_name(name: str) -> bool:
    return name.endswith((".json", ".json.gz", ".jsonl", ".gz"))


def _files(source: str):
    """(name, bytes) for every log file in the source."""
    if source.startswith("s3://"):
        yield from _bucket_files(source)
        return
    path = Path(source).expanduser()
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file() and _is_log_name(p.name)):
            yield str(file), file.read_bytes()
    elif path.is_file():
        yield str(path), path.read_bytes()
    else:
        from labs.errors import LabError

        raise LabError(
            f"There is no file or folder {source!r}; give a path, or a bucket as 's3://bucket-name'.",
            f"{source!r}라는 파일이나 폴더가 없습니다. 경로를 주거나, 버킷은 's3://버킷이름'처럼 쓰세요.",
        )


def _bucket_files(source: str):
    from labs.cloudtrail import delivery, recorder

    bucket, _, prefix = source[len("s3://"):].partition("/")
    with recorder.unrecorded():
        if recorder.enabled():
            delivery.deliver_pending(buckets={bucket})
        s3 = recorder.internal_client("s3", recorder.home_region())
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                if _is_log_name(item["Key"]):
                    body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
                    yield f"s3://{bucket}/{item['Key']}", body


def load(source, *, quiet: bool = False):
    """CloudTrail records from a file, a folder or `s3://bucket[/prefix]`, one row per record."""
    import pandas as pd

    records, sources, skipped = [], [], []
    # Parsing makes millions of small objects, none of them in a reference cycle; the cyclic
    # garbage collector would walk them again and again for nothing (half of the time, measured),
    # so it waits until the frame is built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _read(source, records, sources, skipped, quiet)
        frame = _frame(pd, records, sources)
        frame["eventTime"] = _utc_times(pd, frame["eventTime"])
        for column in ("readOnly", "managementEvent", "userIdentity.sessionContext.attributes.mfaAuthenticated"):
            frame[column] = frame[column].map(BOOLEANS).astype("boolean")
    finally:
        if collecting:
            gc.enable()
    frame.attrs["skipped"] = skipped
    return frame


def _read(source, records: list, sources: list, skipped: list, quiet: bool) -> None:
    """Fills `records`, `sources` ((file, number of records) each) and `skipped` ((file, why) each, for
    a file skipped or the items of a file left out)."""
    for name, data in _files(str(source)):
        records_of_file, problem = parse(data, name)
        if problem:
            skipped.append((name, problem))
            if not quiet:
                if records_of_file is None:
                    en = f"{name}: {problem}; this file was skipped, the others were read."
                    ko = f"{name}: {_korean(problem)}. 이 파일은 건너뛰고 나머지 파일을 읽었습니다."
                else:
                    en = f"{name}: {problem} left out; its {len(records_of_file)} records were read."
                    ko = f"{name}: {_korean(problem)}은(는) 빼고, 이 파일의 레코드 {len(records_of_file)}개를 읽었습니다."
                warnings.warn(pick(both(en, ko)), CloudTrailLoadWarning, stacklevel=3)
            if records_of_file is None:
                continue
        found = records_of_file or []
        records.extend(found)
        sources.append((name, len(found)))


def _utc_times(pd, texts):
    """CloudTrail writes 2026-11-28T15:05:18Z; exports made by other tools write other forms
    (2025-01-21 17:49:47.000000000): the fast ISO 8601 parser first, the flexible one for the rest."""
    times = pd.to_datetime(texts, utc=True, format="ISO8601", errors="coerce")
    missed = times.isna() & texts.notna()
    if missed.any():
        times[missed] = pd.to_datetime(texts[missed], utc=True, format="mixed", errors="coerce")
    return times


# CloudTrail writes true/false as JSON booleans in some fields and as strings in others.
BOOLEANS = {True: True, False: False, "true": True, "false": False, "True": True, "False": False,
            "TRUE": True, "FALSE": False}
