"""Not a wrong answer but a cost (the module's docstring): the test shows moto still makes an RSA key for
every KMS key at once, and that the lab's deferred key still signs."""

import boto3

from labs.emulator_fidelity import _patching
from labs.emulator_fidelity import kms_private_keys_on_demand as correction  # noqa: F401  (the correction tested)


def test_moto_itself_makes_a_private_key_for_a_symmetric_key_at_once():
    from moto.kms import models

    made = _patching.original(models, "generate_private_key")("SYMMETRIC_DEFAULT")
    assert "private_key" in vars(made), "moto now makes it on demand: the correction can go"


def test_an_asymmetric_key_still_signs_and_verifies(lab):
    kms = boto3.client("kms")
    key = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    signature = kms.sign(KeyId=key, Message=b"m", SigningAlgorithm="RSASSA_PSS_SHA_256")["Signature"]
    assert kms.verify(KeyId=key, Message=b"m", Signature=signature, SigningAlgorithm="RSASSA_PSS_SHA_256")["SignatureValid"]
