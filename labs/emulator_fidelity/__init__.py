"""Where the lab makes the emulator answer the way AWS does: one module per correction, each saying
what moto does (moto 5.2.5, measured), what AWS does, and why the lab's answer is the honest one.

Nothing here fakes a control AWS would enforce: the corrections either refuse what AWS refuses at the
API (a malformed policy, a trail whose bucket CloudTrail could not write to), stop moto from enforcing
something wrongly (bucket-policy conditions, Object Lock on existing buckets), answer a read-only call
from data moto already stores (budget subscribers; Cost Explorer results the lab injected), or spare
a cost nobody can observe (sample machine images, KMS private keys).

Each module has `install()`, which changes moto through `_patching` (an attribute of one of moto's
classes replaced, or a botocore handler added), and a test in tests/emulator_fidelity/ that shows
moto's own answer is still wrong without it, so that the test fails the day moto is fixed upstream and
the correction can go, and that the lab's answer is AWS's. `apply()` installs them all, once.

What moto lacks entirely for CloudTrail (recorded events, LookupEvents, log file delivery, events on
EventBridge) the lab provides in `labs.cloudtrail`, each module saying what AWS does. Where moto breaks
on a request AWS would answer, `labs.emulator_failures` (installed from here) turns moto's exception
into one sentence.
"""

from __future__ import annotations

import importlib
import pkgutil

from labs import emulator_failures
from labs.emulator_fidelity.acm_certificate_key_mismatch import certificate_key_mismatch
from labs.emulator_fidelity.cloudtrail_trail_bucket import trail_bucket_problem
from labs.emulator_fidelity.iam_managed_policies import AWS_MANAGED_POLICIES
from labs.emulator_fidelity.kms_rotation import rotation_refusal
from labs.emulator_fidelity.rds_managed_master_user_secret import RDS_MANAGED_ROTATION_DAYS, rotation_days
from labs.emulator_fidelity.s3_malformed_bucket_policy import bucket_policy_problem

__all__ = ["AWS_MANAGED_POLICIES", "RDS_MANAGED_ROTATION_DAYS", "apply", "bucket_policy_problem", "certificate_key_mismatch",
           "corrections", "rotation_days", "rotation_refusal", "trail_bucket_problem"]

_applied = {"done": False}


def corrections() -> list[str]:
    """The correction modules' names, in the order they are installed (by name: none depends on another)."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))


def apply() -> None:
    if _applied["done"]:
        return
    for name in corrections():
        importlib.import_module(f"{__name__}.{name}").install()
    emulator_failures.install()
    _applied["done"] = True
