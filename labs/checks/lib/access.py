"""Who outside the account can reach a resource: the judgment behind IAM Access Analyzer's external
access findings (IAM User Guide, "IAM Access Analyzer findings": a finding for each resource-based
policy that grants access to a principal outside the zone of trust, here the account).

A resource-based policy (a bucket policy, a role's trust policy, a key policy) is read by the policy
engine, statement by statement. For each Allow, the principals it may let in from outside are the
candidates: everyone (`"*"`, `{"AWS": "*"}`, NotPrincipal) and a stranger's account, each account
or principal ARN of another account it names, the accounts a condition names (aws:PrincipalAccount,
kms:CallerAccount, aws:SourceAccount, aws:PrincipalArn), and federated identity providers. The engine
then asks whether each candidate, whose own account would allow it everything, can make the
statement's calls on the resource, with every condition the caller controls satisfied (an external
id, an address, a prefix: the caller chooses them) and the conditions that say who the caller is
(aws:PrincipalAccount, kms:CallerAccount, ...) filled with the caller's true values. So a wildcard
narrowed to the account itself is no finding, an external id is no protection from the partner who
has it, and a Deny in the same policy is honoured.

AWS service principals (cloudtrail.amazonaws.com writing log files) act for the account here: the
lab's model does not report them. EBS snapshots and RDS snapshots are shared by attribute, not by
policy: "all" is public, an account id is that account.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from labs.language import both
from labs.policy import ANONYMOUS, Caller, account_root, can, federated, parse
from labs.policy.matching import account_of

STRANGER = "999999999999"
"""An account nobody named: what anyone on AWS can do."""
ALLOW_EVERYTHING = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
IDENTIFYING_KEYS = {
    "aws:principalaccount", "aws:principalarn", "aws:principalorgid", "aws:principalorgpaths", "aws:principaltype",
    "aws:userid", "aws:username", "kms:calleraccount", "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner",
    "aws:sourcevpc", "aws:sourcevpce", "aws:principalisawsservice", "aws:principalservicename",
}
ACCOUNT_KEYS = {"aws:principalaccount", "kms:calleraccount", "aws:sourceaccount", "aws:sourceowner"}
ARN_KEYS = {"aws:principalarn", "aws:sourcearn"}
DEFAULT_ACTION = {
    "AWS::S3::Bucket": "s3:GetObject", "AWS::IAM::Role": "sts:AssumeRole", "AWS::KMS::Key": "kms:Decrypt",
}


@dataclass(frozen=True)
class Share:
    """One principal outside the account that can reach one resource (one Access Analyzer finding)."""

    resource: str
    resource_type: str
    principal: dict
    """{"AWS": "111122223333"}, {"AWS": "*"} (everyone), {"Federated": "..."}"""
    actions: tuple
    public: bool
    condition: dict = field(default_factory=dict)
    """The caller-controlled condition keys the access depends on, as written ({"sts:ExternalId": "..."})."""
    statement: str | None = None

    @property
    def who(self) -> dict:
        if self.public:
            return both("everyone (public)", "모든 사람(퍼블릭)")
        kind, value = next(iter(self.principal.items()))
        if kind == "AWS":
            return both(f"account {value}", f"계정 {value}")
        return both(f"{value} ({kind})", f"{value}({kind})")


def _instance(pattern: str) -> str:
    """One concrete value a wildcard pattern matches ("s3:Get*" -> "s3:GetAnything")."""
    return pattern.replace("*", "Anything").replace("?", "X")


def _satisfying(condition) -> object:
    """A value of a caller-controlled key that makes the condition hold, or None to leave the key out."""
    base, values = condition.base, condition.values
    if base == "Null":
        return None if str(values[0]).lower() == "true" else "present"
    if base in ("StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike",
                "NumericNotEquals", "DateNotEquals", "NotIpAddress"):
        return None if condition.if_exists else "labs-anything-else"
    value = str(values[0]) if values else ""
    if base == "IpAddress":
        try:
            return str(ipaddress.ip_network(value, strict=False).network_address)
        except ValueError:
            return value
    if base == "Bool":
        return value.lower()
    return _instance(value)


def _context(statement, caller_account: str | None, caller_arn: str | None) -> tuple[dict, dict]:
    """(request context, the caller-controlled conditions as written) for probing one statement."""
    context, controlled = {"aws:SecureTransport": "true"}, {}
    for condition in statement.conditions:
        if condition is None or condition.key in IDENTIFYING_KEYS:
            continue
        value = _satisfying(condition)
        if value is not None:
            context[condition.as_written] = value
        controlled[condition.as_written] = ", ".join(str(v) for v in condition.values)
    if caller_account:
        for key in ("aws:PrincipalAccount", "kms:CallerAccount"):
            context[key] = caller_account
    if caller_arn:
        context["aws:PrincipalArn"] = caller_arn
    return context, controlled


def _candidates(statement, account: str) -> list[tuple[Caller, dict, bool]]:
    """(caller, principal as Access Analyzer writes it, public?) for each outsider a statement may let in."""
    found = []
    principal = statement.principal
    wildcard = statement.not_principal is not None or (principal is not None and principal.wildcard)
    if wildcard:
        found.append((ANONYMOUS, {"AWS": "*"}, True))
        found.append((account_root(STRANGER), {"AWS": "*"}, True))
    named = set()
    for kind, value in (principal.entries if principal is not None else ()):
        if kind == "AWS" and value != "*":
            other = account_of(value)
            if other and other != account:
                named.add(other)
                caller = account_root(other) if value in (other, f"arn:aws:iam::{other}:root") else Caller("AWS", value, other)
                found.append((caller, {"AWS": value if caller.arn != f"arn:aws:iam::{other}:root" else other}, False))
        elif kind == "Federated":
            found.append((federated(value), {"Federated": value}, True))
    if wildcard:
        for condition in statement.conditions:
            if condition is None or condition.key not in ACCOUNT_KEYS | ARN_KEYS:
                continue
            for value in condition.values:
                other = account_of(str(value))
                if other and other != account and other not in named:
                    named.add(other)
                    found.append((account_root(other), {"AWS": other}, False))
    return found


def policy_shares(policy, resource: str, resource_type: str, account: str) -> list[Share]:
    """Every outsider a resource-based policy lets in, with what it may do (a Share each)."""
    document = parse(policy)
    shares: dict = {}
    for statement in document.statements:
        if statement.effect != "Allow" or not statement.usable:
            continue
        patterns = statement.actions or (DEFAULT_ACTION.get(resource_type, "s3:GetObject"),)
        probes = [_instance(r) for r in (statement.resources or ()) if r != "*"] or [resource]
        for caller, principal, public in _candidates(statement, account):
            context, controlled = _context(statement, caller.account, caller.arn)
            allowed = []
            for pattern in patterns:
                action = DEFAULT_ACTION.get(resource_type, "s3:GetObject") if pattern == "*" else _instance(pattern)
                if any(can(caller, action, probe, identity=[ALLOW_EVERYTHING], resource_policy=document,
                           resource_account=account, context=context).allowed for probe in probes):
                    allowed.append(pattern)
            if not allowed:
                continue
            key = (resource, tuple(sorted(principal.items())))
            if key in shares:
                previous = shares[key]
                merged = tuple(dict.fromkeys(previous.actions + tuple(allowed)))
                shares[key] = Share(resource, resource_type, principal, merged, public or previous.public,
                                    {**previous.condition, **controlled}, previous.statement)
            else:
                shares[key] = Share(resource, resource_type, principal, tuple(allowed), public, controlled,
                                    statement.label)
    return list(shares.values())


def attribute_shares(values, resource: str, resource_type: str, action: str, account: str) -> list[Share]:
    """A snapshot's sharing attribute ("all", or account ids): a Share for each outsider."""
    shares = []
    for value in values:
        if value == "all":
            shares.append(Share(resource, resource_type, {"AWS": "*"}, (action,), True))
        elif value != account:
            shares.append(Share(resource, resource_type, {"AWS": value}, (action,), False))
    return shares
