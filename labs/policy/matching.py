"""Matching actions, resources and principals as IAM does (IAM User Guide, "IAM JSON policy
elements": Action, Resource, Principal; "Condition operators": ArnLike).

- Actions: `service:Name`, case-insensitive, `*` any run of characters and `?` one character
  (`S3:Get*`, `iam:*MFADevice*`); `"*"` alone is every action of every service.
- Resources and ARNs: case-sensitive; `*` and `?` wildcards. An ARN is compared segment by segment
  for its first five colon-separated parts (partition, service, region, account); the resource part
  may contain colons and slashes and is one glob.
- Policy variables (`${aws:username}`) are replaced from the request context when present; an
  unknown variable matches nothing, as IAM treats it.
"""

from __future__ import annotations

import re
from functools import lru_cache

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
SPECIAL_VARIABLES = {"*": "*", "?": "?", "$": "$"}


@lru_cache(maxsize=4096)
def _glob(pattern: str, ignore_case: bool) -> re.Pattern:
    parts = []
    for char in pattern:
        if char == "*":
            parts.append(".*")
        elif char == "?":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def glob_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    return _glob(pattern, ignore_case).fullmatch(value) is not None


def substitute(pattern: str, context=None) -> str | None:
    """The pattern with its policy variables replaced from the context, or None when one is unknown."""
    if "${" not in pattern:
        return pattern
    missing = False

    def replace(match):
        nonlocal missing
        name = match.group(1)
        if name in SPECIAL_VARIABLES:
            return SPECIAL_VARIABLES[name]
        name, _, default = name.partition(",")
        value = context.get(name.strip()) if context is not None else None
        if value is None and default:
            return default.strip().strip("'")
        if value is None or isinstance(value, (list, tuple)):
            missing = True
            return ""
        return str(value)

    result = _VARIABLE.sub(replace, pattern)
    return None if missing else result


def action_matches(pattern: str, action: str) -> bool:
    """`pattern` from a policy ("s3:Get*", "*") against an action ("s3:GetObject"), case-insensitively."""
    if pattern == "*":
        return True
    if ":" not in pattern or ":" not in action:
        return False
    service, _, name = pattern.partition(":")
    wanted_service, _, wanted_name = action.partition(":")
    return glob_match(service, wanted_service, True) and glob_match(name, wanted_name, True)


def any_action(patterns, action: str) -> bool:
    return any(action_matches(p, action) for p in patterns)


def arn_matches(pattern: str, arn: str) -> bool:
    """An ARN pattern against an ARN (ArnLike and the Resource element): the first five segments one
    by one, the resource part as one glob; a pattern that is not an ARN is one glob over the whole."""
    if pattern == "*":
        return True
    if not pattern.startswith("arn:") or not arn.startswith("arn:"):
        return glob_match(pattern, arn)
    wanted = pattern.split(":", 5)
    given = arn.split(":", 5)
    if len(wanted) != 6 or len(given) != 6:
        return glob_match(pattern, arn)
    return all(glob_match(w, g) for w, g in zip(wanted, given, strict=True))


def resource_matches(pattern: str, resource: str, context=None) -> bool:
    pattern = substitute(pattern, context)
    return pattern is not None and arn_matches(pattern, resource)


def account_of(arn_or_account: str) -> str | None:
    """The 12-digit account of an ARN, an account id, or None (a service, "*", ...)."""
    if re.fullmatch(r"\d{12}", arn_or_account):
        return arn_or_account
    parts = arn_or_account.split(":")
    if len(parts) >= 5 and parts[0] == "arn" and re.fullmatch(r"\d{12}", parts[4]):
        return parts[4]
    return None


def has_wildcard(value: str) -> bool:
    """Whether a condition value or ARN is not a fixed value: a wildcard or a policy variable."""
    return "*" in value or "?" in value or "${" in value
