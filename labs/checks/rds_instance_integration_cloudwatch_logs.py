"""RDS DB instances publish their logs to CloudWatch Logs (FSBP RDS.9).

An instance's logs live on the instance, rotate away within days, and go with it when it is
deleted. Published to CloudWatch Logs, they are kept as long as you choose, searched across
instances, and alarmed on. For MariaDB and MySQL, FSBP RDS.9 asks for four: the audit log (who
connected, what they ran: it needs the audit plugin in the instance's option group), the error
log, the general log and the slow query log, the four the talk's console screenshot ticks.

Prowler's check of this id passes an instance that publishes any one log; the lab follows RDS.9
and asks for every log its engine must publish (for an engine RDS.9 does not list, any one).
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="rds_instance_integration_cloudwatch_logs",
    service="rds",
    severity="medium",
    title={
        "en": "RDS DB instances publish their logs to CloudWatch Logs (MariaDB: audit, error, general, slow query)",
        "ko": "RDS DB 인스턴스가 로그를 CloudWatch Logs로 내보냅니다 (MariaDB: 감사, 오류, 일반, 느린 쿼리)",
    },
    hint={
        "en": "Which log types does the instance export (EnabledCloudwatchLogsExports)? A modification can "
        "enable the missing ones; the audit log also needs the audit plugin in the instance's option group.",
        "ko": "인스턴스가 어떤 로그 유형을 내보내고 있나요(EnabledCloudwatchLogsExports)? 인스턴스를 수정해 빠진 "
        "유형을 켤 수 있습니다. 감사 로그에는 인스턴스 옵션 그룹의 감사 플러그인도 필요합니다.",
    },
    remediation=(
        'rds.modify_db_instance(DBInstanceIdentifier="{db_instance}", ApplyImmediately=True, '
        'CloudwatchLogsExportConfiguration={{"EnableLogTypes": ["audit", "error", "general", "slowquery"]}})'
    ),
)


def check(account):
    from labs.checks.lib.rds import log_names_ko, missing_logs

    findings = []
    for instance in account.rds.instances:
        missing = missing_logs(instance)
        exported = ", ".join(instance.log_exports) or "none"
        exported_ko = log_names_ko(instance.log_exports) or "없음"
        missing_ko = "어떤 로그도" if missing == ["any log"] else f"{log_names_ko(missing)} 로그를"
        if missing:
            findings.append(failed(
                METADATA, instance.id,
                f"DB instance {instance.id} does not publish {', '.join(missing)} to CloudWatch Logs "
                f"(published: {exported}).",
                f"DB 인스턴스 {josa(instance.id, '은')} {missing_ko} CloudWatch Logs로 내보내지 않습니다"
                f"(내보내는 로그: {exported_ko}).",
            ))
        else:
            findings.append(passed(
                METADATA, instance.id,
                f"DB instance {instance.id} publishes {exported} to CloudWatch Logs.",
                f"DB 인스턴스 {josa(instance.id, '은')} {exported_ko} 로그를 CloudWatch Logs로 내보냅니다.",
            ))
    return findings
