"""KMS as the checks see it: every key in the region, who manages it, where its key material comes
from, its state, rotation and key policy."""

from __future__ import annotations

from dataclasses import dataclass, field

from botocore.exceptions import ClientError


@dataclass
class Key:
    key_id: str
    arn: str
    manager: str  # CUSTOMER or AWS
    state: str  # Enabled, Disabled, PendingDeletion, PendingImport, ...
    spec: str  # SYMMETRIC_DEFAULT, RSA_2048, ECC_NIST_P256, HMAC_256, ...
    origin: str = "AWS_KMS"
    """Where the key material comes from: AWS_KMS (made by KMS), EXTERNAL (imported), AWS_CLOUDHSM or
    EXTERNAL_KEY_STORE (a custom key store)."""
    aliases: list = field(default_factory=list)
    rotation_enabled: bool | None = None
    """None where automatic rotation does not apply (see `rotation_not_applicable`)."""
    policy: str | None = None
    """The key policy (JSON text, read with labs.policy) of a customer managed key; None when unread."""

    @property
    def label(self) -> str:
        """The alias people know the key by, or its id."""
        return self.aliases[0] if self.aliases else self.key_id

    @property
    def rotation_not_applicable(self) -> str | None:
        """Why automatic rotation does not apply to this key (a reason code), or None when it does.

        KMS rotates automatically only symmetric encryption keys whose key material it made
        (EnableKeyRotation refuses the others), AWS rotates its AWS managed keys itself every year,
        and a key that is disabled or waiting for deletion encrypts nothing new."""
        if self.manager != "CUSTOMER":
            return "aws_managed"
        if self.origin == "EXTERNAL":
            return "imported"
        if self.origin != "AWS_KMS":
            return "custom_key_store"
        if self.spec.startswith("HMAC_"):
            return "hmac"
        if self.spec != "SYMMETRIC_DEFAULT":
            return "asymmetric"
        if self.state != "Enabled":
            return "not_enabled"
        return None

    @property
    def rotatable_customer_key(self) -> bool:
        return self.rotation_not_applicable is None


@dataclass
class KmsState:
    keys: list[Key]

    def key(self, key_id: str) -> Key | None:
        """The key named by a key id, a key ARN, an alias name or an alias ARN (as KMS and S3 accept them)."""
        if not isinstance(key_id, str):
            return None
        if key_id.startswith("arn:") and ":alias/" in key_id:
            key_id = "alias/" + key_id.split(":alias/", 1)[1]
        return next((k for k in self.keys if key_id in (k.key_id, k.arn) or key_id in k.aliases), None)


def collect(aws) -> KmsState:
    kms = aws.client("kms")
    aliases: dict[str, list[str]] = {}
    for page in kms.get_paginator("list_aliases").paginate():
        for entry in page.get("Aliases", []):
            if entry.get("TargetKeyId"):
                aliases.setdefault(entry["TargetKeyId"], []).append(entry["AliasName"])
    keys = []
    for page in kms.get_paginator("list_keys").paginate():
        for entry in page.get("Keys", []):
            try:
                metadata = kms.describe_key(KeyId=entry["KeyId"])["KeyMetadata"]
            except ClientError as error:
                if error.response["Error"]["Code"] == "NotFoundException":
                    continue
                raise
            key = Key(
                key_id=metadata["KeyId"],
                arn=metadata["Arn"],
                manager=metadata.get("KeyManager", "CUSTOMER"),
                state=metadata.get("KeyState", "Enabled"),
                spec=metadata.get("KeySpec") or metadata.get("CustomerMasterKeySpec") or "SYMMETRIC_DEFAULT",
                origin=metadata.get("Origin") or "AWS_KMS",
                aliases=sorted(aliases.get(metadata["KeyId"], [])),
            )
            if key.rotatable_customer_key:
                key.rotation_enabled = bool(kms.get_key_rotation_status(KeyId=key.key_id).get("KeyRotationEnabled"))
            if key.manager == "CUSTOMER":
                try:
                    key.policy = kms.get_key_policy(KeyId=key.key_id, PolicyName="default")["Policy"]
                except ClientError as error:
                    if error.response["Error"]["Code"] not in ("NotFoundException", "KMSInvalidStateException"):
                        raise
            keys.append(key)
    return KmsState(keys=keys)
