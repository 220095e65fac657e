"""RDS: RestoreDBInstanceFromDBSnapshot applies what the call says, as RDS does.

moto 5.2.5 gets a restore wrong in three ways the lab's database move meets (measured):

- it ignores every parameter whose value is false, so `PubliclyAccessible=False` or
  `DeletionProtection=False` restores an instance that keeps the source's True; and it copies the
  source's deletion protection, which a restore does not (AWS: off unless asked). The lab applies
  what the call says, as RDS does;
- it copies the source's managed master password, with a new secret. RDS restores the password the
  database held when the snapshot was taken, self-managed, and accepts ManageMasterUserPassword in a
  restore for RDS for Oracle only: the restored instance's password is handed back to Secrets Manager
  afterwards, with ModifyDBInstance;
- it copies the source's option group and then fails to find a "default:..." group it never stores;
  a default group is rebuilt for the restored instance instead, as RDS does.

Test: tests/emulator_fidelity/test_rds_restore_from_snapshot.py (moto itself still keeps the source's
deletion protection and managed password).
"""

from __future__ import annotations

from labs.emulator_fidelity._patching import replace


def install() -> None:
    from moto.rds.exceptions import RDSClientError
    from moto.rds.models import RDSBackend

    original_restore = RDSBackend.restore_db_instance_from_db_snapshot

    def restore_db_instance_from_db_snapshot(self, from_snapshot_id, overrides):
        # moto copies the source's option group and then fails to find "default:..." groups it
        # never stores; a default group is rebuilt for the restored instance instead, as RDS does.
        try:
            snapshot_id = from_snapshot_id.rsplit(":", 1)[-1] if from_snapshot_id.startswith("arn:") else from_snapshot_id
            source = self.describe_db_snapshots(db_instance_identifier=None, db_snapshot_identifier=snapshot_id)[0].database
        except Exception:  # moto's own call reports a missing snapshot with the right error
            source = None
        supplied = getattr(source, "option_group_supplied", None)
        if source is not None and str(getattr(source, "option_group_name", "")).startswith("default:"):
            source.option_group_supplied = False
        engine = str(getattr(source, "engine", "") or overrides.get("engine") or "")
        if overrides.get("manage_master_user_password") and not engine.startswith("oracle"):
            raise RDSClientError(
                "InvalidParameterCombination",
                f"ManageMasterUserPassword can't be set when restoring a {engine} DB instance from a snapshot (RDS for "
                "Oracle only). Restore the instance, then modify it to manage its master user password.",
            )
        try:
            database = original_restore(self, from_snapshot_id, overrides)
        finally:
            if source is not None and supplied is not None:
                source.option_group_supplied = supplied
        if getattr(database, "manage_master_user_password", False) and not overrides.get("manage_master_user_password"):
            database.master_user_secret.delete_secret()
            del database.master_user_secret
            database.manage_master_user_password = False
        for key, value in overrides.items():
            if value is not None and not value and hasattr(database, key):
                setattr(database, key, value)
        if overrides.get("deletion_protection") is None:
            database.deletion_protection = False
        return database

    replace(__name__, RDSBackend, "restore_db_instance_from_db_snapshot", restore_db_instance_from_db_snapshot)
