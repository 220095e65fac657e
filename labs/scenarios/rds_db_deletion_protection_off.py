"""Deletion protection is off: the colleague rehearsed the migration twice, deleting and creating
the database each time, and the protection was in the way. One DeleteDBInstance call, from a tired
engineer or a script with the wrong name in it, and the community is gone."""

from labs import company

BREAKS = ("rds_instance_deletion_protection",)


def resource(aws) -> str:
    return company.create_database(aws)


def build(aws) -> None:
    aws.client("rds").modify_db_instance(DBInstanceIdentifier=resource(aws), DeletionProtection=False,
                                         ApplyImmediately=True)


def fix(aws) -> None:
    aws.client("rds").modify_db_instance(DBInstanceIdentifier=resource(aws), DeletionProtection=True,
                                         ApplyImmediately=True)
