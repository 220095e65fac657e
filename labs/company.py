"""The startup from the talk: a community app where about 100 users a day upload small images,
run by 3 employees. Its AWS resources have the same names in every chapter."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path

from botocore.exceptions import ClientError

from labs.inventory.s3 import BLOCK_PUBLIC_ACCESS_ALL_ON

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


def publish_cost_history(aws) -> None:
    """The startup's daily bill since October 2024, served by the emulator's Cost Explorer
    (chapter 04; generated, see labs/costs/generator.py)."""
    from labs.costs.cost_explorer import publish_cost_history as publish

    publish(aws)


# --- the team's IAM users (chapter 02) ------------------------------------------------------------
# Minho, the developer, opened the company's AWS account about 200 days ago for a prototype, with his
# own details, and used it alone; Jiyoung, the manager, got a console user later. The dates before
# the lab built the account live in the lab's IamHistory (moto cannot store a date in the past).

DEVELOPER = "minho"
MANAGER = "jiyoung"
ACCOUNT_AGE_DAYS = 200


def _ensure_user(iam, name: str) -> bool:
    """Create the user unless it exists; True when it was created now."""
    from botocore.exceptions import ClientError

    try:
        iam.create_user(UserName=name, Tags=[{"Key": "team", "Value": "community-app"}])
        return True
    except ClientError as error:
        if error.response["Error"]["Code"] != "EntityAlreadyExists":
            raise
        return False


def create_developer_user(aws) -> str:
    """Minho: console password, one access key for the prototype (200 days old, last used 120 days ago)."""
    iam = aws.client("iam")
    if _ensure_user(iam, DEVELOPER):
        iam.create_login_profile(UserName=DEVELOPER, Password="Prototype-2025!")
        key = iam.create_access_key(UserName=DEVELOPER)["AccessKey"]["AccessKeyId"]
        aws.history.user(DEVELOPER, created_days_ago=ACCOUNT_AGE_DAYS, password_last_used_days_ago=100)
        aws.history.key(key, created_days_ago=ACCOUNT_AGE_DAYS - 5, used_days_ago=120, service="s3")
    return DEVELOPER


def create_manager_user(aws) -> str:
    """Jiyoung: console password with a virtual MFA device; she last signed in 60 days ago."""
    import pyotp

    iam = aws.client("iam")
    if _ensure_user(iam, MANAGER):
        iam.create_login_profile(UserName=MANAGER, Password="Manager-Signs-In-2025!")
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{MANAGER}-phone")["VirtualMFADevice"]
        totp = pyotp.TOTP(device["Base32StringSeed"].decode())
        iam.enable_mfa_device(UserName=MANAGER, SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=totp.at(time.time() - 30), AuthenticationCode2=totp.now())
        aws.history.user(MANAGER, created_days_ago=150, password_last_used_days_ago=60)
    return MANAGER


def create_team_users(aws) -> None:
    """The account as Sungjin receives it: the root user, used for months, and the team's IAM users."""
    aws.root.created = aws.root.created - timedelta(days=ACCOUNT_AGE_DAYS)
    aws.root.password_last_used = aws.root.created + timedelta(days=ACCOUNT_AGE_DAYS - 7)
    create_developer_user(aws)
    create_manager_user(aws)


# --- chapter 01 only: a leftover from the on-premises days ------------------------------------------

LEGACY_SECURITY_GROUP = "legacy-web"


def create_legacy_security_group(aws) -> str:
    """A security group copied from the old server's firewall: SSH and ICMP open to the internet.
    No check in the lab covers it yet (chapter 06 will): chapter 01 uses it to show what checks miss."""
    ec2 = aws.client("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    group = ec2.create_security_group(GroupName=LEGACY_SECURITY_GROUP, VpcId=vpc,
                                      Description="Copied from the on-premises web server firewall")["GroupId"]
    anywhere = [{"CidrIp": "0.0.0.0/0"}]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": anywhere},
        {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": anywhere},
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": anywhere},
    ])
    return group


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


def _remembered(aws, key, look_up):
    """An id found once is remembered on the lab for as long as it lives (a start makes a new lab):
    building a chapter looks the same VPC up dozens of times, at about 10 ms per describe call."""
    ids = aws.__dict__.setdefault("_company_ids", {})
    if ids.get(key) is None:
        ids[key] = look_up()
    return ids[key]


def _name_filter(name: str) -> list[dict]:
    return [{"Name": "tag:Name", "Values": [name]}]


