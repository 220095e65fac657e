"""Secrets Manager secrets rotate automatically (FSBP SecretsManager.1).

A password that never changes works for whoever learned it, forever: a former employee, a laptop
backup, a chat message. With rotation, Secrets Manager replaces it on a schedule and applications
that read the secret when they connect never notice. For a master user password that RDS manages
(the secret rds!db-...), rotation is RDS's own (no Lambda function) and is on, every 7 days, from
the moment RDS creates the secret; for a secret of your own, rotation needs a Lambda function
that knows how to change the password.

Prowler judges the same field (RotationEnabled); the lab's message also gives the schedule.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="secretsmanager_automatic_rotation_enabled",
    service="secretsmanager",
    severity="medium",
    title={
        "en": "Secrets Manager secrets rotate automatically",
        "ko": "Secrets Manager 시크릿이 자동으로 교체됩니다",
    },
    hint={
        "en": "Describe the secret: is rotation enabled, and on what schedule? A secret that RDS manages rotates "
        "without a Lambda function; asking Secrets Manager to rotate it with a schedule turns rotation back on.",
        "ko": "시크릿을 조회해 보세요. 교체가 활성화되어 있고, 교체 일정은 어떻게 되나요? RDS가 관리하는 시크릿은 "
        "Lambda 함수 없이 교체됩니다. Secrets Manager에 일정과 함께 교체를 요청하면 교체가 다시 켜집니다.",
    },
    remediation='secretsmanager.rotate_secret(SecretId="{secret_id}", RotationRules={{"AutomaticallyAfterDays": 7}})',
)


def check(account):
    findings = []
    for secret in account.secretsmanager.secrets:
        owner = f" (managed by {secret.owning_service})" if secret.owning_service else ""
        owner_ko = f"({josa(secret.owning_service, '이')} 관리)" if secret.owning_service else ""
        if secret.rotation_enabled:
            days = secret.rotation_days
            schedule = secret.rotation_rules.get("ScheduleExpression") or (f"every {days} days" if days else "on a schedule")
            schedule_ko = secret.rotation_rules.get("ScheduleExpression") or (f"{days}일마다" if days else "일정에 따라")
            findings.append(passed(
                METADATA, secret.name,
                f"Secret {secret.name}{owner} rotates automatically, {schedule}.",
                f"시크릿 {josa(secret.name + owner_ko, '은')} 자동으로 교체됩니다: {schedule_ko}.",
            ))
        else:
            findings.append(failed(
                METADATA, secret.name,
                f"Secret {secret.name}{owner} never rotates: automatic rotation is off.",
                f"시크릿 {josa(secret.name + owner_ko, '은')} 교체되지 않습니다. 자동 교체가 꺼져 있습니다.",
            ))
    return findings
