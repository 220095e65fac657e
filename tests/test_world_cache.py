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


# --- the world on disk: a new kernel starts from the world an earlier one built ---------------------

@pytest.fixture
def own_disk(fresh_cache, monkeypatch, tmp_path):
    monkeypatch.setenv("LABS_HOME", str(tmp_path))
    monkeypatch.delenv("LABS_DISK_CACHE", raising=False)
    return tmp_path / "cache"


def _never_build(monkeypatch):
    from labs import lab as lab_module

    def refuse(lab):
        raise AssertionError("the world was built call by call instead of restored from disk")

    monkeypatch.setattr(lab_module, "build_world", refuse)


def test_a_world_restored_from_disk_is_the_built_world(own_disk, monkeypatch):
    built = picture(labs.start("08"))
    assert list(own_disk.glob("world-*.pickle")), "the built world was saved on disk"
    world_cache.forget()  # as a new kernel: nothing kept in the process
    _never_build(monkeypatch)
    assert picture(labs.start("08")) == built
    world_cache.forget()
    again = labs.start("08")
    assert picture(again) == built, "the file on disk survives being read"
    assert not again.grade("8.1"), "the colleague's public policy is there to fix"


def test_a_changed_lab_never_starts_from_an_old_world(own_disk, monkeypatch):
    labs.start("08")
    world_cache.forget()
    monkeypatch.setattr(world_cache, "_code_digest", lambda: "the lab's code changed")
    calls = []
    from labs import lab as lab_module

    original = lab_module.build_world
    monkeypatch.setattr(lab_module, "build_world", lambda lab: calls.append(lab) or original(lab))
    labs.start("08")
    assert calls, "a world saved by another version of the lab was used"
    assert len(list(own_disk.glob("world-*.pickle"))) == 2


def test_a_world_file_that_is_unreadable_or_not_only_ours_is_not_used(own_disk, monkeypatch):
    verdicts = picture(labs.start("08"))[0]  # a world built again has its own ids and times
    (saved,) = own_disk.glob("world-*.pickle")
    from labs import lab as lab_module

    original = lab_module.build_world
    calls = []
    monkeypatch.setattr(lab_module, "build_world", lambda lab: calls.append(lab) or original(lab))
    saved.chmod(0o666)  # others could have written it: a pickle is code, never read
    world_cache.forget()
    assert picture(labs.start("08"))[0] == verdicts
    assert len(calls) == 1
    saved.write_bytes(b"not a pickle")
    saved.chmod(0o600)
    world_cache.forget()
    assert picture(labs.start("08"))[0] == verdicts
    assert len(calls) == 2


def test_the_disk_can_be_left_out(own_disk, monkeypatch):
    monkeypatch.setenv("LABS_DISK_CACHE", "0")
    labs.start("08")
    assert not list(own_disk.glob("world-*"))
    assert world_cache._worlds, "the process still keeps its own copy"


def test_chapter_11_started_with_other_mistakes_is_another_world_on_disk(own_disk, monkeypatch):
    """Chapter 11 picks its mistakes from a seed and its options: a new kernel asking for the clean
    account must not get the world an earlier one built with mistakes in it (the key names them)."""
    from labs.chapters import ch11_capstone as capstone

    for variable in capstone.ENVIRONMENT.values():
        monkeypatch.delenv(variable, raising=False)
    planted = picture(labs.start("11"))
    world_cache.forget()
    clean = picture(labs.start("11", count=0, hidden=0))
    assert clean[0] != planted[0], "the clean account has none of the planted mistakes' failing checks"
    assert len(list(own_disk.glob("world-*.pickle"))) == 2
    world_cache.forget()
    _never_build(monkeypatch)
    assert picture(labs.start("11", count=0, hidden=0)) == clean
    world_cache.forget()
    assert picture(labs.start("11")) == planted
