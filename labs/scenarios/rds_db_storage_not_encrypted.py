"""In the console's "Create database" page the colleague left "Enable encryption" unticked: it was
the night of the migration, and the box was below the fold. Every row of the community's data,
every automated backup and every snapshot of it sits on disk in clear. RDS cannot encrypt an
instance that exists; the fix is a snapshot, an encrypted copy with the company's KMS key, and a
restore of that copy (the talk: "RDS에서는 디스크 전체를 암호화하는 기능을 제공합니다")."""

from labs import company

BREAKS = ("rds_instance_storage_encrypted",)


def resource(aws) -> str:
    return company.create_database(aws)


def build(aws) -> None:
    resource(aws)
    if company.db_instance(aws)["StorageEncrypted"]:
        company.replace_database(aws, StorageEncrypted=False)


def fix(aws) -> None:
    resource(aws)
    snapshot = company.snapshot_database(aws, "community-app-db-to-encrypt", encrypt_with=company.create_db_key(aws))
    company.restore_database(aws, snapshot)
