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

Nothing is dropped without a word: a file that is not valid JSON, is nested too deeply, holds a
`CloudTrailEvent` that is not a JSON object or a record whose fields have types CloudTrail never
writes (`eventTime` as a number, `readOnly` as a list, `userIdentity.arn` as a number), or is valid
JSON in none of these shapes, is reported by name (a warning, and `df.attrs["skipped"]`) and skipped;
the items of a file that are not CloudTrail records (an EventBridge event of another kind, a string in
a list) are left out and named too (`df.attrs["left_out"]`); the other files and records are read.
Times are UTC `datetime64` values; the nested
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
import re
import warnings
from pathlib import Path

from labs.language import both, pick
from labs.korean import josa, particle

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


TEXT_FIELDS = ("eventTime", *TOP_LEVEL, "errorCode", "errorMessage", "eventType", "eventCategory",
               "recipientAccountId", "requestID", "eventID", "sharedEventID", "vpcEndpointId")
FLAG_FIELDS = ("readOnly", "managementEvent")


def _frames(pd, records: list[dict]):
    """pandas builds the top-level columns from the dicts in C; the nested ones come from the
    userIdentity dicts the same way (measured: twice as fast as a list comprehension per field)."""
    top = pd.DataFrame(records, columns=["eventTime", *TOP_LEVEL, *AFTER_IDENTITY], dtype=object)
    identities = [r.get("userIdentity") for r in records]
    nested = pd.DataFrame([i if isinstance(i, dict) else {} for i in identities],
                          columns=[*IDENTITY, "sessionContext"], dtype=object)
    return top, identities, nested


def _wrong_types(top, identities, nested) -> dict:
    """{position: why} for records whose fields have types CloudTrail never writes. Checked a column
    at a time in C (pandas' infer_dtype); one value at a time only in a column that is not all text.
    The session context, which only Python can look into, is checked while it is read (`_frame`)."""
    from pandas.api.types import infer_dtype

    def odd(column, allowed):
        values = column.to_numpy()
        return [i for i, v in enumerate(values) if v is not None and v == v and not isinstance(v, allowed)]

    found = {}
    kind_of = {"int": "a number", "float": "a number", "bool": "true or false", "list": "a list", "dict": "an object",
               "str": "text"}
    for frame, names, prefix, allowed, kinds, what in (
        (top, TEXT_FIELDS, "", str, ("string", "empty"), "text"),
        (top, FLAG_FIELDS, "", (str, bool), ("string", "boolean", "empty"), "true or false"),
        (nested, IDENTITY, "userIdentity.", str, ("string", "empty"), "text"),
    ):
        for name in names:
            if infer_dtype(frame[name], skipna=True) not in kinds:
                for position in odd(frame[name], allowed):
                    kind = type(frame[name].iat[position]).__name__
                    found.setdefault(position, f"{prefix}{name} is {kind_of.get(kind, kind)}, not {what}")
    for position, identity in enumerate(identities):
        if identity is not None and not isinstance(identity, dict):
            kind = type(identity).__name__
            found.setdefault(position, f"userIdentity is {kind_of.get(kind, kind)}, not an object")
    return found


def _frame(pd, records: list[dict], sources: list[tuple[str, int]], parts=None):
    """The frame, or None and {position: why} when a record's session context is not shaped as
    CloudTrail writes it."""
    import numpy as np

    top, identities, nested = parts or _frames(pd, records)
    identities = [i if isinstance(i, dict) else {} for i in identities]
    for key in IDENTITY:
        top[f"userIdentity.{key}"] = nested[key].to_numpy()
    issuers = [None] * len(identities)
    mfa = [None] * len(identities)
    wrong = {}
    sessions = nested["sessionContext"].to_numpy()
    for position in nested["sessionContext"].notna().to_numpy().nonzero()[0]:
        session = sessions[position]
        issuer = session.get("sessionIssuer") if isinstance(session, dict) else None
        attributes = session.get("attributes") if isinstance(session, dict) else None
        if (not isinstance(session, dict) or not isinstance(issuer, (dict, type(None)))
                or not isinstance(attributes, (dict, type(None)))):
            wrong[int(position)] = "userIdentity.sessionContext is not shaped as CloudTrail writes it"
            continue
        if issuer:
            issuers[position] = issuer.get("userName")
        if attributes:
            mfa[position] = attributes.get("mfaAuthenticated")
            if not isinstance(mfa[position], (str, bool, type(None))):
                wrong[int(position)] = "userIdentity.sessionContext.attributes.mfaAuthenticated is not true or false"
    if wrong:
        return None, wrong
    top["userIdentity.sessionContext.sessionIssuer.userName"] = issuers
    top["userIdentity.sessionContext.attributes.mfaAuthenticated"] = mfa
    top["actor"] = _actors(pd, nested, identities)
    # One category per file: the file name is stored once, not once per record.
    names = [name for name, _ in sources]
    top["source_file"] = pd.Categorical.from_codes(
        np.repeat(np.arange(len(sources)), [count for _, count in sources]), categories=pd.Index(names, dtype=object)
    ) if len(set(names)) == len(names) else np.repeat(names, [count for _, count in sources])
    return top[list(COLUMNS)], None


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
            events = []
            for number, text in enumerate(texts):
                if not isinstance(text, str):
                    continue
                try:
                    record = json.loads(text)
                except ValueError as error:
                    raise Unreadable(f"Events[{number}].CloudTrailEvent is not valid JSON ({error})") from None
                if not isinstance(record, dict):
                    raise Unreadable(f"Events[{number}].CloudTrailEvent is a JSON {type(record).__name__}, not a record")
                events.append(record)
            self.add_items(events)
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


