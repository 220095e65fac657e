"""The root user signs in with MFA (CIS 1.4, FSBP IAM.9).

The root user can do anything in the account, including closing it, and no policy can limit it. A
password alone is one phishing email away from all of that. With MFA, a sign-in also needs a code
from a device the attacker does not have. (CIS 1.5 asks for a hardware device on root; the lab's
root is enabled with a virtual device, as in the talk.)

The emulator has no root user: the lab keeps the root user's MFA in its own model (`lab.root`).
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="iam_root_mfa_enabled",
    service="iam",
    severity="critical",
    title={"en": "The root user has MFA enabled", "ko": "루트 사용자에 MFA가 활성화되어 있습니다"},
    hint={
        "en": "The root user needs an MFA device of its own. Make a virtual one, read its seed, and "
        "let pyotp compute two consecutive codes from it.",
        "ko": "루트 사용자에게 자기 MFA 디바이스가 필요합니다. 가상 디바이스를 만들고 시드를 읽은 뒤, "
        "pyotp로 연속된 코드 두 개를 계산하세요.",
    },
    remediation=(
        'import pyotp, time; device = root.create_virtual_mfa_device("root-mfa")["VirtualMFADevice"]; '
        'totp = pyotp.TOTP(device["Base32StringSeed"].decode()); '
        'root.enable_mfa_device(device["SerialNumber"], totp.at(time.time() - 30), totp.now())'
    ),
)


def check(account):
    root = account.iam.root
    if root.mfa_active:
        return [passed(METADATA, root.arn, f"The root user ({root.arn}) signs in with MFA.",
                       f"루트 사용자({root.arn})는 MFA로 로그인합니다.")]
    return [failed(METADATA, root.arn,
                   f"The root user ({root.arn}) has no MFA device: its password alone opens the whole account.",
                   f"루트 사용자({root.arn})에 MFA 디바이스가 없습니다. 비밀번호 하나로 계정 전체가 열립니다.")]
