"""Where the lab corrects moto (labs/emulator_fidelity.py): the lab answers as AWS does, and a test
per correction notices the day moto itself is fixed, so the correction can go."""

import boto3
import pytest
from botocore.exceptions import ClientError

from labs import company
from labs.lab import open_account

FIPS = "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04"


@pytest.fixture
def lab(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    return open_account("05-network-tls")


# ELBv2: every policy of the ELB guide's table ------------------------------------------------------

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


def test_moto_itself_still_refuses_fips_policy_names():
    """moto's ModifyListener checks names against moto/elbv2/ssl_policies.py. When that file knows the FIPS
    policies, this fails: drop _elbv2_knows_every_security_policy from labs/emulator_fidelity.py."""
    from moto.elbv2.ssl_policies import SSL_POLICIES

    assert FIPS not in SSL_POLICIES, "moto now knows the FIPS policies: the lab's correction can go"


# KMS: automatic rotation only where KMS can rotate ---------------------------------------------------

@pytest.mark.parametrize("create", [dict(Origin="EXTERNAL"), dict(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY"),
                                    dict(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")])
def test_enable_key_rotation_is_refused_where_kms_refuses_it(lab, create):
    kms = boto3.client("kms")
    metadata = kms.create_key(**create)["KeyMetadata"]
    for call in (kms.enable_key_rotation, kms.disable_key_rotation):
        with pytest.raises(ClientError) as caught:
            call(KeyId=metadata["KeyId"])
        assert caught.value.response["Error"]["Code"] == "UnsupportedOperationException"
        assert metadata["Arn"] in caught.value.response["Error"]["Message"]
    if create.get("Origin") == "EXTERNAL":
        assert "origin is EXTERNAL which is not valid for this operation" in caught.value.response["Error"]["Message"]


def test_enable_key_rotation_still_works_on_a_symmetric_key(lab):
    kms = boto3.client("kms")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=key_id)
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is True


def test_moto_itself_still_rotates_imported_key_material(lab):
    """moto's own EnableKeyRotation, under the lab's correction, turns rotation on for an EXTERNAL key. When
    moto refuses it as KMS does, this fails: drop _kms_refuses_rotation_it_cannot_do."""
    from moto.kms.models import KmsBackend, kms_backends

    key_id = boto3.client("kms").create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    backend = kms_backends[lab.account_id][lab.region]
    KmsBackend.enable_key_rotation.__wrapped__(backend, key_id)
    assert backend.keys[key_id].key_rotation_status is True, "moto now refuses it: the lab's correction can go"