NO_RECORDS = (
    "valid JSON, but no CloudTrail records in it (not a trail's log file, a record or a list of them, "
    "lookup_events output, or an EventBridge event from CloudTrail)"
)


class Unreadable(ValueError):
    """Why a file cannot be read as CloudTrail logs."""


def parse(data: bytes, name: str) -> tuple[list[dict] | None, str | None]:
    """(records, None); (records, why) when some items were not records; (None, None) for a file
    without records by nature (empty, a digest); (None, why) for a file the loader cannot read."""
    try:
        return _parse(data, name)
    except Unreadable as problem:
        return None, str(problem)
    except RecursionError:
        return None, "nested too deeply to be CloudTrail"
    except (MemoryError, ValueError, TypeError) as error:
        return None, f"not readable as CloudTrail ({type(error).__name__})"


def _parse(data: bytes, name: str) -> tuple[list[dict] | None, str | None]:
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
    """The Korean sentence for a problem this module names in English; a library's own words (json's,
    gzip's) stay as a quoted detail."""
    if problem == NO_RECORDS:
        return ("올바른 JSON이지만 CloudTrail 레코드가 없습니다(추적의 로그 파일, 레코드나 그 목록, lookup_events 결과, "
                "CloudTrail이 보낸 EventBridge 이벤트 어느 것도 아닙니다)")
    count, _, rest = problem.partition(" ")
    if count.isdigit() and rest.startswith(("items that are not", "item that is not")):
        return f"CloudTrail 레코드가 아닌 항목 {count}개(다른 종류의 이벤트이거나 객체가 아님)"
    record = re.fullmatch(r"record (\d+): (.*)", problem, re.S)
    if record:
        return f"{record[1]}번째 레코드: {_korean(record[2])}"
    for pattern, korean in _KOREAN_PROBLEMS:
        match = re.fullmatch(pattern, problem, re.S)
        if match:
            return korean.format(*match.groups())
    return problem


_KOREAN_PROBLEMS = (
    (r"not valid JSON \((.*): line (\d+) column (\d+)\)", '올바른 JSON이 아닙니다({1}번째 줄 {2}번째 열, json: "{0}")'),
    (r"Events\[(\d+)\]\.CloudTrailEvent is not valid JSON \((.*)\)",
     'Events[{0}].CloudTrailEvent가 올바른 JSON이 아닙니다(json: "{1}")'),
    (r"Events\[(\d+)\]\.CloudTrailEvent is a JSON (\w+), not a record",
     "Events[{0}].CloudTrailEvent가 레코드가 아니라 JSON {1}입니다"),
    (r"nested too deeply to be CloudTrail", "CloudTrail 레코드라고 보기에는 너무 깊이 중첩되어 있습니다"),
    (r"not readable as CloudTrail \((\w+)\)", "CloudTrail 로그로 읽을 수 없습니다({0})"),
    (r"not a gzip file \((.*)\)", 'gzip 파일이 아닙니다(gzip: "{0}")'),
    (r"not UTF-8 text \((.*)\)", "UTF-8 텍스트가 아닙니다({0})"),
    (r"cannot be read \((.*)\)", "읽을 수 없습니다({0})"),
    (r"userIdentity\.sessionContext is not shaped as CloudTrail writes it",
     "userIdentity.sessionContext가 CloudTrail이 기록하는 형태가 아닙니다"),
    (r"userIdentity\.sessionContext\.attributes\.mfaAuthenticated is not true or false",
     "userIdentity.sessionContext.attributes.mfaAuthenticated가 true나 false가 아닙니다"),
)


