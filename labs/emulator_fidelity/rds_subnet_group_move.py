"""RDS: ModifyDBInstance refuses a DB subnet group in the instance's own VPC.

moto 5.2.5 moves an instance to any DB subnet group with ModifyDBInstance (measured); RDS refuses a
subnet group in the instance's own VPC (InvalidVPCNetworkStateFault: the parameter moves an instance
to another VPC). An instance in public subnets gets into private subnets of its VPC by a restore from a
snapshot into a subnet group of those subnets, which chapter 07 teaches.

Test: tests/emulator_fidelity/test_rds_subnet_group_move.py (moto itself still moves it).
"""

from __future__ import annotations

from labs.emulator_fidelity._patching import replace


def install() -> None:
    from moto.rds.exceptions import RDSClientError
    from moto.rds.models import RDSBackend

    original_modify = RDSBackend.modify_db_instance

    def modify_db_instance(self, db_instance_identifier, db_kwargs):
        wanted = db_kwargs.get("db_subnet_group_name")
        if wanted:
            database = self.describe_db_instances(db_instance_identifier)[0]
            current = getattr(database, "db_subnet_group", None)
            target = self.subnet_groups.get(wanted)
            if current is not None and target is not None and target.name != current.name \
                    and target.vpc_id == current.vpc_id:
                raise RDSClientError(
                    "InvalidVPCNetworkStateFault",
                    f"You cannot move DB instance {database.db_instance_identifier} to subnet group {target.name}. "
                    "The specified DB subnet group and DB instance are in the same VPC. Choose a DB subnet group in "
                    "different VPC than the specified DB instance and try again.",
                )
        return original_modify(self, db_instance_identifier, db_kwargs)

    replace(__name__, RDSBackend, "modify_db_instance", modify_db_instance)
