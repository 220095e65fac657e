"""Chapter 06's mutation table (see conftest.py)."""

import itertools
import json

import boto3
import pandas as pd
import pytest
import yaml

from labs import company
from labs.scenarios.ec2_launch_wizard_group_open_to_internet import OPEN_RULES
from tests.graders.conftest import Case, assert_verdict, ids

LAUNCH_WIZARD = "launch-wizard-1"
POLICY_NUMBERS = itertools.count(1)
ANSWER_ONLY = {"6.9"}
"""Exercises graded on the answer alone, whatever the account holds (a table): one started chapter serves
all their cases; every other case starts the chapter afresh."""


def ec2():
    return boto3.client("ec2")


def group(lab, name):
    return company.security_group_id(lab, name)


def app_group(lab):
    return group(lab, company.APP_SECURITY_GROUP)


def bastion_group(lab):
    return group(lab, company.BASTION_SECURITY_GROUP)


def ingress_rule_ids(group_id):
    rules = ec2().describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group_id]}])
    return [r["SecurityGroupRuleId"] for r in rules["SecurityGroupRules"] if not r["IsEgress"]]


def tcp(port, *, cidrs=(), cidrs6=(), groups=(), protocol="tcp", to_port=None):
    permission = {"IpProtocol": protocol, "FromPort": port, "ToPort": port if to_port is None else to_port}
    if cidrs:
        permission["IpRanges"] = [{"CidrIp": c} for c in cidrs]
    if cidrs6:
        permission["Ipv6Ranges"] = [{"CidrIpv6": c} for c in cidrs6]
    if groups:
        permission["UserIdGroupPairs"] = [{"GroupId": g} for g in groups]
    return permission


# 6.1 ----------------------------------------------------------------------------------------------

def close_6_1(lab):
    ec2().revoke_security_group_ingress(GroupId=group(lab, LAUNCH_WIZARD), IpPermissions=OPEN_RULES)


def delete_launch_wizard(lab):
    client, bastion = ec2(), company.instance_id(lab, company.BASTION_INSTANCE)
    client.modify_instance_attribute(InstanceId=bastion, Groups=[bastion_group(lab)])
    client.delete_security_group(GroupId=group(lab, LAUNCH_WIZARD))


def revoke_by_rule_ids(lab):
    wizard = group(lab, LAUNCH_WIZARD)
    ec2().revoke_security_group_ingress(GroupId=wizard, SecurityGroupRuleIds=ingress_rule_ids(wizard))


def office_only(lab):
    close_6_1(lab)
    ec2().authorize_security_group_ingress(GroupId=group(lab, LAUNCH_WIZARD), IpPermissions=[
        tcp(port, cidrs=[company.OFFICE_CIDR]) for port in (22, 3389)])


def open_with(cidrs=(), cidrs6=(), ports=(22, 3389), target=LAUNCH_WIZARD):
    def apply(lab):
        close_6_1(lab)
        ec2().authorize_security_group_ingress(GroupId=group(lab, target), IpPermissions=[
            tcp(port, cidrs=cidrs, cidrs6=cidrs6) for port in ports])
    return apply


def only_ipv4_revoked(lab):
    ec2().revoke_security_group_ingress(GroupId=group(lab, LAUNCH_WIZARD), IpPermissions=[
        tcp(port, cidrs=["0.0.0.0/0"]) for port in (22, 3389)])


def only_ssh_revoked(lab):
    ec2().revoke_security_group_ingress(GroupId=group(lab, LAUNCH_WIZARD), IpPermissions=[OPEN_RULES[0]])


def detached_only(lab):
    ec2().modify_instance_attribute(InstanceId=company.instance_id(lab, company.BASTION_INSTANCE),
                                    Groups=[bastion_group(lab)])


def moved_to_the_bastion_group(lab):
    delete_launch_wizard(lab)
    ec2().authorize_security_group_ingress(GroupId=bastion_group(lab), IpPermissions=[
        tcp(22, cidrs=["0.0.0.0/0"])])


