"""RDS DB instances have deletion protection on (FSBP RDS.8).

With deletion protection, DeleteDBInstance fails until someone first turns the protection off:
one more deliberate step between a tired engineer (or a script with the wrong name in it) and the
company's database. Prowler judges the same field.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="rds_instance_deletion_protection",
    service="rds",
    severity="medium",
    title={
        "en": "RDS DB instances have deletion protection enabled",
        "ko": "RDS DB 인스턴스에 삭제 방지가 활성화되어 있습니다",
    },
    hint={
        "en": "Deletion protection is one setting of the instance; a modification turns it on without a restart.",
        "ko": "삭제 방지는 인스턴스 설정 하나입니다. 재시작 없이 인스턴스 수정으로 켤 수 있습니다.",
    },
    remediation='rds.modify_db_instance(DBInstanceIdentifier="{db_instance}", DeletionProtection=True, ApplyImmediately=True)',
)


def check(account):
    findings = []
    for instance in account.rds.instances:
        if instance.cluster_id:
            continue  # an Aurora cluster's members are protected at the cluster
        if instance.deletion_protection:
            findings.append(passed(
                METADATA, instance.id,
                f"DB instance {instance.id} has deletion protection on.",
                f"DB 인스턴스 {instance.id}에 삭제 방지가 켜져 있습니다.",
            ))
        else:
            findings.append(failed(
                METADATA, instance.id,
                f"DB instance {instance.id} can be deleted with one call: deletion protection is off.",
                f"DB 인스턴스 {josa(instance.id, '은')} 호출 한 번으로 삭제될 수 있습니다. 삭제 방지가 꺼져 있습니다.",
            ))
    return findings
