"""Is a resource-based policy public? Amazon S3 User Guide, "Blocking public access to your Amazon
S3 storage", section "The meaning of "public"" (the rules IAM Access Analyzer and Block Public
Access apply to bucket and access point policies), extended with KMS's kms:CallerAccount for key
policies as IAM Access Analyzer treats them.

S3 starts by assuming a policy is public, then looks for what makes each Allow statement
non-public: it grants only to fixed values (no wildcard, no policy variable) of
- a principal: an AWS account, user, role or service principal (a Principal other than "*"), or
  the condition keys aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID;
- aws:SourceIp, a set of CIDRs, none broader than /8 (IPv4) or /32 (IPv6), except the RFC 1918
  private ranges ("0.0.0.0/1" is public);
- aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner, aws:SourceAccount;
- aws:userid, outside the pattern "AROLEID:*";
- s3:DataAccessPointArn (a wildcard in the access point name is fine while the account is fixed),
  s3:DataAccessPointAccount.
The guide's own example: `"Principal": {"Federated": "graph.facebook.com"}` is public (anyone who
signs in with Facebook), and so is `"Principal": "*"` or `{"AWS": "*"}` without such a condition.
Conditions combine with AND: one fixed narrowing key makes the statement non-public, whatever
the others say. A narrowing test must match positively: a negated operator (StringNotEquals),
`...IfExists` or `ForAllValues:` also holds when the key is missing, so it narrows nothing.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from labs.language import both
from labs.korean import josa
from labs.policy.document import Condition, PolicyDocument, Statement, parse
from labs.policy.matching import has_wildcard

NARROWING_KEYS = {
    "aws:sourceip", "aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceowner", "aws:sourceaccount",
    "aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:userid",
    "s3:dataaccesspointarn", "s3:dataaccesspointaccount", "kms:calleraccount",
}
POSITIVE_OPERATORS = {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "IpAddress"}
PRIVATE_RANGES = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]
BROADEST_FIXED_PREFIX = {4: 8, 6: 32}
_ROLE_USERID = re.compile(r"^AROA[A-Z0-9]+:\*$")
_ACCESS_POINT = re.compile(r"^arn:aws[a-z-]*:s3:[a-z0-9-]+:\d{12}:accesspoint/.+$")


@dataclass(frozen=True)
class PublicGrant:
    statement: Statement
    why: dict
    """Who the statement lets in, in words ("everyone ("Principal": "*")")."""


def _broad_cidr(value) -> bool:
    try:
        network = ipaddress.ip_network(str(value), strict=False)
    except ValueError:
        return True  # not an address range: it narrows nothing S3 can rely on
    if any(network.version == private.version and network.subnet_of(private) for private in PRIVATE_RANGES):
        return False
    return network.prefixlen < BROADEST_FIXED_PREFIX[network.version]


def fixed_value(key: str, value) -> bool:
    """Whether a condition value is fixed for `key` in S3's sense."""
    text = str(value)
    if key == "aws:sourceip":
        return "${" not in text and not _broad_cidr(text)
    if key == "aws:userid" and _ROLE_USERID.match(text):
        return True
    if key == "s3:dataaccesspointarn" and _ACCESS_POINT.match(text):
        account_part = text.split(":")[4]
        return not has_wildcard(account_part)
    return not has_wildcard(text)


def narrows(condition: Condition | None) -> bool:
    """Whether one condition test pins "anyone" down to fixed values S3 accepts as non-public."""
    if condition is None or condition.key not in NARROWING_KEYS:
        return False
    if condition.base not in POSITIVE_OPERATORS or condition.if_exists or condition.qualifier == "ForAllValues":
        return False
    return bool(condition.values) and all(fixed_value(condition.key, v) for v in condition.values)


def _who(statement: Statement) -> dict | None:
    """Who a statement lets in when that is a public set of callers, else None."""
    if statement.not_principal is not None:
        return both("everyone but the principals its NotPrincipal names",
                    "NotPrincipal에 적힌 주체를 뺀 모든 사람")
    principal = statement.principal
    if principal is None:
        return None
    if principal.wildcard:
        return both('everyone ("Principal": "*")', '모든 사람("Principal": "*")')
    federated = principal.values("Federated")
    if federated:
        names = ", ".join(federated)
        return both(f"anyone who signs in with {names} (Federated)", f"{josa(names, '으로')} 로그인하는 누구나(Federated)")
    wild = [v for _, v in principal.entries if has_wildcard(v)]
    if wild:
        return both(f"any principal matching {', '.join(wild)}", f"{', '.join(wild)}에 맞는 모든 주체")
    return None


def public_grant(statement: Statement) -> PublicGrant | None:
    """The statement's public grant, or None when it grants nothing to the public."""
    if statement.effect != "Allow":
        return None
    who = _who(statement)
    if who is None:
        return None
    if any(narrows(c) for c in statement.conditions):
        return None
    return PublicGrant(statement, who)


def public_grants(policy) -> list[PublicGrant]:
    """Every statement of a resource-based policy that grants something to the public."""
    document = policy if isinstance(policy, PolicyDocument) else parse(policy)
    return [grant for grant in map(public_grant, document.statements) if grant is not None]


def is_public(policy) -> bool:
    return bool(public_grants(policy))
