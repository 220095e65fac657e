import boto3
import pytest
from botocore.exceptions import ClientError

from labs import company
from labs.emulator_fidelity import ec2_user_data_when_stopped as correction
from tests.emulator_fidelity.conftest import moto_client

SCRIPT = b"#!/bin/bash\necho hello\n"


def test_moto_itself_changes_a_running_instances_user_data(lab):
    instance = company.create_app_server(lab)
    moto_client("ec2", correction).modify_instance_attribute(InstanceId=instance, UserData={"Value": SCRIPT})
    stored = boto3.client("ec2").describe_instance_attribute(InstanceId=instance, Attribute="userData")["UserData"]
    assert stored.get("Value"), "moto now refuses it: the lab's correction can go"


def test_the_lab_refuses_it_while_the_instance_runs_as_ec2_does(lab):
    instance = company.create_app_server(lab)
    with pytest.raises(ClientError) as caught:
        boto3.client("ec2").modify_instance_attribute(InstanceId=instance, UserData={"Value": SCRIPT})
    assert caught.value.response["Error"]["Code"] == "IncorrectInstanceState"
