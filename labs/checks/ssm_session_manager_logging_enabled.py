"""Session Manager records every session, encrypted, in S3 and in CloudWatch Logs.

Session Manager replaces SSH, and gives what SSH never did: a record of what was typed on the
server, by whom. It does so only when its preferences say where to send session logs. Logs go to an
S3 bucket (kept for years, cheap) and to a CloudWatch Logs group (searchable, alarms); both
encrypted, because sessions show whatever the administrator saw, secrets included.

No CIS AWS Foundations or AWS FSBP control covers this; the id has the shape of Prowler's.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.inventory.ssm import PREFERENCES_DOCUMENT
from labs.korean import josa

METADATA = CheckMetadata(
    id="ssm_session_manager_logging_enabled",
    service="ssm",
    severity="medium",
    title={
        "en": "Session Manager logs every session to S3 and CloudWatch Logs, encrypted",
        "ko": "세션 관리자가 모든 세션을 S3와 CloudWatch Logs에 암호화해 기록합니다",
    },
    hint={
        "en": f"Session Manager's preferences are the Session document {PREFERENCES_DOCUMENT}: its inputs "
        "name an S3 bucket and a log group, and say whether each destination must be encrypted. The log "
        "group itself needs a KMS key.",
        "ko": f"세션 관리자의 기본 설정은 Session 문서 {PREFERENCES_DOCUMENT}입니다. 이 문서의 inputs에 S3 버킷과 "
        "로그 그룹을 적고, 각 대상의 암호화 여부를 정합니다. 로그 그룹 자체에도 KMS 키가 필요합니다.",
    },
    remediation=(
        'key = kms.create_key(Description="Session Manager logs")["KeyMetadata"]["Arn"]\n'
        'logs.create_log_group(logGroupName="/aws/ssm/session-logs", kmsKeyId=key)\n'
        'preferences = {{"schemaVersion": "1.0", "description": "Session Manager preferences", '
        '"sessionType": "Standard_Stream", "inputs": {{"s3BucketName": "{bucket}", "s3KeyPrefix": "session-logs/", '
        '"s3EncryptionEnabled": True, "cloudWatchLogGroupName": "/aws/ssm/session-logs", '
        '"cloudWatchEncryptionEnabled": True, "cloudWatchStreamingEnabled": True, "kmsKeyId": key, '
        '"idleSessionTimeout": "20", "runAsEnabled": False}}}}\n'
        f'ssm.create_document(Name="{PREFERENCES_DOCUMENT}", DocumentType="Session", DocumentFormat="JSON", '
        'Content=json.dumps(preferences))'
    ),
)


def _on(value) -> bool:
    return value is True or str(value).lower() == "true"


def check(account):
    preferences = account.ssm.session_preferences
    resource = PREFERENCES_DOCUMENT
    if preferences is None:
        return [failed(
            METADATA, resource,
            f"Session Manager has no preferences ({resource} does not exist), so no session is logged.",
            f"세션 관리자 기본 설정({resource})이 없어 어떤 세션도 기록되지 않습니다.",
        )]
    problems = []
    if not preferences.get("s3BucketName"):
        problems.append(("no S3 bucket", "S3 버킷 없음"))
    elif not _on(preferences.get("s3EncryptionEnabled")):
        problems.append(("S3 encryption not required", "S3 암호화 필수 아님"))
    group_name = preferences.get("cloudWatchLogGroupName")
    group = account.ssm.log_groups.get(group_name) if group_name else None
    if not group_name:
        problems.append(("no CloudWatch Logs group", "CloudWatch Logs 로그 그룹 없음"))
    elif group is None:
        problems.append((f"the log group {group_name} does not exist", f"로그 그룹 {josa(group_name, '이')} 없음"))
    elif not _on(preferences.get("cloudWatchEncryptionEnabled")) or not group.kms_key_id:
        problems.append((f"the log group {group_name} is not encrypted with KMS",
                         f"로그 그룹 {josa(group_name, '이')} KMS로 암호화되지 않음"))
    if problems:
        return [failed(
            METADATA, resource,
            f"Session Manager ({resource}) does not log every session encrypted: "
            f"{'; '.join(en for en, _ in problems)}.",
            f"세션 관리자({resource})가 모든 세션을 암호화해 기록하지 않습니다. {'; '.join(ko for _, ko in problems)}.",
        )]
    return [passed(
        METADATA, resource,
        f"Session Manager ({resource}) logs sessions to s3://{preferences['s3BucketName']} and {group_name}, encrypted.",
        f"세션 관리자({resource})가 세션을 s3://{josa(preferences['s3BucketName'], '과')} {group_name}에 암호화해 기록합니다.",
    )]