CASES_6_1 = [
    Case("6.1", "the worked answer", close_6_1, True, "No security group lets the internet reach SSH"),
    Case("6.1", "launch-wizard-1 detached and deleted", delete_launch_wizard, True, "Remote Desktop"),
    Case("6.1", "the four rules revoked by their rule ids", revoke_by_rule_ids, True),
    Case("6.1", "the office's address instead of anywhere", office_only, True),
    Case("6.1", "two halves of the address space, IPv4 and IPv6", open_with(
        ["0.0.0.0/1", "128.0.0.0/1"], ["::/1", "8000::/1"]), False, "0.0.0.0/1, 128.0.0.0/1"),
    Case("6.1", "only the IPv4 rules revoked", only_ipv4_revoked, False, "::/0"),
    Case("6.1", "only SSH revoked", only_ssh_revoked, False, "RDP (TCP 3389)"),
    Case("6.1", "launch-wizard-1 detached, its rules left", detached_only, False, LAUNCH_WIZARD),
    Case("6.1", "the group deleted, SSH reopened on the bastion's own", moved_to_the_bastion_group, False,
         company.BASTION_SECURITY_GROUP),
]


# 6.2 (6.1 done as the worked answer does it) ---------------------------------------------------------

def from_bastion(**changes):
    def apply(lab):
        close_6_1(lab)
        permission = {**tcp(22, groups=[bastion_group(lab)]), **changes}
        ec2().authorize_security_group_ingress(GroupId=app_group(lab), IpPermissions=[permission])
        return app_group(lab)
    return apply


def with_named_pair(lab):
    close_6_1(lab)
    ec2().authorize_security_group_ingress(GroupId=app_group(lab), IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [
            {"GroupId": bastion_group(lab), "UserId": lab.account_id, "Description": "SSH from the bastion host only"}]}])
    return company.APP_SECURITY_GROUP


def after_deleting_the_wizard(lab):
    delete_launch_wizard(lab)
    ec2().authorize_security_group_ingress(GroupId=app_group(lab), IpPermissions=[tcp(22, groups=[bastion_group(lab)])])
    return app_group(lab)


def and_also(target, permission):
    def apply(lab):
        answer = from_bastion()(lab)
        ec2().authorize_security_group_ingress(GroupId=group(lab, target), IpPermissions=[permission])
        return answer
    return apply


def from_address(cidr):
    def apply(lab):
        close_6_1(lab)
        ec2().authorize_security_group_ingress(GroupId=app_group(lab), IpPermissions=[tcp(22, cidrs=[cidr])])
        return app_group(lab)
    return apply


def reversed_rule(lab):
    close_6_1(lab)
    ec2().authorize_security_group_ingress(GroupId=bastion_group(lab), IpPermissions=[tcp(22, groups=[app_group(lab)])])
    return app_group(lab)


def wizard_left_open(lab):
    ec2().authorize_security_group_ingress(GroupId=app_group(lab), IpPermissions=[tcp(22, groups=[bastion_group(lab)])])
    return app_group(lab)


def office_revoked(lab):
    answer = from_bastion()(lab)
    ec2().revoke_security_group_ingress(GroupId=bastion_group(lab), IpPermissions=[tcp(22, cidrs=[company.OFFICE_CIDR])])
    return answer


def bastion_id_passed(lab):
    from_bastion()(lab)
    return bastion_group(lab)


CASES_6_2 = [
    Case("6.2", "the worked answer", from_bastion(), True, "only through the bastion", answers=True),
    Case("6.2", "protocol written as 6", from_bastion(IpProtocol="6"), True, answers=True),
    Case("6.2", "the pair with its account and the group's name as the answer", with_named_pair, True, answers=True),
    Case("6.2", "after 6.1 deleted launch-wizard-1", after_deleting_the_wizard, True, answers=True),
    Case("6.2", "the bastion's SSH also from 0.0.0.0/1", and_also(company.BASTION_SECURITY_GROUP, tcp(
        22, cidrs=["0.0.0.0/1"])), False, "0.0.0.0/1", answers=True),
    Case("6.2", "all protocols from the bastion's group", from_bastion(IpProtocol="-1", FromPort=-1, ToPort=-1),
         False, "all traffic", answers=True),
    Case("6.2", "every TCP port from the bastion's group", from_bastion(FromPort=0, ToPort=65535), False,
         "TCP all ports", answers=True),
    Case("6.2", "the bastion's public subnet instead of its group", from_address("10.0.0.0/24"), False, "10.0.0.0/24",
         answers=True),
    Case("6.2", "the rule added to the bastion's group instead", reversed_rule, False, "does not admit SSH",
         answers=True),
    Case("6.2", "launch-wizard-1 still open on the bastion", wizard_left_open, False, LAUNCH_WIZARD, answers=True),
    Case("6.2", "the office's rule revoked too", office_revoked, False, "Nothing may SSH to the bastion", answers=True),
    Case("6.2", "the bastion's group passed", bastion_id_passed, False, "Pass the app servers'", answers=True),
]


