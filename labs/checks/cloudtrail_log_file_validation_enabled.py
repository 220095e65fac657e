"""CloudTrail trails validate their log files (CIS 3.2, FSBP CloudTrail.4).

With log file validation on, CloudTrail writes a digest file every hour: the SHA-256 hash of
every log file it delivered in that hour, signed with a private key of CloudTrail's, and chained
to the previous digest. `aws cloudtrail validate-logs` then proves that no log file was changed,
deleted or added after delivery. Without it, an attacker who can write to the bucket can edit the
logs and nobody can tell.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="cloudtrail_log_file_validation_enabled",
    service="cloudtrail",
    severity="medium",
    title={
        "en": "CloudTrail trails have log file validation enabled",
        "ko": "CloudTrail 추적의 로그 파일 검증이 활성화되어 있습니다",
    },
    hint={
        "en": "Describe the trail and look for the setting about log file integrity; the call that "
        "changes a trail's settings can turn it on.",
        "ko": "추적을 조회해 로그 파일 무결성에 관한 설정을 찾아보세요. 추적 설정을 바꾸는 호출로 켤 수 있습니다.",
    },
    remediation='cloudtrail.update_trail(Name="{trail}", EnableLogFileValidation=True)',
)


def check(account):
    findings = []
    for trail in account.cloudtrail.trails:
        if trail.log_file_validation:
            findings.append(passed(
                METADATA, trail.name,
                f"Trail {trail.name} validates its log files with hourly signed digest files.",
                f"추적 {josa(trail.name, '은')} 한 시간마다 서명된 다이제스트 파일로 로그 파일을 검증합니다.",
            ))
        else:
            findings.append(failed(
                METADATA, trail.name,
                f"Trail {trail.name} has log file validation off: a changed or deleted log file would go unnoticed.",
                f"추적 {trail.name}의 로그 파일 검증이 꺼져 있습니다. 로그 파일이 바뀌거나 지워져도 알 수 없습니다.",
            ))
    return findings
