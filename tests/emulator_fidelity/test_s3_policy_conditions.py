import json

import boto3

from labs import company
from labs.emulator_fidelity import _patching
from labs.emulator_fidelity import s3_policy_conditions as correction  # noqa: F401  (the correction tested)


def _tls_only_bucket(lab):
    """The image bucket with chapter 08's policy: Deny every request over plain HTTP."""
    from moto.s3.models import s3_backends

    bucket = company.create_image_bucket(lab)
    boto3.client("s3").put_bucket_policy(Bucket=bucket, Policy=json.dumps(
        {"Version": "2012-10-17", "Statement": [company.deny_plain_http(bucket)]}))
    return s3_backends[lab.account_id]["global"].get_bucket(bucket), f"arn:aws:s3:::{bucket}/uploads/a.png"


def test_moto_itself_denies_every_request_under_a_tls_only_policy(lab):
    from moto.iam.access_control import PermissionResult
    from moto.s3.models import FakeBucket

    bucket, key = _tls_only_bucket(lab)
    moto = _patching.original(FakeBucket, "get_permission")
    assert moto(bucket, "s3:GetObject", key) == PermissionResult.DENIED, "moto now evaluates it: the correction can go"


def test_the_lab_leaves_conditional_statements_out(lab):
    from moto.iam.access_control import PermissionResult

    bucket, key = _tls_only_bucket(lab)
    assert bucket.get_permission("s3:GetObject", key) == PermissionResult.NEUTRAL
    s3 = boto3.client("s3")
    first = s3.list_objects_v2(Bucket=bucket.name)["Contents"][0]["Key"]
    assert s3.get_object(Bucket=bucket.name, Key=first)["Body"].read(), "the bucket stays readable over HTTPS"
