"""Condition operators, as the IAM User Guide's "IAM JSON policy elements: Condition operators"
and "Single-valued vs. multivalued context keys" define them.

- Families: String (Equals, NotEquals, EqualsIgnoreCase, NotEqualsIgnoreCase, Like, NotLike),
  Numeric (Equals, NotEquals, LessThan[Equals], GreaterThan[Equals]), Date (the same six),
  Bool, BinaryEquals, IpAddress / NotIpAddress, Arn (Equals, Like, NotEquals, NotLike), Null.
- Several values for one key: the test holds when any value matches; for a negated operator
  (StringNotEquals, ...) when none does.
- Several keys in one operator, several operators in one block: every test must hold (AND).
- A key missing from the request: the test is false, except for negated operators (true), for
  `...IfExists` (true), `ForAllValues:` (true) and `Null` (which asks exactly that).
- `ForAnyValue:` / `ForAllValues:` compare a multivalued key's set of values.
"""

from __future__ import annotations

import base64
import ipaddress
from datetime import datetime, timezone

from labs.policy.matching import arn_matches, glob_match, substitute

NEGATED = {"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals", "DateNotEquals",
           "NotIpAddress", "ArnNotEquals", "ArnNotLike"}
POSITIVE_OF = {
    "StringNotEquals": "StringEquals", "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike", "NumericNotEquals": "NumericEquals", "DateNotEquals": "DateEquals",
    "NotIpAddress": "IpAddress", "ArnNotEquals": "ArnEquals", "ArnNotLike": "ArnLike",
}
OPERATORS = {
    "StringEquals", "StringEqualsIgnoreCase", "StringLike", "NumericEquals", "NumericLessThan",
    "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals", "DateLessThan",
    "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress",
    "ArnEquals", "ArnLike", "Null",
} | NEGATED


class UnreadableCondition(ValueError):
    """A condition the engine cannot evaluate (an unknown operator): IAM refuses such a policy."""


class Context(dict):
    """Request context keys with case-insensitive names (`aws:SecureTransport` == `aws:securetransport`)."""

    def __init__(self, values=None):
        super().__init__()
        for key, value in (values or {}).items():
            self[key] = value

    def __setitem__(self, key, value):
        super().__setitem__(str(key).lower(), value)

    def __getitem__(self, key):
        return super().__getitem__(str(key).lower())

    def get(self, key, default=None):
        return super().get(str(key).lower(), default)

    def __contains__(self, key):
        return super().__contains__(str(key).lower())


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _date(value) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    number = _number(value)
    if number is not None and not isinstance(value, bool):
        return datetime.fromtimestamp(number, tz=timezone.utc)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _network(value):
    try:
        return ipaddress.ip_network(str(value), strict=False)
    except ValueError:
        return None


def _address(value):
    try:
        return ipaddress.ip_address(str(value))
    except ValueError:
        return _network(value)


def _compare(base: str, policy_value, request_value, context) -> bool:
    """One positive operator, one policy value, one request value."""
    if base in ("StringEquals", "StringEqualsIgnoreCase", "StringLike"):
        wanted = substitute(_text(policy_value), context)
        if wanted is None:
            return False
        given = _text(request_value)
        if base == "StringEquals":
            return wanted == given
        if base == "StringEqualsIgnoreCase":
            return wanted.lower() == given.lower()
        return glob_match(wanted, given)
    if base.startswith("Numeric"):
        a, b = _number(request_value), _number(policy_value)
        if a is None or b is None:
            return False
        return {"NumericEquals": a == b, "NumericLessThan": a < b, "NumericLessThanEquals": a <= b,
                "NumericGreaterThan": a > b, "NumericGreaterThanEquals": a >= b}[base]
    if base.startswith("Date"):
        a, b = _date(request_value), _date(policy_value)
        if a is None or b is None:
            return False
        return {"DateEquals": a == b, "DateLessThan": a < b, "DateLessThanEquals": a <= b,
                "DateGreaterThan": a > b, "DateGreaterThanEquals": a >= b}[base]
    if base == "Bool":
        return _text(policy_value).lower() == _text(request_value).lower()
    if base == "BinaryEquals":
        try:
            return base64.b64decode(_text(policy_value)) == base64.b64decode(_text(request_value))
        except ValueError:
            return False
    if base == "IpAddress":
        network, address = _network(policy_value), _address(request_value)
        if network is None or address is None:
            return False
        if isinstance(address, (ipaddress.IPv4Network, ipaddress.IPv6Network)):
            return address.version == network.version and address.subnet_of(network)
        return address.version == network.version and address in network
    if base in ("ArnEquals", "ArnLike"):
        wanted = substitute(_text(policy_value), context)
        return wanted is not None and arn_matches(wanted, _text(request_value))
    raise UnreadableCondition(base)


def evaluate(condition, context: Context) -> bool:
    """Whether one condition test holds for a request context. Raises UnreadableCondition for an
    operator IAM does not know (the caller decides what an unreadable condition means)."""
    if condition is None:
        raise UnreadableCondition("unreadable")
    base = condition.base
    if base not in OPERATORS:
        raise UnreadableCondition(condition.operator)
    present = condition.key in context and context[condition.key] is not None
    if base == "Null":
        wanted = _text(condition.values[0]).lower() == "true" if condition.values else True
        return (not present) == wanted
    if not present:
        if condition.if_exists or condition.qualifier == "ForAllValues":
            return True
        if condition.qualifier == "ForAnyValue":
            return False
        return base in NEGATED
    given = context[condition.key]
    given = list(given) if isinstance(given, (list, tuple, set)) else [given]
    negated = base in NEGATED
    positive = POSITIVE_OF.get(base, base)

    def matches(value) -> bool:
        return any(_compare(positive, wanted, value, context) for wanted in condition.values)

    if condition.qualifier == "ForAllValues":
        # Every value in the request is in the policy's set (for a negated operator: none is).
        return all((not matches(v)) if negated else matches(v) for v in given)
    if condition.qualifier == "ForAnyValue":
        return any((not matches(v)) if negated else matches(v) for v in given)
    # A single-valued key (or a multivalued one without a set operator): any request value decides.
    if negated:
        return not any(matches(v) for v in given)
    return any(matches(v) for v in given)
