"""Minho, the developer, signs in to the console with a password and nothing else. He reuses
passwords across sites, as most people do; one breach elsewhere and his console is open."""

import time

import pyotp

from labs import company

BREAKS = ("iam_user_mfa_enabled_console_access",)


def resource(aws) -> str:
    return company.DEVELOPER


def build(aws) -> None:
    iam, user = aws.client("iam"), company.create_developer_user(aws)
    for device in iam.list_mfa_devices(UserName=user)["MFADevices"]:
        iam.deactivate_mfa_device(UserName=user, SerialNumber=device["SerialNumber"])


def fix(aws) -> None:
    iam, user = aws.client("iam"), resource(aws)
    # A device of that name left by an earlier fix (deactivated by build) is replaced by a new one.
    for device in iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]:
        if device["SerialNumber"].endswith(f":mfa/{user}-phone"):
            iam.delete_virtual_mfa_device(SerialNumber=device["SerialNumber"])
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{user}-phone")["VirtualMFADevice"]
    totp = pyotp.TOTP(device["Base32StringSeed"].decode())
    iam.enable_mfa_device(UserName=user, SerialNumber=device["SerialNumber"],
                          AuthenticationCode1=totp.at(time.time() - 30), AuthenticationCode2=totp.now())
