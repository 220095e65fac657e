"""The network (chapters 05 and 06, the talk's architecture v0.2 and v0.3), and chapter 01's leftover.

One VPC across two Availability Zones. Public subnets hold what the internet may reach (the load
balancer, the bastion host); private subnets hold the app server, which has no route to the
internet at all: no NAT gateway, which a three-person startup would rather not pay for. Every
builder is idempotent: it finds what already exists by its name and creates only what is missing."""

from __future__ import annotations

from labs.cloudtrail.recorder import unrecorded
from labs.company.ids import name_filter, name_of, name_tags, remember, remembered
from labs.company.naming import name

VPC_NAME = name("vpc")
VPC_CIDR = "10.0.0.0/16"
SUBNETS = {
    # name: (CIDR, Availability Zone suffix, public?)
    name("public-a"): ("10.0.0.0/24", "a", True),
    name("public-c"): ("10.0.1.0/24", "c", True),
    name("private-a"): ("10.0.10.0/24", "a", False),
    name("private-c"): ("10.0.11.0/24", "c", False),
}
INTERNET_GATEWAY = name("igw")
PUBLIC_ROUTE_TABLE = name("public")
PRIVATE_ROUTE_TABLE = name("private")
ALB_SECURITY_GROUP = name("alb")
APP_SECURITY_GROUP = name("web")
APP_PORT = 8080
ANYWHERE = [{"CidrIp": "0.0.0.0/0"}]
LEGACY_SECURITY_GROUP = "legacy-web"
"""Chapter 01 only: a leftover from the on-premises days (named before the app's scheme)."""


def vpc_id(aws) -> str | None:
    def look_up():
        vpcs = aws.client("ec2").describe_vpcs(Filters=name_filter(VPC_NAME))["Vpcs"]
        return vpcs[0]["VpcId"] if vpcs else None

    return remembered(aws, "vpc", look_up)


def subnet_ids(aws, public: bool) -> list[str]:
    return remembered(aws, ("subnets", public), lambda: _subnet_ids(aws, public)) or []


def _subnet_ids(aws, public: bool) -> list[str] | None:
    names = [subnet for subnet, (_, _, is_public) in SUBNETS.items() if is_public == public]
    subnets = aws.client("ec2").describe_subnets(Filters=[{"Name": "tag:Name", "Values": names}])["Subnets"]
    by_name = {name_of(s): s["SubnetId"] for s in subnets}
    return [by_name[subnet] for subnet in names if subnet in by_name] or None


def security_group_id(aws, group: str, vpc: str | None = None) -> str | None:
    """The id of the security group called `group` in the company's VPC (or in `vpc`)."""
    def look_up():
        groups = aws.client("ec2").describe_security_groups(
            Filters=[{"Name": "group-name", "Values": [group]}, {"Name": "vpc-id", "Values": [vpc or vpc_id(aws) or "-"]}]
        )["SecurityGroups"]
        return groups[0]["GroupId"] if groups else None

    return remembered(aws, ("group", group), look_up)


def ensure_security_group(aws, group: str, description: str, ingress: list[dict], vpc: str | None = None) -> str:
    """The id of the security group `group` in the company's VPC (or in `vpc`), created with the
    `ingress` rules when it does not exist yet."""
    return security_group_id(aws, group, vpc) or new_security_group(aws, group, description, ingress, vpc)


def new_security_group(aws, group: str, description: str, ingress: list[dict], vpc: str | None = None) -> str:
    """Create the security group `group`, Name-tagged, in the company's VPC (or in `vpc`) with the `ingress` rules."""
    ec2 = aws.client("ec2")
    group_id = ec2.create_security_group(GroupName=group, Description=description, VpcId=vpc or vpc_id(aws),
                                         TagSpecifications=name_tags(group, "security-group"))["GroupId"]
    if ingress:
        ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=ingress)
    remember(aws, ("group", group), group_id)
    return group_id


def from_group(port: int, group_id: str, description: str | None = None) -> dict:
    """An ingress rule: TCP `port` from the members of security group `group_id`."""
    pair = {"GroupId": group_id, **({"Description": description} if description else {})}
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "UserIdGroupPairs": [pair]}


