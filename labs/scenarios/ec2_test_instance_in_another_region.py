"""Before the move, the colleague tried the app's image in N. Virginia (us-east-1), the console's
default Region, with the launch wizard's security group: SSH from anywhere. The instance still runs
there, on the company's bill, with port 22 open to the world. Everything else, and every check of the
lab, is in Seoul (ap-northeast-2).

BREAKS is empty on purpose: the lab's checks read the lab's Region only (Prowler reads every Region
unless told otherwise). Chapter 11 plants it as a hidden mistake, found by listing the Regions, and
judges it by the same address-set reading of security groups (labs.policy.network) in us-east-1."""

import boto3

from labs.cloudtrail import recorder

BREAKS = ()
REGION = "us-east-1"
GROUP = "launch-wizard-1"
INSTANCE_NAME = "community-app-test"
OPEN_SSH = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]


def ec2(aws):
    """An EC2 client for us-east-1 (the lab's own clients are for the lab's Region)."""
    return recorder.mark_as_lab_client(boto3.client("ec2", region_name=REGION))


def _default_vpc(client) -> str:
    return client.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]


def resource(aws) -> str:
    """The security group in us-east-1."""
    client = ec2(aws)
    vpc = _default_vpc(client)
    found = client.describe_security_groups(Filters=[{"Name": "group-name", "Values": [GROUP]},
                                                     {"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]
    if found:
        return found[0]["GroupId"]
    return client.create_security_group(GroupName=GROUP, Description="launch-wizard-1 created by the console",
                                        VpcId=vpc)["GroupId"]


def instances(aws, states=("pending", "running", "stopping", "stopped")) -> list[str]:
    reservations = ec2(aws).describe_instances(Filters=[
        {"Name": "tag:Name", "Values": [INSTANCE_NAME]},
        {"Name": "instance-state-name", "Values": list(states)}])["Reservations"]
    return [i["InstanceId"] for r in reservations for i in r["Instances"]]


def build(aws) -> None:
    client, group = ec2(aws), resource(aws)
    client.authorize_security_group_ingress(GroupId=group, IpPermissions=OPEN_SSH)
    if not instances(aws):
        image = client.register_image(Name="al2023-ami-community-app-test",
                                      Description="Amazon Linux 2023 with the community app (a test)")["ImageId"]
        client.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                             SecurityGroupIds=[group],
                             TagSpecifications=[{"ResourceType": "instance",
                                                 "Tags": [{"Key": "Name", "Value": INSTANCE_NAME}]}])


def fix(aws) -> None:
    """Nobody needs it: the instance terminated, the group's SSH rule revoked."""
    client = ec2(aws)
    running = instances(aws)
    if running:
        client.terminate_instances(InstanceIds=running)
    client.revoke_security_group_ingress(GroupId=resource(aws), IpPermissions=OPEN_SSH)
