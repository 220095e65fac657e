"""Both backends give the same account to plain boto3 code; the server one over real HTTP."""

import os

import boto3
import pytest
import requests

import labs
from labs import backends, company


@pytest.fixture(params=["moto", "moto-server"])
def lab(request, monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    yield labs.start("08-s3", backend=request.param)


def test_plain_boto3_reaches_the_chapter_world(lab):
    bucket = company.image_bucket_name(lab.account_id)
    assert bucket in [b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"]]
    assert boto3.client("s3").get_bucket_location(Bucket=bucket)["LocationConstraint"] == "ap-northeast-2"


def test_the_endpoint_is_the_emulator_for_the_server_and_nowhere_in_process(lab):
    """Children inherit AWS_ENDPOINT_URL: the server, or (moto in this process) a closed loopback port."""
    from labs import guard

    if lab.backend.name == "moto-server":
        assert os.environ["AWS_ENDPOINT_URL"] == lab.backend.endpoint_url
    else:
        assert os.environ["AWS_ENDPOINT_URL"] == guard.black_hole_url()
        assert boto3.client("s3").meta.endpoint_url.endswith(".amazonaws.com"), "this process ignores it"


def test_s3_control_works_despite_its_account_host_prefix(lab):
    s3control = boto3.client("s3control")
    settings = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    s3control.put_public_access_block(AccountId=lab.account_id, PublicAccessBlockConfiguration=settings)
    assert s3control.get_public_access_block(AccountId=lab.account_id)["PublicAccessBlockConfiguration"] == settings


def test_a_presigned_url_downloads(lab):
    bucket = company.image_bucket_name(lab.account_id)
    s3 = boto3.client("s3")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "uploads/user-42-cat.png"}, ExpiresIn=60)
    response = requests.get(url, timeout=10)
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    if lab.backend.name == "moto-server":
        assert url.startswith(lab.backend.endpoint_url), "the server serves it over real HTTP"


def test_a_tls_only_policy_does_not_lock_the_bucket(lab):
    """moto would refuse HTTPS too under a Deny on aws:SecureTransport=false; the lab stops that."""
    bucket = company.image_bucket_name(lab.account_id)
    s3 = boto3.client("s3")
    s3.delete_bucket_policy(Bucket=bucket)
    all_checks = {"Bool": {"aws:SecureTransport": "false"}}
    statement = {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                 "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"], "Condition": all_checks}
    import json

    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    assert s3.get_object(Bucket=bucket, Key="uploads/user-42-cat.png")["Body"].read().startswith(b"\x89PNG")


def test_starting_again_gives_a_fresh_world(lab):
    boto3.client("s3").create_bucket(
        Bucket="leftover-from-before", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"}
    )
    labs.start("08-s3", backend=lab.backend.name)
    assert "leftover-from-before" not in [b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"]]


def test_the_backend_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("LABS_BACKEND", "moto-server")
    assert backends.backend_name_from_environment() == "moto-server"
    monkeypatch.setenv("LABS_BACKEND", " ")
    assert backends.backend_name_from_environment() == "moto"
