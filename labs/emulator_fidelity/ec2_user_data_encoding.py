"""EC2: the user data given to ModifyInstanceAttribute is base64-encoded once, as boto3 does on AWS.

boto3 base64-encodes ModifyInstanceAttribute's user data for you, as it does for RunInstances (EC2
User Guide, "Work with instance user data": "The AWS SDK for Python (Boto3) performs base64-encoding
of the UserData parameter for you"). moto 5.2.5 decodes the request and then expects base64 again,
refusing a plain script with InvalidUserData.Malformed (measured). The lab encodes the value once more
before it leaves, so that the script you pass is the script the instance gets, as on AWS; a value you
base64-encoded yourself is stored as that base64 text, as on AWS too.

Test: tests/emulator_fidelity/test_ec2_user_data_encoding.py (moto itself still refuses a plain script).
"""

from __future__ import annotations

import base64

from labs.emulator_fidelity._patching import handle

EVENT = "before-parameter-build.ec2.ModifyInstanceAttribute"


def encode_once_more(params, **_kwargs):
    user_data = params.get("UserData")
    if isinstance(user_data, dict) and user_data.get("Value"):
        value = user_data["Value"]
        user_data["Value"] = base64.b64encode(value.encode() if isinstance(value, str) else bytes(value))


def install() -> None:
    handle(__name__, EVENT, encode_once_more)
