import boto3

from labs import company
from labs.emulator_fidelity import ec2_empty_user_data as correction
from tests.emulator_fidelity.conftest import without


def _empty_user_data_set(lab):
    ec2, instance = boto3.client("ec2"), company.create_app_server(lab)
    ec2.stop_instances(InstanceIds=[instance])
    ec2.modify_instance_attribute(InstanceId=instance, UserData={"Value": b""})
    return ec2.describe_instance_attribute(InstanceId=instance, Attribute="userData").get("UserData", {}).get("Value")


def test_moto_itself_stores_something_for_empty_user_data(lab):
    with without(correction):
        assert _empty_user_data_set(lab), "moto now clears it: the lab's correction can go"


def test_the_lab_clears_it_as_ec2_does(lab):
    assert not _empty_user_data_set(lab)
