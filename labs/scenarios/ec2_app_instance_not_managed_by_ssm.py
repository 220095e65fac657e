"""The app server has no IAM role, and its private subnet has no way out to the internet, so the
SSM agent that Amazon Linux ships with can neither authenticate nor reach Systems Manager. Session
Manager, the way in that needs no open port and no key, cannot see the server at all."""

from labs import company

BREAKS = ("ec2_instance_profile_attached", "ec2_instance_managed_by_ssm")


def resource(aws) -> str:
    return company.create_app_server(aws)


def build(aws) -> None:
    ec2, instance = aws.client("ec2"), resource(aws)
    for association in ec2.describe_iam_instance_profile_associations(
            Filters=[{"Name": "instance-id", "Values": [instance]}])["IamInstanceProfileAssociations"]:
        ec2.disassociate_iam_instance_profile(AssociationId=association["AssociationId"])
    endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [company.vpc_id(aws)]}])["VpcEndpoints"]
    ssm_endpoints = [e["VpcEndpointId"] for e in endpoints
                     if e["ServiceName"].rsplit(".", 1)[-1] in company.SSM_ENDPOINT_SERVICES]
    if ssm_endpoints:
        ec2.delete_vpc_endpoints(VpcEndpointIds=ssm_endpoints)


def fix(aws) -> None:
    company.create_ssm_instance_role(aws)
    company.create_ssm_endpoints(aws)
