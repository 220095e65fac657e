"""To make the migration's bulk load faster, the colleague set the backup retention period to 0 days,
which switches automated backups off (and deletes the ones there were). He meant to set it back."""

from labs import company

BREAKS = ("rds_instance_backup_enabled",)


def resource(aws) -> str:
    return company.create_database(aws)


def build(aws) -> None:
    aws.client("rds").modify_db_instance(DBInstanceIdentifier=resource(aws), BackupRetentionPeriod=0,
                                         ApplyImmediately=True)


def fix(aws) -> None:
    aws.client("rds").modify_db_instance(DBInstanceIdentifier=resource(aws),
                                         BackupRetentionPeriod=company.DB_BACKUP_DAYS, ApplyImmediately=True)
