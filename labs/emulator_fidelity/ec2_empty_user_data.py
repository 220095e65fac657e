"""EC2: setting empty user data clears it.

Setting empty user data clears it on AWS; moto 5.2.5 stores the text "b''" instead (measured), which
DescribeInstanceAttribute then returns as if it were base64. The lab stores nothing.

Test: tests/emulator_fidelity/test_ec2_empty_user_data.py (moto itself still stores something).
"""

from __future__ import annotations

from labs.emulator_fidelity._patching import replace


def install() -> None:
    from moto.ec2.models.instances import InstanceBackend

    original = InstanceBackend.modify_instance_attribute

    def modify_instance_attribute(self, instance_id, key, value):
        if key == "user_data" and not value:
            value = None
        return original(self, instance_id, key, value)

    replace(__name__, InstanceBackend, "modify_instance_attribute", modify_instance_attribute)
