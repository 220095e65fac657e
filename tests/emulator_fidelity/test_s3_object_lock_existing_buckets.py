import boto3
import pytest
from botocore.exceptions import ClientError

from labs import company
from labs.emulator_fidelity import s3_object_lock_existing_buckets as correction
from tests.emulator_fidelity.conftest import without

LOCK = {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 30}}}


def _versioned_bucket_with_objects(lab):
    s3, bucket = boto3.client("s3"), company.create_image_bucket(lab)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return s3, bucket


def test_moto_itself_refuses_object_lock_on_a_bucket_with_objects(lab):
    s3, bucket = _versioned_bucket_with_objects(lab)
    with without(correction), pytest.raises(ClientError) as caught:
        s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration=LOCK)
    assert caught.value.response["Error"]["Code"] == "InvalidBucket", "moto now allows it: the correction can go"


def test_the_lab_allows_it_on_a_versioned_bucket_as_s3_does(lab):
    s3, bucket = _versioned_bucket_with_objects(lab)
    s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration=LOCK)
    assert s3.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"]["ObjectLockEnabled"] == "Enabled"
    unversioned = "not-versioned"
    s3.create_bucket(Bucket=unversioned, CreateBucketConfiguration={"LocationConstraint": lab.region})
    with pytest.raises(ClientError) as caught:
        s3.put_object_lock_configuration(Bucket=unversioned, ObjectLockConfiguration=LOCK)
    assert caught.value.response["Error"]["Code"] == "InvalidBucketState"
