"""The company's builders (labs/company/) are idempotent, as CONTRIBUTING promises: called again on an
account where they already ran, each succeeds and changes nothing a learner or a check could see. A
chapter lists the builders it needs whatever came before, and a scenario's `resource`/`build` calls
them on a nearly empty account, so a builder runs many times over one account.

Also held here: every name the company gives a resource follows the scheme of labs/company/naming.py,
and every area module lists its public names in `__all__` (that is what `company.<name>` re-exports)."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import labs.company
from labs import chapters, company, inventory
from labs.company import ids, naming
from labs.lab import open_account

VERBS = ("create_", "retire_", "publish_", "log_")
"""A builder's name starts with one of these, and it takes the lab alone: `create_database(aws)`."""
PLUMBING = {"ids", "naming"}
"""Modules of the package whose names are not re-exported as company.<name>."""
PREREQUISITES = {
    # builder: what must exist for it to have anything to do
    "log_image_data_events": ("create_image_bucket", "create_trail"),
    "retire_bastion_host": ("create_bastion_host",),
    "retire_app_user": ("create_app_user",),
}


def _required_parameters(function) -> int:
    return sum(1 for p in inspect.signature(function).parameters.values()
               if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


def builders() -> dict:
    found = {name: value for name, value in vars(company).items()
             if name.startswith(VERBS) and inspect.isfunction(value) and _required_parameters(value) == 1}
    return dict(sorted(found.items()))


def test_every_builder_a_chapter_lists_is_one_of_the_builders():
    listed = {step.__name__ for chapter in chapters.all_chapters() for step in chapter.build_company + chapter.wrap_up
              if getattr(step, "__module__", "").startswith("labs.company")}
    assert listed, "the chapters list company builders"
    assert listed <= set(builders()), f"named outside the builder verbs {VERBS}: {sorted(listed - set(builders()))}"
    assert {"create_team_users", "create_image_bucket", "create_legacy_security_group"} <= set(builders())


def _plain(value):
    """A state as plain data to compare: dataclasses as dicts, without the moment it was collected."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "collected_at"}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    return value


def picture(lab) -> dict:
    """What a learner or a check could see: every inventory, what they leave out (objects, images,
    snapshots, instance profiles, document versions) and the lab's own models' dates."""
    state = inventory.collect(lab, inventory.services())
    seen = {service: _plain(getattr(state, service)) for service in inventory.services()}
    s3, ec2, iam, ssm = (lab.client(s) for s in ("s3", "ec2", "iam", "ssm"))
    seen["objects"] = sorted(
        (bucket["Name"], item["Key"], item["ETag"], item["LastModified"])
        for bucket in s3.list_buckets()["Buckets"]
        for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket["Name"])
        for item in page.get("Versions", []))
    seen["images"] = sorted(i["ImageId"] for i in ec2.describe_images(Owners=["self"])["Images"])
    seen["snapshots"] = sorted(s["SnapshotId"] for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"])
    seen["volumes"] = sorted(v["VolumeId"] for v in ec2.describe_volumes()["Volumes"])
    seen["endpoints"] = sorted(e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"])
    seen["instance profiles"] = sorted(p["Arn"] for p in iam.list_instance_profiles()["InstanceProfiles"])
    seen["documents"] = sorted((d["Name"], d.get("DocumentVersion")) for d in ssm.list_documents(
        Filters=[{"Key": "Owner", "Values": ["Self"]}])["DocumentIdentifiers"])
    seen["root"] = (lab.root.created, lab.root.password_last_used, lab.root.password_last_changed)
    seen["history"] = _plain(lab.history.users), _plain(lab.history.keys)
    return seen


def _differences(before: dict, after: dict) -> list[str]:
    return [f"{key}: {before.get(key)!r:.300} -> {after.get(key)!r:.300}"
            for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)]


@pytest.mark.parametrize("builder", list(builders()))
def test_a_builder_called_again_succeeds_and_changes_nothing(monkeypatch, builder):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    lab = open_account("09-iam-roles")
    for needed in PREREQUISITES.get(builder, ()):
        getattr(company, needed)(lab)
    build = builders()[builder]
    first = build(lab)
    before = picture(lab)
    assert build(lab) == first, "the second call answers as the first"
    assert not _differences(before, picture(lab)), "called again on the same lab"
    # A lab that remembers nothing (another kernel's, or one whose memory a scenario changed) finds it all by name.
    ids.memory(lab).clear()
    assert build(lab) == first, "called again by a lab that remembers nothing"
    assert not _differences(before, picture(lab)), "called again by a lab that remembers nothing"


def test_the_root_users_dates_are_set_once(monkeypatch):
    """create_team_users used to move the root user's creation date back 200 days on every call."""
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    lab = open_account("02-account-and-root")
    company.create_team_users(lab)
    opened = lab.root.created
    company.create_team_users(lab)
    assert lab.root.created == opened
    age = dt.datetime.now(dt.timezone.utc) - opened
    assert dt.timedelta(days=company.ACCOUNT_AGE_DAYS - 1) < age < dt.timedelta(days=company.ACCOUNT_AGE_DAYS + 1)


# --- one naming scheme -------------------------------------------------------------------------------

def _follows_scheme(value: str) -> bool:
    shapes = (f"{naming.PREFIX}-", f"alias/{naming.PREFIX}-", f"/{naming.PREFIX}/", naming.policy_name(""),
              f"/aws/ssm/{naming.PREFIX}-")
    return value == naming.PREFIX or value.startswith(shapes) or value in naming.PEOPLE or value in naming.EXCEPTIONS


def _names_in_the_account(lab) -> dict[str, list[str]]:
    """The name of every resource the company made (what AWS makes by itself, default groups and the
    like, left out)."""
    ec2, iam, kms, rds = (lab.client(s) for s in ("ec2", "iam", "kms", "rds"))
    tagged = [ids.name_of(r) for kind, key in (("vpcs", "Vpcs"), ("subnets", "Subnets"), ("route_tables", "RouteTables"),
                                               ("internet_gateways", "InternetGateways"),
                                               ("vpc_endpoints", "VpcEndpoints"))
              for r in getattr(ec2, f"describe_{kind}")()[key] if not r.get("IsDefault")]
    instances = [ids.name_of(i) for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    return {
        "EC2 Name tags": [n for n in tagged + instances if n is not None],
        "security groups": [g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"]
                            if g["GroupName"] != "default"],
        "images": [i["Name"] for i in ec2.describe_images(Owners=["self"])["Images"]],
        "IAM users": [u["UserName"] for u in iam.list_users()["Users"]],
        "IAM roles": [r["RoleName"] for r in iam.list_roles()["Roles"]],
        "IAM policies": [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]],
        "KMS aliases": [a["AliasName"] for a in kms.list_aliases()["Aliases"] if not a["AliasName"].startswith("alias/aws/")],
        "DB instances": [d["DBInstanceIdentifier"] for d in rds.describe_db_instances()["DBInstances"]],
        "DB subnet groups": [g["DBSubnetGroupName"] for g in rds.describe_db_subnet_groups()["DBSubnetGroups"]],
        # (moto's DescribeOptionGroups without a name breaks: the groups the instances are members of)
        "option groups": [m["OptionGroupName"] for d in rds.describe_db_instances()["DBInstances"]
                          for m in d.get("OptionGroupMemberships", []) if not m["OptionGroupName"].startswith("default:")],
        "load balancers": [b["LoadBalancerName"] for b in lab.client("elbv2").describe_load_balancers()["LoadBalancers"]],
        "target groups": [g["TargetGroupName"] for g in lab.client("elbv2").describe_target_groups()["TargetGroups"]],
        "trails": [t["Name"] for t in lab.client("cloudtrail").describe_trails()["trailList"]],
        "log groups": [g["logGroupName"] for g in lab.client("logs").describe_log_groups()["logGroups"]],
        "parameters": [p["Name"] for p in lab.client("ssm").describe_parameters()["Parameters"]],
    }


def test_every_resource_the_company_names_follows_one_scheme(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    lab = open_account("09-iam-roles")
    for build in builders().values():
        if not build.__name__.startswith("retire_"):
            build(lab)
    names = _names_in_the_account(lab)
    assert all(names.values()), f"every kind of resource was made: {names}"
    off = {kind: [n for n in found if not _follows_scheme(n)] for kind, found in names.items()}
    assert not any(off.values()), f"named outside labs/company/naming.py's scheme: {off}"
    buckets = [b["Name"] for b in lab.client("s3").list_buckets()["Buckets"]]
    assert buckets and all(b.startswith(f"{naming.PREFIX}-") and b.endswith(f"-{lab.account_id}") for b in buckets)


def test_a_name_outside_the_scheme_is_noticed():
    assert not _follows_scheme("db-prod") and not _follows_scheme("alias/images") and _follows_scheme("community-app-db")


# --- company.<name> ------------------------------------------------------------------------------------

def _defined(path: Path) -> list[str]:
    names = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return [n for n in names if not n.startswith("_")]


AREAS = [info.name for info in pkgutil.iter_modules(labs.company.__path__) if info.name not in PLUMBING]


@pytest.mark.parametrize("area", AREAS)
def test_an_area_lists_what_it_defines_and_company_has_it(area):
    module = importlib.import_module(f"labs.company.{area}")
    defined = [n for n in _defined(Path(module.__file__)) if n != "__all__"]
    assert sorted(module.__all__) == sorted(defined), f"labs/company/{area}.py: __all__ is its public names"
    missing = [n for n in module.__all__ if getattr(company, n, None) is not getattr(module, n)]
    assert not missing, f"labs/company/__init__.py does not re-export labs.company.{area}: {missing}"


def test_no_two_areas_define_the_same_name():
    owners: dict[str, list[str]] = {}
    for area in AREAS:
        for name in importlib.import_module(f"labs.company.{area}").__all__:
            owners.setdefault(name, []).append(area)
    assert not {n: a for n, a in owners.items() if len(a) > 1}
