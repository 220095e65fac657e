"""The startup from the talk: a community app where about 100 users a day upload small images,
run by 3 employees. Its AWS resources have the same names in every chapter."""

from __future__ import annotations

from pathlib import Path

SAMPLE_IMAGES = Path(__file__).with_name("sample_images")


def image_bucket_name(account_id: str) -> str:
    # Bucket names are global across all AWS accounts, so the account id keeps this one unique.
    return f"community-app-images-{account_id}"


def create_image_bucket(aws) -> str:
    """The bucket the app stores user uploads in, with a few uploads in it."""
    name = image_bucket_name(aws.account_id)
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": aws.region})
    for image in sorted(SAMPLE_IMAGES.glob("*.png")):
        s3.put_object(Bucket=name, Key=f"uploads/{image.name}", Body=image.read_bytes(), ContentType="image/png")
    return name


# --- The network (chapters 05 and 06, the talk's architecture v0.2 and v0.3) ---------------------
#
# One VPC across two Availability Zones. Public subnets hold what the internet may reach (the load
# balancer, the bastion host); private subnets hold the app server, which has no route to the
# internet at all: no NAT gateway, which a three-person startup would rather not pay for. Every
# builder is idempotent: it finds what already exists by its Name tag and creates only what is missing.

VPC_NAME = "community-app-vpc"
VPC_CIDR = "10.0.0.0/16"
SUBNETS = {
    # name: (CIDR, Availability Zone suffix, public?)
    "community-app-public-a": ("10.0.0.0/24", "a", True),
    "community-app-public-c": ("10.0.1.0/24", "c", True),
    "community-app-private-a": ("10.0.10.0/24", "a", False),
    "community-app-private-c": ("10.0.11.0/24", "c", False),
}
ALB_SECURITY_GROUP = "community-app-alb"
APP_SECURITY_GROUP = "community-app-web"
APP_PORT = 8080
APP_INSTANCE = "community-app-web-1"
APP_IMAGE = "al2023-ami-2023-community-app"
LOAD_BALANCER = "community-app-alb"
TARGET_GROUP = "community-app-web"
APP_CERTIFICATE_TAG = "community-app"


def _name_filter(name: str) -> list[dict]:
    return [{"Name": "tag:Name", "Values": [name]}]


def _tags(name: str, resource_type: str) -> list[dict]:
    return [{"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}]}]


def vpc_id(aws) -> str | None:
    vpcs = aws.client("ec2").describe_vpcs(Filters=_name_filter(VPC_NAME))["Vpcs"]
    return vpcs[0]["VpcId"] if vpcs else None


def subnet_ids(aws, public: bool) -> list[str]:
    names = [name for name, (_, _, is_public) in SUBNETS.items() if is_public == public]
    subnets = aws.client("ec2").describe_subnets(Filters=[{"Name": "tag:Name", "Values": names}])["Subnets"]
    by_name = {_name_of(s): s["SubnetId"] for s in subnets}
    return [by_name[name] for name in names if name in by_name]


def security_group_id(aws, name: str) -> str | None:
    groups = aws.client("ec2").describe_security_groups(
        Filters=[{"Name": "group-name", "Values": [name]}, {"Name": "vpc-id", "Values": [vpc_id(aws) or "-"]}]
    )["SecurityGroups"]
    return groups[0]["GroupId"] if groups else None


def instance_id(aws, name: str = APP_INSTANCE) -> str | None:
    reservations = aws.client("ec2").describe_instances(
        Filters=_name_filter(name) + [{"Name": "instance-state-name", "Values": ["pending", "running", "stopped"]}]
    )["Reservations"]
    instances = [i for r in reservations for i in r["Instances"]]
    return instances[0]["InstanceId"] if instances else None


def _name_of(resource: dict) -> str | None:
    return next((t["Value"] for t in resource.get("Tags", []) if t["Key"] == "Name"), None)


def create_network(aws) -> str:
    """The VPC, its four subnets, an internet gateway for the public ones, and the security groups
    of the load balancer (HTTP and HTTPS from anywhere) and of the app (its port, from the load
    balancer only)."""
    existing = vpc_id(aws)
    if existing:
        return existing
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock=VPC_CIDR, TagSpecifications=_tags(VPC_NAME, "vpc"))["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    gateway = ec2.create_internet_gateway(
        TagSpecifications=_tags("community-app-igw", "internet-gateway"))["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    public_routes = ec2.create_route_table(
        VpcId=vpc, TagSpecifications=_tags("community-app-public", "route-table"))["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_routes, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    private_routes = ec2.create_route_table(
        VpcId=vpc, TagSpecifications=_tags("community-app-private", "route-table"))["RouteTable"]["RouteTableId"]
    for name, (cidr, zone, public) in SUBNETS.items():
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=f"{aws.region}{zone}",
                                   TagSpecifications=_tags(name, "subnet"))["Subnet"]["SubnetId"]
        ec2.associate_route_table(RouteTableId=public_routes if public else private_routes, SubnetId=subnet)
    alb_group = ec2.create_security_group(
        GroupName=ALB_SECURITY_GROUP, Description="The app's load balancer: HTTP and HTTPS from the internet",
        VpcId=vpc, TagSpecifications=_tags(ALB_SECURITY_GROUP, "security-group"))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=alb_group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
         "Ipv6Ranges": [{"CidrIpv6": "::/0"}]} for port in (80, 443)
    ])
    app_group = ec2.create_security_group(
        GroupName=APP_SECURITY_GROUP, Description="The app servers: the app's port, from the load balancer only",
        VpcId=vpc, TagSpecifications=_tags(APP_SECURITY_GROUP, "security-group"))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=app_group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": APP_PORT, "ToPort": APP_PORT, "UserIdGroupPairs": [{"GroupId": alb_group}]}
    ])
    return vpc


