"""The `labs` command: server, check, doctor, chapters, and their mistakes."""

import json
import os
import signal
import subprocess
import sys

import boto3
import pytest

from labs import cli
from labs.backends import free_loopback_port


@pytest.fixture
def labs_server():
    """`labs server` in its own process, as a learner starts it in a terminal."""
    port = free_loopback_port()
    process = subprocess.Popen([sys.executable, "-m", "labs.cli", "server", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    first_line = process.stdout.readline()
    assert f"http://127.0.0.1:{port}" in first_line, first_line
    yield f"http://127.0.0.1:{port}"
    process.send_signal(signal.SIGINT)
    process.wait(timeout=10)


def _aws_cli_environment(url):
    return {**os.environ, "AWS_ENDPOINT_URL": url, "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "ap-northeast-2"}


def test_labs_check_reads_what_a_learner_built_with_the_cli(labs_server):
    environment = _aws_cli_environment(labs_server)
    s3 = boto3.client("s3", endpoint_url=labs_server, region_name="ap-northeast-2",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
    s3.create_bucket(Bucket="learner-bucket", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})
    out = subprocess.run([sys.executable, "-m", "labs.cli", "check", "--chapter", "08", "--json"],
                         env=environment, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    findings = json.loads(out.stdout)
    assert {f["check_id"] for f in findings} >= {"s3_bucket_public_access", "s3_bucket_kms_encryption"}
    assert all(set(f) == {"check_id", "resource", "status", "message"} for f in findings)
    assert {f["status"] for f in findings if f["resource"] == "learner-bucket"} == {"PASS", "FAIL"}
    table = subprocess.run([sys.executable, "-m", "labs.cli", "check", "--chapter", "08"],
                           env=environment, capture_output=True, text=True, timeout=60)
    assert "learner-bucket" in table.stdout and "status" in table.stdout.splitlines()[0]


def test_labs_check_takes_the_region_as_the_aws_cli_does(labs_server):
    environment = {**_aws_cli_environment(labs_server), "AWS_REGION": "us-west-2"}
    boto3.client("s3", endpoint_url=labs_server, region_name="us-west-2", aws_access_key_id="testing",
                 aws_secret_access_key="testing").create_bucket(
        Bucket="oregon-bucket", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    out = subprocess.run([sys.executable, "-m", "labs.cli", "check", "--chapter", "08", "--json"],
                         env=environment, capture_output=True, text=True, timeout=60)
    assert "oregon-bucket" in out.stdout


def test_a_notebook_can_use_the_server_labs_server_started(labs_server, monkeypatch):
    import labs

    monkeypatch.setenv("LABS_SERVER_URL", labs_server)
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    lab = labs.start("08", backend="moto-server")
    try:
        assert lab.backend.endpoint_url == labs_server
        assert boto3.client("s3").list_buckets()["Buckets"]
    finally:
        monkeypatch.delenv("LABS_SERVER_URL")
        labs.start("08", backend="moto")


def test_labs_check_without_an_emulator_says_what_to_start(monkeypatch, capsys):
    for name in ("AWS_ENDPOINT_URL", "LABS_SERVER_URL", "LABS_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["check"]) == 2
    assert "labs server" in capsys.readouterr().err


def test_labs_check_refuses_an_endpoint_that_is_not_this_machine(monkeypatch, capsys):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "https://s3.ap-northeast-2.amazonaws.com")
    monkeypatch.delenv("LABS_BACKEND", raising=False)
    assert cli.main(["check", "--chapter", "08"]) == 2
    assert "not this machine" in capsys.readouterr().err


def test_labs_doctor_reports_backend_guard_and_chapters(capsys, monkeypatch):
    monkeypatch.delenv("LABS_BACKEND", raising=False)
    monkeypatch.setenv("LOCALSTACK_HOST", f"127.0.0.1:{free_loopback_port()}")  # surely not running
    assert cli.main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "moto 5." in out and "answers: yes" in out
    assert "Guard: active" in out and "refused before it left" in out
    assert "08-s3" in out and "LocalStack: not running" in out


def test_labs_chapters_lists_what_localstack_can_run(capsys):
    assert cli.main(["chapters"]) == 0
    out = capsys.readouterr().out
    assert "08-s3" in out and "localstack: yes" in out


def test_an_unknown_chapter_on_the_command_line_is_one_sentence(capsys, labs_server, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", labs_server)
    assert cli.main(["check", "--chapter", "99"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("labs: There is no chapter '99'") and "Traceback" not in err


def test_labs_server_says_how_to_reach_it_and_stops_on_ctrl_c():
    port = free_loopback_port()
    process = subprocess.Popen([sys.executable, "-m", "labs.cli", "server", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = [process.stdout.readline() for _ in range(6)]
    text = "".join(lines)
    assert f"export AWS_ENDPOINT_URL=http://127.0.0.1:{port}" in text
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0  # a hang guard: it stops at once, but a busy machine may be slow
