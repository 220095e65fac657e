"""The EC2 checks of chapter 06: PASS and FAIL against the emulator."""

import json

from labs import company
from labs.checks import (
    ec2_instance_imdsv2_enabled,
    ec2_instance_managed_by_ssm,
    ec2_instance_profile_attached,
    ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22 as port_22,
    ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389 as port_3389,
    ec2_securitygroup_default_restrict_traffic,
)
from tests.conftest import findings_for, status_of


def _group(account, *permissions):
    company.create_network(account)
    ec2 = account.client("ec2")
    group = ec2.create_security_group(GroupName="test-admin", Description="test", VpcId=company.vpc_id(account))["GroupId"]
    if permissions:
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=list(permissions))
    return group


def _tcp(port, to_port=None, cidr=None, cidr6=None, group=None):
    rule = {"IpProtocol": "tcp", "FromPort": port, "ToPort": to_port or port}
    if cidr:
        rule["IpRanges"] = [{"CidrIp": cidr}]
    if cidr6:
        rule["Ipv6Ranges"] = [{"CidrIpv6": cidr6}]
    if group:
        rule["UserIdGroupPairs"] = [{"GroupId": group}]
    return rule


# ports 22 and 3389 --------------------------------------------------------------------------------

def test_ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22_pass_from_the_office(account):
    group = _group(account, _tcp(22, cidr=company.OFFICE_CIDR))
    assert status_of(port_22, group, account) == "PASS"


def test_ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22_fail_from_anywhere(account):
    group = _group(account, _tcp(22, cidr="0.0.0.0/0"))
    [finding] = findings_for(port_22, group, account)
    assert finding.status == "FAIL" and "0.0.0.0/0" in finding.message["en"]


def test_ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22_fail_from_ipv6_in_a_range(account):
    group = _group(account, _tcp(20, 30, cidr6="::/0"))
    [finding] = findings_for(port_22, group, account)
    assert finding.status == "FAIL" and "::/0" in finding.message["en"]


def test_ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22_fail_with_two_halves_of_the_internet(account):
    group = _group(account, _tcp(22, cidr="0.0.0.0/1"), _tcp(22, cidr="128.0.0.0/1"))
    [finding] = findings_for(port_22, group, account)
    assert finding.status == "FAIL" and "0.0.0.0/1" in finding.message["en"] and "128.0.0.0/1" in finding.message["en"]


def test_ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22_fail_with_ipv6_halves(account):
    group = _group(account, _tcp(22, cidr6="::/1"), _tcp(22, cidr6="8000::/1"))
    assert status_of(port_22, group, account) == "FAIL"


def test_ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22_pass_from_the_vpc(account):
    group = _group(account, _tcp(22, cidr="10.0.0.0/16"))
    assert status_of(port_22, group, account) == "PASS"


def test_ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22_fail_with_all_traffic(account):
    group = _group(account, {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})
    assert status_of(port_22, group, account) == "FAIL"


def test_ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389_pass_with_only_ssh_open(account):
    group = _group(account, _tcp(22, cidr="0.0.0.0/0"))
    assert status_of(port_3389, group, account) == "PASS"


def test_ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389_fail_from_anywhere(account):
    group = _group(account, _tcp(3389, cidr="0.0.0.0/0"))
    [finding] = findings_for(port_3389, group, account)
    assert finding.status == "FAIL" and "RDP" in finding.message["en"]


# default security group ----------------------------------------------------------------------------

def _default_group(account):
    company.create_network(account)
    return account.client("ec2").describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [company.vpc_id(account)]}, {"Name": "group-name", "Values": ["default"]}
    ])["SecurityGroups"][0]


def test_ec2_securitygroup_default_restrict_traffic_fail_as_moto_makes_it(account):
    # moto's default group has AWS's outbound rule (all traffic out); AWS also adds inbound from itself.
    group = _default_group(account)
    [finding] = findings_for(ec2_securitygroup_default_restrict_traffic, group["GroupId"], account)
    assert finding.status == "FAIL" and "1 outbound" in finding.message["en"]


def test_ec2_securitygroup_default_restrict_traffic_pass_when_emptied(account):
    group = _default_group(account)
    account.client("ec2").revoke_security_group_egress(GroupId=group["GroupId"], IpPermissions=group["IpPermissionsEgress"])
    assert status_of(ec2_securitygroup_default_restrict_traffic, group["GroupId"], account) == "PASS"


