"""The root user signs in with its password alone. Minho opened the account with his own email and
never turned MFA on; for months, anyone who learnt that password owned the whole account."""

import time

import pyotp

BREAKS = ("iam_root_mfa_enabled",)


def resource(aws) -> str:
    return aws.root.arn


def build(aws) -> None:
    for device in aws.root.list_mfa_devices()["MFADevices"]:
        aws.root.deactivate_mfa_device(device["SerialNumber"])


def fix(aws) -> None:
    device = aws.root.create_virtual_mfa_device("root-mfa")["VirtualMFADevice"]
    totp = pyotp.TOTP(device["Base32StringSeed"].decode())
    aws.root.enable_mfa_device(device["SerialNumber"], totp.at(time.time() - 30), totp.now())
