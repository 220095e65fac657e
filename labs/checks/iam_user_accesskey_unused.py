"""Access keys are used or removed: no active key has gone unused for 45 days or more (CIS 1.11,
FSBP IAM.22).

A key nobody uses still works for whoever finds it: in a laptop's ~/.aws/credentials, an old script,
a repository. Unused for 45 days, it is not needed; deactivate it, wait, and delete it.

As Prowler's check of the same id, from the credential report: for each active key, the days since
it was last used, or since it was created when it never was. The emulator's report has no past
dates; the lab's report carries the story's (labs/credential_report.py).
"""

from labs.checks import CheckMetadata, failed, passed
from labs.checks.lib.iam import MAX_UNUSED_DAYS, active_keys, days_since
from labs.korean import josa

METADATA = CheckMetadata(
    id="iam_user_accesskey_unused",
    service="iam",
    severity="medium",
    title={
        "en": f"No active access key has gone unused for {MAX_UNUSED_DAYS} days or more",
        "ko": f"{MAX_UNUSED_DAYS}일 이상 사용하지 않은 활성 액세스 키가 없습니다",
    },
    hint={
        "en": "The credential report shows when each key was last used. A key nobody uses is deactivated, "
        "then deleted once nothing broke.",
        "ko": "자격 증명 보고서에서 키마다 마지막 사용 시각을 볼 수 있습니다. 아무도 쓰지 않는 키는 비활성화하고, "
        "아무것도 멈추지 않았으면 삭제합니다.",
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
            continue  # iam_no_root_access_key judges the root user's keys
        stale = []
        for key in active_keys(row):
            days = days_since(key["used"] or key["rotated"])
            if days is not None and days >= MAX_UNUSED_DAYS:
                stale.append((key["number"], days, key["used"] is None))
        if stale:
            listed = ", ".join(f"access key {n} {'never used, created' if never else 'last used'} {d} days ago"
                               for n, d, never in stale)
            listed_ko = ", ".join(
                f"액세스 키 {josa(n, '은')} {d}일 전에 {'만든 뒤 한 번도 쓰지 않았습니다' if never else '마지막으로 쓰였습니다'}"
                for n, d, never in stale)
            findings.append(failed(METADATA, user, f"User {user}: {listed}.", f"사용자 {user}: {listed_ko}."))
        elif active_keys(row):
            findings.append(passed(METADATA, user, f"User {user} used its active access keys in the last {MAX_UNUSED_DAYS} days.",
                                   f"사용자 {josa(user, '은')} 활성 액세스 키를 최근 {MAX_UNUSED_DAYS}일 안에 사용했습니다."))
        else:
            findings.append(passed(METADATA, user, f"User {user} has no active access keys.",
                                   f"사용자 {user}에게 활성 액세스 키가 없습니다."))
    return findings