# IMDSv2 ---------------------------------------------------------------------------------------------

def test_ec2_instance_imdsv2_enabled_pass_as_the_company_launches(account):
    instance = company.create_app_server(account)
    assert status_of(ec2_instance_imdsv2_enabled, instance, account) == "PASS"


def test_ec2_instance_imdsv2_enabled_pass_with_the_endpoint_off(account):
    instance = company.create_app_server(account)
    account.client("ec2").modify_instance_metadata_options(InstanceId=instance, HttpTokens="optional",
                                                           HttpEndpoint="disabled")
    assert status_of(ec2_instance_imdsv2_enabled, instance, account) == "PASS"


def test_ec2_instance_imdsv2_enabled_fail_with_tokens_optional(account):
    instance = company.create_app_server(account)
    account.client("ec2").modify_instance_metadata_options(InstanceId=instance, HttpTokens="optional")
    [finding] = findings_for(ec2_instance_imdsv2_enabled, instance, account)
    assert finding.status == "FAIL" and "'optional'" in finding.message["en"]


# instance profile -----------------------------------------------------------------------------------

def test_ec2_instance_profile_attached_fail_without_a_role(account):
    instance = company.create_app_server(account)
    assert status_of(ec2_instance_profile_attached, instance, account) == "FAIL"


def test_ec2_instance_profile_attached_pass_with_the_ssm_role(account):
    instance = company.create_app_server(account)
    company.create_ssm_instance_role(account)
    [finding] = findings_for(ec2_instance_profile_attached, instance, account)
    assert finding.status == "PASS" and company.SSM_ROLE in finding.message["en"]


# managed by SSM -------------------------------------------------------------------------------------

def test_ec2_instance_managed_by_ssm_pass_with_role_and_endpoints(account):
    instance = company.create_app_server(account)
    company.create_ssm_instance_role(account)
    company.create_ssm_endpoints(account)
    assert status_of(ec2_instance_managed_by_ssm, instance, account) == "PASS"


def test_ec2_instance_managed_by_ssm_fail_without_endpoints(account):
    instance = company.create_app_server(account)
    company.create_ssm_instance_role(account)
    [finding] = findings_for(ec2_instance_managed_by_ssm, instance, account)
    assert finding.status == "FAIL" and "no interface endpoint for ssmmessages" in finding.message["en"]


def test_ec2_instance_managed_by_ssm_fail_without_a_role(account):
    instance = company.create_app_server(account)
    company.create_ssm_endpoints(account)
    [finding] = findings_for(ec2_instance_managed_by_ssm, instance, account)
    assert finding.status == "FAIL" and finding.message["en"].endswith("no IAM role.")


def test_ec2_instance_managed_by_ssm_fail_when_the_endpoint_group_refuses_the_instance(account):
    instance = company.create_app_server(account)
    company.create_ssm_instance_role(account)
    ec2 = account.client("ec2")
    closed = ec2.create_security_group(GroupName="closed", Description="nothing in", VpcId=company.vpc_id(account))["GroupId"]
    for service in company.SSM_ENDPOINT_SERVICES:
        ec2.create_vpc_endpoint(VpcId=company.vpc_id(account), VpcEndpointType="Interface", PrivateDnsEnabled=True,
                                ServiceName=f"com.amazonaws.{account.region}.{service}", SecurityGroupIds=[closed],
                                SubnetIds=company.subnet_ids(account, public=False))
    [finding] = findings_for(ec2_instance_managed_by_ssm, instance, account)
    assert finding.status == "FAIL" and "does not admit 443" in finding.message["en"]


def test_ec2_instance_managed_by_ssm_fail_with_a_role_that_allows_too_little(account):
    instance = company.create_app_server(account)
    company.create_ssm_endpoints(account)
    iam = account.client("iam")
    iam.create_role(RoleName="s3-only", AssumeRolePolicyDocument=json.dumps(company.EC2_TRUST_POLICY))
    iam.put_role_policy(RoleName="s3-only", PolicyName="s3", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}))
    iam.create_instance_profile(InstanceProfileName="s3-only")
    iam.add_role_to_instance_profile(InstanceProfileName="s3-only", RoleName="s3-only")
    account.client("ec2").associate_iam_instance_profile(InstanceId=instance, IamInstanceProfile={"Name": "s3-only"})
    [finding] = findings_for(ec2_instance_managed_by_ssm, instance, account)
    assert finding.status == "FAIL" and "ssm:UpdateInstanceInformation" in finding.message["en"]


