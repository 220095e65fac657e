"""IAM judgments shared by checks and graders, each a question to the policy engine (labs.policy).

An identity's policies are asked about a set of requests: a fixed probe of actions across services
(and an action of a service that does not exist yet, which only "*" covers), every action the
policies themselves name (so a Deny of one action is found), and the resources the policies name
besides "*". The request context says how the caller signed in, as AWS sets it (IAM User Guide,
"AWS global condition context keys"): a request signed with a long-term access key carries no
aws:MultiFactorAuthPresent at all; a console session without MFA carries it as false.

Administrative privileges (CIS 1.15, FSBP IAM.1: "no IAM policies that allow full "*:*"
administrative privileges") are judged by the policy engine, by what the policy allows a caller of
the account to do, never by how it is spelled:

- every action on every resource: the engine is asked about actions of every kind (IAM, STS, S3,
  EC2, KMS, CloudTrail, Organizations, the Account API) and of a service that does not exist yet, on
  "*" and on real-looking ARNs. `"Action": "*"`, `"Action": "*:*"`, an Allow with a NotAction that
  exempts a few actions of other services, or a NotResource that exempts one bucket all allow that;
- or all of IAM on every resource (`iam:*`, `iam:*` with `sts:AssumeRole`, an Allow NotAction that
  exempts everything but IAM): whoever holds it can attach AdministratorAccess to itself, or create a
  role with it and assume it. The lab counts that as administrative too.

Conditions narrow when a statement applies, not what it grants: the engine judges the policy for a
request from an administrator's ordinary session (MFA, TLS, from the office, now), so
`"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}` does not make `*:*` safe. A Deny
in the same policy is honoured: `iam:*` with a Deny on the attach and put-policy calls is not
administrative.

How Prowler judges the same ids: for AWS managed and inline policies, a statement whose Effect is
Allow, whose Action is exactly "*" and Resource exactly "*" (so `"NotAction": ...` or `iam:*` pass);
for customer managed policies, any Allow with Resource "*" whose Action is "*" or that has only a
NotAction. The lab's engine-based judgment agrees on those and also catches the rest.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from labs.language import both
from labs.policy import Caller, Decision, action_matches, can, parse
from labs.policy.actions import known_actions

WITH_MFA = {"aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "300", "aws:SecureTransport": "true"}
"""A console session signed in with MFA five minutes ago."""
WITHOUT_MFA = (
    (both("a request signed with a long-term access key, which carries no aws:MultiFactorAuthPresent key at all",
          "장기 액세스 키로 서명한 요청(aws:MultiFactorAuthPresent 키 자체가 없음)"),
     {"aws:SecureTransport": "true"}),
    (both("a console session signed in without MFA (aws:MultiFactorAuthPresent is false)",
          "MFA 없이 로그인한 콘솔 세션(aws:MultiFactorAuthPresent가 false)"),
     {"aws:MultiFactorAuthPresent": "false", "aws:SecureTransport": "true"}),
)
"""The two ways a request arrives without MFA: (what it is, en and ko; its context)."""

PROBE_ACTIONS = (
    "s3:ListAllMyBuckets", "s3:GetObject", "s3:PutBucketPolicy", "iam:CreateUser", "iam:CreateAccessKey",
    "iam:AttachUserPolicy", "iam:PutGroupPolicy", "iam:ListUsers", "ec2:RunInstances",
    "ec2:AuthorizeSecurityGroupIngress", "rds:CreateDBInstance", "kms:Decrypt", "cloudtrail:StopLogging",
    "organizations:LeaveOrganization", "account:PutAlternateContact", "sts:AssumeRole", "lambda:CreateFunction",
    "budgets:ModifyBudget", "labfutureservice:AnyNewAction",
)
"""Actions across services, and one of a service AWS has not launched yet (only "*" covers it)."""

ALLOW_EVERYTHING = parse({"Version": "2012-10-17", "Statement": [
    {"Sid": "AnotherPolicyAllowsEverything", "Effect": "Allow", "Action": "*", "Resource": "*"}]},
    name="another policy")
"""A policy that allows everything, as another group or a later policy might: what explicit Deny is for."""

MAX_CANDIDATES = 2000
"""At most this many actions are asked about (a NotAction of "*:Get*" names thousands)."""
_VARIABLE = re.compile(r"\$\{[^}]*\}")


def probe_resources(account: str, region: str) -> tuple[str, ...]:
    return (
        "*",
        f"arn:aws:s3:::community-app-images-{account}",
        f"arn:aws:s3:::community-app-images-{account}/uploads/any.png",
        f"arn:aws:iam::{account}:user/minho",
        f"arn:aws:ec2:{region}:{account}:instance/i-0123456789abcdef0",
    )


def _witness(pattern: str, user: str) -> str:
    """A value the pattern matches: its variables the user's name, its wildcards filled in."""
    return _VARIABLE.sub(user, pattern).replace("*", "lab").replace("?", "x")


def named_in(documents, user: str) -> tuple[list[str], list[str]]:
    """(actions, resources) the documents name, as values their patterns match."""
    actions, resources = [], []
    for document in documents:
        for statement in document.statements:
            for pattern in (statement.actions or ()) + (statement.not_actions or ()):
                if pattern != "*":
                    actions.append(_witness(pattern, user))
            for pattern in (statement.resources or ()) + (statement.not_resources or ()):
                if pattern != "*":
                    resources.append(_witness(pattern, user))
    return list(dict.fromkeys(actions)), list(dict.fromkeys(resources))


