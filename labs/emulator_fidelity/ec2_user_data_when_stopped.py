"""EC2: an instance's user data changes only while it is stopped.

EC2 changes an instance's user data only while it is stopped (IncorrectInstanceState otherwise); moto
5.2.5 changes it at any time (measured). The lab refuses it first, with EC2's code.

Test: tests/emulator_fidelity/test_ec2_user_data_when_stopped.py (moto itself still changes it while running).
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from labs.emulator_fidelity._patching import handle, refusal

EVENT = "before-call.ec2.ModifyInstanceAttribute"


def refuse_unless_stopped(context, **_kwargs):
    from labs.cloudtrail import recorder

    params = context.get(recorder._PARAMS) or {}
    if "UserData" not in params or not params.get("InstanceId"):
        return None
    region = context.get("client_region") or recorder.home_region()
    with recorder.unrecorded():
        try:
            reservations = recorder.internal_client("ec2", region).describe_instances(
                InstanceIds=[params["InstanceId"]])["Reservations"]
        except ClientError:
            return None  # an unknown instance: EC2's own error comes back from the emulator
    state = next((i["State"]["Name"] for r in reservations for i in r["Instances"]), "stopped")
    if state == "stopped":
        return None
    return refusal("ec2", "IncorrectInstanceState", f"The instance '{params['InstanceId']}' is not in the 'stopped' state.")


def install() -> None:
    handle(__name__, EVENT, refuse_unless_stopped)
