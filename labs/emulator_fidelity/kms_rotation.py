"""KMS: automatic rotation is refused for keys KMS cannot rotate.

moto 5.2 turns automatic rotation on for any key (measured: a key with imported material, Origin
EXTERNAL, an RSA, ECC or HMAC key all answer KeyRotationEnabled true afterwards). KMS refuses
EnableKeyRotation for each of them with UnsupportedOperationException (400): it cannot make new key
material for a key whose material you imported, and rotates only symmetric encryption keys. The lab
answers with KMS's error code; its messages are worded as KMS words them for imported material
("<key ARN> origin is EXTERNAL which is not valid for this operation."), which local-kms, an emulator
that copies KMS's answers, also returns. DisableKeyRotation is refused the same way, as KMS does.

Test: tests/emulator_fidelity/test_kms_rotation.py (moto itself still rotates imported key material).
"""

from __future__ import annotations

from labs.emulator_fidelity._patching import replace


def rotation_refusal(metadata: dict) -> str | None:
    """KMS's message refusing automatic rotation of this key (UnsupportedOperationException), or
    None when KMS rotates it. Automatic rotation exists only for symmetric encryption keys whose
    key material KMS made: not for imported material (Origin EXTERNAL), keys in a custom key store
    (AWS_CLOUDHSM, EXTERNAL_KEY_STORE), asymmetric or HMAC keys (KMS EnableKeyRotation reference)."""
    arn = metadata.get("Arn") or metadata.get("KeyId", "")
    origin = metadata.get("Origin") or "AWS_KMS"
    if origin != "AWS_KMS":
        return f"{arn} origin is {origin} which is not valid for this operation."
    spec = metadata.get("KeySpec") or metadata.get("CustomerMasterKeySpec") or "SYMMETRIC_DEFAULT"
    if spec != "SYMMETRIC_DEFAULT":
        return f"{arn} is not a symmetric encryption KMS key."
    return None


def install() -> None:
    from moto.kms.exceptions import JsonRESTError
    from moto.kms.models import KmsBackend

    def refusing(original):
        def rotation_call(self, key_id, *args, **kwargs):
            key = self.keys[self.get_key_id(key_id)]
            refusal = rotation_refusal({"Arn": key.arn, "KeyId": key.id, "Origin": key.origin, "KeySpec": key.key_spec})
            if refusal:
                raise JsonRESTError("UnsupportedOperationException", refusal)
            return original(self, key_id, *args, **kwargs)

        return rotation_call

    for call in ("enable_key_rotation", "disable_key_rotation"):
        replace(__name__, KmsBackend, call, refusing(getattr(KmsBackend, call)))
