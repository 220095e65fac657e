"""Server access through Systems Manager (chapter 06, the talk's architecture v0.3): the app server's
role for the SSM agent, and the interface endpoints that let the agent reach SSM from a private subnet."""

from __future__ import annotations

from labs.company.iam import SSM_MANAGED_POLICY, add_instance_profile, new_instance_role
from labs.company.ids import name_tags
from labs.company.naming import name
from labs.company.network import APP_SECURITY_GROUP, ensure_security_group, from_group, security_group_id, subnet_ids, vpc_id
from labs.company.servers import create_app_server, instance_id, use_instance_profile

SSM_ROLE = name("web-ssm")
SSM_ENDPOINT_SECURITY_GROUP = name("ssm-endpoints")
SSM_ENDPOINT_SERVICES = ("ssm", "ssmmessages", "ec2messages")


def create_ssm_instance_role(aws) -> str:
    """The app server's role: AmazonSSMManagedInstanceCore, so the SSM agent can register, and an
    instance profile that carries it to the instance."""
    create_app_server(aws)
    if new_instance_role(aws, SSM_ROLE, "The community app's servers: managed by Systems Manager", (SSM_MANAGED_POLICY,)):
        add_instance_profile(aws, SSM_ROLE)
    use_instance_profile(aws, instance_id(aws), SSM_ROLE)
    return SSM_ROLE


def create_ssm_endpoints(aws) -> list[str]:
    """Interface VPC endpoints for ssm, ssmmessages and ec2messages in the private subnets, private
    DNS on, behind a security group that admits HTTPS from the app servers only."""
    create_app_server(aws)
    ec2, vpc = aws.client("ec2"), vpc_id(aws)
    group = ensure_security_group(aws, SSM_ENDPOINT_SECURITY_GROUP, "SSM endpoints: HTTPS from the app servers",
                                  [from_group(443, security_group_id(aws, APP_SECURITY_GROUP))])
    existing = {e["ServiceName"].rsplit(".", 1)[-1]: e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}])["VpcEndpoints"]}
    ids = []
    for service in SSM_ENDPOINT_SERVICES:
        if service in existing:
            ids.append(existing[service])
            continue
        ids.append(ec2.create_vpc_endpoint(
            VpcId=vpc, VpcEndpointType="Interface", ServiceName=f"com.amazonaws.{aws.region}.{service}",
            SubnetIds=subnet_ids(aws, public=False), SecurityGroupIds=[group], PrivateDnsEnabled=True,
            TagSpecifications=name_tags(name(service), "vpc-endpoint"),
        )["VpcEndpoint"]["VpcEndpointId"])
    return ids

__all__ = ["SSM_ROLE", "SSM_ENDPOINT_SECURITY_GROUP", "SSM_ENDPOINT_SERVICES", "create_ssm_instance_role",
           "create_ssm_endpoints"]