# 6.3 ----------------------------------------------------------------------------------------------

def instance_arn(lab, instance_id):
    return f"arn:aws:ec2:{lab.region}:{lab.account_id}:instance/{instance_id}"


def key_push(lab, **changes):
    statement = {"Effect": "Allow", "Action": "ec2-instance-connect:SendSSHPublicKey",
                 "Resource": instance_arn(lab, company.instance_id(lab)),
                 "Condition": {"StringEquals": {"ec2:osuser": "ec2-user"}}}
    statement.update(changes)
    return {key: value for key, value in statement.items() if value is not None}


def policy(*make):
    def apply(lab):
        document = {"Version": "2012-10-17", "Statement": [m(lab) for m in make]}
        name = f"community-app-instance-connect-{next(POLICY_NUMBERS)}"
        return boto3.client("iam").create_policy(PolicyName=name, PolicyDocument=json.dumps(document))["Policy"]["Arn"]
    return apply


def deny_other_instances(lab):
    return {"Effect": "Deny", "Action": "ec2-instance-connect:SendSSHPublicKey",
            "NotResource": instance_arn(lab, company.instance_id(lab))}


CASES_6_3 = [
    Case("6.3", "the worked answer", policy(key_push), True, "as ec2-user only", answers=True),
    Case("6.3", "the condition key written ec2:OSUser", policy(lambda lab: key_push(
        lab, Condition={"StringEquals": {"ec2:OSUser": "ec2-user"}})), True, answers=True),
    Case("6.3", "lists and a lower-case action", policy(lambda lab: key_push(
        lab, Action=["ec2-instance-connect:sendsshpublickey"], Resource=[instance_arn(lab, company.instance_id(lab))],
        Condition={"StringEquals": {"ec2:osuser": ["ec2-user"]}})), True, answers=True),
    Case("6.3", "plus a Deny for every other instance", policy(key_push, deny_other_instances), True, answers=True),
    Case("6.3", "any OS user (StringLike *)", policy(lambda lab: key_push(
        lab, Condition={"StringLike": {"ec2:osuser": "*"}})), False, "root", answers=True),
    Case("6.3", "root only", policy(lambda lab: key_push(lab, Condition={"StringEquals": {"ec2:osuser": "root"}})),
         False, "as ec2-user", answers=True),
    Case("6.3", "no condition", policy(lambda lab: key_push(lab, Condition=None)), False, "root", answers=True),
    Case("6.3", "every instance (Resource *)", policy(lambda lab: key_push(lab, Resource="*")), False,
         "i-0123456789abcdef0", answers=True),
    Case("6.3", "every action on the app server", policy(lambda lab: key_push(lab, Action="*")), False,
         "ec2:TerminateInstances", answers=True),
    Case("6.3", "Deny instead of Allow", policy(lambda lab: key_push(lab, Effect="Deny")), False, "denies it",
         answers=True),
    Case("6.3", "an AWS managed policy's ARN", lambda lab: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
         False, "AWS managed policy", answers=True),
]


# 6.4 ----------------------------------------------------------------------------------------------

SSM_ROLE = "community-app-web-ssm"
EC2_TRUST = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
AGENT_POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
    "ssm:UpdateInstanceInformation", "ssm:ListInstanceAssociations", "ssm:GetDocument",
    "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel", "ec2messages:*"]}]}


