"""KMS checks: a PASS test and a FAIL test each, against the emulator; the keys a check leaves out
get an N/A finding that says why."""

import pytest

from labs.checks import kms_cmk_rotation_enabled
from tests.conftest import findings_for, status_of


def test_kms_cmk_rotation_enabled_pass_when_rotation_is_on(account):
    kms = account.client("kms")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=key_id)
    assert status_of(kms_cmk_rotation_enabled, key_id, account) == "PASS"


def test_kms_cmk_rotation_enabled_fail_for_a_new_key(account):
    kms = account.client("kms")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/never-rotates", TargetKeyId=key_id)
    [finding] = findings_for(kms_cmk_rotation_enabled, key_id, account)
    assert finding.status == "FAIL" and "alias/never-rotates" in finding.message["en"]


def test_kms_cmk_rotation_enabled_not_applicable_to_imported_key_material(account):
    """The issue's case: a key with imported material (Origin EXTERNAL) cannot rotate automatically
    (KMS refuses EnableKeyRotation): not a FAIL, an N/A that says why."""
    key_id = account.client("kms").create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    [finding] = findings_for(kms_cmk_rotation_enabled, key_id, account)
    assert finding.status == "N/A"
    assert "imported key material (Origin EXTERNAL)" in finding.message["en"] and "가져온 키 구성 요소" in finding.message["ko"]
    assert key_id in finding.message["en"] and key_id in finding.message["ko"]


@pytest.mark.parametrize("create, words", [
    (dict(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY"), "asymmetric key (RSA_2048)"),
    (dict(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY"), "asymmetric key (ECC_NIST_P256)"),
    (dict(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC"), "HMAC key (HMAC_256)"),
])
def test_kms_cmk_rotation_enabled_not_applicable_to_asymmetric_and_hmac_keys(account, create, words):
    key_id = account.client("kms").create_key(**create)["KeyMetadata"]["KeyId"]
    [finding] = findings_for(kms_cmk_rotation_enabled, key_id, account)
    assert finding.status == "N/A" and words in finding.message["en"]


def test_kms_cmk_rotation_enabled_not_applicable_to_disabled_keys(account):
    kms = account.client("kms")
    disabled = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.disable_key(KeyId=disabled)
    [finding] = findings_for(kms_cmk_rotation_enabled, disabled, account)
    assert finding.status == "N/A" and "is Disabled" in finding.message["en"]


def test_kms_cmk_rotation_enabled_not_applicable_to_aws_managed_keys(account):
    """moto makes no AWS managed key of its own; the check sees what describe_key says."""
    from labs.inventory.kms import Key, KmsState

    key = Key(key_id="k-1", arn="arn:aws:kms:ap-northeast-2:123456789012:key/k-1", manager="AWS",
              state="Enabled", spec="SYMMETRIC_DEFAULT", aliases=["alias/aws/s3"])
    state = type("State", (), {"kms": KmsState(keys=[key])})()
    [finding] = kms_cmk_rotation_enabled.check(state)
    assert finding.status == "N/A" and "AWS managed key" in finding.message["en"] and "alias/aws/s3" in finding.message["en"]
    custom_store = Key(key_id="k-2", arn="arn:k-2", manager="CUSTOMER", state="Enabled", spec="SYMMETRIC_DEFAULT",
                       origin="AWS_CLOUDHSM")
    state.kms = KmsState(keys=[custom_store])
    [finding] = kms_cmk_rotation_enabled.check(state)
    assert finding.status == "N/A" and "custom key store (AWS_CLOUDHSM)" in finding.message["en"]
