import boto3

from labs import company
from labs.emulator_fidelity import ec2_instance_profile_replacement as correction
from tests.emulator_fidelity.conftest import without


def _profile_after_replacing(lab):
    iam, ec2 = boto3.client("iam"), boto3.client("ec2")
    instance = company.create_app_server(lab)
    for role in ("old-role", "new-role"):
        iam.create_instance_profile(InstanceProfileName=role)
    association = ec2.associate_iam_instance_profile(InstanceId=instance, IamInstanceProfile={"Name": "old-role"})
    ec2.replace_iam_instance_profile_association(
        AssociationId=association["IamInstanceProfileAssociation"]["AssociationId"], IamInstanceProfile={"Name": "new-role"})
    described = ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]
    return described["IamInstanceProfile"]["Arn"]


def test_moto_itself_still_shows_the_old_profile_on_the_instance(lab):
    with without(correction):
        assert _profile_after_replacing(lab).endswith("/old-role"), "moto now updates it: the lab's correction can go"


def test_the_lab_shows_the_new_profile_as_ec2_does(lab):
    assert _profile_after_replacing(lab).endswith("/new-role")