def test_ec2_instance_managed_by_ssm_pass_in_a_public_subnet_with_a_role(account):
    bastion = company.create_bastion_host(account)
    iam = account.client("iam")
    iam.create_role(RoleName="bastion", AssumeRolePolicyDocument=json.dumps(company.EC2_TRUST_POLICY))
    iam.attach_role_policy(RoleName="bastion", PolicyArn=company.SSM_MANAGED_POLICY)
    iam.create_instance_profile(InstanceProfileName="bastion")
    iam.add_role_to_instance_profile(InstanceProfileName="bastion", RoleName="bastion")
    account.client("ec2").associate_iam_instance_profile(InstanceId=bastion, IamInstanceProfile={"Name": "bastion"})
    assert status_of(ec2_instance_managed_by_ssm, bastion, account) == "PASS"


# ec2_instance_secrets_user_data ----------------------------------------------------------------------

def test_ec2_instance_secrets_user_data_pass_for_the_role_version_of_the_script(account):
    from labs.checks import ec2_instance_secrets_user_data as secrets

    instance = company.create_app_server(account)
    company.put_user_data(account, instance, company.app_user_data(account.image_bucket))
    assert status_of(secrets, instance, account) == "PASS"


def test_ec2_instance_secrets_user_data_fail_for_a_key_in_the_env_and_config_files(account):
    from labs.checks import ec2_instance_secrets_user_data as secrets

    instance = company.create_app_server(account)
    key = account.client("iam").create_user(UserName="app") and account.client("iam").create_access_key(
        UserName="app")["AccessKey"]
    company.put_user_data(account, instance, company.app_user_data(account.image_bucket, key["AccessKeyId"],
                                                                   key["SecretAccessKey"]))
    [finding] = findings_for(secrets, instance, account)
    assert finding.status == "FAIL" and "AWS Access Key" in finding.message["en"]


def test_ec2_instance_secrets_user_data_fail_for_gzipped_user_data(account):
    import gzip

    from labs.checks import ec2_instance_secrets_user_data as secrets

    instance = company.create_app_server(account)
    script = gzip.compress(b"#!/bin/bash\nexport DB_PASSWORD='Sup3r-Secret-2025'\n")
    ec2 = account.client("ec2")
    ec2.stop_instances(InstanceIds=[instance])
    ec2.modify_instance_attribute(InstanceId=instance, UserData={"Value": script})
    assert status_of(secrets, instance, account) == "FAIL"


def test_user_data_changes_only_while_the_instance_is_stopped(account):
    import pytest
    from botocore.exceptions import ClientError

    instance = company.create_app_server(account)
    with pytest.raises(ClientError, match="IncorrectInstanceState"):
        account.client("ec2").modify_instance_attribute(InstanceId=instance, UserData={"Value": b"#!/bin/bash\n"})


def test_the_port_22_remediation_revokes_what_the_check_calls_the_internet_and_keeps_the_rest(account):
    """Run as written, on any Python the lab supports (ipaddress's is_private called 0.0.0.0/0
    private before 3.12.4): the internet and its halves go, the office, a private range and a
    narrow IPv6 block stay."""
    rules = [
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
         "IpRanges": [{"CidrIp": c} for c in ("0.0.0.0/0", company.OFFICE_CIDR, "10.0.0.0/8")],
         "Ipv6Ranges": [{"CidrIpv6": c} for c in ("::/0", "2001:db8::/64")]},
        {"IpProtocol": "tcp", "FromPort": 20, "ToPort": 25,
         "IpRanges": [{"CidrIp": c} for c in ("0.0.0.0/1", "128.0.0.0/1")]},
    ]
    group = _group(account, *rules)
    assert status_of(port_22, group, account) == "FAIL"
    ec2 = account.client("ec2")
    exec(port_22.METADATA.remediation.format(group_id=group), {"ec2": ec2})
    assert status_of(port_22, group, account) == "PASS"
    (left,) = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["IpPermissions"]
    assert sorted(r["CidrIp"] for r in left["IpRanges"]) == sorted([company.OFFICE_CIDR, "10.0.0.0/8"])
    assert [r["CidrIpv6"] for r in left["Ipv6Ranges"]] == ["2001:db8::/64"]
