"""IAM as the checks see it: users (console access, MFA, policies), groups, the password policy, the
credential report, and the root user, which the emulator lacks and the lab models (`lab.root`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from botocore.exceptions import ClientError

from labs.policy import PolicyDocument, parse


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
    """(access key id, status) pairs."""
    attached_policy_arns: list = field(default_factory=list)
    inline_documents: dict = field(default_factory=dict)
    """name -> the inline policy as the policy engine reads it (labs.policy.PolicyDocument)."""


@dataclass
class Group:
    name: str
    arn: str
    attached_policies: list = field(default_factory=list)
    """(name, arn) pairs."""
    inline_policies: dict = field(default_factory=dict)
    """name -> the inline policy as the policy engine reads it (labs.policy.PolicyDocument)."""
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
    """arn -> the default version's document (a PolicyDocument): the account's own managed policies, and
    the AWS managed policies attached to a user or a group when the emulator has them."""

    def user(self, name: str) -> User | None:
        return next((u for u in self.users if u.name == name), None)

    def group(self, name: str) -> Group | None:
        return next((g for g in self.groups if g.name == name), None)

    def _managed(self, name: str, arn: str) -> PolicyDocument:
        # A managed policy the emulator could not return is read as granting nothing.
        document = self.customer_policies.get(arn)
        return document if document is not None else PolicyDocument(name=name)

    def group_policies(self, group: Group) -> list[PolicyDocument]:
        """A group's inline and attached policies, as the policy engine reads them."""
        return list(group.inline_policies.values()) + [self._managed(n, a) for n, a in group.attached_policies]

    def own_policies(self, user: User) -> list[PolicyDocument]:
        """The policies of the user itself: inline and attached directly."""
        attached = [self._managed(n, a) for n, a in zip(user.attached_policies, user.attached_policy_arns, strict=False)]
        return list(user.inline_documents.values()) + attached

    def identity_policies(self, user: User) -> list[PolicyDocument]:
        """Every identity-based policy that applies to the user: its own and its groups'."""
        groups = [g for g in self.groups if g.name in user.groups]
        return self.own_policies(user) + [d for g in groups for d in self.group_policies(g)]


def _pages(iam, operation: str, key: str, **kwargs) -> list:
    return [item for page in iam.get_paginator(operation).paginate(**kwargs) for item in page.get(key, [])]


def collect_user(iam, entry: dict) -> User:
    name = entry["UserName"]
    try:
        iam.get_login_profile(UserName=name)
        console = True
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchEntity":
            raise
        console = False
    attached = _pages(iam, "list_attached_user_policies", "AttachedPolicies", UserName=name)
    inline = _pages(iam, "list_user_policies", "PolicyNames", UserName=name)
    return User(
        name=name,
        arn=entry["Arn"],
        console_access=console,
        mfa_devices=[d["SerialNumber"] for d in _pages(iam, "list_mfa_devices", "MFADevices", UserName=name)],
        attached_policies=[p["PolicyName"] for p in attached],
        attached_policy_arns=[p["PolicyArn"] for p in attached],
        inline_policies=inline,
        inline_documents={
            policy: parse(iam.get_user_policy(UserName=name, PolicyName=policy)["PolicyDocument"], name=policy)
            for policy in inline
        },
        groups=[g["GroupName"] for g in _pages(iam, "list_groups_for_user", "Groups", UserName=name)],
        access_keys=[(k["AccessKeyId"], k["Status"]) for k in
                     _pages(iam, "list_access_keys", "AccessKeyMetadata", UserName=name)],
    )


def collect_group(iam, entry: dict) -> Group:
    name = entry["GroupName"]
    inline = {
        policy: parse(iam.get_group_policy(GroupName=name, PolicyName=policy)["PolicyDocument"], name=policy)
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
        customer[policy["Arn"]] = _managed_document(iam, policy)
    users = [collect_user(iam, u) for u in _pages(iam, "list_users", "Users")]
    groups = [collect_group(iam, g) for g in _pages(iam, "list_groups", "Groups")]
    # AWS managed policies (AdministratorAccess, ...) attached to a user or a group: read them too, when
    # the emulator has them (it loads them only with MOTO_IAM_LOAD_MANAGED_POLICIES=true).
    attached = {arn for u in users for arn in u.attached_policy_arns} | {a for g in groups for _, a in g.attached_policies}
    for arn in sorted(attached - set(customer)):
        try:
            customer[arn] = _managed_document(iam, iam.get_policy(PolicyArn=arn)["Policy"])
        except ClientError:
            continue
    root = aws.root
    return IamState(
        users=users,
        groups=groups,
        password_policy=password_policy,
        root=Root(root.arn, root.mfa_active, [(k.access_key_id, k.status) for k in root.access_keys]),
        credential_report=report_rows(aws),
        customer_policies=customer,
    )


def _managed_document(iam, policy: dict) -> PolicyDocument:
    version = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])
    return parse(version["PolicyVersion"]["Document"], name=policy["PolicyName"])