def _is_log_name(name: str) -> bool:
    return name.endswith((".json", ".json.gz", ".jsonl", ".gz"))


def _no_source(source, why: str | None = None):
    from labs.errors import LabError, excerpt

    shown = excerpt(source, 60)
    extra_en, extra_ko = (f" ({why})", f"({why})") if why else ("", "")
    return LabError(
        f"There is no file or folder {shown}{extra_en}; give a path, or a bucket as 's3://bucket-name'.",
        f"{josa(shown, '이라는')} 파일이나 폴더가 없습니다{extra_ko}. 경로를 주거나, 버킷은 's3://버킷이름'처럼 쓰세요.",
    )


def _files(source: str):
    """(name, bytes or the reason it cannot be read) for every log file in the source."""
    if source.startswith("s3://"):
        yield from _bucket_files(source)
        return
    if not source.strip():
        raise _no_source(source)
    try:
        path = Path(source).expanduser()
        is_dir, is_file = path.is_dir(), path.is_file()
    except (OSError, ValueError, RuntimeError) as error:  # too long, a NUL byte, no home to expand ~ into
        raise _no_source(source, getattr(error, "strerror", None) or type(error).__name__) from None
    if is_dir:
        files = sorted(p for p in path.rglob("*") if p.is_file() and _is_log_name(p.name))
    elif is_file:
        files = [path]
    else:
        raise _no_source(source)
    for file in files:
        try:
            yield str(file), file.read_bytes()
        except OSError as error:
            yield str(file), Unreadable(f"cannot be read ({error.strerror or type(error).__name__})")


def _bucket_files(source: str):
    from botocore.exceptions import BotoCoreError, ClientError

    from labs import guard
    from labs.cloudtrail import delivery, recorder
    from labs.display import explain
    from labs.errors import LabError, excerpt

    bucket, _, prefix = source[len("s3://"):].partition("/")
    if not guard.lab_running():
        raise LabError(
            f"{excerpt(source, 60)} is a bucket in the lab's emulator, and no lab is running: run the chapter's "
            "labs.start(...) cell first (the lab never reads a bucket in real AWS).",
            f"{josa(excerpt(source, 60), '은')} 실습 에뮬레이터의 버킷인데, 실행 중인 실습이 없습니다. 챕터의 "
            "labs.start(...) 셀을 "
            "먼저 실행하세요(실습 환경은 실제 AWS의 버킷을 읽지 않습니다).",
        )
    if not bucket:
        raise LabError("Give the bucket as 's3://bucket-name' (or 's3://bucket-name/prefix/').",
                       "버킷은 's3://버킷이름'(또는 's3://버킷이름/접두사/')처럼 쓰세요.")
    try:
        with recorder.unrecorded():
            if recorder.enabled():
                delivery.deliver_pending(buckets={bucket})
            s3 = recorder.internal_client("s3", recorder.home_region())
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
                for item in page.get("Contents", []):
                    if _is_log_name(item["Key"]):
                        body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
                        yield f"s3://{bucket}/{item['Key']}", body
    except (ClientError, BotoCoreError) as error:
        raise LabError(f"The bucket {excerpt(bucket, 60)} could not be read: {explain(error, lang='en')}",
                       f"버킷 {josa(excerpt(bucket, 60), '을')} 읽을 수 없습니다: {explain(error, lang='ko')}") from None


