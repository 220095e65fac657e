"""To reach the bastion from home, a colleague launched it again from the console, and the launch
wizard offered its usual security group, launch-wizard-1: SSH from "Anywhere". He also added Remote
Desktop, "just in case" for a Windows jump box he never built, for IPv4 and IPv6. Scanners found
port 22 within minutes."""

from labs import company

BREAKS = (
    "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
    "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389",
)
GROUP = "launch-wizard-1"
OPEN_RULES = [
    {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
     "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}
    for port in (22, 3389)
]


def resource(aws) -> str:
    company.create_bastion_host(aws)
    existing = company.security_group_id(aws, GROUP)
    if existing:
        return existing
    ec2 = aws.client("ec2")
    group = ec2.create_security_group(GroupName=GROUP, Description="launch-wizard-1 created by the console",
                                      VpcId=company.vpc_id(aws))["GroupId"]
    bastion = company.instance_id(aws, company.BASTION_INSTANCE)
    groups = ec2.describe_instances(InstanceIds=[bastion])["Reservations"][0]["Instances"][0]["SecurityGroups"]
    ec2.modify_instance_attribute(InstanceId=bastion, Groups=[g["GroupId"] for g in groups] + [group])
    return group


def build(aws) -> None:
    aws.client("ec2").authorize_security_group_ingress(GroupId=resource(aws), IpPermissions=OPEN_RULES)


def fix(aws) -> None:
    aws.client("ec2").revoke_security_group_ingress(GroupId=resource(aws), IpPermissions=OPEN_RULES)
