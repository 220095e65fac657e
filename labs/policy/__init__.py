"""The lab's policy engine: the one place where IAM policy documents and network rules are read.

What this course teaches is how AWS decides "who can do what", so the lab owns this logic and
tests it on the examples AWS publishes (tests/policy/):
- `parse(document)`: a policy as IAM reads it (document.py), never raising on what the emulator
  stores; what IAM would refuse becomes a sentence in `problems`.
- `can(caller, action, resource, ...)` / `evaluate(request, ...)`: the decision, its deciding
  statement and, for every statement, why it applied or not (evaluation.py).
- `public_grants(policy)` / `is_public(policy)`: S3's "meaning of public" (public.py).
- `network.open_to_internet(rules, "tcp", 22)`: security group rules as address sets (network.py).

Checks, graders, inventories and scenarios read policies only through this package.
"""

from labs.policy import network
from labs.policy.document import Condition, PolicyDocument, Principal, Statement, excerpt, parse
from labs.policy.evaluation import (
    ANONYMOUS,
    Caller,
    Decision,
    Request,
    account_root,
    alike_actions,
    allowed_by_statement,
    can,
    evaluate,
    federated,
    iam_role,
    iam_user,
    service,
)
from labs.policy.matching import action_matches, arn_matches, resource_matches
from labs.policy.public import PublicGrant, is_public, public_grant, public_grants

__all__ = [
    "ANONYMOUS", "Caller", "Condition", "Decision", "PolicyDocument", "Principal", "PublicGrant", "Request",
    "Statement", "account_root", "action_matches", "alike_actions", "allowed_by_statement", "arn_matches", "can", "evaluate",
    "excerpt", "federated", "iam_role", "iam_user", "is_public", "network", "parse", "public_grant",
    "public_grants", "resource_matches", "service",
]
