"""EC2 and its network as the checks see them: security groups, instances (with their metadata
options and role), subnets (public or private), and interface VPC endpoints.

An instance's role is collected here too, from IAM: "can this instance be managed by SSM?" depends
on what its role allows, and a check reads one service's state only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from botocore.exceptions import ClientError

from labs.policy import PolicyDocument, parse
from labs.policy.network import Rule, internet_wide



@dataclass
class SecurityGroup:
    id: str
    name: str
    vpc_id: str
    inbound: list[Rule] = field(default_factory=list)
    outbound: list[Rule] = field(default_factory=list)

    @property
    def is_default(self) -> bool:
        return self.name == "default"


@dataclass
class Subnet:
    id: str
    name: str | None
    vpc_id: str
    availability_zone: str
    cidr: str
    route_to_internet: bool
    """Routes to the internet (0.0.0.0/0, or ranges that add up to it) through an internet gateway (a
    public subnet) or a NAT gateway."""


@dataclass
class VpcEndpoint:
    id: str
    vpc_id: str
    service: str
    """The last part of the service name: "ssm", "ssmmessages", "ec2messages", "s3"..."""
    type: str
    state: str
    private_dns: bool
    subnet_ids: list = field(default_factory=list)
    group_ids: list = field(default_factory=list)


@dataclass
class Instance:
    id: str
    name: str | None
    state: str
    vpc_id: str | None
    subnet_id: str | None
    private_ip: str | None
    group_ids: list = field(default_factory=list)
    metadata_options: dict = field(default_factory=dict)
    instance_profile_arn: str | None = None
    role_name: str | None = None
    role_policies: list = field(default_factory=list)
    """The role's identity-based policies (managed and inline), as labs.policy documents."""
    role_trust_policy: PolicyDocument | None = None
    role_boundary: PolicyDocument | None = None
    user_data: str | None = None
    """The instance's user data, decoded (base64, then gzip when it is compressed); None when it has none."""
    user_data_problem: dict | None = None
    """Why the user data could not be read as text, when it cannot."""

    @property
    def label(self) -> str:
        return f"{self.id} ({self.name})" if self.name else self.id

    def role_allows(self, action: str, resource: str = "*") -> bool:
        """Whether the instance's role may call `action` (policy engine: Allow, no explicit Deny)."""
        from labs.policy import Caller, can

        if not self.role_name:
            return False
        caller = Caller("AWS", f"arn:aws:sts::{self.account_id}:assumed-role/{self.role_name}/{self.id}", self.account_id)
        return can(caller, action, resource, identity=self.role_policies, boundary=self.role_boundary).allowed

    account_id: str | None = None


@dataclass
class Vpc:
    id: str
    name: str | None
    cidr: str
    is_default: bool


@dataclass
class Ec2State:
    security_groups: list[SecurityGroup]
    instances: list[Instance]
    subnets: list[Subnet]
    endpoints: list[VpcEndpoint]
    vpcs: list[Vpc] = field(default_factory=list)

    def vpc(self, name: str) -> Vpc | None:
        """The VPC whose Name tag is `name`."""
        return next((v for v in self.vpcs if v.name == name), None)

    def group(self, group_id: str) -> SecurityGroup | None:
        return next((g for g in self.security_groups if g.id == group_id), None)

    def subnet(self, subnet_id: str) -> Subnet | None:
        return next((s for s in self.subnets if s.id == subnet_id), None)

    def default_group(self, vpc_id: str) -> SecurityGroup | None:
        return next((g for g in self.security_groups if g.vpc_id == vpc_id and g.is_default), None)


def _rules(permissions) -> list[Rule]:
    return [Rule.from_permission(p) for p in permissions]


def _group_ids(instance) -> list[str]:
    """The instance's security groups. moto lists them under the instance only when it was launched
    with SecurityGroupIds, and under its network interfaces in every case (measured)."""
    ids = [g["GroupId"] for g in instance.get("SecurityGroups", [])]
    ids += [g["GroupId"] for eni in instance.get("NetworkInterfaces", []) for g in eni.get("Groups", [])]
    return list(dict.fromkeys(ids))


def _name(resource) -> str | None:
    return next((t["Value"] for t in resource.get("Tags", []) if t["Key"] == "Name"), None)


def decode_user_data(value: str | None) -> tuple[str | None, dict | None]:
    """(text, problem): user data as DescribeInstanceAttribute returns it (base64), decoded as EC2
    and cloud-init read it (gzip-compressed user data is decompressed). The problem is {"en": ..., "ko": ...},
    the library's own words quoted in both."""
    import base64
    import binascii
    import zlib

    if not value:
        return None, None
    try:
        raw = base64.b64decode(value, validate=False)
    except (binascii.Error, ValueError) as error:
        return None, {"en": f"not base64 ({error})", "ko": f"base64가 아닙니다: '{error}'"}
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = zlib.decompress(raw, zlib.MAX_WBITS | 32)
        except zlib.error as error:
            return None, {"en": f"not a gzip stream ({error})", "ko": f"gzip 스트림이 아닙니다: '{error}'"}
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return None, {"en": f"not UTF-8 text ({error.reason})", "ko": f"UTF-8 텍스트가 아닙니다: '{error.reason}'"}


def _user_data(ec2, instance_id: str) -> tuple[str | None, dict | None]:
    try:
        answer = ec2.describe_instance_attribute(InstanceId=instance_id, Attribute="userData")
    except ClientError as error:
        if error.response["Error"]["Code"] in ("InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed"):
            return None, None
        raise
    return decode_user_data((answer.get("UserData") or {}).get("Value"))


