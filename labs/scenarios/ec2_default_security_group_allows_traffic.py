"""Nobody touched the VPC's default security group, so it is as AWS made it: everything in from its
own members, everything out. The first resource someone launches without picking a group lands in
it, and can talk to every other resource that did."""

from labs import company

BREAKS = ("ec2_securitygroup_default_restrict_traffic",)


def resource(aws) -> str:
    company.create_network(aws)
    return aws.client("ec2").describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [company.vpc_id(aws)]}, {"Name": "group-name", "Values": ["default"]}
    ])["SecurityGroups"][0]["GroupId"]


def build(aws) -> None:
    ec2, group = aws.client("ec2"), resource(aws)
    current = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]
    if not current["IpPermissions"]:
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": group}]}])
    if not current["IpPermissionsEgress"]:
        ec2.authorize_security_group_egress(GroupId=group, IpPermissions=[
            {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])


def fix(aws) -> None:
    ec2, group = aws.client("ec2"), resource(aws)
    current = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]
    if current["IpPermissions"]:
        ec2.revoke_security_group_ingress(GroupId=group, IpPermissions=current["IpPermissions"])
    if current["IpPermissionsEgress"]:
        ec2.revoke_security_group_egress(GroupId=group, IpPermissions=current["IpPermissionsEgress"])
