"""RDS DB instances encrypt their storage (CIS 2.2.1, FSBP RDS.3).

Encryption at rest covers the instance's volumes, its automated backups, snapshots, read replicas
and logs, with AES-256 and a KMS key; the database engine sees no difference and the cost in
performance is small. It can only be chosen when an instance is created: an unencrypted instance
becomes encrypted by a snapshot, a copy of that snapshot with a KMS key, and a restore of the copy.
The key matters too: snapshots encrypted with the AWS managed key aws/rds cannot be shared with
another account; with a customer managed key they can, to accounts its key policy lets in.

Prowler judges the same field (StorageEncrypted); the lab's message also says which key.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="rds_instance_storage_encrypted",
    service="rds",
    reads=("kms",),
    severity="high",
    title={
        "en": "RDS DB instances encrypt their storage with a KMS key",
        "ko": "RDS DB 인스턴스가 스토리지를 KMS 키로 암호화합니다",
    },
    hint={
        "en": "Encryption at rest cannot be switched on for an instance that exists: take a snapshot, make "
        "an encrypted copy of it with a KMS key, restore the copy as an instance, move the app, delete the old one.",
        "ko": "이미 있는 인스턴스에는 저장 데이터 암호화를 켤 수 없습니다. 스냅샷을 찍고, KMS 키로 암호화한 "
        "사본을 만들고, 그 사본을 인스턴스로 복원한 뒤 앱을 옮기고 예전 인스턴스를 삭제하세요.",
    },
    remediation=(
        'key = kms.create_key(Description="RDS storage")["KeyMetadata"]["Arn"]\n'
        'kms.enable_key_rotation(KeyId=key)\n'
        'old = rds.describe_db_instances(DBInstanceIdentifier="{db_instance}")["DBInstances"][0]\n'
        'rds.create_db_snapshot(DBInstanceIdentifier="{db_instance}", DBSnapshotIdentifier="{db_instance}-unencrypted")\n'
        'rds.copy_db_snapshot(SourceDBSnapshotIdentifier="{db_instance}-unencrypted", '
        'TargetDBSnapshotIdentifier="{db_instance}-encrypted", KmsKeyId=key)\n'
        'rds.modify_db_instance(DBInstanceIdentifier="{db_instance}", DeletionProtection=False, ApplyImmediately=True)\n'
        'rds.delete_db_instance(DBInstanceIdentifier="{db_instance}", SkipFinalSnapshot=True)\n'
        'rds.restore_db_instance_from_db_snapshot(DBInstanceIdentifier="{db_instance}", '
        'DBSnapshotIdentifier="{db_instance}-encrypted", DBSubnetGroupName=old["DBSubnetGroup"]["DBSubnetGroupName"], '
        'VpcSecurityGroupIds=[g["VpcSecurityGroupId"] for g in old["VpcSecurityGroups"]], '
        'PubliclyAccessible=old["PubliclyAccessible"], DeletionProtection=True)\n'
        'rds.modify_db_instance(DBInstanceIdentifier="{db_instance}", ManageMasterUserPassword=True, ApplyImmediately=True)\n'
        'rds.delete_db_snapshot(DBSnapshotIdentifier="{db_instance}-unencrypted")'
    ),
)


def check(account):
    from labs.checks.lib.rds import encryption_key

    findings = []
    for instance in account.rds.instances:
        kind, key = encryption_key(instance, getattr(account, "kms", None))
        if kind == "none":
            findings.append(failed(
                METADATA, instance.id,
                f"DB instance {instance.id} stores its data, backups and snapshots unencrypted.",
                f"DB 인스턴스 {josa(instance.id, '은')} 데이터, 백업, 스냅샷을 암호화하지 않고 저장합니다.",
            ))
            continue
        if kind == "customer":
            which, which_ko = f"the customer managed key {key.label}", f"고객 관리형 키 {key.label}"
        elif kind == "aws":
            which, which_ko = "the AWS managed key aws/rds", "AWS 관리형 키 aws/rds"
        else:
            which = which_ko = instance.kms_key_id or "a KMS key"
        findings.append(passed(
            METADATA, instance.id,
            f"DB instance {instance.id} encrypts its storage with {which}.",
            f"DB 인스턴스 {josa(instance.id, '은')} {josa(which_ko, '으로')} 스토리지를 암호화합니다.",
        ))
    return findings
