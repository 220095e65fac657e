"""KMS checks: a PASS test and a FAIL test each, against the emulator."""

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


def test_kms_cmk_rotation_enabled_pass_ignores_asymmetric_and_disabled_keys(account):
    kms = account.client("kms")
    asymmetric = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    disabled = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.disable_key(KeyId=disabled)
    assert findings_for(kms_cmk_rotation_enabled, asymmetric, account) == []
    assert findings_for(kms_cmk_rotation_enabled, disabled, account) == []
