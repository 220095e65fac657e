"""The chapters LocalStack can run, against a running LocalStack (`make test-localstack` starts one
without Docker when Python 3.13 is present). Under plain `make test` these skip, saying why."""

import os
import tempfile
from pathlib import Path

import boto3
import pytest

import labs
from labs import backends, capabilities
from labs.chapters import Chapter, all_chapters
from labs.errors import BackendUnavailableError

ROOT = Path(__file__).resolve().parents[1]
on_localstack = pytest.mark.skipif(
    os.environ.get("LABS_BACKEND") != "localstack",
    reason="needs a running LocalStack: `make test-localstack` (Python 3.13) or docker compose --profile localstack",
)
RUNNABLE = [c for c in all_chapters() if not capabilities.missing_on_localstack_free_tier(c)]


@on_localstack
def test_each_start_is_a_fresh_account_that_is_not_motos():
    first = labs.start("08")
    second = labs.start("08")
    assert first.account_id != second.account_id
    assert "123456789012" not in (first.account_id, second.account_id)
    assert [b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"]] == [
        f"community-app-images-{second.account_id}"]


@on_localstack
@pytest.mark.parametrize("chapter", RUNNABLE, ids=lambda c: c.stem)
def test_solution_notebook_runs_on_localstack(chapter, monkeypatch):
    import nbclient
    import nbformat

    monkeypatch.setenv("LABS_EXPECT", "done")
    monkeypatch.setenv("LABS_HOME", tempfile.mkdtemp(prefix="labs-localstack-"))
    path = ROOT / "solutions" / f"{chapter.stem}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()


def test_localstack_host_is_read_as_localstacks_own_tools_read_it(monkeypatch):
    monkeypatch.setenv("LOCALSTACK_HOST", "localhost.localstack.cloud:4777")
    assert backends.localstack_endpoint() == "http://127.0.0.1:4777"
    monkeypatch.setenv("LOCALSTACK_HOST", "127.0.0.1")
    assert backends.localstack_endpoint() == "http://127.0.0.1:4566"
    monkeypatch.setenv("LOCALSTACK_HOST", "localstack.example.com:4566")
    with pytest.raises(BackendUnavailableError, match="not this machine"):
        backends.localstack_endpoint()


def test_no_localstack_running_refuses_to_start_and_never_falls_back(monkeypatch):
    monkeypatch.setenv("LOCALSTACK_HOST", f"127.0.0.1:{backends.free_loopback_port()}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIA" + "Q3EGRTHYQW5WXNZ7")
    monkeypatch.setenv("AWS_PROFILE", "work")
    with pytest.raises(BackendUnavailableError, match="LocalStack is not answering.*never falls back"):
        labs.start("08", backend="localstack")


def test_a_chapter_needing_a_service_the_backend_lacks_says_so_in_one_sentence():
    needs_cloudtrail = Chapter(number="03", stem="03-cloudtrail", title={"en": "t", "ko": "t"},
                               services=("cloudtrail", "s3"))
    free_tier = backends.LocalStack()
    free_tier.services = {"s3", "sts", "kms"}
    with pytest.raises(BackendUnavailableError, match="needs cloudtrail.*LABS_BACKEND=moto"):
        capabilities.require(needs_cloudtrail, free_tier)
    capabilities.require(needs_cloudtrail, backends.MotoInProcess())
