"""The root user has no access keys (CIS 1.3, FSBP IAM.4).

An access key is a password for the API that never asks for MFA. On the root user it is a key to
everything, usually saved in a file on someone's laptop. Whatever needs the API uses an IAM user
or, better, a role (chapter 09); root needs no key at all.

The emulator has no root user: the lab keeps the root user's keys in its own model (`lab.root`).
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="iam_no_root_access_key",
    service="iam",
    severity="critical",
    title={"en": "The root user has no access keys", "ko": "루트 사용자에게 액세스 키가 없습니다"},
    hint={
        "en": "List the root user's access keys. A key nobody should have is not deactivated and kept: "
        "it is removed.",
        "ko": "루트 사용자의 액세스 키 목록을 보세요. 아무도 가져서는 안 되는 키는 비활성화해 두는 것이 "
        "아니라 없애야 합니다.",
    },
    remediation=(
        'for key in root.list_access_keys()["AccessKeyMetadata"]: '
        'root.delete_access_key(AccessKeyId=key["AccessKeyId"])'
    ),
)


def check(account):
    root = account.iam.root
    if not root.access_keys:
        return [passed(METADATA, root.arn, f"The root user ({root.arn}) has no access keys.",
                       f"루트 사용자({root.arn})에게 액세스 키가 없습니다.")]
    listed = ", ".join(f"{key} ({status})" for key, status in root.access_keys)
    return [failed(METADATA, root.arn,
                   f"The root user ({root.arn}) has access keys: {listed}.",
                   f"루트 사용자({root.arn})에게 액세스 키가 있습니다: {listed}.")]