def ssm_role(trust=None, managed=True, inline=None, profile_role=True, associate=True):
    def apply(lab):
        iam = boto3.client("iam")
        statement = {**EC2_TRUST, **(trust or {})}
        iam.create_role(RoleName=SSM_ROLE, AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [statement]}))
        if managed:
            iam.attach_role_policy(RoleName=SSM_ROLE, PolicyArn=company.SSM_MANAGED_POLICY)
        if inline:
            iam.put_role_policy(RoleName=SSM_ROLE, PolicyName="inline", PolicyDocument=json.dumps(inline))
        iam.create_instance_profile(InstanceProfileName=SSM_ROLE)
        if profile_role:
            iam.add_role_to_instance_profile(InstanceProfileName=SSM_ROLE, RoleName=SSM_ROLE)
        if associate:
            ec2().associate_iam_instance_profile(InstanceId=company.instance_id(lab), IamInstanceProfile={"Name": SSM_ROLE})
    return apply


ADMIN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}

CASES_6_4 = [
    Case("6.4", "the worked answer", ssm_role(), True, "EC2 can assume the role"),
    Case("6.4", "a one-element Service list", ssm_role(trust={"Principal": {"Service": ["ec2.amazonaws.com"]}}), True),
    Case("6.4", "the agent's actions written inline", ssm_role(managed=False, inline=AGENT_POLICY), True),
    Case("6.4", "a list of actions with a Sid", ssm_role(trust={"Sid": "EC2", "Action": ["sts:AssumeRole"]}), True),
    Case("6.4", "a role that trusts Lambda", ssm_role(trust={"Principal": {"Service": "lambda.amazonaws.com"}}),
         False, "EC2 cannot assume"),
    Case("6.4", "the account instead of EC2", ssm_role(trust={"Principal": {"AWS": "arn:aws:iam::123456789012:root"}}),
         False, "EC2 cannot assume"),
    Case("6.4", "AmazonSSMManagedInstanceCore never attached", ssm_role(managed=False), False,
         "AmazonSSMManagedInstanceCore"),
    Case("6.4", "an administrator's policy as well", ssm_role(inline=ADMIN), False, "iam:CreateUser"),
    Case("6.4", "a profile without its role", ssm_role(profile_role=False), False, "holds no role"),
    Case("6.4", "the profile never associated", ssm_role(associate=False), False, "has no IAM role"),
]


# 6.5 ----------------------------------------------------------------------------------------------

def endpoints(source=None, services=("ssm", "ssmmessages", "ec2messages"), private_dns=True, port=443,
              group_given=True, one_subnet=False):
    def apply(lab):
        client = ec2()
        vpc = company.vpc_id(lab)
        extra = {}
        if group_given:
            endpoint_group = client.create_security_group(
                GroupName="community-app-ssm-endpoints", Description="SSM endpoints", VpcId=vpc)["GroupId"]
            made = source(lab) if source else {"UserIdGroupPairs": [{"GroupId": app_group(lab)}]}
            client.authorize_security_group_ingress(GroupId=endpoint_group, IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **made}])
            extra["SecurityGroupIds"] = [endpoint_group]
        subnets = company.subnet_ids(lab, public=False)
        for service in services:
            client.create_vpc_endpoint(
                VpcId=vpc, VpcEndpointType="Interface", ServiceName=f"com.amazonaws.{lab.region}.{service}",
                SubnetIds=subnets[:1] if one_subnet else subnets, PrivateDnsEnabled=private_dns, **extra)
    return apply


def cidrs(*blocks):
    return lambda lab: {"IpRanges": [{"CidrIp": b} for b in blocks]}


