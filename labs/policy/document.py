"""A policy document read as IAM reads it: the grammar of the IAM User Guide's "IAM JSON policy
element reference" and "Grammar of the IAM JSON policy language".

`parse(value)` takes what the emulator stores (a JSON string, URL-encoded JSON as IAM returns it,
or a dict) and never raises: a document or a piece of one that IAM would refuse becomes a
`problem` (one sentence, en and ko) on the document or the statement, and the rest is still read.
A checker then says "cannot read this value" for that piece and judges the rest.

Normalisation, each rule from the reference:
- `Statement` is one object or a list of objects.
- `Effect` is `Allow` or `Deny` (case-sensitive in IAM); anything else makes the statement unusable.
- `Action`, `NotAction`, `Resource`, `NotResource`: a string or a list of strings.
- `Principal`, `NotPrincipal`: `"*"`, or an object whose keys are `AWS`, `Service`, `Federated`,
  `CanonicalUser`, each a string or a list of strings.
- `Condition`: `{operator: {key: value or [values]}}`; condition key names are case-insensitive,
  values may be strings, numbers or booleans (JSON `true` and `"true"` are the same to `Bool`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import unquote

from labs.language import both
from labs.korean import josa

PRINCIPAL_KINDS = ("AWS", "Service", "Federated", "CanonicalUser")
EXCERPT = 60


def excerpt(value) -> str:
    """A short, one-line excerpt of a value, for messages that quote what the learner wrote."""
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    text = " ".join(str(text).split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


@dataclass(frozen=True)
class Principal:
    """Who a statement names: `wildcard` for "*" (everyone, anonymous callers included), else
    (kind, value) pairs such as ("AWS", "arn:aws:iam::123456789012:root") or ("Service", "ec2.amazonaws.com")."""

    wildcard: bool = False
    entries: tuple = ()

    def values(self, kind: str) -> tuple[str, ...]:
        return tuple(v for k, v in self.entries if k == kind)


@dataclass(frozen=True)
class Condition:
    """One test of a Condition block: `operator` as written (e.g. "ForAnyValue:StringLikeIfExists"),
    split into `base` ("StringLike"), `if_exists`, `qualifier` ("ForAnyValue", "ForAllValues" or None),
    the `key` in lower case (condition key names are case-insensitive), the key `as_written`,
    and its `values` (always a tuple)."""

    operator: str
    base: str
    if_exists: bool
    qualifier: str | None
    key: str
    as_written: str
    values: tuple


@dataclass(frozen=True)
class Statement:
    index: int
    sid: str | None
    effect: str | None
    actions: tuple | None = None
    not_actions: tuple | None = None
    resources: tuple | None = None
    not_resources: tuple | None = None
    principal: Principal | None = None
    not_principal: Principal | None = None
    conditions: tuple = ()
    problems: tuple = ()
    """Sentences ({"en", "ko"}) for what IAM would refuse in this statement."""
    raw: object = None

    @property
    def label(self) -> str:
        """The statement's Sid, or its position ("statement 2") when it has none."""
        return self.sid if self.sid else f"statement {self.index + 1}"

    @property
    def label_ko(self) -> str:
        return self.sid if self.sid else f"{self.index + 1}번째 문(Statement)"

    @property
    def usable(self) -> bool:
        """Whether the statement can be evaluated at all (an Effect, and an action element)."""
        return self.effect in ("Allow", "Deny") and (self.actions is not None or self.not_actions is not None)


@dataclass(frozen=True)
class PolicyDocument:
    statements: tuple = ()
    problems: tuple = ()
    """Sentences for what IAM would refuse in the document as a whole (not JSON, no Statement, ...)."""
    name: str = ""
    """Where the document comes from ("bucket policy", a policy name), for explanations."""
    version: str | None = None

    def __iter__(self):
        return iter(self.statements)

    @property
    def all_problems(self) -> list[dict]:
        return list(self.problems) + [p for s in self.statements for p in s.problems]


def _strings(value, element: str, problems: list) -> tuple | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    problems.append(both(
        f"{element} must be a string or a list of strings, not {excerpt(value)}",
        f"{josa(element, '은')} 문자열이나 문자열 목록이어야 합니다. 지금 값: {excerpt(value)}",
    ))
    strings = tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()
    return strings or None


def _principal(value, element: str, problems: list) -> Principal | None:
    if value == "*":
        return Principal(wildcard=True)
    if not isinstance(value, dict):
        problems.append(both(
            f"{element} must be \"*\" or an object such as {{\"AWS\": ...}}, not {excerpt(value)}",
            f"{josa(element, '은')} \"*\"이거나 {{\"AWS\": ...}} 같은 객체여야 합니다. 지금 값: {excerpt(value)}",
        ))
        return None
    entries, wildcard = [], False
    for kind, values in value.items():
        if kind not in PRINCIPAL_KINDS:
            problems.append(both(
                f"{element} has an unknown kind {excerpt(kind)}; IAM knows {', '.join(PRINCIPAL_KINDS)}",
                f"{element}에 알 수 없는 종류 {josa(excerpt(kind), '이')} 있습니다. IAM이 아는 종류는 "
                f"{', '.join(PRINCIPAL_KINDS)}입니다",
            ))
            continue
        for item in _strings(values, f"{element}.{kind}", problems) or ():
            if item == "*" and kind in ("AWS", "CanonicalUser"):
                wildcard = True
            entries.append((kind, item))
    return Principal(wildcard=wildcard, entries=tuple(entries))


def split_operator(operator: str) -> tuple[str | None, str, bool]:
    """("ForAnyValue", "StringLike", True) for "ForAnyValue:StringLikeIfExists"."""
    qualifier, _, base = operator.rpartition(":")
    qualifier = qualifier or None
    if_exists = base.endswith("IfExists")
    if if_exists:
        base = base[: -len("IfExists")]
    return qualifier, base, if_exists