def _tags(name: str, resource_type: str) -> list[dict]:
    return [{"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}]}]


def vpc_id(aws) -> str | None:
    def look_up():
        vpcs = aws.client("ec2").describe_vpcs(Filters=_name_filter(VPC_NAME))["Vpcs"]
        return vpcs[0]["VpcId"] if vpcs else None

    return _remembered(aws, "vpc", look_up)


def subnet_ids(aws, public: bool) -> list[str]:
    return _remembered(aws, ("subnets", public), lambda: _subnet_ids(aws, public)) or []


def _subnet_ids(aws, public: bool) -> list[str] | None:
    names = [name for name, (_, _, is_public) in SUBNETS.items() if is_public == public]
    subnets = aws.client("ec2").describe_subnets(Filters=[{"Name": "tag:Name", "Values": names}])["Subnets"]
    by_name = {_name_of(s): s["SubnetId"] for s in subnets}
    return [by_name[name] for name in names if name in by_name] or None


def security_group_id(aws, name: str) -> str | None:
    def look_up():
        groups = aws.client("ec2").describe_security_groups(
            Filters=[{"Name": "group-name", "Values": [name]}, {"Name": "vpc-id", "Values": [vpc_id(aws) or "-"]}]
        )["SecurityGroups"]
        return groups[0]["GroupId"] if groups else None

    return _remembered(aws, ("group", name), look_up)


def instance_id(aws, name: str = APP_INSTANCE) -> str | None:
    return _remembered(aws, ("instance", name), lambda: _instance_id(aws, name))


def _instance_id(aws, name: str) -> str | None:
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
        if public:
            ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
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
    def look_up():
        elbv2 = aws.client("elbv2")
        try:
            return elbv2.describe_load_balancers(Names=[LOAD_BALANCER])["LoadBalancers"][0]["LoadBalancerArn"]
        except elbv2.exceptions.LoadBalancerNotFoundException:
            return None

    return _remembered(aws, "load balancer", look_up)


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


# --- Server access (chapter 06, the talk's architecture v0.3) -------------------------------------

BASTION_SECURITY_GROUP = "community-app-bastion"
BASTION_INSTANCE = "community-app-bastion"
OFFICE_CIDR = "203.0.113.10/32"
"""The office's one public address (203.0.113.0/24 is reserved for documentation)."""
SSM_ROLE = "community-app-web-ssm"
SSM_ENDPOINT_SECURITY_GROUP = "community-app-ssm-endpoints"
SSM_ENDPOINT_SERVICES = ("ssm", "ssmmessages", "ec2messages")
SSM_MANAGED_POLICY = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
SESSION_LOG_GROUP = "/aws/ssm/community-app-sessions"
SESSION_KEY_ALIAS = "alias/community-app-session-logs"
EC2_TRUST_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def session_log_bucket_name(account_id: str) -> str:
    return f"community-app-session-logs-{account_id}"


def _image_id(aws) -> str:
    ec2 = aws.client("ec2")
    images = ec2.describe_images(Owners=["self"], Filters=[{"Name": "name", "Values": [APP_IMAGE]}])["Images"]
    return images[0]["ImageId"] if images else ec2.register_image(
        Name=APP_IMAGE, Description="Amazon Linux 2023 with the community app (stands in for AWS's AMI)")["ImageId"]


def create_bastion_host(aws) -> str:
    """A small instance in a public subnet that admits SSH from the office's address only; the
    administrators hop from it to the app server (the talk's second way in)."""
    existing = instance_id(aws, BASTION_INSTANCE)
    if existing:
        return existing
    create_network(aws)
    ec2 = aws.client("ec2")
    group = security_group_id(aws, BASTION_SECURITY_GROUP) or ec2.create_security_group(
        GroupName=BASTION_SECURITY_GROUP, Description="The bastion host: SSH from the office only",
        VpcId=vpc_id(aws), TagSpecifications=_tags(BASTION_SECURITY_GROUP, "security-group"))["GroupId"]
    try:  # the group outlives a retired bastion (chapter 06's wrap-up): its rule may be there already
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
            "IpRanges": [{"CidrIp": OFFICE_CIDR, "Description": "office"}]}])
    except ClientError as error:
        if error.response["Error"]["Code"] != "InvalidPermission.Duplicate":
            raise
    return ec2.run_instances(
        ImageId=_image_id(aws), InstanceType="t3.nano", MinCount=1, MaxCount=1,
        SubnetId=subnet_ids(aws, public=True)[0], SecurityGroupIds=[group],
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
        TagSpecifications=_tags(BASTION_INSTANCE, "instance"),
    )["Instances"][0]["InstanceId"]


def create_ssm_instance_role(aws) -> str:
    """The app server's role: AmazonSSMManagedInstanceCore, so the SSM agent can register, and an
    instance profile that carries it to the instance."""
    create_app_server(aws)
    iam, ec2 = aws.client("iam"), aws.client("ec2")
    try:
        iam.get_role(RoleName=SSM_ROLE)
    except iam.exceptions.NoSuchEntityException:
        iam.create_role(RoleName=SSM_ROLE, AssumeRolePolicyDocument=json.dumps(EC2_TRUST_POLICY),
                        Description="The community app's servers: managed by Systems Manager")
        iam.attach_role_policy(RoleName=SSM_ROLE, PolicyArn=SSM_MANAGED_POLICY)
        iam.create_instance_profile(InstanceProfileName=SSM_ROLE)
        iam.add_role_to_instance_profile(InstanceProfileName=SSM_ROLE, RoleName=SSM_ROLE)
    instance = instance_id(aws)
    associations = ec2.describe_iam_instance_profile_associations(
        Filters=[{"Name": "instance-id", "Values": [instance]}])["IamInstanceProfileAssociations"]
    if not [a for a in associations if a.get("State") in ("associating", "associated")]:
        ec2.associate_iam_instance_profile(InstanceId=instance, IamInstanceProfile={"Name": SSM_ROLE})
    return SSM_ROLE


def create_ssm_endpoints(aws) -> list[str]:
    """Interface VPC endpoints for ssm, ssmmessages and ec2messages in the private subnets, private
    DNS on, behind a security group that admits HTTPS from the app servers only."""
    create_app_server(aws)
    ec2, vpc = aws.client("ec2"), vpc_id(aws)
    group = security_group_id(aws, SSM_ENDPOINT_SECURITY_GROUP)
    if group is None:
        group = ec2.create_security_group(
            GroupName=SSM_ENDPOINT_SECURITY_GROUP, Description="SSM endpoints: HTTPS from the app servers",
            VpcId=vpc, TagSpecifications=_tags(SSM_ENDPOINT_SECURITY_GROUP, "security-group"))["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "UserIdGroupPairs": [{"GroupId": security_group_id(aws, APP_SECURITY_GROUP)}]}])
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
            TagSpecifications=_tags(f"community-app-{service}", "vpc-endpoint"),
        )["VpcEndpoint"]["VpcEndpointId"])
    return ids


def session_preferences(bucket: str, log_group: str, key_arn: str) -> dict:
    """Session Manager's preferences, as the console saves them in SSM-SessionManagerRunShell."""
    return {
        "schemaVersion": "1.0",
        "description": "Document to hold regional settings for Session Manager",
        "sessionType": "Standard_Stream",
        "inputs": {
            "s3BucketName": bucket, "s3KeyPrefix": "sessions/", "s3EncryptionEnabled": True,
            "cloudWatchLogGroupName": log_group, "cloudWatchEncryptionEnabled": True,
            "cloudWatchStreamingEnabled": True, "kmsKeyId": key_arn,
            "idleSessionTimeout": "20", "maxSessionDuration": "60", "runAsEnabled": False, "runAsDefaultUser": "",
            "shellProfile": {"linux": "", "windows": ""},
        },
    }