def create_app_server(aws) -> str:
    """The app server: one instance in a private subnet, IMDSv2 required, reachable only through the
    load balancer. (The lab registers its own image: moto's ~2,600 sample AMIs are not loaded.)"""
    existing = instance_id(aws)
    if existing:
        return existing
    create_network(aws)
    ec2 = aws.client("ec2")
    images = ec2.describe_images(Owners=["self"], Filters=[{"Name": "name", "Values": [APP_IMAGE]}])["Images"]
    image = images[0]["ImageId"] if images else ec2.register_image(
        Name=APP_IMAGE, Description="Amazon Linux 2023 with the community app (stands in for AWS's AMI)")["ImageId"]
    return ec2.run_instances(
        ImageId=image, InstanceType="t3.small", MinCount=1, MaxCount=1,
        SubnetId=subnet_ids(aws, public=False)[0], SecurityGroupIds=[security_group_id(aws, APP_SECURITY_GROUP)],
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled", "HttpPutResponseHopLimit": 1},
        TagSpecifications=_tags(APP_INSTANCE, "instance"),
    )["Instances"][0]["InstanceId"]


def app_certificate_arn(aws) -> str | None:
    """The app's certificate in ACM: the one the load balancer's HTTPS listener uses, or before
    there is one, the one tagged Name=community-app."""
    if load_balancer_arn(aws):
        listeners = aws.client("elbv2").describe_listeners(LoadBalancerArn=load_balancer_arn(aws))["Listeners"]
        https = [listener for listener in listeners if listener["Port"] == 443 and listener.get("Certificates")]
        if https:
            return https[0]["Certificates"][0]["CertificateArn"]
    acm = aws.client("acm")
    for page in acm.get_paginator("list_certificates").paginate(Includes={"keyTypes": ["EC_prime256v1", "RSA_2048"]}):
        for summary in page["CertificateSummaryList"]:
            tags = acm.list_tags_for_certificate(CertificateArn=summary["CertificateArn"]).get("Tags", [])
            if {"Key": "Name", "Value": APP_CERTIFICATE_TAG} in tags:
                return summary["CertificateArn"]
    return None


def import_app_certificate(aws, days: float = 365, certificate_arn: str | None = None) -> str:
    """Issue a certificate for the app's host name from the lab's CA and import it into ACM (into
    `certificate_arn` when given: that is how an imported certificate is renewed)."""
    from labs.tls import certificates

    key = certificates.make_key()
    certificate = certificates.issue_certificate(key.public_key(), certificates.APP_HOST, days=days)
    acm = aws.client("acm")
    extra = {"CertificateArn": certificate_arn} if certificate_arn else {}
    arn = acm.import_certificate(
        Certificate=certificates.certificate_pem(certificate), PrivateKey=certificates.key_pem(key),
        CertificateChain=certificates.company_ca().pem, **extra,
    )["CertificateArn"]
    # moto ignores Tags given to import_certificate and drops a certificate's tags when it is
    # re-imported (measured; ACM keeps them), so they are added afterwards, every time.
    acm.add_tags_to_certificate(CertificateArn=arn, Tags=[{"Key": "Name", "Value": APP_CERTIFICATE_TAG}])
    return arn


def load_balancer_arn(aws) -> str | None:
    try:
        return aws.client("elbv2").describe_load_balancers(Names=[LOAD_BALANCER])["LoadBalancers"][0]["LoadBalancerArn"]
    except aws.client("elbv2").exceptions.LoadBalancerNotFoundException:
        return None


def listener_arn(aws, port: int) -> str | None:
    listeners = aws.client("elbv2").describe_listeners(LoadBalancerArn=load_balancer_arn(aws))["Listeners"]
    return next((listener["ListenerArn"] for listener in listeners if listener["Port"] == port), None)


REDIRECT_TO_HTTPS = {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}


def create_load_balancer(aws) -> str:
    """The Application Load Balancer in front of the app, as the talk's architecture v0.2 draws it:
    an HTTPS listener on 443 with the app's certificate from ACM and AWS's recommended TLS policy,
    and an HTTP listener on 80 whose only job is to redirect to HTTPS."""
    from labs.tls import policies

    existing = load_balancer_arn(aws)
    if existing:
        return existing
    create_app_server(aws)
    elbv2 = aws.client("elbv2")
    lb = elbv2.create_load_balancer(
        Name=LOAD_BALANCER, Type="application", Scheme="internet-facing", Subnets=subnet_ids(aws, public=True),
        SecurityGroups=[security_group_id(aws, ALB_SECURITY_GROUP)],
    )["LoadBalancers"][0]["LoadBalancerArn"]
    group = elbv2.create_target_group(
        Name=TARGET_GROUP, Protocol="HTTP", Port=APP_PORT, VpcId=vpc_id(aws), TargetType="instance",
        HealthCheckPath="/health",
    )["TargetGroups"][0]["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=group, Targets=[{"Id": instance_id(aws), "Port": APP_PORT}])
    certificate = app_certificate_arn(aws) or import_app_certificate(aws)
    elbv2.create_listener(
        LoadBalancerArn=lb, Protocol="HTTPS", Port=443, SslPolicy=policies.RECOMMENDED,
        Certificates=[{"CertificateArn": certificate}],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group}],
    )
    elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[REDIRECT_TO_HTTPS])
    return lb


def target_group_arn(aws) -> str:
    return aws.client("elbv2").describe_target_groups(Names=[TARGET_GROUP])["TargetGroups"][0]["TargetGroupArn"]