def _conditions(value, problems: list) -> tuple:
    if not isinstance(value, dict):
        problems.append(both(
            f"Condition must be an object such as {{\"Bool\": {{\"aws:SecureTransport\": \"false\"}}}}, "
            f"not {excerpt(value)}",
            f"Condition은 {{\"Bool\": {{\"aws:SecureTransport\": \"false\"}}}} 같은 객체여야 합니다. "
            f"지금 값: {excerpt(value)}",
        ))
        return (None,)  # a condition that can never be read: the statement never applies
    tests = []
    for operator, block in value.items():
        if not isinstance(operator, str) or not isinstance(block, dict):
            problems.append(both(
                f"the condition {excerpt(operator)} must map condition keys to values, not {excerpt(block)}",
                f"조건 {josa(excerpt(operator), '은')} 조건 키와 값의 쌍이어야 합니다. 지금 값: {excerpt(block)}",
            ))
            tests.append(None)
            continue
        qualifier, base, if_exists = split_operator(operator)
        for key, values in block.items():
            values = tuple(values) if isinstance(values, list) else (values,)
            if any(isinstance(v, (dict, list)) or v is None for v in values):
                problems.append(both(
                    f"the value of {excerpt(key)} in {operator} must be a string, number or boolean, "
                    f"not {excerpt(values)}",
                    f"{operator}의 {excerpt(key)} 값은 문자열, 숫자, 불리언이어야 합니다. 지금 값: {excerpt(values)}",
                ))
                tests.append(None)
                continue
            tests.append(Condition(operator, base, if_exists, qualifier, str(key).lower(), str(key), values))
    return tuple(tests)


def _statement(index: int, raw) -> Statement:
    problems: list = []
    if not isinstance(raw, dict):
        return Statement(index, None, None, problems=(both(
            f"statement {index + 1} must be a JSON object, not {excerpt(raw)}",
            f"{index + 1}번째 문(Statement)은 JSON 객체여야 합니다. 지금 값: {excerpt(raw)}",
        ),), raw=raw)
    sid = raw.get("Sid")
    sid = None if sid is None else str(sid)
    effect = raw.get("Effect")
    if effect not in ("Allow", "Deny"):
        problems.append(both(f"Effect must be \"Allow\" or \"Deny\", not {excerpt(effect)}",
                             f"Effect는 \"Allow\"나 \"Deny\"여야 합니다. 지금 값: {excerpt(effect)}"))
        effect = None
    values = {}
    for element in ("Action", "NotAction", "Resource", "NotResource"):
        if element in raw:
            values[element] = _strings(raw[element], element, problems)
    if "Action" in values and "NotAction" in values:
        problems.append(both("a statement has Action or NotAction, not both",
                             "문(Statement)에는 Action과 NotAction 중 하나만 있어야 합니다"))
    if "Action" not in raw and "NotAction" not in raw:
        problems.append(both("the statement has no Action (or NotAction)",
                             "문(Statement)에 Action(또는 NotAction)이 없습니다"))
    principal = _principal(raw["Principal"], "Principal", problems) if "Principal" in raw else None
    not_principal = _principal(raw["NotPrincipal"], "NotPrincipal", problems) if "NotPrincipal" in raw else None
    conditions = _conditions(raw["Condition"], problems) if "Condition" in raw else ()
    return Statement(
        index=index, sid=sid, effect=effect,
        actions=values.get("Action"), not_actions=values.get("NotAction"),
        resources=values.get("Resource"), not_resources=values.get("NotResource"),
        principal=principal, not_principal=not_principal,
        conditions=conditions, problems=tuple(problems), raw=raw,
    )


def parse(value, name: str = "") -> PolicyDocument:
    """A PolicyDocument from a dict, a JSON string or URL-encoded JSON (as IAM's API returns it).
    Never raises; what cannot be read is in `problems`."""
    if isinstance(value, PolicyDocument):
        return value
    if isinstance(value, (bytes, bytearray)):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("%7B") or text.startswith("%7b"):
            text = unquote(text)
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return PolicyDocument(name=name, problems=(both(
                f"the policy is not valid JSON ({excerpt(text)})",
                f"정책이 올바른 JSON이 아닙니다({excerpt(text)})",
            ),))
    if not isinstance(value, dict):
        return PolicyDocument(name=name, problems=(both(
            f"a policy must be a JSON object with a Statement, not {excerpt(value)}",
            f"정책은 Statement가 있는 JSON 객체여야 합니다. 지금 값: {excerpt(value)}",
        ),))
    raw = value.get("Statement")
    if raw is None:
        return PolicyDocument(name=name, version=_version(value), problems=(both(
            "the policy has no Statement", "정책에 Statement가 없습니다"),))
    raws = raw if isinstance(raw, list) else [raw]
    return PolicyDocument(
        statements=tuple(_statement(i, s) for i, s in enumerate(raws)), name=name, version=_version(value))


def _version(value: dict) -> str | None:
    version = value.get("Version")
    return version if isinstance(version, str) else None


def without_statements(document, sid: str):
    """`document` (a dict or its JSON text) less every statement whose Sid is `sid`, as a dict; None when no
    statement has that Sid (nothing to write back). A single statement written as an object counts as a list of one."""
    import json

    raw = json.loads(document) if isinstance(document, str) else dict(document)
    statements = raw.get("Statement", [])
    statements = [statements] if isinstance(statements, dict) else list(statements)
    kept = [s for s in statements if not (isinstance(s, dict) and s.get("Sid") == sid)]
    if len(kept) == len(statements):
        return None
    return {**raw, "Statement": kept}
