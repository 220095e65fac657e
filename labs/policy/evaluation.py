"""Who can do action A on resource R: the IAM User Guide's "Policy evaluation logic", for the
policies one account holds (no organizations' SCPs or RCPs, no session policies).

1. Every statement that applies to the request is found: its action, resource and principal
   match and every condition holds for the request context.
2. An applicable Deny in any policy decides: explicit deny.
3. An anonymous caller, or a service principal, is allowed only by a resource-based policy
   that names it (or "*").
4. A caller in the resource's own account is allowed by an identity-based policy (within its
   permissions boundary, when it has one) or by a resource-based policy that names it directly.
5. A caller from another account needs both: its own identity-based policy, and the resource's
   policy naming it or its account.
6. Nothing allows: implicit deny.

`evaluate(...)` returns a `Decision`: allowed or not, the deciding statements, and for every
statement why it applied or not, in English and Korean, so that a grader can say "can an anonymous
caller GetObject?" and a learner can read why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from labs.language import both, pick
from labs.policy import conditions
from labs.policy.document import PolicyDocument, Principal, Statement, parse
from labs.policy.matching import account_of, any_action, arn_matches, resource_matches
from labs.korean import josa


@dataclass(frozen=True)
class Caller:
    """Who sends the request. `kind`: "anonymous", "AWS" (an IAM user, a role session, an
    account's root), "Service" (cloudtrail.amazonaws.com), "Federated" or "CanonicalUser"."""

    kind: str
    arn: str | None = None
    account: str | None = None

    @property
    def label(self) -> dict:
        if self.kind == "anonymous":
            return both("an anonymous caller", "익명 호출자")
        return both(self.arn or self.kind, self.arn or self.kind)


ANONYMOUS = Caller("anonymous")


def iam_user(account: str, name: str) -> Caller:
    return Caller("AWS", f"arn:aws:iam::{account}:user/{name}", account)


def iam_role(account: str, name: str) -> Caller:
    return Caller("AWS", f"arn:aws:iam::{account}:role/{name}", account)


def account_root(account: str) -> Caller:
    return Caller("AWS", f"arn:aws:iam::{account}:root", account)


def service(name: str) -> Caller:
    return Caller("Service", name)


def federated(provider: str) -> Caller:
    return Caller("Federated", provider)


@dataclass(frozen=True)
class Request:
    caller: Caller
    action: str
    resource: str = "*"
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class StatementResult:
    document: str
    statement: Statement
    applies: bool
    why: dict
    direct: bool = True
    """For a resource-based policy: whether it names the caller itself (not only its account)."""

    @property
    def where(self) -> dict:
        return both(f"{self.statement.label} of {self.document}" if self.document else self.statement.label,
                    f"{self.document}의 {self.statement.label_ko}" if self.document else self.statement.label_ko)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    outcome: str
    """"explicit deny", "allow" or "implicit deny"."""
    deciding: tuple = ()
    results: tuple = ()
    request: Request | None = None

    def __bool__(self) -> bool:
        return self.allowed

    def explain(self, lang: str | None = None) -> str:
        """One sentence: the decision and the statement that made it."""
        return pick(self.sentence, lang)

    @property
    def sentence(self) -> dict:
        request = self.request
        who = request.caller.label if request else both("the caller", "호출자")
        action = request.action if request else ""
        if self.outcome == "explicit deny":
            where = self.deciding[0].where
            return both(f"{who['en']} cannot {action}: {where['en']} denies it explicitly.",
                        f"{josa(who['ko'], '은')} {josa(action, '을')} 할 수 없습니다. {josa(where['ko'], '이')} 명시적으로 "
                        "거부합니다.")
        if self.outcome == "allow":
            where = self.deciding[0].where
            return both(f"{who['en']} can {action}: {where['en']} allows it.",
                        f"{josa(who['ko'], '은')} {josa(action, '을')} 할 수 있습니다. {josa(where['ko'], '이')} 허용합니다.")
        return both(f"{who['en']} cannot {action}: no statement allows it.",
                    f"{josa(who['ko'], '은')} {josa(action, '을')} 할 수 없습니다. 허용하는 정책 문(Statement)이 없습니다.")


def _principal_matches(principal: Principal, caller: Caller) -> tuple[bool, bool]:
    """(matches, direct): whether a Principal element names the caller, and whether it names the
    caller itself rather than its whole account."""
    if principal.wildcard:
        return True, True
    for kind, value in principal.entries:
        if kind == "AWS" and caller.kind == "AWS":
            if value == caller.arn:
                return True, True
            if caller.arn and ":assumed-role/" in caller.arn:
                role = caller.arn.replace(":sts:", ":iam:").replace(":assumed-role/", ":role/").rsplit("/", 1)[0]
                if value == role:
                    return True, True
            account = account_of(value)
            if account and account == caller.account and (value == account or value.endswith(":root")):
                return True, False
        elif kind == caller.kind and kind in ("Service", "Federated", "CanonicalUser"):
            if value.lower() == (caller.arn or "").lower():
                return True, True
    return False, False


def _applies(statement: Statement, request: Request, context, resource_based: bool) -> tuple[bool, dict, bool]:
    """(applies, why, direct) for one statement and one request."""
    if not statement.usable:
        reason = statement.problems[0] if statement.problems else both("it cannot be read", "읽을 수 없습니다")
        return False, both(f"it is not evaluated: {reason['en']}", f"평가되지 않습니다: {reason['ko']}"), True
    action = request.action
    if statement.actions is not None and not any_action(statement.actions, action):
        return False, both(f"its Action does not include {action}", f"Action에 {josa(action, '이')} 없습니다"), True
    if statement.not_actions is not None and any_action(statement.not_actions, action):
        return False, both(f"its NotAction exempts {action}", f"NotAction이 {josa(action, '을')} 제외합니다"), True
    resource = request.resource
    if statement.resources is not None and not any(resource_matches(r, resource, context) for r in statement.resources):
        return False, both(f"its Resource does not cover {resource}",
                           f"Resource가 {josa(resource, '을')} 포함하지 않습니다"), True
    if statement.not_resources is not None and any(resource_matches(r, resource, context) for r in statement.not_resources):
        return False, both(f"its NotResource exempts {resource}", f"NotResource가 {josa(resource, '을')} 제외합니다"), True
    direct = True
    if resource_based:
        who = request.caller.label
        if statement.principal is not None:
            matches, direct = _principal_matches(statement.principal, request.caller)
            if not matches:
                return False, both(f"its Principal does not name {who['en']}",
                                   f"Principal에 {josa(who['ko'], '이')} 없습니다"), True
        elif statement.not_principal is not None:
            matches, _ = _principal_matches(statement.not_principal, request.caller)
            if matches:
                return False, both(f"its NotPrincipal exempts {who['en']}",
                                   f"NotPrincipal이 {josa(who['ko'], '을')} 제외합니다"), True
        else:
            return False, both("it names no Principal", "Principal이 없습니다"), True
    for condition in statement.conditions:
        try:
            holds = conditions.evaluate(condition, context)
        except conditions.UnreadableCondition as error:
            return False, both(f"its condition {error} cannot be read (IAM would refuse the policy)",
                               f"조건 {josa(error, '을')} 읽을 수 없습니다(IAM은 이 정책을 거부합니다)"), True
        if not holds:
            return False, both(f"its condition {condition.operator} on {condition.as_written} does not hold",
                               f"{condition.as_written}에 대한 조건 {josa(condition.operator, '이')} 맞지 않습니다"), True
    return True, both("it applies", "적용됩니다"), direct


def _results(documents, request, context, resource_based) -> list[StatementResult]:
    results = []
    for document in documents:
        for statement in document.statements:
            applies, why, direct = _applies(statement, request, context, resource_based)
            results.append(StatementResult(document.name, statement, applies, why, direct))
    return results


def _documents(policies) -> list[PolicyDocument]:
    if policies is None:
        return []
    if isinstance(policies, (PolicyDocument, dict, str)):
        policies = [policies]
    return [parse(p) for p in policies]


def evaluate(request: Request, identity=(), resource=None, boundary=None, resource_account: str | None = None) -> Decision:
    """The decision for one request. `identity`: the caller's identity-based policies (documents,
    dicts or JSON); `resource`: the resource-based policy (a bucket policy, a key policy, a role's
    trust policy); `boundary`: the caller's permissions boundary; `resource_account`: the account
    that owns the resource (default: the caller's)."""
    context = conditions.Context(request.context)
    caller = request.caller
    if caller.kind == "AWS" and caller.arn:
        context.setdefault("aws:principalarn", caller.arn)
        if caller.account:
            context.setdefault("aws:principalaccount", caller.account)
        if ":user/" in caller.arn:
            context.setdefault("aws:username", caller.arn.rsplit("/", 1)[-1])
    identity_results = _results(_documents(identity), request, context, False) if caller.kind == "AWS" else []
    resource_results = _results(_documents(resource), request, context, True)
    boundary_docs = _documents(boundary)
    boundary_results = _results(boundary_docs, request, context, False) if caller.kind == "AWS" else []
    every = tuple(identity_results + resource_results + boundary_results)

    denies = [r for r in every if r.applies and r.statement.effect == "Deny"]
    if denies:
        return Decision(False, "explicit deny", tuple(denies), every, request)
    identity_allows = [r for r in identity_results if r.applies and r.statement.effect == "Allow"]
    resource_allows = [r for r in resource_results if r.applies and r.statement.effect == "Allow"]
    direct_resource_allows = [r for r in resource_allows if r.direct]
    if boundary_docs and not any(r.applies and r.statement.effect == "Allow" for r in boundary_results):
        identity_allows = []
        # A resource-based policy naming an IAM user directly is not limited by the user's boundary.
        direct_resource_allows = [r for r in direct_resource_allows if caller.arn and ":user/" in caller.arn]
    if caller.kind != "AWS":
        if direct_resource_allows:
            return Decision(True, "allow", tuple(direct_resource_allows), every, request)
        return Decision(False, "implicit deny", (), every, request)
    owner = resource_account or caller.account
    if caller.account == owner or owner is None:
        allows = identity_allows or direct_resource_allows
        if allows:
            return Decision(True, "allow", tuple(allows), every, request)
        return Decision(False, "implicit deny", (), every, request)
    if identity_allows and resource_allows:
        return Decision(True, "allow", tuple(resource_allows + identity_allows), every, request)
    return Decision(False, "implicit deny", (), every, request)


def alike_actions(actions, *documents) -> list[list[str]]:
    """`actions` in groups that every statement of `documents` treats alike: each action of a group is
    in the same statements' Action and NotAction. A decision depends on the action only through
    those two elements, so asking `can` for one action of each group answers for the whole group
    (chapter 08's TLS check asks about all of S3's actions: 3 evaluations instead of about 200)."""
    statements = [statement for document in documents for parsed in _documents(document)
                  for statement in parsed.statements]
    groups: dict[tuple, list[str]] = {}
    for action in actions:
        signature = tuple((s.actions is None or any_action(s.actions, action),
                           s.not_actions is not None and any_action(s.not_actions, action)) for s in statements)
        groups.setdefault(signature, []).append(action)
    return list(groups.values())


def can(caller: Caller, action: str, resource: str = "*", *, context=None, identity=(), resource_policy=None,
        boundary=None, resource_account=None) -> Decision:
    """Shorthand: `can(ANONYMOUS, "s3:GetObject", "arn:aws:s3:::bucket/key", resource_policy=policy)`."""
    return evaluate(Request(caller, action, resource, dict(context or {})), identity=identity,
                    resource=resource_policy, boundary=boundary, resource_account=resource_account)


def allowed_by_statement(statement: Statement, action: str, resource: str = "*", context=None) -> bool:
    """Whether one identity-policy statement (ignoring its Effect) covers the action on the resource
    under the context: for graders that ask what a single statement does."""
    applies, _, _ = _applies(statement, Request(ANONYMOUS, action, resource, dict(context or {})),
                             conditions.Context(context or {}), False)
    return applies


__all__ = [
    "ANONYMOUS", "Caller", "Decision", "Request", "StatementResult", "account_root", "allowed_by_statement",
    "arn_matches", "can", "evaluate", "federated", "iam_role", "iam_user", "service",
]
