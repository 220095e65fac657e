"""Running Sigma rules on CloudTrail records, and scoring them.

A Sigma rule is YAML: a `logsource` (for CloudTrail, SigmaHQ writes `product: aws`, `service:
cloudtrail`), a `detection` of named selections over the records' fields and a `condition` that
combines them. pySigma parses and validates the rule; its SQLite backend (SigmaHQ's
`pysigma-backend-sqlite`) turns it into SQL, which runs here on an in-memory table of the records
(Python's own `sqlite3`): one row per record, one column per field, nested fields named with dots
as Sigma names them (`userIdentity.type`, `requestParameters.userName`); a list's elements share
their path (`requestParameters.createVolumePermission.add.items.userId`), several values kept as
JSON text.

As Sigma specifies: string matches ignore case (`|cased` does not), `*` and `?` are wildcards, a
field a record lacks matches nothing but `|exists: false` and `null`. A field no record has is
reported by name (a typo matches nothing, silently, in every SIEM: here it is said)."""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
from dataclasses import dataclass, field

from labs.errors import LabError
from labs.language import both

TABLE = "logs"


def _flatten(value, prefix: str, out: dict) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}.{key}" if prefix else str(key), out)
        return
    if isinstance(value, (list, tuple)):
        for inner in value:
            _flatten(inner, prefix, out)
        return
    if _missing(value):
        return
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif hasattr(value, "isoformat"):
        value = value.strftime("%Y-%m-%dT%H:%M:%SZ") if hasattr(value, "strftime") else value.isoformat()
    if prefix in out:
        previous = out[prefix]
        values = previous if isinstance(previous, list) else [previous]
        out[prefix] = values + [value]
    else:
        out[prefix] = value


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except TypeError:
        return True  # pandas' NA refuses to be compared: it is missing


def flatten(record: dict) -> dict:
    """A record's fields as Sigma names them (dotted paths), scalar values."""
    out: dict = {}
    _flatten(record, "", out)
    return {k: (json.dumps(v, default=str) if isinstance(v, list) else v) for k, v in out.items()}


def records_of(source) -> list[dict]:
    """Records from a list of dicts or a DataFrame (`labs.cloudtrail.load`'s rows)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    if pd is not None and isinstance(source, pd.DataFrame):
        rows = []
        for row in source.to_dict("records"):
            rows.append({k: v for k, v in row.items() if k not in ("source_file", "actor")})
        return rows
    if isinstance(source, dict):
        return [source]
    return list(source)


def parse(text):
    """The rule as pySigma reads it, or one sentence saying why it cannot be read."""
    from sigma.collection import SigmaCollection
    from sigma.exceptions import SigmaError

    if not isinstance(text, str) or not text.strip():
        raise LabError("Pass the rule as a YAML string (a Sigma rule).", "규칙을 YAML 문자열(Sigma 규칙)로 넘기세요.")
    try:
        collection = SigmaCollection.from_yaml(text)
    except SigmaError as error:
        raise LabError(f"pySigma cannot read this rule: {error}", f"pySigma가 이 규칙을 읽지 못합니다: {error}") from None
    except Exception as error:  # YAML syntax errors come from the YAML parser
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise LabError(f"The rule is not valid YAML: {first}", f"규칙이 올바른 YAML이 아닙니다: {first}") from None
    errors = [e for r in collection.rules for e in getattr(r, "errors", [])] + list(getattr(collection, "errors", []))
    if errors or not collection.rules:
        why = str(errors[0]) if errors else "no rule in it"
        raise LabError(f"pySigma cannot read this rule: {why}", f"pySigma가 이 규칙을 읽지 못합니다: {why}")
    return collection


def fields_of(collection) -> set[str]:
    """Every field the rules' detections name (field references included)."""
    from sigma.rule import SigmaDetection, SigmaDetectionItem

    found: set[str] = set()

    def walk(item):
        if isinstance(item, SigmaDetection):
            for inner in item.detection_items:
                walk(inner)
        elif isinstance(item, SigmaDetectionItem):
            if item.field:
                found.add(item.field)
            for value in item.value:
                if hasattr(value, "field") and isinstance(value.field, str):
                    found.add(value.field)

    for rule in collection.rules:
        for detection in rule.detection.detections.values():
            walk(detection)
    return found


@dataclass
class Result:
    matched: list
    """Indices of the records the rule matched."""
    unknown_fields: dict = field(default_factory=dict)
    """field -> the closest field the records have (or None)."""
    query: str = ""


