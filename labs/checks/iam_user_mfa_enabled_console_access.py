"""Every IAM user who can sign in to the console has MFA (CIS 1.9, FSBP IAM.5).

A console password can be guessed, reused from another site or phished. MFA is what stands between
a leaked password and the account. Users without a console password (only access keys, or
nothing) are not judged here.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="iam_user_mfa_enabled_console_access",
    service="iam",
    severity="high",
    title={
        "en": "IAM users with console access have MFA enabled",
        "ko": "콘솔 액세스가 있는 IAM 사용자에 MFA가 활성화되어 있습니다",
    },
    hint={
        "en": "A user with a console password needs an MFA device: make a virtual one, and give IAM two "
        "consecutive codes computed from its seed.",
        "ko": "콘솔 비밀번호가 있는 사용자에게는 MFA 디바이스가 필요합니다. 가상 디바이스를 만들고, 시드로 계산한 "
        "연속된 코드 두 개를 IAM에 넣으세요.",
    },
    remediation=(
        'import pyotp, time; device = iam.create_virtual_mfa_device(VirtualMFADeviceName="{user}-mfa")["VirtualMFADevice"]; '
        'totp = pyotp.TOTP(device["Base32StringSeed"].decode()); '
        'iam.enable_mfa_device(UserName="{user}", SerialNumber=device["SerialNumber"], '
        'AuthenticationCode1=totp.at(time.time() - 30), AuthenticationCode2=totp.now())'
    ),
)


def check(account):
    findings = []
    for user in account.iam.users:
        if not user.console_access:
            continue
        if user.mfa_devices:
            findings.append(passed(METADATA, user.name,
                                   f"User {user.name} signs in to the console with MFA.",
                                   f"사용자 {josa(user.name, '은')} MFA로 콘솔에 로그인합니다."))
        else:
            findings.append(failed(METADATA, user.name,
                                   f"User {user.name} can sign in to the console with a password alone, without MFA.",
                                   f"사용자 {josa(user.name, '은')} MFA 없이 비밀번호만으로 콘솔에 로그인할 수 있습니다."))
    return findings
