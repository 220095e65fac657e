import boto3

from labs.emulator_fidelity import rds_restore_from_snapshot as correction
from tests.emulator_fidelity.conftest import without


def _restored_from_a_protected_public_instance():
    rds = boto3.client("rds")
    rds.create_db_instance(DBInstanceIdentifier="source", Engine="mariadb", EngineVersion="10.6.14",
                           DBInstanceClass="db.t3.micro", AllocatedStorage=20, MasterUsername="dba",
                           ManageMasterUserPassword=True,
                           PubliclyAccessible=True, DeletionProtection=True)
    rds.create_db_snapshot(DBInstanceIdentifier="source", DBSnapshotIdentifier="snap")
    restored = rds.restore_db_instance_from_db_snapshot(DBInstanceIdentifier="copy", DBSnapshotIdentifier="snap",
                                                        PubliclyAccessible=False)["DBInstance"]
    return restored["PubliclyAccessible"], restored["DeletionProtection"], "MasterUserSecret" in restored


def test_moto_itself_keeps_what_the_restore_turned_off_and_copies_the_managed_password(lab):
    with without(correction):
        assert _restored_from_a_protected_public_instance() == (True, True, True), \
            "moto now restores as RDS does: the correction can go"


def test_the_lab_restores_as_rds_does(lab):
    assert _restored_from_a_protected_public_instance() == (False, False, False)
