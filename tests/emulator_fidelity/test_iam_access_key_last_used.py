import boto3

from labs import company
from labs.emulator_fidelity import iam_access_key_last_used as correction
from tests.emulator_fidelity.conftest import moto_client


def _developer_key(lab):
    company.create_developer_user(lab)
    return boto3.client("iam").list_access_keys(UserName=company.DEVELOPER)["AccessKeyMetadata"][0]["AccessKeyId"]


def test_moto_itself_never_knows_when_a_key_was_used(lab):
    used = moto_client("iam", correction).get_access_key_last_used(AccessKeyId=_developer_key(lab))["AccessKeyLastUsed"]
    assert "LastUsedDate" not in used, "moto now records it: the lab's correction can go"


def test_the_lab_answers_with_the_storys_date(lab):
    key = _developer_key(lab)
    used = boto3.client("iam").get_access_key_last_used(AccessKeyId=key)["AccessKeyLastUsed"]
    assert used["LastUsedDate"] == lab.history.keys[key]["used"] and used["ServiceName"] == "s3"