CASES_6_5 = [
    Case("6.5", "the worked answer", endpoints(), True, "through interface endpoints"),
    Case("6.5", "HTTPS from the VPC's range", endpoints(source=cidrs(company.VPC_CIDR)), True),
    Case("6.5", "HTTPS from the private subnets' ranges", endpoints(source=cidrs("10.0.10.0/24", "10.0.11.0/24")), True),
    Case("6.5", "the endpoints in one private subnet", endpoints(one_subnet=True), True),
    Case("6.5", "no ec2messages endpoint", endpoints(services=("ssm", "ssmmessages")), False, "ec2messages"),
    Case("6.5", "private DNS off", endpoints(private_dns=False), False, "private DNS off"),
    Case("6.5", "HTTPS from the bastion's group", endpoints(
        source=lambda lab: {"UserIdGroupPairs": [{"GroupId": bastion_group(lab)}]}), False, "does not admit 443"),
    Case("6.5", "SSH instead of HTTPS", endpoints(port=22), False, "does not admit 443"),
    Case("6.5", "no security group: the default one", endpoints(group_given=False), False, "does not admit 443"),
    Case("6.5", "HTTPS from the public subnets' range", endpoints(source=cidrs("10.0.0.0/23")), False,
         "does not admit 443"),
]


# 6.6 ----------------------------------------------------------------------------------------------

def session_logs(bucket_encryption="key", create_bucket=True, log_key=True, cloudwatch_encryption=True,
                 yaml_document=False, disable_bucket_key=False):
    def apply(lab):
        kms, logs, s3, ssm = (boto3.client(n) for n in ("kms", "logs", "s3", "ssm"))
        key = kms.create_key(Description="Session Manager session logs")["KeyMetadata"]["Arn"]
        log_group, bucket = company.SESSION_LOG_GROUP, company.session_log_bucket_name(lab.account_id)
        logs.create_log_group(logGroupName=log_group, **({"kmsKeyId": key} if log_key else {}))
        if create_bucket:
            s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": lab.region})
        default = None
        if bucket_encryption == "key":
            default = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}
        elif bucket_encryption == "other key":
            other = kms.create_key(Description="Session log bucket")["KeyMetadata"]["KeyId"]
            if disable_bucket_key:
                kms.disable_key(KeyId=other)
            default = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": other}
        elif bucket_encryption == "alias":
            kms.create_alias(AliasName="alias/session-logs", TargetKeyId=key)
            default = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/session-logs"}
        elif bucket_encryption == "aws/s3":
            default = {"SSEAlgorithm": "aws:kms"}
        elif bucket_encryption == "AES256":
            default = {"SSEAlgorithm": "AES256"}
        if default and create_bucket:
            s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
                "ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": True}]})
        preferences = company.session_preferences(bucket, log_group, key)
        preferences["inputs"]["cloudWatchEncryptionEnabled"] = cloudwatch_encryption
        content, form = (yaml.safe_dump(preferences), "YAML") if yaml_document else (json.dumps(preferences), "JSON")
        ssm.create_document(Name="SSM-SessionManagerRunShell", DocumentType="Session", DocumentFormat=form,
                            Content=content)
    return apply


CASES_6_6 = [
    Case("6.6", "the worked answer", session_logs(), True, "encrypts with"),
    Case("6.6", "the preferences written in YAML", session_logs(yaml_document=True), True),
    Case("6.6", "the bucket's key named by its alias", session_logs(bucket_encryption="alias"), True),
    Case("6.6", "a customer managed key of its own for the bucket", session_logs(bucket_encryption="other key"), True),
    Case("6.6", "no default encryption on the bucket", session_logs(bucket_encryption=None), False,
         "does not encrypt with a KMS key"),
    Case("6.6", "SSE-S3 on the bucket", session_logs(bucket_encryption="AES256"), False, "AES256"),
    Case("6.6", "aws:kms without a key", session_logs(bucket_encryption="aws/s3"), False, "aws/s3"),
    Case("6.6", "the bucket's key disabled", session_logs(bucket_encryption="other key", disable_bucket_key=True),
         False, "not an enabled customer managed key"),
    Case("6.6", "the bucket never created", session_logs(create_bucket=False), False, "does not exist"),
    Case("6.6", "the log group without a key", session_logs(log_key=False), False, "not encrypted with KMS"),
    Case("6.6", "CloudWatch encryption not required", session_logs(cloudwatch_encryption=False), False,
         "not encrypted with KMS"),
]


# 6.7 ----------------------------------------------------------------------------------------------

def metadata(**options):
    def apply(lab):
        ec2().modify_instance_metadata_options(InstanceId=company.instance_id(lab), **options)
    return apply


