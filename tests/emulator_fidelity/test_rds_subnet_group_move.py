import boto3
import pytest
from botocore.exceptions import ClientError

from labs import company
from labs.emulator_fidelity import rds_subnet_group_move as correction
from tests.emulator_fidelity.conftest import without


def _move_into_another_group_of_its_vpc(lab):
    rds = boto3.client("rds")
    rds.create_db_instance(DBInstanceIdentifier="db", Engine="mariadb", EngineVersion="10.6.14", DBInstanceClass="db.t3.micro",
                           AllocatedStorage=20, MasterUsername="dba", MasterUserPassword="Password-12345",
                           DBSubnetGroupName=company.create_db_subnet_group(lab, "public-group", public=True))
    moved = rds.modify_db_instance(DBInstanceIdentifier="db", DBSubnetGroupName=company.create_db_subnet_group(lab),
                                   ApplyImmediately=True)["DBInstance"]
    return moved["DBSubnetGroup"]["DBSubnetGroupName"]


def test_moto_itself_moves_an_instance_between_subnet_groups_of_one_vpc(lab):
    with without(correction):
        assert _move_into_another_group_of_its_vpc(lab) == company.DB_SUBNET_GROUP, "moto now refuses: the correction can go"


def test_the_lab_refuses_it_as_rds_does(lab):
    with pytest.raises(ClientError) as caught:
        _move_into_another_group_of_its_vpc(lab)
    assert caught.value.response["Error"]["Code"] == "InvalidVPCNetworkStateFault"
