"""IAM as the checks see it: users (console access, MFA, policies), groups, roles (trust policy,
policies, permissions boundary), the managed policies attached to anything and every inline policy
(as policy-engine documents), the password policy, the credential report, and the root user, which
the emulator lacks and the lab models (`lab.root`)."""

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
class Role:
    name: str
    arn: str
    path: str
    trust_policy: PolicyDocument
    attached_policies: list = field(default_factory=list)
    """(name, arn) pairs."""
    policies: list = field(default_factory=list)
    """Every identity-based policy of the role (attached and inline), as policy-engine documents."""
    boundary_arn: str | None = None
    boundary: PolicyDocument | None = None


@dataclass
class ManagedPolicy:
    """A managed policy attached to at least one user, group or role."""

    arn: str
    name: str
    type: str
    """"AWS" (AWS managed) or "Custom" (customer managed), as Prowler names them."""
    document: PolicyDocument
    attached_to: list = field(default_factory=list)
    """"user/minho", "group/developers", "role/community-app-web"."""


@dataclass
class InlinePolicy:
    entity: str
    """"user", "group" or "role"."""
    entity_name: str
    name: str
    document: PolicyDocument

    @property
    def resource(self) -> str:
        return f"{self.entity}/{self.entity_name}/{self.name}"


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
    roles: list = field(default_factory=list)
    attached_policies: list = field(default_factory=list)
    """Every managed policy attached to something (ManagedPolicy), AWS managed and customer managed."""
    inline_policies: list = field(default_factory=list)
    """Every inline policy of every user, group and role (InlinePolicy)."""

    def role(self, name: str) -> Role | None:
        return next((r for r in self.roles if r.name == name), None)

    def policies_of_user(self, name: str) -> list[PolicyDocument]:
        """Every identity-based policy that applies to a user: its own and its groups', as documents."""
        user = self.user(name)
        if user is None:
            return []
        groups = {f"group/{g}" for g in user.groups}
        attached = [p.document for p in self.attached_policies if f"user/{name}" in p.attached_to or groups & set(p.attached_to)]
        inline = [p.document for p in self.inline_policies
                  if (p.entity, p.entity_name) == ("user", name) or (p.entity == "group" and p.entity_name in user.groups)]
        return attached + inline

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


