"""RDS DB instances keep automated backups for at least seven days (FSBP RDS.11).

With automated backups RDS takes a daily snapshot and keeps the transaction logs, so the database
can be restored to any second within the retention period: after a mistaken DROP TABLE, a bad
migration or ransomware. A retention of 0 turns backups off, and deletes the ones there are.

Prowler's check of this id passes any retention above 0 days; the lab follows Security Hub's
RDS.11, whose default minimum is 7 days.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

MINIMUM_DAYS = 7

METADATA = CheckMetadata(
    id="rds_instance_backup_enabled",
    service="rds",
    severity="medium",
    title={
        "en": "RDS DB instances keep automated backups for at least 7 days",
        "ko": "RDS DB 인스턴스가 자동 백업을 7일 이상 보관합니다",
    },
    hint={
        "en": "Read the instance's backup retention period (in days): 0 means no automated backups at all.",
        "ko": "인스턴스의 백업 보존 기간(일)을 확인하세요. 0은 자동 백업이 전혀 없다는 뜻입니다.",
    },
    remediation='rds.modify_db_instance(DBInstanceIdentifier="{db_instance}", BackupRetentionPeriod=7, ApplyImmediately=True)',
)


def check(account):
    findings = []
    for instance in account.rds.instances:
        days = instance.backup_retention_days
        if days >= MINIMUM_DAYS:
            findings.append(passed(
                METADATA, instance.id,
                f"DB instance {instance.id} keeps automated backups for {days} days.",
                f"DB 인스턴스 {josa(instance.id, '은')} 자동 백업을 {days}일 동안 보관합니다.",
            ))
        elif days == 0:
            findings.append(failed(
                METADATA, instance.id,
                f"DB instance {instance.id} has no automated backups (retention 0 days).",
                f"DB 인스턴스 {instance.id}에는 자동 백업이 없습니다(보존 기간 0일).",
            ))
        else:
            findings.append(failed(
                METADATA, instance.id,
                f"DB instance {instance.id} keeps automated backups for {days} days only; keep them for at least "
                f"{MINIMUM_DAYS}.",
                f"DB 인스턴스 {josa(instance.id, '은')} 자동 백업을 {days}일만 보관합니다. {MINIMUM_DAYS}일 이상 보관하세요.",
            ))
    return findings