def create_session_logging(aws) -> str:
    """Session logs to an S3 bucket and a CloudWatch Logs group, both encrypted with one KMS key, and
    Session Manager's preferences pointing at them."""
    from labs.inventory.ssm import PREFERENCES_DOCUMENT

    kms, logs, s3, ssm = (aws.client(s) for s in ("kms", "logs", "s3", "ssm"))
    aliases = {a["AliasName"]: a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"]}
    if SESSION_KEY_ALIAS in aliases:
        key_arn = kms.describe_key(KeyId=SESSION_KEY_ALIAS)["KeyMetadata"]["Arn"]
    else:
        key_arn = kms.create_key(Description="Session Manager session logs")["KeyMetadata"]["Arn"]
        kms.enable_key_rotation(KeyId=key_arn)  # chapter 03's rule for every customer managed key
        kms.create_alias(AliasName=SESSION_KEY_ALIAS, TargetKeyId=key_arn)
    bucket = session_log_bucket_name(aws.account_id)
    if bucket not in [b["Name"] for b in s3.list_buckets().get("Buckets", [])]:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": aws.region})
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=BLOCK_PUBLIC_ACCESS_ALL_ON)
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
            "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn},
            "BucketKeyEnabled": True}]})
        s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
        s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
    if not logs.describe_log_groups(logGroupNamePrefix=SESSION_LOG_GROUP)["logGroups"]:
        logs.create_log_group(logGroupName=SESSION_LOG_GROUP, kmsKeyId=key_arn)
        logs.put_retention_policy(logGroupName=SESSION_LOG_GROUP, retentionInDays=365)
    content = json.dumps(session_preferences(bucket, SESSION_LOG_GROUP, key_arn))
    try:
        ssm.create_document(Name=PREFERENCES_DOCUMENT, DocumentType="Session", DocumentFormat="JSON", Content=content)
    except ssm.exceptions.DocumentAlreadyExists:
        try:
            version = ssm.update_document(Name=PREFERENCES_DOCUMENT, DocumentFormat="JSON", Content=content,
                                          DocumentVersion="$LATEST")["DocumentDescription"]["DocumentVersion"]
        except ssm.exceptions.DuplicateDocumentContent:
            return PREFERENCES_DOCUMENT
        ssm.update_document_default_version(Name=PREFERENCES_DOCUMENT, DocumentVersion=version)
    return PREFERENCES_DOCUMENT


# --- CloudTrail (chapter 03) ------------------------------------------------------------------

TRAIL_NAME = "community-app-trail"
CLOUDTRAIL_KEY_ALIAS = "alias/community-app-cloudtrail"


def cloudtrail_bucket_name(account_id: str) -> str:
    return f"community-app-cloudtrail-{account_id}"


