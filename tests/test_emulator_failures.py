"""When the emulator itself breaks on a request AWS would answer, the learner gets one sentence that
names the emulator and the call, never moto's traceback (labs/emulator_failures.py)."""

import boto3
import pytest

from labs.errors import EmulatorFailureError
from labs.lab import open_account

GRE_RULE = [{"IpProtocol": "47", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]


@pytest.fixture(params=["moto", "moto-server"])
def lab(request, monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    return open_account("06-server-access", backend=request.param)


def _group(ec2) -> str:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    return ec2.create_security_group(GroupName="gre-tunnel", Description="GRE", VpcId=vpc)["GroupId"]


def test_a_gre_rule_without_ports_is_one_sentence_about_the_emulator(lab, capfd):
    """The issue's case: moto raises a bare TypeError for protocol 47 (GRE) without ports, in this
    process; through its server, an HTML 500 that botocore cannot parse. AWS accepts the rule."""
    ec2 = boto3.client("ec2")
    group = _group(ec2)
    capfd.readouterr()
    with pytest.raises(EmulatorFailureError) as caught:
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=GRE_RULE)
    text = str(caught.value)
    assert text.startswith(f"The emulator ({lab.backend.name}) broke on AuthorizeSecurityGroupIngress (a TypeError")
    assert "AWS would answer this request" in text and "\n" not in text
    assert "moto/" not in text and "Traceback" not in text
    printed = capfd.readouterr()
    assert "Traceback" not in printed.out + printed.err, "nothing of moto's traceback reaches the notebook"


def test_the_same_crash_on_egress_and_a_second_crash_elsewhere(lab):
    """GRE breaks the egress call too; ReplicateKey on a single-Region key raises AttributeError inside
    moto, where KMS answers with an error of its own (UnsupportedOperationException)."""
    ec2 = boto3.client("ec2")
    with pytest.raises(EmulatorFailureError, match="broke on AuthorizeSecurityGroupEgress"):
        ec2.authorize_security_group_egress(GroupId=_group(ec2), IpPermissions=GRE_RULE)
    kms = boto3.client("kms")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    with pytest.raises(EmulatorFailureError, match=r"broke on ReplicateKey \(an AttributeError inside the emulator"):
        kms.replicate_key(KeyId=key_id, ReplicaRegion="us-east-1")


def test_a_call_the_emulator_does_not_implement_says_so(lab):
    with pytest.raises(EmulatorFailureError) as caught:
        boto3.client("iam").simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{lab.account_id}:user/sungjin", ActionNames=["s3:GetObject"])
    assert str(caught.value).startswith(f"The emulator ({lab.backend.name}) does not implement SimulatePrincipalPolicy")


def test_the_sentence_speaks_korean(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    open_account("06-server-access", lang="ko")
    ec2 = boto3.client("ec2")
    try:
        with pytest.raises(EmulatorFailureError) as caught:
            ec2.authorize_security_group_ingress(GroupId=_group(ec2), IpPermissions=GRE_RULE)
        assert "에뮬레이터(moto)가 AuthorizeSecurityGroupIngress 호출을 처리하다 고장 났습니다" in str(caught.value)
        assert "AWS라면 이 요청에 응답하므로" in str(caught.value)
    finally:
        open_account("06-server-access", lang="en")


def test_in_jupyter_the_emulator_failure_is_one_line_without_a_traceback(capsys, monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell

    monkeypatch.delenv("LABS_EXPECT", raising=False)
    shell = InteractiveShell.instance()
    shell.run_cell("import boto3, labs; from labs.lab import open_account; lab = open_account('06')")
    capsys.readouterr()
    result = shell.run_cell(
        "ec2 = boto3.client('ec2'); vpc = ec2.create_vpc(CidrBlock='10.0.0.0/16')['Vpc']['VpcId']\n"
        "group = ec2.create_security_group(GroupName='g', Description='g', VpcId=vpc)['GroupId']\n"
        "ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{'IpProtocol': '47', "
        "'IpRanges': [{'CidrIp': '10.0.0.0/8'}]}])"
    )
    text = "".join(capsys.readouterr())
    assert not result.success and "broke on AuthorizeSecurityGroupIngress" in text
    assert "Traceback" not in text and "TypeError:" not in text


def test_an_aws_error_from_the_emulator_is_left_alone(lab):
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as caught:
        boto3.client("ec2").authorize_security_group_ingress(GroupId="sg-12345678", IpPermissions=GRE_RULE)
    assert caught.value.response["Error"]["Code"] == "InvalidGroup.NotFound"


@pytest.mark.parametrize("status, headers, body, expected", [
    (500, {}, b"<!doctype html>\n<title>500 Internal Server Error</title>",
     "broke on DescribeThings (HTTP 500 from the emulator"),
    (501, {}, b"<html><body>Not Implemented</body></html>", "does not implement DescribeThings"),
    (500, {"x-labs-emulator-failure": "KeyError"}, b"", "broke on DescribeThings (a KeyError inside the emulator"),
    (501, {}, b'{"__type": "InternalFailure", "message": "API for service not yet implemented or pro feature"}', None),
    (400, {"x-labs-emulator-failure": "TypeError"}, b"", None),
])
def test_which_answers_count_as_the_emulator_failing(monkeypatch, status, headers, body, expected):
    """moto's own failure, or an HTML page from a server the lab did not patch; an AWS-shaped error
    (LocalStack's 501 for a service its free edition lacks) stays a ClientError the lab's code expects."""
    from labs import emulator_failures, guard

    monkeypatch.setattr(guard, "is_active", lambda: True)
    operation = type("Operation", (), {"name": "DescribeThings"})()
    answer = {"status_code": status, "headers": headers, "body": body}
    if expected is None:
        emulator_failures.raise_for_emulator_failure(operation_model=operation, response_dict=answer)
        return
    with pytest.raises(EmulatorFailureError, match=expected.replace("(", r"\(")):
        emulator_failures.raise_for_emulator_failure(operation_model=operation, response_dict=answer)
