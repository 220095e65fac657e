"""The account's password policy asks for at least 14 characters (CIS 1.7).

The talk's screenshot sets 8 characters, the console's suggestion. CIS asks for 14: length does
more for a password's strength than any rule about digits or symbols, and a 14-character
passphrase is still easy to type.
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="iam_password_policy_minimum_length_14",
    service="iam",
    severity="medium",
    title={
        "en": "The IAM password policy requires at least 14 characters",
        "ko": "IAM 비밀번호 정책이 14자 이상을 요구합니다",
    },
    hint={
        "en": "Read the account's password policy: what is its minimum length? An update replaces the whole "
        "policy, so give every setting you want to keep.",
        "ko": "계정의 비밀번호 정책을 읽어 보세요. 최소 길이가 얼마인가요? 정책을 바꾸면 전체가 교체되므로 "
        "유지할 설정도 모두 함께 넣으세요.",
    },
    remediation="iam.update_account_password_policy(MinimumPasswordLength=14, PasswordReusePrevention=24)",
)
MINIMUM = 14


def check(account):
    policy = account.iam.password_policy
    resource = account.account_id
    if policy is None:
        return [failed(METADATA, resource,
                       f"Account {resource} has no password policy: IAM's default accepts 8 characters.",
                       f"계정 {resource}에 비밀번호 정책이 없습니다. IAM 기본값은 8자를 허용합니다.")]
    length = policy.get("MinimumPasswordLength", 0)
    if length >= MINIMUM:
        return [passed(METADATA, resource,
                       f"Account {resource}'s password policy requires {length} characters or more.",
                       f"계정 {resource}의 비밀번호 정책은 {length}자 이상을 요구합니다.")]
    return [failed(METADATA, resource,
                   f"Account {resource}'s password policy accepts {length} characters; CIS asks for {MINIMUM}.",
                   f"계정 {resource}의 비밀번호 정책은 {length}자를 허용합니다. CIS는 {MINIMUM}자를 요구합니다.")]
