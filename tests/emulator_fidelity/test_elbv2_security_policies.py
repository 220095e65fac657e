import boto3
import pytest
from botocore.exceptions import ClientError

from labs import company
from labs.emulator_fidelity import elbv2_security_policies as correction
from tests.emulator_fidelity.conftest import without

FIPS = "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04"


def test_moto_itself_refuses_the_fips_policies(lab):
    company.create_load_balancer(lab)
    with without(correction), pytest.raises(ClientError) as caught:
        boto3.client("elbv2").modify_listener(ListenerArn=company.listener_arn(lab, 443), SslPolicy=FIPS)
    assert caught.value.response["Error"]["Code"] == "SSLPolicyNotFound", "moto now knows them: the correction can go"


def test_modify_listener_accepts_the_fips_policies_aws_accepts(lab):
    company.create_load_balancer(lab)
    elbv2 = boto3.client("elbv2")
    listener = company.listener_arn(lab, 443)
    for policy in (FIPS, "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07"):
        elbv2.modify_listener(ListenerArn=listener, SslPolicy=policy)
        assert elbv2.describe_listeners(ListenerArns=[listener])["Listeners"][0]["SslPolicy"] == policy


def test_modify_listener_still_refuses_a_made_up_policy_as_aws_does(lab):
    company.create_load_balancer(lab)
    with pytest.raises(ClientError) as caught:
        boto3.client("elbv2").modify_listener(ListenerArn=company.listener_arn(lab, 443), SslPolicy="ELBSecurityPolicy-Made-Up")
    assert caught.value.response["Error"]["Code"] == "SSLPolicyNotFound"