def load(source, *, quiet: bool = False):
    """CloudTrail records from a file, a folder or `s3://bucket[/prefix]`, one row per record."""
    import os

    import pandas as pd

    if not isinstance(source, (str, os.PathLike)):
        from labs.errors import LabError, excerpt

        raise LabError(
            f"labs.cloudtrail.load reads a path or 's3://bucket-name', not a {type(source).__name__} "
            f"({excerpt(source)}); give it the folder or file of your logs.",
            "labs.cloudtrail.load는 경로나 's3://버킷이름'을 읽습니다. "
            f"{type(source).__name__}({excerpt(source)}){particle(type(source).__name__, '이')} "
            "아니라 로그 폴더나 파일을 주세요.",
        )
    records, sources, skipped, left_out = [], [], [], []
    # Parsing makes millions of small objects, none of them in a reference cycle; the cyclic
    # garbage collector would walk them again and again for nothing (half of the time, measured),
    # so it waits until the frame is built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _read(os.fspath(source), records, sources, skipped, quiet, left_out)
        while True:  # each round leaves out at least one file whose records CloudTrail never writes
            parts = _frames(pd, records)
            wrong = _wrong_types(*parts)
            if not wrong:
                frame, wrong = _frame(pd, records, sources, parts)
                if not wrong:
                    break
            records, sources = _without_files(records, sources, wrong, skipped, quiet)
        frame["eventTime"] = _utc_times(pd, frame["eventTime"])
        for column in ("readOnly", "managementEvent", "userIdentity.sessionContext.attributes.mfaAuthenticated"):
            frame[column] = frame[column].map(BOOLEANS).astype("boolean")
    finally:
        if collecting:
            gc.enable()
    frame.attrs["skipped"] = skipped
    skipped_names = {name for name, _ in skipped}
    frame.attrs["left_out"] = [(name, why) for name, why in left_out if name not in skipped_names]
    return frame


def _skip(name: str, problem: str, skipped: list, quiet: bool) -> None:
    skipped.append((name, problem))
    if not quiet:
        warnings.warn(pick(both(
            f"{name}: {problem}; this file was skipped, the others were read.",
            f"{name}: {_korean(problem)}. 이 파일은 건너뛰고 나머지 파일을 읽었습니다.",
        )), CloudTrailLoadWarning, stacklevel=3)


def _without_files(records: list, sources: list, wrong: dict, skipped: list, quiet: bool):
    """The records and sources without the files that hold a record of the wrong shape."""
    bad_files, start = {}, 0
    for index, (name, count) in enumerate(sources):
        inside = sorted(p for p in wrong if start <= p < start + count)
        if inside:
            bad_files[index] = (name, f"record {inside[0] - start + 1}: {wrong[inside[0]]}")
        start += count
    kept_records, kept_sources, start = [], [], 0
    for index, (name, count) in enumerate(sources):
        if index in bad_files:
            _skip(*bad_files[index], skipped, quiet)
        else:
            kept_records.extend(records[start:start + count])
            kept_sources.append((name, count))
        start += count
    return kept_records, kept_sources


def _read(source, records: list, sources: list, skipped: list, quiet: bool, left_out: list | None = None) -> None:
    """Fills `records`, `sources` ((file, number of records) each), `skipped` ((file, why) each, for a
    file skipped whole) and `left_out` ((file, why) each, for a file read without some of its items)."""
    left_out = [] if left_out is None else left_out
    for name, data in _files(str(source)):
        records_of_file, problem = (None, str(data)) if isinstance(data, Unreadable) else parse(data, name)
        if problem:
            (skipped if records_of_file is None else left_out).append((name, problem))
            if not quiet:
                if records_of_file is None:
                    en = f"{name}: {problem}; this file was skipped, the others were read."
                    ko = f"{name}: {_korean(problem)}. 이 파일은 건너뛰고 나머지 파일을 읽었습니다."
                else:
                    en = f"{name}: {problem} left out; its {len(records_of_file)} records were read."
                    ko = f"{name}: {josa(_korean(problem), '은')} 빼고, 이 파일의 레코드 {len(records_of_file)}개를 읽었습니다."
                warnings.warn(pick(both(en, ko)), CloudTrailLoadWarning, stacklevel=3)
            if records_of_file is None:
                continue
        found = records_of_file or []
        records.extend(found)
        sources.append((name, len(found)))


def _utc_times(pd, texts):
    """CloudTrail writes 2026-11-28T15:05:18Z; exports made by other tools write other forms
    (2025-01-21 17:49:47.000000000): the fast ISO 8601 parser first, the flexible one for the rest."""
    texts = texts.where(texts.str[:1].str.isdigit().eq(True))  # 'redacted', 'now': no time (eq, not fillna: pandas 2 warns)
    times = pd.to_datetime(texts, utc=True, format="ISO8601", errors="coerce")
    missed = times.isna() & texts.notna()
    if missed.any():
        times[missed] = pd.to_datetime(texts[missed], utc=True, format="mixed", errors="coerce")
    return times


# CloudTrail writes true/false as JSON booleans in some fields and as strings in others.
BOOLEANS = {True: True, False: False, "true": True, "false": False, "True": True, "False": False,
            "TRUE": True, "FALSE": False}
