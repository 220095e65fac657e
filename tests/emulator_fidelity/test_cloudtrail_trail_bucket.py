import boto3
import pytest
from botocore.exceptions import ClientError

from labs.emulator_fidelity import cloudtrail_trail_bucket as correction
from tests.emulator_fidelity.conftest import moto_client


def _bucket_without_policy(lab):
    boto3.client("s3").create_bucket(Bucket="no-policy", CreateBucketConfiguration={"LocationConstraint": lab.region})
    return "no-policy"


def test_moto_itself_creates_a_trail_cloudtrail_could_not_deliver_for(lab):
    bucket = _bucket_without_policy(lab)
    trail = moto_client("cloudtrail", correction).create_trail(Name="trail", S3BucketName=bucket)
    assert trail["Name"] == "trail", "moto now refuses the bucket: the lab's correction can go"


def test_the_lab_refuses_it_as_cloudtrail_does(lab):
    bucket = _bucket_without_policy(lab)
    with pytest.raises(ClientError) as caught:
        boto3.client("cloudtrail").create_trail(Name="trail", S3BucketName=bucket)
    assert caught.value.response["Error"]["Code"] == "InsufficientS3BucketPolicyException"
    with pytest.raises(ClientError) as caught:
        boto3.client("cloudtrail").create_trail(Name="trail", S3BucketName="no-such-bucket")
    assert caught.value.response["Error"]["Code"] == "S3BucketDoesNotExistException"