def cloudtrail_bucket_policy(bucket: str, account_id: str, region: str, trail: str = TRAIL_NAME) -> dict:
    """What CloudTrail needs (AWS CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail"):
    read the bucket's ACL, and write under AWSLogs/<account id>/ with the bucket owner in full
    control; aws:SourceArn keeps every other trail out. Plus a Deny for plain HTTP (chapter 08)."""
    trail_arn = f"arn:aws:cloudtrail:{region}:{account_id}:trail/{trail}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AWSCloudTrailAclCheck",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:GetBucketAcl",
                "Resource": f"arn:aws:s3:::{bucket}",
                "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}},
            },
            {
                "Sid": "AWSCloudTrailWrite",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{account_id}/*",
                "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                               "aws:SourceArn": trail_arn}},
            },
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ],
    }


def cloudtrail_key_policy(account_id: str, region: str) -> dict:
    """The key policy CloudTrail's console writes: the account administers the key, CloudTrail may
    encrypt log files for this account's trails, and the account's principals may decrypt them."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Enable IAM User Permissions",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "Allow CloudTrail to encrypt logs",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:GenerateDataKey*",
                "Resource": "*",
                "Condition": {"StringLike": {
                    "kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{account_id}:trail/*"}},
            },
            {
                "Sid": "Allow CloudTrail to describe key",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:DescribeKey",
                "Resource": "*",
            },
            {
                "Sid": "Allow principals in the account to decrypt log files",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["kms:Decrypt", "kms:ReEncryptFrom"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"kms:CallerAccount": account_id},
                    "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{account_id}:trail/*"},
                },
            },
        ],
    }


def find_key_id(aws, alias: str) -> str | None:
    from labs.cloudtrail.recorder import unrecorded

    with unrecorded():  # the lab looking, not anybody's action
        for page in aws.client("kms").get_paginator("list_aliases").paginate():
            for entry in page.get("Aliases", []):
                if entry["AliasName"] == alias and entry.get("TargetKeyId"):
                    return entry["TargetKeyId"]
    return None


def create_cloudtrail_key(aws) -> str:
    """A customer managed key for the log files, in the same region as the trail and its bucket.
    The colleague made it "for later"; no trail uses it yet. Idempotent."""
    existing = find_key_id(aws, CLOUDTRAIL_KEY_ALIAS)
    if existing:
        return existing
    kms = aws.client("kms")
    key = kms.create_key(
        Description="CloudTrail log files of the community app",
        Policy=json.dumps(cloudtrail_key_policy(aws.account_id, aws.region)),
    )["KeyMetadata"]
    kms.create_alias(AliasName=CLOUDTRAIL_KEY_ALIAS, TargetKeyId=key["KeyId"])
    return key["KeyId"]


def create_cloudtrail_bucket(aws) -> str:
    """The bucket the trail delivers to: CloudTrail's policy, Block Public Access, ACLs disabled,
    SSE-KMS by default. Idempotent."""
    from botocore.exceptions import ClientError

    from labs.cloudtrail.recorder import unrecorded

    name = cloudtrail_bucket_name(aws.account_id)
    s3 = aws.client("s3")
    try:
        with unrecorded():
            s3.head_bucket(Bucket=name)
        return name
    except ClientError as error:
        if error.response["Error"]["Code"] not in ("404", "NoSuchBucket"):
            raise
    key_id = create_cloudtrail_key(aws)
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": aws.region})
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=BLOCK_PUBLIC_ACCESS_ALL_ON)
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_id},
        "BucketKeyEnabled": True}]})
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(cloudtrail_bucket_policy(name, aws.account_id, aws.region)))
    return name


def create_trail(aws) -> str:
    """The colleague's trail, with the console's defaults of an API call: this region only, no log
    file validation, no KMS key. It starts logging. Idempotent."""
    from labs.cloudtrail.recorder import unrecorded

    cloudtrail = aws.client("cloudtrail")
    bucket = create_cloudtrail_bucket(aws)
    with unrecorded():
        exists = bool(cloudtrail.describe_trails(trailNameList=[TRAIL_NAME]).get("trailList"))
    if not exists:
        cloudtrail.create_trail(Name=TRAIL_NAME, S3BucketName=bucket)
        cloudtrail.start_logging(Name=TRAIL_NAME)
    return TRAIL_NAME


def trail_settings(aws) -> dict:
    """The company trail as DescribeTrails returns it (the lab looking: not recorded)."""
    from labs.cloudtrail.recorder import unrecorded

    with unrecorded():
        trails = aws.client("cloudtrail").describe_trails(trailNameList=[TRAIL_NAME]).get("trailList", [])
    return trails[0] if trails else {}


# --- The app's identity (chapter 09, the talk's "EC2 IAM role" and architecture v1.0) --------------
#
# Until chapter 09 the app calls S3 with a long-lived access key of an IAM user, `community-app`,
# pasted into the app server's user data (an environment file and the app's config file). Chapter 09
# replaces it with an instance role whose permissions come from what the app really calls.

APP_USER = "community-app"
APP_ROLE = "community-app-web"
APP_POLICY = "CommunityAppImages"
APP_BOUNDARY = "CommunityAppBoundary"
APP_KEY_AGE_DAYS = 150
IMAGE_KEY_ALIAS = "alias/community-app-images"
UPLOADS_PREFIX = "uploads/"
APP_CONFIG_PATH = "/opt/community-app/config.json"


def app_user_data(bucket: str, access_key_id: str | None = None, secret_access_key: str | None = None) -> str:
    """The app server's launch script. With a key, the colleague's version: the key in the app's
    environment file and again in its config file. Without, the app's SDK finds the instance role's
    credentials in the instance metadata service (IMDSv2) by itself."""
    env = ["AWS_DEFAULT_REGION=ap-northeast-2", f"IMAGE_BUCKET={bucket}"]
    config = {"bucket": bucket, "uploads_prefix": UPLOADS_PREFIX, "max_upload_mb": 5}
    if access_key_id:
        env[:0] = [f"AWS_ACCESS_KEY_ID={access_key_id}", f"AWS_SECRET_ACCESS_KEY={secret_access_key}"]
        config["aws"] = {"access_key_id": access_key_id, "secret_access_key": secret_access_key}
    env_lines = "\n".join(env)
    return (
        "#!/bin/bash\n"
        "# community-app: install and start the app (Amazon Linux 2023)\n"
        "dnf install -y python3.11 nginx\n"
        "mkdir -p /opt/community-app\n"
        "cat > /opt/community-app/app.env <<'ENV'\n"
        f"{env_lines}\n"
        "ENV\n"
        f"cat > {APP_CONFIG_PATH} <<'JSON'\n"
        f"{json.dumps(config, indent=2)}\n"
        "JSON\n"
        "systemctl enable --now community-app\n"
    )


def put_user_data(aws, instance: str, script: str) -> None:
    """User data changes only while the instance is stopped: stop, change, start."""
    ec2 = aws.client("ec2")
    ec2.stop_instances(InstanceIds=[instance])
    ec2.modify_instance_attribute(InstanceId=instance, UserData={"Value": script.encode()})
    ec2.start_instances(InstanceIds=[instance])


def create_app_user(aws) -> tuple[str, str | None]:
    """The IAM user the colleague made for the app, with one access key (150 days old, used by the
    app all day): (user name, access key id). Idempotent: an existing user keeps its keys."""
    iam = aws.client("iam")
    if not _ensure_user(iam, APP_USER):
        keys = iam.list_access_keys(UserName=APP_USER)["AccessKeyMetadata"]
        return APP_USER, keys[0]["AccessKeyId"] if keys else None
    key = iam.create_access_key(UserName=APP_USER)["AccessKey"]
    aws.history.user(APP_USER, created_days_ago=APP_KEY_AGE_DAYS)
    aws.history.key(key["AccessKeyId"], created_days_ago=APP_KEY_AGE_DAYS, used_days_ago=0.05, service="s3")
    aws.__dict__.setdefault("_company_ids", {})["app key secret"] = key["SecretAccessKey"]
    return APP_USER, key["AccessKeyId"]


def image_key_arn(aws) -> str | None:
    key_id = find_key_id(aws, IMAGE_KEY_ALIAS)
    if key_id is None:
        return None
    from labs.cloudtrail.recorder import unrecorded

    with unrecorded():
        return aws.client("kms").describe_key(KeyId=key_id)["KeyMetadata"]["Arn"]


def app_policy_document(aws) -> dict:
    """What the app really does, as a policy: its images under uploads/ (write, read, delete, list),
    and the image bucket's KMS key, which S3 uses on the app's behalf (SSE-KMS, chapter 08)."""
    return {"Version": "2012-10-17", "Statement": _app_statements(aws)}


def _app_statements(aws) -> list[dict]:
    bucket = image_bucket_name(aws.account_id)
    statements = [
        {"Sid": "AppImages", "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
         "Resource": f"arn:aws:s3:::{bucket}/{UPLOADS_PREFIX}*"},
        {"Sid": "ListUploads", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}"},
    ]
    key = image_key_arn(aws)
    if key:
        statements.append({"Sid": "ImageKey", "Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                           "Resource": key})
    return statements


def _ensure_policy(iam, aws, name: str, document: dict, description: str) -> str:
    from botocore.exceptions import ClientError

    arn = f"arn:aws:iam::{aws.account_id}:policy/{name}"
    try:
        iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(document), Description=description)
    except ClientError as error:
        if error.response["Error"]["Code"] != "EntityAlreadyExists":
            raise
    return arn


def create_app_role(aws) -> str:
    """Architecture v1.0's app role: trusted by EC2, AmazonSSMManagedInstanceCore for the SSM agent,
    the app's least-privilege policy, that same policy as its permissions boundary plus the agent's
    actions, and an instance profile that replaces the SSM-only one on the app server."""
    iam, ec2 = aws.client("iam"), aws.client("ec2")
    instance = create_app_server(aws)
    try:
        iam.get_role(RoleName=APP_ROLE)
    except iam.exceptions.NoSuchEntityException:
        iam.create_role(RoleName=APP_ROLE, AssumeRolePolicyDocument=json.dumps(EC2_TRUST_POLICY),
                        Description="The community app's servers: its images, and the SSM agent")
        policy = _ensure_policy(iam, aws, APP_POLICY, app_policy_document(aws), "What the app calls, from CloudTrail")
        boundary = _ensure_policy(iam, aws, APP_BOUNDARY, app_boundary_document(aws),
                                  "The most the app's role may ever do")
        iam.attach_role_policy(RoleName=APP_ROLE, PolicyArn=SSM_MANAGED_POLICY)
        iam.attach_role_policy(RoleName=APP_ROLE, PolicyArn=policy)
        iam.put_role_permissions_boundary(RoleName=APP_ROLE, PermissionsBoundary=boundary)
        iam.create_instance_profile(InstanceProfileName=APP_ROLE)
        iam.add_role_to_instance_profile(InstanceProfileName=APP_ROLE, RoleName=APP_ROLE)
    associations = [a for a in ec2.describe_iam_instance_profile_associations(
        Filters=[{"Name": "instance-id", "Values": [instance]}])["IamInstanceProfileAssociations"]
        if a.get("State") in ("associating", "associated")]
    profile = {"Name": APP_ROLE}
    if not associations:
        ec2.associate_iam_instance_profile(InstanceId=instance, IamInstanceProfile=profile)
    elif not associations[0]["IamInstanceProfile"]["Arn"].endswith(f"/{APP_ROLE}"):
        ec2.replace_iam_instance_profile_association(AssociationId=associations[0]["AssociationId"],
                                                     IamInstanceProfile=profile)
    return APP_ROLE


SSM_AGENT_ACTIONS = ("ssm:UpdateInstanceInformation", "ssm:ListInstanceAssociations", "ssm:GetDocument",
                     "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                     "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
                     "ec2messages:GetMessages", "ec2messages:AcknowledgeMessage", "ec2messages:SendReply")
"""What the SSM agent calls to register and open sessions (AmazonSSMManagedInstanceCore grants more)."""


def app_boundary_document(aws) -> dict:
    """The guard rail: the app's own permissions and the SSM agent's, and nothing else, whatever
    policies are attached to the role later."""
    agent = {"Sid": "SsmAgent", "Effect": "Allow", "Action": ["ssm:*", "ssmmessages:*", "ec2messages:*"], "Resource": "*"}
    return {"Version": "2012-10-17", "Statement": _app_statements(aws) + [agent]}


def retire_app_user(aws) -> None:
    """The app's IAM user is no longer needed once the app runs on its role: keys, policies, user."""
    iam = aws.client("iam")
    try:
        keys = iam.list_access_keys(UserName=APP_USER)["AccessKeyMetadata"]
    except iam.exceptions.NoSuchEntityException:
        return
    for key in keys:
        iam.delete_access_key(UserName=APP_USER, AccessKeyId=key["AccessKeyId"])
    for policy in iam.list_attached_user_policies(UserName=APP_USER)["AttachedPolicies"]:
        iam.detach_user_policy(UserName=APP_USER, PolicyArn=policy["PolicyArn"])
    for name in iam.list_user_policies(UserName=APP_USER)["PolicyNames"]:
        iam.delete_user_policy(UserName=APP_USER, PolicyName=name)
    iam.delete_user(UserName=APP_USER)


def create_s3_gateway_endpoint(aws) -> str:
    """A gateway VPC endpoint for S3 on the private route table: the app server, which has no way
    to the internet, reaches S3 through it (gateway endpoints cost nothing)."""
    ec2, vpc = aws.client("ec2"), create_network(aws)
    existing = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                   {"Name": "service-name", "Values": [f"com.amazonaws.{aws.region}.s3"]}])
    if existing["VpcEndpoints"]:
        return existing["VpcEndpoints"][0]["VpcEndpointId"]
    tables = ec2.describe_route_tables(Filters=_name_filter("community-app-private"))["RouteTables"]
    return ec2.create_vpc_endpoint(
        VpcId=vpc, VpcEndpointType="Gateway", ServiceName=f"com.amazonaws.{aws.region}.s3",
        RouteTableIds=[t["RouteTableId"] for t in tables], TagSpecifications=_tags("community-app-s3", "vpc-endpoint"),
    )["VpcEndpoint"]["VpcEndpointId"]


def retire_bastion_host(aws) -> None:
    """Chapter 06 ends with the bastion host terminated (Session Manager replaced it): its wrap-up,
    applied when a later chapter starts from chapter 06's world."""
    instance = instance_id(aws, BASTION_INSTANCE)
    if instance:
        aws.client("ec2").terminate_instances(InstanceIds=[instance])
        aws.__dict__.setdefault("_company_ids", {})[("instance", BASTION_INSTANCE)] = None


def log_image_data_events(aws) -> None:
    """The trail records the image bucket's object-level calls (S3 data events), which is what shows
    what the app does with the images; management events stay on."""
    from labs.cloudtrail.recorder import unrecorded

    with unrecorded():
        trails = aws.client("cloudtrail").describe_trails(trailNameList=[TRAIL_NAME]).get("trailList", [])
    if not trails:
        return
    bucket = image_bucket_name(aws.account_id)
    aws.client("cloudtrail").put_event_selectors(TrailName=TRAIL_NAME, EventSelectors=[{
        "ReadWriteType": "All", "IncludeManagementEvents": True,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": [f"arn:aws:s3:::{bucket}/"]}],
    }])


# --- Who else the account lets in (chapter 09's external access) --------------------------------------

MONITORING_ROLE = "community-app-monitoring"
MONITORING_VENDOR_ACCOUNT = "999988887777"
"""The monitoring service the company pays for: it reads the app server's metrics through a role."""
MONITORING_EXTERNAL_ID = "community-app-3f9c2a"
AGENCY_ACCOUNT = "111122223333"
"""The design agency that built the app's front end; its contract ended last month."""
PROTOTYPE_ACCOUNT = "444455556666"
"""Minho's personal AWS account, where the prototype ran before the company had one."""
BACKUP_KEY_ALIAS = "alias/community-app-backups"
APP_DISK_SNAPSHOT = "community-app-web-1 disk, before the move"


def create_monitoring_role(aws) -> str:
    """The monitoring vendor's role: its account may assume it with the external id the vendor was
    given, and read metrics. The company agreed to this one. Idempotent."""
    iam = aws.client("iam")
    trust = {"Version": "2012-10-17", "Statement": [{
        "Sid": "MonitoringVendor", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{MONITORING_VENDOR_ACCOUNT}:root"},
        "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": MONITORING_EXTERNAL_ID}}}]}
    try:
        iam.get_role(RoleName=MONITORING_ROLE)
    except iam.exceptions.NoSuchEntityException:
        iam.create_role(RoleName=MONITORING_ROLE, AssumeRolePolicyDocument=json.dumps(trust),
                        Description="The monitoring vendor reads the app's metrics")
        iam.put_role_policy(RoleName=MONITORING_ROLE, PolicyName="read-metrics", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
                "cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "ec2:DescribeInstances"]}]}))
    return MONITORING_ROLE


def agency_statement(bucket: str) -> dict:
    return {"Sid": "AgencyReadsUploads", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{AGENCY_ACCOUNT}:root"},
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/{UPLOADS_PREFIX}*"]}


def backup_key_policy(account_id: str) -> dict:
    """The key policy of the colleague's backup key: the account administers it, and Minho's
    prototype account may still decrypt with it."""
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "PrototypeAccountRestores", "Effect": "Allow",
         "Principal": {"AWS": f"arn:aws:iam::{PROTOTYPE_ACCOUNT}:root"},
         "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant"], "Resource": "*"},
    ]}


def create_backup_key(aws) -> str:
    """A customer managed key for backups (idempotent); its policy as `backup_key_policy`."""
    existing = find_key_id(aws, BACKUP_KEY_ALIAS)
    if existing:
        return existing
    kms = aws.client("kms")
    key = kms.create_key(Description="Backups of the community app",
                         Policy=json.dumps(backup_key_policy(aws.account_id)))["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName=BACKUP_KEY_ALIAS, TargetKeyId=key)
    kms.enable_key_rotation(KeyId=key)  # chapter 03's rule for every customer managed key
    return key


def app_disk_snapshot(aws) -> str | None:
    from labs.cloudtrail.recorder import unrecorded

    with unrecorded():
        snapshots = aws.client("ec2").describe_snapshots(OwnerIds=["self"], Filters=[
            {"Name": "description", "Values": [APP_DISK_SNAPSHOT]}])["Snapshots"]
    return snapshots[0]["SnapshotId"] if snapshots else None


def create_app_disk_snapshot(aws) -> str:
    """A snapshot of the app server's disk, taken before the move (idempotent)."""
    existing = app_disk_snapshot(aws)
    if existing:
        return existing
    ec2 = aws.client("ec2")
    instance = create_app_server(aws)
    volumes = ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [instance]}])["Volumes"]
    volume = volumes[0]["VolumeId"] if volumes else ec2.create_volume(
        Size=8, AvailabilityZone=f"{aws.region}a")["VolumeId"]
    return ec2.create_snapshot(VolumeId=volume, Description=APP_DISK_SNAPSHOT)["SnapshotId"]


# --- The database (chapter 07, the talk's architecture v0.4) -------------------------------------
#
# The on-premises MariaDB moves to RDS: one MariaDB instance in the private subnets, reachable on
# 3306 from the app servers' security group only, storage encrypted with the company's own KMS key,
# the master password managed by RDS in Secrets Manager, the audit plugin on and every log exported
# to CloudWatch Logs, seven days of backups, deletion protection. The app finds it through its
# configuration in Parameter Store (APP_CONFIG_*): the endpoint, and the secret to read the
# password from at run time. (moto knows the audit plugin's options for MariaDB 10.6 at most, so
# the lab runs 10.6; on AWS choose a current version, 10.11 or 11.4: the option is the same.)

DB_INSTANCE = "community-app-db"
DB_SUBNET_GROUP = "community-app-db-private"
DB_SECURITY_GROUP = "community-app-db"
DB_OPTION_GROUP = "community-app-mariadb-audit"
DB_KEY_ALIAS = "alias/community-app-db"
DB_ENGINE = "mariadb"
DB_ENGINE_VERSION = "10.6.14"
DB_MAJOR_VERSION = "10.6"
DB_PORT = 3306
DB_CLASS = "db.t3.micro"
DB_NAME = "community"
DB_MASTER_USER = "community_dba"
DB_BACKUP_DAYS = 7
DB_LOG_EXPORTS = ("audit", "error", "general", "slowquery")
DB_DEFAULT_OPTION_GROUP = "default:mariadb-10-6"
"""The option group RDS gives an instance nobody chose one for: no options at all."""
AUDIT_PLUGIN = "MARIADB_AUDIT_PLUGIN"
AUDIT_EVENTS = "CONNECT,QUERY"
"""SERVER_AUDIT_EVENTS as RDS sets it by default: connections and every query (the talk's log)."""
APP_CONFIG_PREFIX = "/community-app/db/"
"""The app's database settings in Parameter Store (not APP_CONFIG_PATH, the config file on the app server)."""
APP_CONFIG_HOST = APP_CONFIG_PREFIX + "host"
APP_CONFIG_SECRET = APP_CONFIG_PREFIX + "secret"
APP_CONFIG_PASSWORD = APP_CONFIG_PREFIX + "password"
"""Where a colleague typed the master password into the app's configuration (chapter 07's mistake)."""


def _rds_exists(call, missing_codes) -> dict | None:
    from botocore.exceptions import ClientError

    try:
        return call()
    except ClientError as error:
        if error.response["Error"]["Code"] in missing_codes:
            return None
        raise


def create_db_subnet_group(aws, name: str = DB_SUBNET_GROUP, public: bool = False) -> str:
    """A DB subnet group of the VPC's private subnets (both Availability Zones), or of its public
    ones when `public`. Idempotent."""
    rds = aws.client("rds")
    found = _rds_exists(lambda: rds.describe_db_subnet_groups(DBSubnetGroupName=name),
                        ("DBSubnetGroupNotFoundFault", "DBSubnetGroupNotFound"))
    if found is None:
        create_network(aws)
        rds.create_db_subnet_group(
            DBSubnetGroupName=name, SubnetIds=subnet_ids(aws, public=public),
            DBSubnetGroupDescription=f"The community app's database: {'public' if public else 'private'} subnets")
    return name


def create_db_security_group(aws) -> str:
    """The database's security group: MariaDB (TCP 3306) from the app servers' group only. Idempotent."""
    existing = security_group_id(aws, DB_SECURITY_GROUP)
    if existing:
        return existing
    create_network(aws)
    ec2 = aws.client("ec2")
    group = ec2.create_security_group(
        GroupName=DB_SECURITY_GROUP, Description="The app's database: MariaDB from the app servers only",
        VpcId=vpc_id(aws), TagSpecifications=_tags(DB_SECURITY_GROUP, "security-group"))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": DB_PORT, "ToPort": DB_PORT,
        "UserIdGroupPairs": [{"GroupId": security_group_id(aws, APP_SECURITY_GROUP), "Description": "app servers"}]}])
    aws.__dict__.setdefault("_company_ids", {})[("group", DB_SECURITY_GROUP)] = group
    return group


def create_db_key(aws) -> str:
    """The customer managed key the database's storage and snapshots are encrypted with, rotating
    yearly (chapter 03's rule for every customer managed key). Idempotent."""
    existing = find_key_id(aws, DB_KEY_ALIAS)
    if existing:
        return existing
    kms = aws.client("kms")
    key = kms.create_key(Description="The community app's database (RDS storage and snapshots)")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=key)
    kms.create_alias(AliasName=DB_KEY_ALIAS, TargetKeyId=key)
    return key


def create_db_option_group(aws) -> str:
    """An option group for MariaDB with the audit plugin (the talk's "Audit log 활성화"). Idempotent."""
    rds = aws.client("rds")
    found = _rds_exists(lambda: rds.describe_option_groups(OptionGroupName=DB_OPTION_GROUP),
                        ("OptionGroupNotFoundFault", "OptionGroupNotFound"))
    if found is None:
        rds.create_option_group(OptionGroupName=DB_OPTION_GROUP, EngineName=DB_ENGINE,
                                MajorEngineVersion=DB_MAJOR_VERSION,
                                OptionGroupDescription="MariaDB with the audit plugin")
        rds.modify_option_group(OptionGroupName=DB_OPTION_GROUP, ApplyImmediately=True, OptionsToInclude=[{
            "OptionName": AUDIT_PLUGIN, "OptionSettings": [{"Name": "SERVER_AUDIT_EVENTS", "Value": AUDIT_EVENTS}]}])
    return DB_OPTION_GROUP


def db_instance(aws, identifier: str = DB_INSTANCE) -> dict | None:
    """The DB instance as DescribeDBInstances returns it, or None."""
    rds = aws.client("rds")
    found = _rds_exists(lambda: rds.describe_db_instances(DBInstanceIdentifier=identifier),
                        ("DBInstanceNotFound", "DBInstanceNotFoundFault"))
    return found["DBInstances"][0] if found else None


def database_settings(aws) -> dict:
    """CreateDBInstance's parameters for the company's database, done right."""
    return {
        "DBInstanceIdentifier": DB_INSTANCE, "Engine": DB_ENGINE, "EngineVersion": DB_ENGINE_VERSION,
        "DBInstanceClass": DB_CLASS, "AllocatedStorage": 20, "StorageType": "gp3", "DBName": DB_NAME,
        "MasterUsername": DB_MASTER_USER, "ManageMasterUserPassword": True,
        "StorageEncrypted": True, "KmsKeyId": create_db_key(aws),
        "DBSubnetGroupName": create_db_subnet_group(aws), "PubliclyAccessible": False,
        "VpcSecurityGroupIds": [create_db_security_group(aws)], "Port": DB_PORT,
        "OptionGroupName": create_db_option_group(aws), "EnableCloudwatchLogsExports": list(DB_LOG_EXPORTS),
        "BackupRetentionPeriod": DB_BACKUP_DAYS, "DeletionProtection": True, "CopyTagsToSnapshot": True,
        "AutoMinorVersionUpgrade": True, "Tags": [{"Key": "Name", "Value": DB_INSTANCE}],
    }


def write_app_config(aws, instance: dict, password: str | None = None) -> None:
    """Point the app's configuration at an instance: its endpoint, and its managed secret (or, when
    `password` is given, that password typed in as plain text, as the colleague did)."""
    ssm = aws.client("ssm")
    ssm.put_parameter(Name=APP_CONFIG_HOST, Value=instance["Endpoint"]["Address"], Type="String", Overwrite=True)
    secret = (instance.get("MasterUserSecret") or {}).get("SecretArn")
    if secret:
        ssm.put_parameter(Name=APP_CONFIG_SECRET, Value=secret, Type="String", Overwrite=True)
    if password is not None:
        ssm.put_parameter(Name=APP_CONFIG_PASSWORD, Value=password, Type="String", Overwrite=True)


DB_PUBLIC_SUBNET_GROUP = "community-app-db-public"
AS_THE_COLLEAGUE_CREATED_IT = {"MasterUsername": "admin", "StorageEncrypted": False,
                               "DBSubnetGroupName": DB_PUBLIC_SUBNET_GROUP, "PubliclyAccessible": True}
"""The choices made once, when the database was created, that RDS never lets change in place (chapter
07's scenarios rds_db_master_user_admin, rds_db_storage_not_encrypted and rds_db_instance_public are
about them; their fixes make a new instance)."""


def create_database(aws, as_the_colleague_did: bool = True) -> str:
    """The company's MariaDB on RDS and the app's configuration pointing at it. Every setting that can
    change later is right (the scenarios break them); the creation-time choices are the colleague's
    (AS_THE_COLLEAGUE_CREATED_IT), unless `as_the_colleague_did` is False. Idempotent (the lab remembers
    that it exists: scenarios that replace it keep its identifier)."""

    def look_up():
        if db_instance(aws) is None:
            settings = database_settings(aws)
            if as_the_colleague_did:
                create_db_subnet_group(aws, DB_PUBLIC_SUBNET_GROUP, public=True)
                settings.update(AS_THE_COLLEAGUE_CREATED_IT)
                settings.pop("KmsKeyId")
            instance = aws.client("rds").create_db_instance(**settings)["DBInstance"]
            write_app_config(aws, instance)
        return DB_INSTANCE

    return _remembered(aws, "database", look_up)


def app_database(aws) -> str:
    """The id of the instance the app's configuration points at (DB_INSTANCE when it names none)."""
    from botocore.exceptions import ClientError

    try:
        host = aws.client("ssm").get_parameter(Name=APP_CONFIG_HOST)["Parameter"]["Value"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "ParameterNotFound":
            raise
        return DB_INSTANCE
    for page in aws.client("rds").get_paginator("describe_db_instances").paginate():
        for instance in page["DBInstances"]:
            if (instance.get("Endpoint") or {}).get("Address") == host:
                return instance["DBInstanceIdentifier"]
    return DB_INSTANCE


def _settings_of(instance: dict) -> dict:
    """CreateDBInstance's parameters that give a new instance the same settings as this one."""
    settings = {
        "DBInstanceIdentifier": instance["DBInstanceIdentifier"], "Engine": instance["Engine"],
        "EngineVersion": instance["EngineVersion"], "DBInstanceClass": instance["DBInstanceClass"],
        "AllocatedStorage": instance["AllocatedStorage"], "MasterUsername": instance["MasterUsername"],
        "DBSubnetGroupName": instance["DBSubnetGroup"]["DBSubnetGroupName"],
        "PubliclyAccessible": bool(instance.get("PubliclyAccessible")),
        "VpcSecurityGroupIds": [g["VpcSecurityGroupId"] for g in instance.get("VpcSecurityGroups", [])],
        "BackupRetentionPeriod": instance.get("BackupRetentionPeriod", 0),
        "DeletionProtection": bool(instance.get("DeletionProtection")),
        "EnableCloudwatchLogsExports": list(instance.get("EnabledCloudwatchLogsExports") or []),
        "StorageEncrypted": bool(instance.get("StorageEncrypted")),
        "Port": (instance.get("Endpoint") or {}).get("Port", DB_PORT),
    }
    groups = [m["OptionGroupName"] for m in instance.get("OptionGroupMemberships", [])
              if not m["OptionGroupName"].startswith("default:")]
    if groups:
        settings["OptionGroupName"] = groups[0]
    if instance.get("StorageEncrypted") and instance.get("KmsKeyId"):
        settings["KmsKeyId"] = instance["KmsKeyId"]
    if instance.get("MasterUserSecret"):
        settings["ManageMasterUserPassword"] = True
    else:
        settings["MasterUserPassword"] = "Typed-by-hand-2025"
    return settings


def replace_database(aws, **changes) -> dict:
    """Delete the company's database and create it again with the same identifier and settings but
    `changes` (what a creation-time setting, such as the master user's name, takes), keeping the app's
    configuration pointed at it. For scenarios: on AWS the data would be copied over (mysqldump)."""
    create_database(aws)
    rds = aws.client("rds")
    current = db_instance(aws)
    settings = {**_settings_of(current), **changes}
    if not settings.get("StorageEncrypted"):
        settings.pop("KmsKeyId", None)
    if settings.get("ManageMasterUserPassword"):
        settings.pop("MasterUserPassword", None)
    if current.get("DeletionProtection"):
        rds.modify_db_instance(DBInstanceIdentifier=DB_INSTANCE, DeletionProtection=False, ApplyImmediately=True)
    rds.delete_db_instance(DBInstanceIdentifier=DB_INSTANCE, SkipFinalSnapshot=True)
    instance = rds.create_db_instance(**settings)["DBInstance"]
    write_app_config(aws, instance)
    return instance


def snapshot_database(aws, snapshot_id: str, encrypt_with: str | None = None) -> str:
    """A manual snapshot of the company's database; with `encrypt_with` (a KMS key), an encrypted copy
    of it, the unencrypted one deleted. Returns the id of the snapshot to restore."""
    rds = aws.client("rds")
    rds.create_db_snapshot(DBInstanceIdentifier=DB_INSTANCE, DBSnapshotIdentifier=snapshot_id)
    if encrypt_with is None:
        return snapshot_id
    rds.copy_db_snapshot(SourceDBSnapshotIdentifier=snapshot_id, TargetDBSnapshotIdentifier=f"{snapshot_id}-encrypted",
                         KmsKeyId=encrypt_with)
    rds.delete_db_snapshot(DBSnapshotIdentifier=snapshot_id)
    return f"{snapshot_id}-encrypted"


def restore_database(aws, snapshot_id: str, **overrides) -> dict:
    """Replace the company's database by a restore of `snapshot_id` under the same identifier, with
    the old instance's settings (network, option group, logs, backups, deletion protection, the
    password managed again when it was) but `overrides`; the snapshot is deleted afterwards and the
    app's configuration follows."""
    rds = aws.client("rds")
    current = db_instance(aws)
    settings = _settings_of(current)
    restore = {
        "DBInstanceIdentifier": DB_INSTANCE, "DBSnapshotIdentifier": snapshot_id,
        "DBSubnetGroupName": settings["DBSubnetGroupName"], "PubliclyAccessible": settings["PubliclyAccessible"],
        "VpcSecurityGroupIds": settings["VpcSecurityGroupIds"], "DeletionProtection": settings["DeletionProtection"],
    }
    if settings.get("OptionGroupName"):
        restore["OptionGroupName"] = settings["OptionGroupName"]
    if settings["EnableCloudwatchLogsExports"]:
        restore["EnableCloudwatchLogsExports"] = settings["EnableCloudwatchLogsExports"]
    if settings["BackupRetentionPeriod"]:
        restore["BackupRetentionPeriod"] = settings["BackupRetentionPeriod"]
    restore.update(overrides)
    if current.get("DeletionProtection"):
        rds.modify_db_instance(DBInstanceIdentifier=DB_INSTANCE, DeletionProtection=False, ApplyImmediately=True)
    rds.delete_db_instance(DBInstanceIdentifier=DB_INSTANCE, SkipFinalSnapshot=True)
    instance = rds.restore_db_instance_from_db_snapshot(**restore)["DBInstance"]
    if settings.get("ManageMasterUserPassword"):
        # A restore brings back the snapshot's password, self-managed: hand it to Secrets Manager again.
        instance = rds.modify_db_instance(DBInstanceIdentifier=DB_INSTANCE, ManageMasterUserPassword=True,
                                          ApplyImmediately=True)["DBInstance"]
    rds.delete_db_snapshot(DBSnapshotIdentifier=snapshot_id)
    write_app_config(aws, instance)
    return instance
