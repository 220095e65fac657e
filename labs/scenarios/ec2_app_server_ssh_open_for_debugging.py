"""One evening the app answered 502; to read its logs, someone made a security group, debug-ssh,
that admits SSH from anywhere (IPv4 and IPv6), and added it to the app server. The logs were read in
ten minutes. The group is still on the server, and port 22 is still open to the whole internet,
next to Session Manager, which needs no open port at all."""

from labs import company

BREAKS = ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",)
GROUP = "debug-ssh"
OPEN_SSH = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
             "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "debugging the 502"}],
             "Ipv6Ranges": [{"CidrIpv6": "::/0", "Description": "debugging the 502"}]}]


def resource(aws) -> str:
    company.create_app_server(aws)
    existing = company.security_group_id(aws, GROUP)
    if existing:
        return existing
    return aws.client("ec2").create_security_group(
        GroupName=GROUP, Description="debugging the 502", VpcId=company.vpc_id(aws))["GroupId"]


def _app_server_groups(aws) -> tuple[str, list[str]]:
    instance = company.instance_id(aws)
    described = aws.client("ec2").describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]
    return instance, [g["GroupId"] for g in described["SecurityGroups"]]


def build(aws) -> None:
    ec2, group = aws.client("ec2"), resource(aws)
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=OPEN_SSH)
    instance, groups = _app_server_groups(aws)
    if group not in groups:
        ec2.modify_instance_attribute(InstanceId=instance, Groups=groups + [group])


def fix(aws) -> None:
    """Off the server, and gone: Session Manager is the way in (chapter 06)."""
    ec2, group = aws.client("ec2"), company.security_group_id(aws, GROUP)
    if group is None:
        return
    instance, groups = _app_server_groups(aws)
    if group in groups:
        ec2.modify_instance_attribute(InstanceId=instance, Groups=[g for g in groups if g != group])
    ec2.delete_security_group(GroupId=group)
