"""S3 bucket policies: statements with a Condition are left out of moto's evaluation.

moto 5.2 treats a bucket-policy statement whose Condition it cannot evaluate as an explicit Deny, so
a TLS-only policy (Deny when aws:SecureTransport is false) refuses HTTPS requests too, and a bucket
with it becomes unreadable (measured). The emulator evaluates no condition keys at all, so the lab
leaves such statements out of moto's evaluation: bucket-policy conditions are then consistently not
enforced, which the chapters say, rather than enforced wrongly.

Test: tests/emulator_fidelity/test_s3_policy_conditions.py (moto's own evaluation still denies).
"""

from __future__ import annotations

import json

from labs.emulator_fidelity._patching import replace


def install() -> None:
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3.models import FakeBucket

    original = FakeBucket.get_permission

    def get_permission(self, action, resource):
        from labs.policy import parse

        document = parse(self.policy) if self.policy else None
        if document is None or document.problems:
            return original(self, action, resource)
        unconditional = [s.raw for s in document.statements if "Condition" not in (s.raw or {})]
        if not unconditional:
            return PermissionResult.NEUTRAL
        return IAMPolicy(json.dumps({"Version": document.version or "2012-10-17", "Statement": unconditional})
                         ).is_action_permitted(action, resource)

    replace(__name__, FakeBucket, "get_permission", get_permission)