CASES_6_7 = [
    Case("6.7", "the worked answer", metadata(HttpTokens="required", HttpEndpoint="enabled"), True, "hop limit 1"),
    Case("6.7", "the hop limit set to 1 explicitly", metadata(HttpTokens="required", HttpPutResponseHopLimit=1), True),
    Case("6.7", "only HttpTokens", metadata(HttpTokens="required"), True),
    Case("6.7", "tokens required, hop limit 64", metadata(HttpTokens="required", HttpPutResponseHopLimit=64), False,
         "hop limit is 64"),
    Case("6.7", "tokens required, hop limit 2", metadata(HttpTokens="required", HttpPutResponseHopLimit=2), False,
         "hop limit is 2"),
    Case("6.7", "the metadata service turned off", metadata(HttpEndpoint="disabled"), False,
         "metadata service is off"),
    Case("6.7", "tokens still optional", metadata(HttpTokens="optional", HttpPutResponseHopLimit=1), False, "IMDSv1"),
]


# 6.8 ----------------------------------------------------------------------------------------------

def default_groups(company_only=False):
    groups = ec2().describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]
    return groups


def empty_defaults(inbound=True, outbound=True, only_vpc=None):
    def apply(lab):
        client = ec2()
        for default in default_groups():
            if only_vpc and default["VpcId"] != only_vpc(lab):
                continue
            if inbound and default["IpPermissions"]:
                client.revoke_security_group_ingress(GroupId=default["GroupId"], IpPermissions=default["IpPermissions"])
            if outbound and default["IpPermissionsEgress"]:
                client.revoke_security_group_egress(GroupId=default["GroupId"],
                                                    IpPermissions=default["IpPermissionsEgress"])
    return apply


def revoke_defaults_by_rule_ids(lab):
    client = ec2()
    for default in default_groups():
        rules = client.describe_security_group_rules(
            Filters=[{"Name": "group-id", "Values": [default["GroupId"]]}])["SecurityGroupRules"]
        inbound = [r["SecurityGroupRuleId"] for r in rules if not r["IsEgress"]]
        outbound = [r["SecurityGroupRuleId"] for r in rules if r["IsEgress"]]
        if inbound:
            client.revoke_security_group_ingress(GroupId=default["GroupId"], SecurityGroupRuleIds=inbound)
        if outbound:
            client.revoke_security_group_egress(GroupId=default["GroupId"], SecurityGroupRuleIds=outbound)


def default_vpc(lab):
    return next(v["VpcId"] for v in ec2().describe_vpcs()["Vpcs"] if v["IsDefault"])


def delete_the_default_vpc(lab):
    client, vpc = ec2(), default_vpc(lab)
    empty_defaults(only_vpc=company.vpc_id)(lab)
    for subnet in client.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]:
        client.delete_subnet(SubnetId=subnet["SubnetId"])
    for gateway in client.describe_internet_gateways(
            Filters=[{"Name": "attachment.vpc-id", "Values": [vpc]}])["InternetGateways"]:
        client.detach_internet_gateway(InternetGatewayId=gateway["InternetGatewayId"], VpcId=vpc)
        client.delete_internet_gateway(InternetGatewayId=gateway["InternetGatewayId"])
    client.delete_vpc(VpcId=vpc)