def cannot_do_everything(caller, documents, account: str, region: str, context=None) -> Decision | None:
    """The first request the documents do not allow the caller (a Decision that explains why), or None
    when the caller can do every action on every resource: an administrator."""
    user = (caller.arn or "").rsplit("/", 1)[-1]
    actions, resources = named_in(documents, user)
    context = WITH_MFA if context is None else context
    for action in dict.fromkeys(PROBE_ACTIONS + tuple(actions)):
        for resource in dict.fromkeys(probe_resources(account, region) + tuple(resources)):
            decision = can(caller, action, resource, identity=documents, context=context)
            if not decision.allowed:
                return decision
    return None


def allowed_without_mfa(caller, documents, account: str, region: str, exempt=(),
                        limit: int = 5) -> list[tuple[str, dict, Decision]]:
    """What the caller may still do without MFA under the documents: (action, how the request was signed,
    the Decision) for every probe action, and every action IAM knows that a Deny's NotAction leaves out,
    that is not `exempt` (patterns such as "iam:*MFADevice*") and is not denied on some probe resource;
    at most `limit` actions for each way of signing."""
    # A Deny leaves out what its NotAction names: the actions IAM knows there are where a leak hides.
    # Everything else a Deny misses (another service, a resource, a condition) the probes find.
    patterns = [p for document in documents for s in document.statements if s.effect == "Deny"
                for p in s.not_actions or ()]
    candidates = [a for a in dict.fromkeys(PROBE_ACTIONS + tuple(known_actions(patterns)))
                  if not any(action_matches(p, a) for p in exempt)][:MAX_CANDIDATES]
    resources = probe_resources(account, region)
    leaks = []
    for how, context in WITHOUT_MFA:
        found = 0
        for action in candidates:
            if found >= limit:
                break
            for resource in resources:
                decision = can(caller, action, resource, identity=documents, context=context)
                if decision.allowed:
                    leaks.append((action, how, decision))
                    found += 1
                    break
    return leaks


def why_not_denied(decision: Decision) -> dict | None:
    """Why no Deny statement applied to a request, statement by statement; None when there is no Deny."""
    denies = [r for r in decision.results if r.statement.effect == "Deny"]
    if not denies:
        return None
    return both("; ".join(f"{r.where['en']}: {r.why['en']}" for r in denies[:3]),
                "; ".join(f"{r.where['ko']}: {r.why['ko']}" for r in denies[:3]))


# --- administrative privileges (CIS 1.15) -----------------------------------------------------

OFFICE_IP = "203.0.113.10"
# Calls that give their caller any permission it likes (IAM User Guide, "Policies and permissions":
# whoever may attach or write policies may write AdministratorAccess for itself).
SELF_GRANTING_ACTIONS = (
    "iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy",
    "iam:AttachGroupPolicy", "iam:PutGroupPolicy", "iam:CreatePolicyVersion", "iam:AddUserToGroup",
    "iam:CreateRole", "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey",
)


def session_context() -> dict:
    """An administrator's ordinary signed-in session, for judging what conditions allow."""
    now = datetime.now(timezone.utc)
    return {"aws:MultiFactorAuthPresent": "true", "aws:SecureTransport": "true", "aws:SourceIp": OFFICE_IP,
            "aws:CurrentTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "aws:EpochTime": str(int(now.timestamp())),
            "aws:RequestedRegion": "ap-northeast-2", "aws:ViaAWSService": "false"}


def administrative(policy, account: str) -> dict | None:
    """Why a policy document grants administrative privileges (a sentence, en and ko), or None.
    `policy`: a dict, JSON text or labs.policy document; judged alone, for a caller of `account`."""
    document = parse(policy)
    caller = Caller("AWS", f"arn:aws:iam::{account}:user/policy-holder", account)
    context = session_context()

    def allows(action: str, resource: str) -> bool:
        return can(caller, action, resource, identity=[document], context=context).allowed

    resources = probe_resources(account, "ap-northeast-2") + (f"arn:aws:iam::{account}:role/any-role",)
    if cannot_do_everything(caller, [document], account, "ap-northeast-2", context=context) is None:
        return both("it allows every action on every resource (*:*)",
                    "모든 리소스에 대한 모든 작업(*:*)을 허용합니다")
    iam_resources = [r for r in resources if r == "*" or ":iam::" in r]
    if all(allows(action, resource) for action in SELF_GRANTING_ACTIONS for resource in iam_resources):
        return both("it allows all of IAM on every resource, so whoever holds it can attach AdministratorAccess "
                    "to itself", "모든 리소스에 대해 IAM 전체를 허용하므로, 이 정책을 가진 주체는 스스로에게 "
                    "AdministratorAccess를 연결할 수 있습니다")
    return None


def unreadable(policy) -> list[dict]:
    """What IAM would refuse in the policy (sentences); the rest of it is still judged."""
    return parse(policy).all_problems


# --- access keys ------------------------------------------------------------------------------

MAX_UNUSED_DAYS = 45
MAX_KEY_AGE_DAYS = 90


def _date(text):
    if not text or text in ("N/A", "no_information", "not_supported"):
        return None
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def active_keys(row: dict) -> list[dict]:
    """The active access keys of one credential-report row: number, last rotated, last used (datetimes
    or None), as the real report's columns give them."""
    keys = []
    for number in (1, 2):
        prefix = f"access_key_{number}"
        if str(row.get(f"{prefix}_active", "false")).lower() != "true":
            continue
        keys.append({"number": number, "rotated": _date(row.get(f"{prefix}_last_rotated")),
                     "used": _date(row.get(f"{prefix}_last_used_date"))})
    return keys


def days_since(moment) -> int | None:
    if moment is None:
        return None
    return int((datetime.now(timezone.utc) - moment).total_seconds() // 86400)
