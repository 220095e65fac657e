"""RDS: an instance encrypted with the default key records the ARN of the account's aws/rds key.

moto 5.2.5 records an instance encrypted with the default key (StorageEncrypted without KmsKeyId) as
KmsKeyId "default_kms_key_id" (measured); RDS records the ARN of the account's aws/rds key.

Test: tests/emulator_fidelity/test_rds_default_kms_key.py (moto itself still records "default_kms_key_id").
"""

from __future__ import annotations

from labs.emulator_fidelity._patching import replace


def install() -> None:
    from moto.rds.models import DBInstance

    original_setter = DBInstance.kms_key_id.fset

    def kms_key_id(self, value):
        if value == "default_kms_key_id":
            kms = self.backend.kms
            value = kms.keys[kms.get_key_id_from_alias("alias/aws/rds")].arn
        original_setter(self, value)

    replace(__name__, DBInstance, "kms_key_id", DBInstance.kms_key_id.setter(kms_key_id))