def _role_of(iam, profile_arn: str, cache: dict):
    """(role name, policy documents, trust policy, boundary) of an instance profile's role."""
    if profile_arn in cache:
        return cache[profile_arn]
    result = (None, [], None, None)
    try:
        profile = iam.get_instance_profile(InstanceProfileName=profile_arn.rsplit("/", 1)[-1])["InstanceProfile"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchEntity":
            raise
        cache[profile_arn] = result
        return result
    if profile.get("Roles"):
        role = profile["Roles"][0]
        name = role["RoleName"]
        documents = []
        for page in iam.get_paginator("list_attached_role_policies").paginate(RoleName=name):
            for policy in page["AttachedPolicies"]:
                version = iam.get_policy(PolicyArn=policy["PolicyArn"])["Policy"]["DefaultVersionId"]
                document = iam.get_policy_version(PolicyArn=policy["PolicyArn"], VersionId=version)["PolicyVersion"]["Document"]
                documents.append(parse(document, name=policy["PolicyName"]))
        for page in iam.get_paginator("list_role_policies").paginate(RoleName=name):
            for policy in page["PolicyNames"]:
                document = iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"]
                documents.append(parse(document, name=policy))
        trust = parse(role.get("AssumeRolePolicyDocument") or {}, name=f"the trust policy of {name}")
        boundary_arn = (iam.get_role(RoleName=name)["Role"].get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
        boundary = None
        if boundary_arn:
            try:
                version = iam.get_policy(PolicyArn=boundary_arn)["Policy"]["DefaultVersionId"]
                boundary = parse(iam.get_policy_version(PolicyArn=boundary_arn, VersionId=version)["PolicyVersion"]["Document"],
                                 name=boundary_arn.rsplit("/", 1)[-1])
            except ClientError as error:
                if error.response["Error"]["Code"] != "NoSuchEntity":
                    raise
                boundary = parse({}, name=boundary_arn)
        result = (name, documents, trust, boundary)
    cache[profile_arn] = result
    return result


def collect(aws) -> Ec2State:
    ec2, iam = aws.client("ec2"), aws.client("iam")
    groups = [SecurityGroup(
        id=g["GroupId"], name=g["GroupName"], vpc_id=g.get("VpcId", ""),
        inbound=_rules(g.get("IpPermissions", [])), outbound=_rules(g.get("IpPermissionsEgress", [])),
    ) for page in ec2.get_paginator("describe_security_groups").paginate() for g in page["SecurityGroups"]]

    tables = [t for page in ec2.get_paginator("describe_route_tables").paginate() for t in page["RouteTables"]]
    main_tables = {t["VpcId"]: t for t in tables if any(a.get("Main") for a in t.get("Associations", []))}
    table_of_subnet = {a["SubnetId"]: t for t in tables for a in t.get("Associations", []) if a.get("SubnetId")}

    def reaches_internet(table) -> bool:
        """Routes to an internet or NAT gateway whose destinations, together, are the internet (0.0.0.0/0,
        or halves of it), read as address sets by the policy engine."""
        out = [r.get("DestinationCidrBlock") for r in (table or {}).get("Routes", [])
               if r.get("DestinationCidrBlock")
               and (str(r.get("GatewayId", "")).startswith("igw-") or r.get("NatGatewayId"))]
        return bool(internet_wide(out))

    subnets = [Subnet(
        id=s["SubnetId"], name=_name(s), vpc_id=s["VpcId"], availability_zone=s["AvailabilityZone"],
        cidr=s["CidrBlock"],
        route_to_internet=reaches_internet(table_of_subnet.get(s["SubnetId"]) or main_tables.get(s["VpcId"])),
    ) for page in ec2.get_paginator("describe_subnets").paginate() for s in page["Subnets"]]

    endpoints = [VpcEndpoint(
        id=e["VpcEndpointId"], vpc_id=e["VpcId"], service=e["ServiceName"].rsplit(".", 1)[-1],
        type=e.get("VpcEndpointType", ""), state=str(e.get("State", "")).lower(),
        private_dns=bool(e.get("PrivateDnsEnabled")), subnet_ids=list(e.get("SubnetIds", [])),
        group_ids=[g["GroupId"] for g in e.get("Groups", [])],
    ) for page in ec2.get_paginator("describe_vpc_endpoints").paginate() for e in page["VpcEndpoints"]]

    roles: dict = {}
    instances = []
    for page in ec2.get_paginator("describe_instances").paginate():
        for reservation in page["Reservations"]:
            for i in reservation["Instances"]:
                state = i.get("State", {}).get("Name", "")
                if state in ("terminated", "shutting-down"):
                    continue
                profile = (i.get("IamInstanceProfile") or {}).get("Arn")
                role, documents, trust, boundary = _role_of(iam, profile, roles) if profile else (None, [], None, None)
                user_data, user_data_problem = _user_data(ec2, i["InstanceId"])
                instances.append(Instance(
                    id=i["InstanceId"], name=_name(i), state=state, vpc_id=i.get("VpcId"),
                    subnet_id=i.get("SubnetId"), private_ip=i.get("PrivateIpAddress"),
                    group_ids=_group_ids(i),
                    metadata_options=dict(i.get("MetadataOptions", {})), instance_profile_arn=profile,
                    role_name=role, role_policies=documents, role_trust_policy=trust,
                    role_boundary=boundary, user_data=user_data, user_data_problem=user_data_problem,
                    account_id=aws.account_id,
                ))
    vpcs = [Vpc(id=v["VpcId"], name=_name(v), cidr=v.get("CidrBlock", ""), is_default=bool(v.get("IsDefault")))
            for page in ec2.get_paginator("describe_vpcs").paginate() for v in page["Vpcs"]]
    return Ec2State(security_groups=groups, instances=instances, subnets=subnets, endpoints=endpoints, vpcs=vpcs)
