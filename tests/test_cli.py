"""The `labs` command: server, check, doctor, chapters, and their mistakes."""

import json
import os
import signal
import subprocess
import sys

from pathlib import Path

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


@pytest.mark.parametrize(("columns", "lang"), [(80, "en"), (100, "ko"), (220, "en"), (220, "ko")])
def test_labs_check_is_readable_in_a_terminal(labs_server, columns, lang):
    """Every line fits the terminal; the messages are left-aligned and wrapped: in a column of their own when the
    terminal is wide enough, else below each finding's status, check and resource."""
    from labs.findings_table import STATUS_KO
    from labs.terminal import width

    environment = {**_aws_cli_environment(labs_server), "COLUMNS": str(columns), "LABS_LANG": lang}
    labs_start = "import labs; labs.start('08', backend='moto-server')"
    subprocess.run([sys.executable, "-c", labs_start], env={**environment, "LABS_SERVER_URL": labs_server}, check=True,
                   timeout=120)
    out = subprocess.run([sys.executable, "-m", "labs.cli", "check", "--chapter", "08"], env=environment,
                         capture_output=True, text=True, timeout=60).stdout
    lines = out.splitlines()
    assert len(lines) > 10 and all(width(line) <= columns for line in lines), out
    public = "is public" if lang == "en" else "퍼블릭입니다"
    statuses = ("PASS", "FAIL", "N/A") if lang == "en" else tuple(STATUS_KO[s] for s in ("PASS", "FAIL", "N/A"))
    assert public in out.replace("\n", " ").replace("  ", " ")
    if columns >= 200:  # a table: every message line starts in the same column
        start = width(lines[0]) - width(lines[0].split()[-1])
        assert all(line[:start].strip() == "" or line.startswith(statuses) for line in lines[1:])
    else:  # blocks: each finding's line, then its message indented below it
        assert all(line.startswith((*statuses, "    ", "community-app-")) for line in lines[2:]), out


@pytest.mark.parametrize("command", [["chapters"], ["chapters", "--lang", "ko"], ["progress"], ["check", "--chapter", "08"]])
def test_labs_output_piped_to_a_reader_that_stops_early_is_no_traceback(labs_server, command):
    """`labs check | head -1`: the reader is gone before labs writes (here, from the start)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        run = subprocess.run([sys.executable, "-m", "labs.cli", *command], stdout=write_end, stderr=subprocess.PIPE,
                             text=True, env=_aws_cli_environment(labs_server), timeout=120)
    finally:
        os.close(write_end)
    assert run.returncode == 0 and run.stderr == "", run.stderr


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


def test_labs_chapters_prints_every_backend_column_the_readme_promises(capsys, monkeypatch):
    from labs import language
    from labs.terminal import width

    monkeypatch.setitem(language._current, "lang", None)  # `labs chapters --lang ko` sets it for the process

    monkeypatch.setenv("COLUMNS", "100")
    assert cli.main(["chapters"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["chapter", "moto", "moto-server", "localstack"]
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for row in cli.capability_rows():
        line = next(line for line in lines if line.startswith(row["chapter"] + " "))
        assert line.split("  ")[0] == row["chapter"]
        cells = [cell.strip() for cell in line.split("  ") if cell.strip()]
        assert cells[1:4] == [row["moto"], row["moto-server"], row["localstack"]]
        assert f"| `{row['chapter']}` | {row['moto']} | {row['moto-server']} | {row['localstack']} |" in readme
    assert all(width(line) <= 100 for line in lines)
    assert cli.main(["chapters", "--lang", "ko"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split()[:3] == ["챕터", "moto", "moto-server"]


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
