"""Checks: one module per control, named by the control's Prowler id.

A check module has `METADATA` (a `CheckMetadata`) and `check(account) -> list[Finding]`, a pure
function of the collected `AccountState`. Compliance ids (CIS AWS Foundations v5, AWS FSBP) come
from one file, `compliance.json`. Everything is validated when the checks load, so a broken check
fails the lab's tests, never a learner's notebook.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
from dataclasses import dataclass, field
from pathlib import Path

from labs.errors import CheckDefinitionError
from labs.language import LANGUAGES

SEVERITIES = ("critical", "high", "medium", "low")
COMPLIANCE_FILE = Path(__file__).with_name("compliance.json")
CIS_ID = re.compile(r"^\d+(\.\d+){1,2}$")
FSBP_ID = re.compile(r"^[A-Za-z0-9]+\.\d+$")
NO_CONTROL_NOTE = "No CIS AWS Foundations or AWS FSBP control"
"""A check may teach a control no benchmark has (budgets); its docstring then starts a sentence so."""
CHECK_ID = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
PLACEHOLDERS = (
    "bucket", "account_id", "user", "load_balancer", "certificate_arn", "group_id", "instance_id", "vpc_id",
    "trail", "log_bucket", "key_id", "policy_arn", "inline_policy", "db_instance", "snapshot", "secret_id",
)
"""What a remediation may name in {braces}: the resource a finding is about (tests fill them in)."""
REMEDIATION_CLIENTS = ("s3", "s3control", "kms", "budgets", "ec2", "elbv2", "acm", "iam", "ssm", "logs", "account",
                       "cloudtrail", "rds", "secretsmanager", "cloudwatch", "sns", "guardduty", "securityhub")
"""The boto3 clients a remediation finds by their service's name (tests/test_scenarios.py runs each one with
them, the lab's root-user model `root`, its Access Analyzer model `access_analyzer` and `json`): a check of a
new service adds its client here."""


@dataclass(frozen=True)
class CheckMetadata:
    id: str
    service: str
    severity: str
    title: dict
    """States the compliant state, in each language ("S3 buckets block public access")."""
    hint: dict
    """Points the learner where to look, without naming the call that fixes it."""
    remediation: str
    """boto3 code a learner can run, with {placeholders} for the resource (PLACEHOLDERS)."""
    cis: tuple = field(default=())
    fsbp: tuple = field(default=())
    reads: tuple = field(default=())
    """Other services whose collected state the check reads besides its own (("ec2",) for a check
    that needs an instance's subnet and security groups to judge a database)."""

    @property
    def services(self) -> tuple:
        """Every service whose state the check reads: its own first."""
        return (self.service, *[s for s in self.reads if s != self.service])


NOT_APPLICABLE = "N/A"
"""The status of a resource a check looked at and left out, because its control does not apply
to it (a KMS key with imported material cannot rotate automatically); the sentence says why."""


@dataclass(frozen=True)
class Finding:
    check_id: str
    status: str  # "PASS", "FAIL" or "N/A" (not applicable: the sentence says why)
    resource: str
    message: dict  # one sentence naming the resource, in each language


def passed(metadata: CheckMetadata, resource: str, en: str, ko: str) -> Finding:
    return Finding(metadata.id, "PASS", resource, {"en": en, "ko": ko})


def failed(metadata: CheckMetadata, resource: str, en: str, ko: str) -> Finding:
    return Finding(metadata.id, "FAIL", resource, {"en": en, "ko": ko})


def not_applicable(metadata: CheckMetadata, resource: str, en: str, ko: str) -> Finding:
    """A resource the check skipped because its control does not apply; the sentence says why.
    It is not a failure, nor a pass: an exercise on that resource is not done (a learner who disables
    the key an exercise asks to rotate has not rotated it)."""
    return Finding(metadata.id, NOT_APPLICABLE, resource, {"en": en, "ko": ko})


@dataclass(frozen=True)
class Check:
    metadata: CheckMetadata
    run: object  # the module's check(account) function

    @property
    def id(self) -> str:
        return self.metadata.id


def remediation_calls(remediation: str) -> set[str]:
    """The API method names a remediation calls (`put_public_access_block`, ...)."""
    tree = ast.parse(remediation)
    return {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }


def _validate(module_name: str, metadata: CheckMetadata, compliance: dict) -> CheckMetadata:
    def fail(reason: str):
        raise CheckDefinitionError(f"check {module_name}: {reason}")

    if not isinstance(metadata, CheckMetadata):
        fail("METADATA must be a CheckMetadata")
    if metadata.id != module_name:
        fail(f"METADATA.id {metadata.id!r} must equal the module name")
    if not CHECK_ID.match(metadata.id) or not metadata.id.startswith(metadata.service + "_"):
        fail("the id must be <service>_<resource>_<compliant state>, starting with its service")
    from labs import inventory

    for service in metadata.services:
        if service not in inventory.services():
            fail(f"service {service!r} has no inventory module in labs/inventory/")
    if metadata.severity not in SEVERITIES:
        fail(f"severity must be one of {SEVERITIES}")
    for name in ("title", "hint"):
        text = getattr(metadata, name)
        if not isinstance(text, dict) or any(not str(text.get(lang, "")).strip() for lang in LANGUAGES):
            fail(f"{name} needs a non-empty text in each of {LANGUAGES}")
    try:
        calls = remediation_calls(metadata.remediation.format(**{name: "x" for name in PLACEHOLDERS}))
    except (SyntaxError, KeyError, IndexError) as error:
        fail(f"the remediation is not runnable Python with known placeholders ({error})")
    if not calls:
        fail("the remediation must call the API that fixes the resource")
    for lang in LANGUAGES:
        # An API call is snake_case (put_public_access_block); a dict's get() is not a giveaway.
        given_away = [call for call in calls if "_" in call and call in metadata.hint[lang]]
        if given_away:
            fail(f"the {lang} hint names the fix ({', '.join(given_away)}): hint at it instead")
    mapping = compliance.get(metadata.id)
    if mapping is None:
        fail(f"no entry in {COMPLIANCE_FILE.name}")
    return CheckMetadata(
        **{**metadata.__dict__, "cis": tuple(mapping.get("cis_v5", [])), "fsbp": tuple(mapping.get("fsbp", []))}
    )


def load_compliance() -> dict:
    compliance = json.loads(COMPLIANCE_FILE.read_text(encoding="utf-8"))
    for check_id, mapping in compliance.items():
        unknown = set(mapping) - {"cis_v5", "fsbp"}
        if unknown:
            raise CheckDefinitionError(f"{COMPLIANCE_FILE.name}: {check_id} has unknown keys {sorted(unknown)}")
        for cis in mapping.get("cis_v5", []):
            if not CIS_ID.match(cis):
                raise CheckDefinitionError(f"{COMPLIANCE_FILE.name}: {check_id}: {cis!r} is not a CIS id")
        for fsbp in mapping.get("fsbp", []):
            if not FSBP_ID.match(fsbp):
                raise CheckDefinitionError(f"{COMPLIANCE_FILE.name}: {check_id}: {fsbp!r} is not an FSBP id")
    return compliance


def load_checks() -> dict[str, Check]:
    compliance = load_compliance()
    checks = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.ispkg:
            continue  # lib/: judgments shared by several checks, not a check
        module = importlib.import_module(f"{__name__}.{info.name}")
        metadata = _validate(info.name, getattr(module, "METADATA", None), compliance)
        if not (metadata.cis or metadata.fsbp) and NO_CONTROL_NOTE not in (module.__doc__ or ""):
            raise CheckDefinitionError(
                f"check {info.name}: it maps to no CIS v5 or FSBP control; that is allowed, but its "
                f"docstring must say so (\"{NO_CONTROL_NOTE} ...\")"
            )
        if not callable(getattr(module, "check", None)):
            raise CheckDefinitionError(f"check {info.name}: it needs a check(account) function")
        checks[metadata.id] = Check(metadata, module.check)
    orphans = set(compliance) - set(checks)
    if orphans:
        raise CheckDefinitionError(f"{COMPLIANCE_FILE.name} maps checks that do not exist: {sorted(orphans)}")
    return checks


_loaded: dict[str, Check] = {}


def all_checks() -> dict[str, Check]:
    if not _loaded:
        _loaded.update(load_checks())
    return _loaded