def self_rule_to_vpc_range(lab):
    empty_defaults()(lab)
    default = next(g for g in default_groups() if g["VpcId"] == company.vpc_id(lab))
    ec2().authorize_security_group_ingress(GroupId=default["GroupId"], IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": company.VPC_CIDR}]}])


CASES_6_8 = [
    Case("6.8", "the worked answer", empty_defaults(), True, "allows no traffic"),
    Case("6.8", "revoked by their rule ids", revoke_defaults_by_rule_ids, True),
    Case("6.8", "the default VPC deleted, the company's group emptied", delete_the_default_vpc, True),
    Case("6.8", "only the company VPC's default group", empty_defaults(only_vpc=company.vpc_id), False,
         "default VPC AWS made"),
    Case("6.8", "only the default VPC's default group", empty_defaults(only_vpc=default_vpc), False,
         "Default security group"),
    Case("6.8", "inbound rules only", empty_defaults(outbound=False), False, "1 outbound"),
    Case("6.8", "the self rule replaced by the VPC's range", self_rule_to_vpc_range, False, "1 inbound"),
]


# 6.9 ----------------------------------------------------------------------------------------------

WAYS = ["SSH direct", "Bastion host", "EC2 Instance Connect", "Session Manager", "Third-party"]
ASPECTS = ["exposure", "key management", "audit trail", "cost"]
WAYS_KO = ["SSH 직접 접속", "베스천 호스트", "EC2 Instance Connect", "세션 관리자", "서드파티 솔루션"]
ASPECTS_KO = ["노출", "키 관리", "감사 기록", "비용"]
ENGLISH = [["port 22 open to the internet", "key pairs on laptops", "sshd logs", "free"],
           ["port 22 of one server", "keys for two hops", "bastion logs", "one small instance"],
           ["port 22 or an endpoint", "60-second keys", "CloudTrail key pushes", "free"],
           ["no inbound port", "no keys: IAM", "full session logs", "endpoints"],
           ["one gateway", "SSO, short certificates", "command recording", "licences"]]
KOREAN = [["22번 포트 전체 공개", "노트북 PC의 키 페어", "sshd 로그", "무료"],
          ["서버 하나의 22번 포트", "두 구간의 키", "베스천 로그", "작은 인스턴스"],
          ["22번 포트", "60초 키", "CloudTrail", "무료"],
          ["없음", "없음", "세션 로그 전체", "엔드포인트 요금"],
          ["게이트웨이", "SSO", "명령어 기록", "라이선스"]]


def table(cells=ENGLISH, index=WAYS, columns=ASPECTS):
    return lambda lab: pd.DataFrame(cells, index=index, columns=columns)


def only_session_manager(lab):
    frame = pd.DataFrame(index=WAYS, columns=ASPECTS)
    frame.loc["Session Manager"] = ENGLISH[3]
    return frame


CASES_6_9 = [
    Case("6.9", "the worked answer", table(), True, "All five ways in", answers=True),
    Case("6.9", "short Korean answers (무료, 없음)", table(KOREAN), True, answers=True),
    Case("6.9", "Korean row and column names", table(KOREAN, WAYS_KO, ASPECTS_KO), True, answers=True),
    Case("6.9", "transposed, capitalised columns", lambda lab: pd.DataFrame(
        ENGLISH, index=WAYS, columns=[a.title() for a in ASPECTS]).T, True, answers=True),
    Case("6.9", "only the Session Manager row", only_session_manager, False, "16 cells are still empty", answers=True),
    Case("6.9", "question marks everywhere", table([["?"] * 4] * 5), False, "20 cells are still empty", answers=True),
    Case("6.9", "the same word in every cell", table([["ok"] * 4] * 5), False, "same thing", answers=True),
    Case("6.9", "the cost column left out", table([row[:3] for row in ENGLISH], columns=ASPECTS[:3]), False,
         "missing: cost", answers=True),
    Case("6.9", "a dict instead of a DataFrame", lambda lab: dict(zip(WAYS, ENGLISH, strict=True)), False,
         "Pass the comparison table", answers=True),
]

CASES = CASES_6_1 + CASES_6_2 + CASES_6_3 + CASES_6_4 + CASES_6_5 + CASES_6_6 + CASES_6_7 + CASES_6_8 + CASES_6_9


@pytest.fixture
def started(fresh):
    # A lab per case: another test's labs.start would supersede a shared one (and the world is restored,
    # not rebuilt, so a start is cheap).
    return fresh("06-server-access")


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_chapter_06(fresh, request, case):
    lab = request.getfixturevalue("started") if case.exercise in ANSWER_ONLY else fresh("06-server-access")
    assert_verdict(lab, case)


def test_a_deleted_group_is_not_reported_as_missing(fresh):
    """Issue 11: 6.1 said "None no longer exists" once the learner had deleted launch-wizard-1."""
    lab = fresh("06-server-access")
    delete_launch_wizard(lab)
    grade = lab.grade("6.1")
    assert grade.done and "None" not in grade.message and "no longer exists" not in grade.message
