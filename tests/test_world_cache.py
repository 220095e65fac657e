"""A chapter's world restored from the process's copy is the world built call by call, and what a
learner changes never reaches the copy (labs/world_cache.py)."""

from collections import Counter

import boto3
import pytest

import labs
from labs import inventory, world_cache
from labs.checks import all_checks
from labs.cloudtrail import event_history


def picture(lab):
    """What a learner and the checks see: every check's verdicts, the buckets, the trail's history."""
    checks = all_checks()
    state = inventory.collect(lab, {s for c in checks.values() for s in c.metadata.services})
    # Default security groups of regions nobody used are made by moto on first sight, with new ids.
    verdicts = Counter((f.check_id, f.status) for c in checks.values() for f in c.run(state))
    history = sorted((r["eventName"], r["eventTime"]) for r in event_history.records(lab.region))
    s3 = lab.client("s3")
    buckets = sorted(b["Name"] for b in s3.list_buckets()["Buckets"])
    # Every object's bytes, read back through S3 (its checksum is verified on the way).
    objects = sorted((name, item["Key"], s3.get_object(Bucket=name, Key=item["Key"])["Body"].read())
                     for name in buckets for page in s3.get_paginator("list_objects_v2").paginate(Bucket=name)
                     for item in page.get("Contents", []))
    return (verdicts, buckets, objects, history, lab.root.mfa_active,
            sorted(lab.__dict__.get("_company_ids", {}).items(), key=str))


@pytest.fixture
def fresh_cache(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    monkeypatch.setenv("LABS_WORLD_CACHE", "1")
    world_cache.forget()
    yield
    world_cache.forget()


@pytest.mark.parametrize("chapter", ["03", "08"])
def test_a_restored_world_is_the_built_world(fresh_cache, chapter):
    built = picture(labs.start(chapter))
    assert picture(labs.start(chapter)) == built
    assert picture(labs.start(chapter)) == built, "the copy survives the reset of a second restore"


def test_what_a_learner_changes_never_reaches_the_copy(fresh_cache):
    lab = labs.start("08")
    bucket = f"community-app-images-{lab.account_id}"
    s3 = boto3.client("s3")
    s3.delete_bucket_policy(Bucket=bucket)
    s3.create_bucket(Bucket="learner-own-bucket", CreateBucketConfiguration={"LocationConstraint": lab.region})
    again = labs.start("08")
    names = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    assert "learner-own-bucket" not in names
    assert s3.get_bucket_policy(Bucket=bucket)["Policy"], "the colleague's public policy is back"
    assert not again.grade("8.1")


def test_the_copy_can_be_turned_off(fresh_cache, monkeypatch):
    monkeypatch.setenv("LABS_WORLD_CACHE", "0")
    labs.start("08")
    assert world_cache._worlds == {}
