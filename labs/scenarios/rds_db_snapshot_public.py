"""Before the migration went live, the colleague took a snapshot of the database and shared it with
"all" (public), so that a contractor could restore it in his own account to test a report. The
contractor is done; the snapshot is still public, and any AWS account in the world can restore the
community's database from it."""

from labs import company

BREAKS = ("rds_snapshots_public_access",)
ALSO_BREAKS = (("accessanalyzer_enabled_without_findings", lambda aws: aws.account_id),)
"""Where an analyzer runs (chapter 09 on), the public snapshot is one of its external access findings."""
SNAPSHOT = "community-app-db-before-go-live"


def resource(aws) -> str:
    company.create_database(aws)
    rds = aws.client("rds")
    if not [s for s in rds.describe_db_snapshots(DBInstanceIdentifier=company.DB_INSTANCE, SnapshotType="manual")[
            "DBSnapshots"] if s["DBSnapshotIdentifier"] == SNAPSHOT]:
        rds.create_db_snapshot(DBInstanceIdentifier=company.DB_INSTANCE, DBSnapshotIdentifier=SNAPSHOT)
    return SNAPSHOT


def build(aws) -> None:
    aws.client("rds").modify_db_snapshot_attribute(DBSnapshotIdentifier=resource(aws), AttributeName="restore",
                                                   ValuesToAdd=["all"])


def fix(aws) -> None:
    aws.client("rds").modify_db_snapshot_attribute(DBSnapshotIdentifier=resource(aws), AttributeName="restore",
                                                   ValuesToRemove=["all"])
