"""IAM judgments shared by checks and graders, each a question to the policy engine (labs.policy):
"can this user do every action on every resource?", "what can this user still do without MFA?".

An identity's policies are asked about a set of requests: a fixed probe of actions across services
(and an action of a service that does not exist yet, which only "*" covers), every action the
policies themselves name (so a Deny of one action is found), and the resources the policies name
besides "*". The request context says how the caller signed in, as AWS sets it (IAM User Guide,
"AWS global condition context keys"): a request signed with a long-term access key carries no
aws:MultiFactorAuthPresent at all; a console session without MFA carries it as false.
"""

from __future__ import annotations

import re

from labs.language import both
from labs.policy import Decision, PolicyDocument, action_matches, can, parse
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


def documents_named(documents) -> str:
    return ", ".join(d.name for d in documents if isinstance(d, PolicyDocument) and d.name) or "-"
