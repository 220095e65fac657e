"""`labs.cloudtrail.load(source)`: CloudTrail logs into a pandas DataFrame, one row per record.

`source` is a file, a folder (read recursively), or a bucket as `s3://bucket[/prefix]`. It reads
what real CloudTrail exports look like:

- `.json` and `.json.gz` files holding `{"Records": [...]}` (what a trail delivers), a list of
  records, one record, one record per line (JSON Lines), or the answer of `lookup_events`
  (`{"Events": [{"CloudTrailEvent": "..."}]}`);
- Insight events (no eventName, no userIdentity), records with extra fields, digest files (they
  hold no records: skipped) and empty files (skipped).

A file that is not valid JSON is reported by name (a warning, and `df.attrs["skipped"]`) and
skipped; the other files are still read. Times are UTC `datetime64` values; the nested fields a
hunter filters on are columns of their own (`userIdentity.type`, `userIdentity.arn`, ...), and
`actor` names who acted in one readable word (user name, role session, root, or AWS service).
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


def _actor(identity: dict):
    kind = identity.get("type")
    if kind == "Root":
        return "root"
    if identity.get("userName") and kind != "AssumedRole":
        return identity["userName"]
    issuer = (identity.get("sessionContext") or {}).get("sessionIssuer") or {}
    arn = identity.get("arn") or ""
    if kind == "AssumedRole" and arn:
        role, _, session = arn.split(":assumed-role/", 1)[-1].partition("/")
        return f"{issuer.get('userName') or role}/{session}" if session else issuer.get("userName") or role
    if kind == "AWSService" or identity.get("invokedBy"):
        return identity.get("invokedBy")
    return identity.get("userName") or (arn.rsplit("/", 1)[-1] if arn else None) or identity.get("principalId")


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
    services) one identity at a time, each distinct one once."""
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
        key = (identity.get("arn"), identity.get("invokedBy"), identity.get("type"))
        if key not in named:
            named[key] = _actor(identity)
        values[position] = named[key]
    return values


def records_in(document) -> list[dict] | None:
    """The CloudTrail records in a parsed JSON document; None when it holds none (a digest file)."""
    if isinstance(document, list):
        return [r for r in document if isinstance(r, dict)]
    if not isinstance(document, dict):
        return None
    if isinstance(document.get("Records"), list):
        return [r for r in document["Records"] if isinstance(r, dict)]
    if isinstance(document.get("Events"), list):  # lookup_events output
        found = []
        for event in document["Events"]:
            text = event.get("CloudTrailEvent") if isinstance(event, dict) else None
            if isinstance(text, str):
                found.append(json.loads(text))
        return found
    if "eventTime" in document and ("eventSource" in document or "eventType" in document):
        return [document]
    return None


def parse(data: bytes, name: str) -> tuple[list[dict] | None, str | None]:
    """(records, None), (None, None) for a file without records, or (None, why) for a broken one."""
    if name.endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            return None, f"not a gzip file ({error})"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return records_in(json.loads(data)), None
    except UnicodeDecodeError as error:
        return None, f"not UTF-8 text ({error.reason})"
    except json.JSONDecodeError as error:
        if not data.strip():  # an empty file: nothing to read, nothing wrong
            return None, None
        lines = [line for line in data.splitlines() if line.strip()]
        if len(lines) > 1 and error.msg == "Extra data":
            try:
                return [r for r in (json.loads(line) for line in lines) if isinstance(r, dict)], None
            except json.JSONDecodeError:
                pass
        return None, f"not valid JSON ({error.msg}: line {error.lineno} column {error.colno})"


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
    """Fills `records`, `sources` ((file, number of records) each) and `skipped` ((file, why) each)."""
    for name, data in _files(str(source)):
        records_of_file, problem = parse(data, name)
        if problem:
            skipped.append((name, problem))
            if not quiet:
                warnings.warn(pick(both(
                    f"{name}: {problem}; this file was skipped, the others were read.",
                    f"{name}: {problem}. 이 파일은 건너뛰고 나머지 파일을 읽었습니다.",
                )), CloudTrailLoadWarning, stacklevel=2)
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
