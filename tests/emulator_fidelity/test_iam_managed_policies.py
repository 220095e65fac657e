import boto3
import pytest
from botocore.exceptions import ClientError

from labs.emulator_fidelity import iam_managed_policies as correction
from tests.emulator_fidelity.conftest import without

SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"


def _attach(lab):
    iam = boto3.client("iam")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument='{"Version": "2012-10-17", "Statement": []}')
    iam.attach_role_policy(RoleName="r", PolicyArn=SSM_CORE)
    return iam.list_attached_role_policies(RoleName="r")["AttachedPolicies"]


def test_moto_itself_knows_no_aws_managed_policy(monkeypatch):
    monkeypatch.delenv("MOTO_IAM_LOAD_MANAGED_POLICIES", raising=False)
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    from labs.lab import open_account

    with without(correction):
        open_account("08-s3")  # a fresh account, whose IAM backend is made without the lab's policies
        with pytest.raises(ClientError) as caught:
            _attach(None)
    assert caught.value.response["Error"]["Code"] == "NoSuchEntity", "moto now knows them: the correction can go"


def test_the_policies_the_chapters_attach_exist_as_on_aws(lab):
    assert [p["PolicyArn"] for p in _attach(lab)] == [SSM_CORE]
    assert set(correction.AWS_MANAGED_POLICIES) >= {"AmazonSSMManagedInstanceCore", "AdministratorAccess"}