def _regexp(pattern, value):
    if value is None:
        return False
    try:
        return re.search(pattern, str(value)) is not None
    except re.error:
        return False


def run(text, source) -> Result:
    """Which records a Sigma rule matches."""
    from sigma.backends.sqlite import sqliteBackend

    collection = parse(text)
    try:
        queries = sqliteBackend().convert(collection)
    except Exception as error:
        raise LabError(f"pySigma cannot convert this rule: {error}", f"pySigma가 이 규칙을 변환하지 못합니다: {error}") from None
    # SQLite's column names ignore case, as Sigma's field names do not quite: fields that differ only
    # in case (requestParameters.Host, requestParameters.host) share one column.
    canonical: dict[str, str] = {}
    records = []
    for record in records_of(source):
        row = {}
        for key, value in flatten(record).items():
            row[canonical.setdefault(key.lower(), key)] = value
        records.append(row)
    known = sorted(set(canonical.values()))
    named = fields_of(collection)
    unknown = {}
    lowered = {k.lower(): k for k in known}
    for name in sorted(named):
        if name not in known and name.lower() not in lowered:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
            unknown[name] = close[0] if close else None
    columns = known + [n for n in sorted(named) if n not in known and n.lower() not in lowered]
    connection = sqlite3.connect(":memory:")
    connection.create_function("regexp", 2, _regexp)
    quoted = ", ".join(f'"{c}" TEXT COLLATE NOCASE' for c in columns)
    connection.execute(f'CREATE TABLE {TABLE} (row_id INTEGER PRIMARY KEY{", " if quoted else ""}{quoted})')
    if records:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in range(len(columns) + 1))
        connection.executemany(f"INSERT INTO {TABLE} (row_id, {names}) VALUES ({marks})",
                               [(i, *[r.get(c) for c in columns]) for i, r in enumerate(records)])
    matched: set[int] = set()
    for query in queries:
        sql = str(query).replace(f"SELECT * FROM {TABLE}", f"SELECT row_id FROM {TABLE}", 1)
        try:
            matched |= {row[0] for row in connection.execute(sql)}
        except sqlite3.Error as error:
            raise LabError(f"The rule's query cannot run: {error}", f"규칙의 쿼리를 실행할 수 없습니다: {error}") from None
    connection.close()
    return Result(sorted(matched), unknown, "\n".join(str(q) for q in queries))


def matches(text, source):
    """The records (or DataFrame rows) a rule matches."""
    result = run(text, source)
    try:
        import pandas as pd

        if isinstance(source, pd.DataFrame):
            return source.iloc[result.matched]
    except ImportError:  # pragma: no cover
        pass
    records = records_of(source)
    return [records[i] for i in result.matched]


@dataclass
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int
    missed: list
    """The records the rule should have matched and did not."""
    false_alarms: list
    """The records it matched and should not have."""
    unknown_fields: dict

    @property
    def precision(self) -> float:
        fired = self.true_positives + self.false_positives
        return self.true_positives / fired if fired else float("nan")

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else float("nan")


def score(text, labelled) -> Score:
    """Precision and recall on (record, label) pairs: True must fire, False must not, None either way."""
    pairs = list(labelled)
    result = run(text, [record for record, _ in pairs])
    fired = set(result.matched)
    tp = [i for i, (_, label) in enumerate(pairs) if label is True and i in fired]
    fn = [i for i, (_, label) in enumerate(pairs) if label is True and i not in fired]
    fp = [i for i, (_, label) in enumerate(pairs) if label is False and i in fired]
    return Score(len(tp), len(fp), len(fn), [pairs[i][0] for i in fn], [pairs[i][0] for i in fp], result.unknown_fields)


def logsource(collection) -> tuple:
    rule = collection.rules[0]
    source = rule.logsource
    return (source.product, source.service, source.category)


def describe(record: dict) -> str:
    """One line for a record: when, who, what, outcome."""
    identity = record.get("userIdentity") or {}
    who = identity.get("userName") or identity.get("arn") or identity.get("type") or "?"
    outcome = f" ({record['errorCode']})" if record.get("errorCode") else ""
    return f"{record.get('eventTime', '?')} {who} {record.get('eventName', '?')}{outcome}"


__all__ = ["Result", "Score", "describe", "flatten", "logsource", "matches", "parse", "run", "score", "both"]
