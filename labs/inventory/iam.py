"""IAM as the checks see it: users (console access, MFA, policies), groups, the password policy, the
credential report, and the root user, which the emulator lacks and the lab models (`lab.root`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import unquote

from botocore.exceptions import ClientError


@dataclass
class User:
    name: str
    arn: str
    console_access: bool
    mfa_devices: list = field(default_factory=list)
    attached_policies: list = field(default_factory=list)
    """Names of the managed policies attached to the user directly."""
    inline_policies: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    access_keys: list = field(default_factory=list)


@dataclass
class Group:
    name: str
    arn: str
    attached_policies: list = field(default_factory=list)
    """(name, arn) pairs."""
    inline_policies: dict = field(default_factory=dict)
    """name -> policy document (dict)."""
    members: list = field(default_factory=list)


@dataclass
class Root:
    arn: str
    mfa_active: bool
    access_keys: list
    """(access key id, status) pairs."""


@dataclass
class IamState:
    users: list[User]
    groups: list[Group]
    password_policy: dict | None
    root: Root
    credential_report: list[dict]
    customer_policies: dict = field(default_factory=dict)
    """arn -> default version's document, for the account's own managed policies."""

    def user(self, name: str) -> User | None:
        return next((u for u in self.users if u.name == name), None)

    def group(self, name: str) -> Group | None:
        return next((g for g in self.groups if g.name == name), None)


def _pages(iam, operation: str, key: str, **kwargs) -> list:
    return [item for page in iam.get_paginator(operation).paginate(**kwargs) for item in page.get(key, [])]


def _document(value) -> dict:
    if isinstance(value, str):
        value = json.loads(unquote(value))
    return value if isinstance(value, dict) else {}


def collect_user(iam, entry: dict) -> User:
    name = entry["UserName"]
    try:
        iam.get_login_profile(UserName=name)
        console = True
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchEntity":
            raise
        console = False
    return User(
        name=name,
        arn=entry["Arn"],
        console_access=console,
        mfa_devices=[d["SerialNumber"] for d in _pages(iam, "list_mfa_devices", "MFADevices", UserName=name)],
        attached_policies=[p["PolicyName"] for p in
                           _pages(iam, "list_attached_user_policies", "AttachedPolicies", UserName=name)],
        inline_policies=_pages(iam, "list_user_policies", "PolicyNames", UserName=name),
        groups=[g["GroupName"] for g in _pages(iam, "list_groups_for_user", "Groups", UserName=name)],
        access_keys=[(k["AccessKeyId"], k["Status"]) for k in
                     _pages(iam, "list_access_keys", "AccessKeyMetadata", UserName=name)],
    )


def collect_group(iam, entry: dict) -> Group:
    name = entry["GroupName"]
    inline = {
        policy: _document(iam.get_group_policy(GroupName=name, PolicyName=policy)["PolicyDocument"])
        for policy in _pages(iam, "list_group_policies", "PolicyNames", GroupName=name)
    }
    return Group(
        name=name,
        arn=entry["Arn"],
        attached_policies=[(p["PolicyName"], p["PolicyArn"]) for p in
                           _pages(iam, "list_attached_group_policies", "AttachedPolicies", GroupName=name)],
        inline_policies=inline,
        members=[u["UserName"] for u in _pages(iam, "get_group", "Users", GroupName=name)],
    )


def collect(aws) -> IamState:
    from labs.credential_report import report_rows

    iam = aws.client("iam")
    try:
        password_policy = iam.get_account_password_policy()["PasswordPolicy"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchEntity":
            raise
        password_policy = None
    customer = {}
    for policy in _pages(iam, "list_policies", "Policies", Scope="Local"):
        version = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])
        customer[policy["Arn"]] = _document(version["PolicyVersion"]["Document"])
    root = aws.root
    return IamState(
        users=[collect_user(iam, u) for u in _pages(iam, "list_users", "Users")],
        groups=[collect_group(iam, g) for g in _pages(iam, "list_groups", "Groups")],
        password_policy=password_policy,
        root=Root(root.arn, root.mfa_active, [(k.access_key_id, k.status) for k in root.access_keys]),
        credential_report=report_rows(aws),
        customer_policies=customer,
    )
