"""RDS DB instances use a master user name of their own, not a default one (FSBP RDS.25).

A password-guessing script needs a user name and a password; with the master user called admin,
it already has half. The name is chosen when the instance is created and cannot be changed
afterwards, not even by restoring a snapshot (the restored instance keeps it): the way out is a
new instance with another name and the data copied over (mysqldump, or AWS DMS).

Prowler's check of this id fails the names admin and postgres; the lab also fails root, the name
MariaDB and MySQL give their own superuser, and any capitalisation of the three.
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="rds_instance_default_admin",
    service="rds",
    severity="low",
    title={
        "en": "RDS DB instances do not use a default master user name (admin, postgres, root)",
        "ko": "RDS DB 인스턴스가 기본 마스터 사용자 이름(admin 등)을 쓰지 않습니다",
    },
    hint={
        "en": "The master user name is fixed when an instance is created, and a restore keeps it: a new instance "
        "with another name, the data copied over, the app moved to it and the old one deleted is the only way.",
        "ko": "마스터 사용자 이름은 인스턴스를 만들 때 정해지고, 스냅샷 복원도 그 이름을 유지합니다. 다른 이름으로 "
        "새 인스턴스를 만들고 데이터를 옮긴 뒤 앱을 옮기고 예전 인스턴스를 삭제하는 방법뿐입니다.",
    },
    remediation=(
        'old = rds.describe_db_instances(DBInstanceIdentifier="{db_instance}")["DBInstances"][0]\n'
        'rds.create_db_instance(DBInstanceIdentifier="{db_instance}-new", Engine=old["Engine"], '
        'EngineVersion=old["EngineVersion"], DBInstanceClass=old["DBInstanceClass"], '
        'AllocatedStorage=old["AllocatedStorage"], MasterUsername="community_dba", ManageMasterUserPassword=True, '
        'StorageEncrypted=True, DBSubnetGroupName=old["DBSubnetGroup"]["DBSubnetGroupName"], PubliclyAccessible=False, '
        'VpcSecurityGroupIds=[g["VpcSecurityGroupId"] for g in old["VpcSecurityGroups"]])\n'
        'rds.modify_db_instance(DBInstanceIdentifier="{db_instance}", DeletionProtection=False, ApplyImmediately=True)\n'
        'rds.delete_db_instance(DBInstanceIdentifier="{db_instance}", FinalDBSnapshotIdentifier="{db_instance}-final")\n'
        'rds.modify_db_instance(DBInstanceIdentifier="{db_instance}-new", NewDBInstanceIdentifier="{db_instance}", '
        'ApplyImmediately=True)'
    ),
)


def check(account):
    from labs.checks.lib.rds import is_default_admin

    findings = []
    for instance in account.rds.instances:
        if is_default_admin(instance.master_username):
            findings.append(failed(
                METADATA, instance.id,
                f"DB instance {instance.id} has the default master user name {instance.master_username!r}: a "
                "password guesser already knows half of the login.",
                f"DB 인스턴스 {instance.id}의 마스터 사용자 이름이 기본값 {instance.master_username!r}입니다. 비밀번호를 "
                "추측하는 공격자는 로그인 정보의 절반을 이미 알고 있습니다.",
            ))
        else:
            findings.append(passed(
                METADATA, instance.id,
                f"DB instance {instance.id} has a master user name of its own ({instance.master_username!r}).",
                f"DB 인스턴스 {instance.id}의 마스터 사용자 이름은 기본값이 아닙니다({instance.master_username!r}).",
            ))
    return findings