def _managed_document(iam, arn: str, name: str) -> PolicyDocument:
    version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    return parse(iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"], name=name)


def collect_role(iam, entry: dict, documents: dict) -> Role:
    name = entry["RoleName"]
    attached = [(p["PolicyName"], p["PolicyArn"]) for p in
                _pages(iam, "list_attached_role_policies", "AttachedPolicies", RoleName=name)]
    inline = [parse(iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"], name=policy)
              for policy in _pages(iam, "list_role_policies", "PolicyNames", RoleName=name)]
    for policy_name, arn in attached:
        if arn not in documents:
            documents[arn] = _managed_document(iam, arn, policy_name)
    boundary_arn = (iam.get_role(RoleName=name)["Role"].get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    boundary = None
    if boundary_arn:
        try:
            boundary = documents.get(boundary_arn) or _managed_document(iam, boundary_arn, boundary_arn.rsplit("/", 1)[-1])
        except ClientError as error:
            if error.response["Error"]["Code"] != "NoSuchEntity":
                raise
            boundary = parse({}, name=boundary_arn)
    return Role(
        name=name, arn=entry["Arn"], path=entry.get("Path", "/"),
        trust_policy=parse(entry.get("AssumeRolePolicyDocument") or {}, name=f"the trust policy of {name}"),
        attached_policies=attached, policies=[documents[arn] for _, arn in attached] + inline,
        boundary_arn=boundary_arn, boundary=boundary,
    )


def user_policy_documents(iam, name: str) -> list[PolicyDocument]:
    """Every identity-based policy that applies to one user (its own and its groups'), read from IAM
    directly: for the lab's app model, which needs one user's policies, not the whole account's."""
    documents: list[PolicyDocument] = []

    def managed(policy):
        try:
            documents.append(_managed_document(iam, policy["PolicyArn"], policy["PolicyName"]))
        except ClientError as error:
            if error.response["Error"]["Code"] != "NoSuchEntity":
                raise  # an AWS managed policy the emulator does not hold grants nothing here

    for policy in _pages(iam, "list_attached_user_policies", "AttachedPolicies", UserName=name):
        managed(policy)
    for policy in _pages(iam, "list_user_policies", "PolicyNames", UserName=name):
        documents.append(parse(iam.get_user_policy(UserName=name, PolicyName=policy)["PolicyDocument"], name=policy))
    for group in _pages(iam, "list_groups_for_user", "Groups", UserName=name):
        for policy in _pages(iam, "list_attached_group_policies", "AttachedPolicies", GroupName=group["GroupName"]):
            managed(policy)
        for policy in _pages(iam, "list_group_policies", "PolicyNames", GroupName=group["GroupName"]):
            documents.append(parse(iam.get_group_policy(GroupName=group["GroupName"], PolicyName=policy)["PolicyDocument"],
                                   name=policy))
    return documents


ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"


def _attached_policies(iam, documents: dict) -> list[ManagedPolicy]:
    """The managed policies attached to something, and AWS's AdministratorAccess whether or not it is
    attached (so the administrator-rights check can say it is attached to nothing)."""
    found = []
    policies = _pages(iam, "list_policies", "Policies", Scope="All", OnlyAttached=True)
    if not any(p["Arn"] == ADMINISTRATOR_ACCESS for p in policies):
        try:
            policies.append(iam.get_policy(PolicyArn=ADMINISTRATOR_ACCESS)["Policy"])
        except ClientError as error:
            if error.response["Error"]["Code"] != "NoSuchEntity":
                raise
    for policy in policies:
        arn = policy["Arn"]
        if arn not in documents:
            documents[arn] = _managed_document(iam, arn, policy["PolicyName"])
        entities = iam.list_entities_for_policy(PolicyArn=arn)
        attached_to = ([f"user/{u['UserName']}" for u in entities.get("PolicyUsers", [])]
                       + [f"group/{g['GroupName']}" for g in entities.get("PolicyGroups", [])]
                       + [f"role/{r['RoleName']}" for r in entities.get("PolicyRoles", [])])
        if not attached_to and arn != ADMINISTRATOR_ACCESS:
            continue
        found.append(ManagedPolicy(arn=arn, name=policy["PolicyName"],
                                   type="AWS" if ":iam::aws:policy/" in arn else "Custom",
                                   document=documents[arn], attached_to=attached_to))
    return found


def collect(aws) -> IamState:
    from labs.credential_report import report_rows

    iam = aws.client("iam")
    try:
        password_policy = iam.get_account_password_policy()["PasswordPolicy"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchEntity":
            raise
        password_policy = None
    documents: dict = {}
    for policy in _pages(iam, "list_policies", "Policies", Scope="Local"):
        documents[policy["Arn"]] = _default_version(iam, policy)
    customer = dict(documents)
    users = [collect_user(iam, u) for u in _pages(iam, "list_users", "Users")]
    groups = [collect_group(iam, g) for g in _pages(iam, "list_groups", "Groups")]
    # AWS managed policies (AdministratorAccess, ...) attached to a user or a group: read them too, when
    # the emulator has them (it loads them only with MOTO_IAM_LOAD_MANAGED_POLICIES=true).
    attached = {arn for u in users for arn in u.attached_policy_arns} | {a for g in groups for _, a in g.attached_policies}
    for arn in sorted(attached - set(customer)):
        try:
            customer[arn] = documents[arn] = _default_version(iam, iam.get_policy(PolicyArn=arn)["Policy"])
        except ClientError:
            continue
    root = aws.root
    roles = [collect_role(iam, r, documents) for r in _pages(iam, "list_roles", "Roles")]
    inline = [InlinePolicy("user", u.name, name, u.inline_documents[name]) for u in users for name in u.inline_policies]
    inline += [InlinePolicy("group", g.name, name, parse(document, name=name))
               for g in groups for name, document in g.inline_policies.items()]
    inline += [InlinePolicy("role", r.name, d.name, d) for r in roles
               for d in r.policies[len(r.attached_policies):]]
    return IamState(
        users=users,
        groups=groups,
        roles=roles,
        attached_policies=_attached_policies(iam, documents),
        inline_policies=inline,
        password_policy=password_policy,
        root=Root(root.arn, root.mfa_active, [(k.access_key_id, k.status) for k in root.access_keys]),
        credential_report=report_rows(aws),
        customer_policies=customer,
    )


def _default_version(iam, policy: dict) -> PolicyDocument:
    """A managed policy's default version, from its list_policies / get_policy entry."""
    version = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])
    return parse(version["PolicyVersion"]["Document"], name=policy["PolicyName"])
