"""IAM judgments shared by checks and graders: does a policy grant administrative privileges, and
how old and how used is an access key.

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

from datetime import datetime, timezone

from labs.language import both
from labs.policy import Caller, can, parse

OFFICE_IP = "203.0.113.10"
# Actions of every kind an administrator has: a policy that allows all of them on every resource
# allows everything. The last is an action of a service that does not exist (yet): only "*" or a
# NotAction grants it.
EVERY_KIND_OF_ACTION = (
    "iam:CreateUser", "iam:AttachUserPolicy", "iam:DeleteRole", "sts:AssumeRole", "s3:DeleteBucket",
    "s3:PutBucketPolicy", "ec2:RunInstances", "ec2:DeleteVpc", "kms:ScheduleKeyDeletion", "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail", "organizations:LeaveOrganization", "account:PutAlternateContact",
    "budgets:ModifyBudget", "futureservice:DoAnything",
)
# Calls that give their caller any permission it likes (IAM User Guide, "Policies and permissions":
# whoever may attach or write policies may write AdministratorAccess for itself).
SELF_GRANTING_ACTIONS = (
    "iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy",
    "iam:AttachGroupPolicy", "iam:PutGroupPolicy", "iam:CreatePolicyVersion", "iam:AddUserToGroup",
    "iam:CreateRole", "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey",
)


def _resources(account: str) -> tuple[str, ...]:
    return ("*", f"arn:aws:iam::{account}:user/someone", f"arn:aws:iam::{account}:role/any-role",
            "arn:aws:s3:::any-bucket", "arn:aws:s3:::any-bucket/any/object",
            f"arn:aws:ec2:ap-northeast-2:{account}:instance/i-0123456789abcdef0",
            f"arn:aws:kms:ap-northeast-2:{account}:key/1234abcd-12ab-34cd-56ef-1234567890ab")


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

    resources = _resources(account)
    if all(allows(action, resource) for action in EVERY_KIND_OF_ACTION for resource in resources):
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
