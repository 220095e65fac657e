import boto3
import pytest
from botocore.exceptions import ClientError

from labs.emulator_fidelity import kms_rotation as correction
from tests.emulator_fidelity.conftest import without


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


def test_moto_itself_rotates_imported_key_material(lab):
    kms = boto3.client("kms")
    key_id = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    with without(correction):
        kms.enable_key_rotation(KeyId=key_id)
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is True, "moto now refuses it: the correction can go"
