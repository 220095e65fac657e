"""The account's password policy prevents reusing the last 24 passwords (CIS 1.8).

Without it, a user told to change a leaked password can change it and change it straight back.
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="iam_password_policy_reuse_24",
    service="iam",
    severity="medium",
    title={
        "en": "The IAM password policy prevents reuse of the last 24 passwords",
        "ko": "IAM 비밀번호 정책이 최근 비밀번호 24개의 재사용을 막습니다",
    },
    hint={
        "en": "Read the account's password policy: does it remember earlier passwords, and how many? An "
        "update replaces the whole policy, so give every setting you want to keep.",
        "ko": "계정의 비밀번호 정책을 읽어 보세요. 이전 비밀번호를 기억하나요, 몇 개나요? 정책을 바꾸면 전체가 "
        "교체되므로 유지할 설정도 모두 함께 넣으세요.",
    },
    remediation="iam.update_account_password_policy(MinimumPasswordLength=14, PasswordReusePrevention=24)",
)
REMEMBERED = 24


def check(account):
    policy = account.iam.password_policy
    resource = account.account_id
    remembered = (policy or {}).get("PasswordReusePrevention") or 0
    if remembered >= REMEMBERED:
        return [passed(METADATA, resource,
                       f"Account {resource}'s password policy refuses the last {remembered} passwords.",
                       f"계정 {resource}의 비밀번호 정책은 최근 비밀번호 {remembered}개의 재사용을 막습니다.")]
    if policy is None:
        return [failed(METADATA, resource,
                       f"Account {resource} has no password policy, so nothing prevents reusing an earlier password; "
                       f"CIS asks to prevent reuse of the last {REMEMBERED}.",
                       f"계정 {resource}에 비밀번호 정책이 없어서 이전 비밀번호 재사용을 전혀 막지 않습니다. "
                       f"CIS는 최근 비밀번호 {REMEMBERED}개의 재사용 방지를 요구합니다.")]
    if not remembered:
        return [failed(METADATA, resource,
                       f"Account {resource}'s password policy does not prevent reusing earlier passwords at all; "
                       f"CIS asks to prevent reuse of the last {REMEMBERED}.",
                       f"계정 {resource}의 비밀번호 정책은 이전 비밀번호 재사용을 전혀 막지 않습니다. "
                       f"CIS는 최근 비밀번호 {REMEMBERED}개의 재사용 방지를 요구합니다.")]
    return [failed(METADATA, resource,
                   f"Account {resource}'s password policy prevents reuse of only the last {remembered} "
                   f"password{'s' if remembered != 1 else ''}; CIS asks for {REMEMBERED}.",
                   f"계정 {resource}의 비밀번호 정책은 최근 비밀번호 {remembered}개의 재사용만 막습니다. "
                   f"CIS는 {REMEMBERED}개를 요구합니다.")]