def create_network(aws) -> str:
    """The VPC, its four subnets, an internet gateway for the public ones, and the security groups
    of the load balancer (HTTP and HTTPS from anywhere) and of the app (its port, from the load
    balancer only)."""
    existing = vpc_id(aws)
    if existing:
        return existing
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock=VPC_CIDR, TagSpecifications=name_tags(VPC_NAME, "vpc"))["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    gateway = ec2.create_internet_gateway(
        TagSpecifications=name_tags(INTERNET_GATEWAY, "internet-gateway"))["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    public_routes = ec2.create_route_table(
        VpcId=vpc, TagSpecifications=name_tags(PUBLIC_ROUTE_TABLE, "route-table"))["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_routes, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    private_routes = ec2.create_route_table(
        VpcId=vpc, TagSpecifications=name_tags(PRIVATE_ROUTE_TABLE, "route-table"))["RouteTable"]["RouteTableId"]
    for subnet_name, (cidr, zone, public) in SUBNETS.items():
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=f"{aws.region}{zone}",
                                   TagSpecifications=name_tags(subnet_name, "subnet"))["Subnet"]["SubnetId"]
        ec2.associate_route_table(RouteTableId=public_routes if public else private_routes, SubnetId=subnet)
        if public:
            ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    remember(aws, "vpc", vpc)
    alb_group = new_security_group(
        aws, ALB_SECURITY_GROUP, "The app's load balancer: HTTP and HTTPS from the internet", [
            {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": ANYWHERE,
             "Ipv6Ranges": [{"CidrIpv6": "::/0"}]} for port in (80, 443)])
    new_security_group(aws, APP_SECURITY_GROUP, "The app servers: the app's port, from the load balancer only",
                          [from_group(APP_PORT, alb_group)])
    return vpc


def private_route_table_ids(aws) -> list[str]:
    tables = aws.client("ec2").describe_route_tables(Filters=name_filter(PRIVATE_ROUTE_TABLE))["RouteTables"]
    return [t["RouteTableId"] for t in tables]


def create_s3_gateway_endpoint(aws) -> str:
    """A gateway VPC endpoint for S3 on the private route table: the app server, which has no way
    to the internet, reaches S3 through it (gateway endpoints cost nothing)."""
    ec2, vpc = aws.client("ec2"), create_network(aws)
    service = f"com.amazonaws.{aws.region}.s3"
    existing = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                   {"Name": "service-name", "Values": [service]}])
    if existing["VpcEndpoints"]:
        return existing["VpcEndpoints"][0]["VpcEndpointId"]
    return ec2.create_vpc_endpoint(
        VpcId=vpc, VpcEndpointType="Gateway", ServiceName=service, RouteTableIds=private_route_table_ids(aws),
        TagSpecifications=name_tags(name("s3"), "vpc-endpoint"),
    )["VpcEndpoint"]["VpcEndpointId"]


def default_vpc_id(aws) -> str:
    with unrecorded():  # the lab looking, not anybody's action
        return aws.client("ec2").describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]


def create_legacy_security_group(aws) -> str:
    """A security group copied from the old server's firewall, in the default VPC: SSH and ICMP open
    to the internet. No check in the lab covers it yet (chapter 06 will): chapter 01 uses it to show
    what checks miss. Idempotent."""
    return ensure_security_group(aws, LEGACY_SECURITY_GROUP, "Copied from the on-premises web server firewall", [
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": ANYWHERE},
        {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": ANYWHERE},
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": ANYWHERE},
    ], vpc=default_vpc_id(aws))

__all__ = ["VPC_NAME", "VPC_CIDR", "SUBNETS", "INTERNET_GATEWAY", "PUBLIC_ROUTE_TABLE", "PRIVATE_ROUTE_TABLE",
           "ALB_SECURITY_GROUP", "APP_SECURITY_GROUP", "APP_PORT", "ANYWHERE", "LEGACY_SECURITY_GROUP", "vpc_id",
           "subnet_ids", "security_group_id", "ensure_security_group", "new_security_group", "from_group",
           "create_network", "private_route_table_ids", "create_s3_gateway_endpoint", "default_vpc_id",
           "create_legacy_security_group"]
