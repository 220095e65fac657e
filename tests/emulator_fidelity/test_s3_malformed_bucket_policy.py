import boto3
import pytest
from botocore.exceptions import ClientError

from labs import company
from labs.emulator_fidelity import s3_malformed_bucket_policy as correction
from tests.emulator_fidelity.conftest import moto_client

NOT_A_POLICY = '{"Statement": [{"Effect": "Allow"}]}'


def test_moto_itself_stores_any_text(lab):
    bucket = company.create_image_bucket(lab)
    moto_client("s3", correction).put_bucket_policy(Bucket=bucket, Policy=NOT_A_POLICY)
    assert boto3.client("s3").get_bucket_policy(Bucket=bucket)["Policy"] == NOT_A_POLICY, "moto now refuses it"


def test_the_lab_refuses_it_as_s3_does(lab):
    with pytest.raises(ClientError) as caught:
        boto3.client("s3").put_bucket_policy(Bucket=company.create_image_bucket(lab), Policy=NOT_A_POLICY)
    assert caught.value.response["Error"]["Code"] == "MalformedPolicy"
    assert correction.bucket_policy_problem(NOT_A_POLICY)
