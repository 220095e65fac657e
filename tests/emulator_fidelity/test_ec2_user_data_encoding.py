import boto3
import pytest
from botocore.exceptions import ClientError

from labs import company
from labs.emulator_fidelity import ec2_user_data_encoding as correction
from tests.emulator_fidelity.conftest import moto_client

SCRIPT = "#!/bin/bash\necho hello\n"


def _stopped(lab):
    instance = company.create_app_server(lab)
    boto3.client("ec2").stop_instances(InstanceIds=[instance])
    return instance


def test_moto_itself_refuses_a_plain_script(lab):
    with pytest.raises(ClientError) as caught:
        moto_client("ec2", correction).modify_instance_attribute(InstanceId=_stopped(lab), UserData={"Value": SCRIPT.encode()})
    assert caught.value.response["Error"]["Code"] == "InvalidUserData.Malformed", "moto now takes it: the correction can go"


def test_the_lab_stores_the_script_given_as_on_aws(lab):
    import base64

    ec2, instance = boto3.client("ec2"), _stopped(lab)
    ec2.modify_instance_attribute(InstanceId=instance, UserData={"Value": SCRIPT.encode()})
    stored = ec2.describe_instance_attribute(InstanceId=instance, Attribute="userData")["UserData"]["Value"]
    assert base64.b64decode(stored).decode() == SCRIPT
