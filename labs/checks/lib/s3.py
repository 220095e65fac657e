"""S3 judgments shared by checks and graders: what makes a bucket public (its policy, its ACL and
its objects' ACLs), what Block Public Access overrides, and whether a policy refuses plain HTTP.

Sources: S3 User Guide, "Blocking public access to your Amazon S3 storage" (the meaning of public,
what each of the four settings does), "Access control list (ACL) overview" (the AllUsers and
AuthenticatedUsers groups), and "Managing access based on HTTP or HTTPS requests".
"""

from __future__ import annotations

from functools import lru_cache

from labs.language import both
from labs.policy import ANONYMOUS, Caller, alike_actions, can, iam_user, parse, public_grants
from labs.policy.actions import of_service
from labs.korean import josa

OTHER_ACCOUNT = "999999999999"


def restricts_public(block) -> bool:
    """Whether Block Public Access settings make S3 ignore public grants that already exist:
    IgnorePublicAcls for ACLs and RestrictPublicBuckets for policies (the other two only refuse new ones)."""
    block = block if isinstance(block, dict) else {}
    return bool(block.get("IgnorePublicAcls")) and bool(block.get("RestrictPublicBuckets"))


def all_on(block) -> list[str]:
    """The Block Public Access settings that are off (an empty list when all four are on)."""
    from labs.inventory.s3 import BLOCK_PUBLIC_ACCESS_SETTINGS

    block = block if isinstance(block, dict) else {}
    return [name for name in BLOCK_PUBLIC_ACCESS_SETTINGS if block.get(name) is not True]


def policy_public_grants(bucket) -> list:
    """The bucket policy's statements that grant something to the public (labs.policy.public)."""
    return public_grants(bucket.policy_document)


def public_reasons(bucket, objects: bool = False) -> list[dict]:
    """Each way the bucket (and, with `objects`, any of its objects) is open to the public, one
    sentence fragment each, ignoring Block Public Access: what the grants themselves say."""
    reasons = []
    for grant in policy_public_grants(bucket):
        label = grant.statement.label
        reasons.append(both(f"its policy statement {label} lets in {grant.why['en']}",
                            f"버킷 정책의 {josa(grant.statement.label_ko, '이')} {grant.why['ko']}에게 권한을 줍니다"))
    for grantee, permission in bucket.public_acl_grants:
        reasons.append(both(f"its ACL grants {permission} to {grantee['en']}",
                            f"ACL이 {grantee['ko']}에게 {permission} 권한을 부여합니다"))
    if objects:
        for key, grantee, permission in bucket.public_object_grants:
            reasons.append(both(f"the ACL of object {key} grants {permission} to {grantee['en']}",
                                f"객체 {key}의 ACL이 {grantee['ko']}에게 {permission} 권한을 부여합니다"))
    return reasons


def unreadable(bucket) -> list[dict]:
    """Sentences for the parts of the bucket policy that cannot be read (judged as granting nothing)."""
    return bucket.policy_document.all_problems if bucket.policy_text else []


def plain_http_allowed(bucket, account_id: str) -> list[str]:
    """S3 actions some caller may still send over plain HTTP despite the bucket policy: empty when
    an explicit Deny refuses every S3 action on the bucket and its objects to every caller (the
    bucket owner's users, other accounts, anonymous callers) whenever aws:SecureTransport is false."""
    return list(_plain_http_allowed(bucket.name, bucket.policy_text or "", account_id))


@lru_cache(maxsize=32)
def _plain_http_allowed(name: str, policy_text: str, account_id: str) -> tuple[str, ...]:
    """The same policy asked again (a check, then a grader, in two languages) is not evaluated again."""
    document = parse(policy_text or "{}")
    if not any(s.effect == "Deny" for s in document.statements):
        return ("s3:*",)
    callers: list[Caller] = [ANONYMOUS, iam_user(account_id, "any-user"), iam_user(OTHER_ACCOUNT, "someone")]
    resources = (f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/any/object.png")
    context = {"aws:SecureTransport": "false"}
    allowed = set()
    for actions in alike_actions(of_service("s3"), document):
        action = actions[0]  # the policy treats the others alike
        if any(can(caller, action, resource, resource_policy=document, context=context,
                   resource_account=account_id).outcome != "explicit deny"
               for caller in callers for resource in resources):
            allowed.update(actions)
    return tuple(action for action in of_service("s3") if action in allowed)
