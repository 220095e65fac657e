"""Active access keys are younger than 90 days (CIS 1.13, FSBP IAM.3).

The longer a key lives, the more places it has been copied to. Rotating means a new key, the
software moved to it, the old one deactivated and deleted; better still, software uses a role, whose
credentials rotate by themselves every few hours, and keeps no key at all (chapter 09).

As Prowler's check of the same id, from the credential report's access_key_N_last_rotated for each
active key. The emulator's report has no past dates; the lab's report carries the story's.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.checks.lib.iam import MAX_KEY_AGE_DAYS, active_keys, days_since
from labs.korean import josa

METADATA = CheckMetadata(
    id="iam_rotate_access_key_90_days",
    service="iam",
    severity="medium",
    title={
        "en": f"Active access keys are less than {MAX_KEY_AGE_DAYS} days old",
        "ko": f"활성 액세스 키가 만든 지 {MAX_KEY_AGE_DAYS}일이 지나지 않았습니다",
    },
    hint={
        "en": "The credential report says when each key was last rotated. Where software uses the key, a role "
        "removes the need for it; otherwise create a new key, move to it, then deactivate and delete the old one.",
        "ko": "자격 증명 보고서에서 키마다 마지막 교체 시각을 볼 수 있습니다. 소프트웨어가 쓰는 키라면 역할로 "
        "키 자체를 없앨 수 있습니다. 아니면 새 키를 만들어 옮긴 뒤 예전 키를 비활성화하고 삭제하세요.",
    },
    remediation=(
        'for key in iam.list_access_keys(UserName="{user}")["AccessKeyMetadata"]: '
        'iam.delete_access_key(UserName="{user}", AccessKeyId=key["AccessKeyId"])'
    ),
)


def check(account):
    findings = []
    for row in account.iam.credential_report:
        user = row["user"]
        if user == "<root_account>":
            continue
        old = [(key["number"], days_since(key["rotated"])) for key in active_keys(row)]
        old = [(n, d) for n, d in old if d is not None and d >= MAX_KEY_AGE_DAYS]
        if old:
            listed = ", ".join(f"access key {n} is {d} days old" for n, d in old)
            listed_ko = ", ".join(f"액세스 키 {josa(n, '은')} 만든 지 {d}일" for n, d in old)
            findings.append(failed(METADATA, user, f"User {user}: {listed}.", f"사용자 {user}: {listed_ko}입니다."))
        elif active_keys(row):
            findings.append(passed(METADATA, user, f"User {user}'s active access keys are less than {MAX_KEY_AGE_DAYS} days old.",
                                   f"사용자 {user}의 활성 액세스 키는 만든 지 {MAX_KEY_AGE_DAYS}일이 지나지 않았습니다."))
        else:
            findings.append(passed(METADATA, user, f"User {user} has no active access keys.",
                                   f"사용자 {user}에게 활성 액세스 키가 없습니다."))
    return findings
