"""KMS: a key's RSA private key is made the first time it is used, not when the key is created.

Not a wrong answer of moto's but a cost: moto generates an RSA-2048 private key for every KMS key it
creates, symmetric keys included, although only Sign, Verify and GetPublicKey of asymmetric keys use
it: 60 to 200 ms for each key a chapter's world creates (measured). The lab makes that private key the
first time it is used. Nothing a learner can observe changes.

Test: tests/emulator_fidelity/test_kms_private_keys_on_demand.py (moto itself still makes the key at once).
"""

from __future__ import annotations

from labs.emulator_fidelity._patching import replace


def install() -> None:
    from moto.kms import models

    original = models.generate_private_key

    class PrivateKeyOnDemand:
        def __init__(self, key_spec):
            self._key_spec = key_spec
            self._key = None

        def __getattr__(self, name):
            if name.startswith("_"):
                raise AttributeError(name)
            if self._key is None:
                self._key = original(self._key_spec)
            return getattr(self._key, name)

    def generate_private_key(key_spec):
        return PrivateKeyOnDemand(key_spec)

    replace(__name__, models, "generate_private_key", generate_private_key)
