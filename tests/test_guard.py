"""Never a real account: whatever the machine holds, nothing leaves for anything but the emulator.

Counted the way the issue found them: real-looking credentials on the machine (environment, ~/.aws
files, a profile with credential_process), every network attempt beyond loopback recorded at the
socket layer (tests/escapes.py), loopback proxies and a credentials endpoint that record every
request they get. `make test-network` runs this file again inside a network namespace with no
route out (`unshare -n`), where an escape could not even leave."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
import requests

import labs
from labs.errors import RealAwsRefusedError
from tests import escapes

HERE = Path(__file__).resolve().parent

REAL_LOOKING_KEY = "AKIA" + "Q3EGRTHYQW5WXNZ7"  # shaped like a real key id, split so scanners stay quiet


@pytest.fixture
def machine_with_real_credentials(tmp_path, monkeypatch):
    """A learner's machine: real-looking keys in the environment, a profile, and ~/.aws files."""
    aws = tmp_path / ".aws"
    aws.mkdir()
    (aws / "credentials").write_text(
        f"[default]\naws_access_key_id = {REAL_LOOKING_KEY}\naws_secret_access_key = {'x' * 40}\n"
        f"[work]\naws_access_key_id = {REAL_LOOKING_KEY}\naws_secret_access_key = {'y' * 40}\n"
    )
    (aws / "config").write_text("[profile work]\nregion = us-east-1\ncredential_process = /bin/false\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", REAL_LOOKING_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "z" * 40)
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-session-token")
    monkeypatch.setenv("AWS_PROFILE", "work")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "https://s3.us-east-1.amazonaws.com")
    return tmp_path


@pytest.fixture
def connections(monkeypatch):
    """Every TCP connection attempted in this process, refused or not."""
    attempts = []
    original = socket.socket.connect

    def recording_connect(self, address):
        attempts.append(address)
        return original(self, address)

    monkeypatch.setattr(socket.socket, "connect", recording_connect)
    return attempts


@pytest.fixture
def recorded():
    """Every network attempt beyond loopback the guard let through (escapes): must stay empty."""
    with escapes.recording() as found:
        yield found
    assert found == [], f"escaped: {found}"


def _real_looking_machine(home: Path, proxy, credentials_server) -> dict:
    """The environment of a learner's machine with real-looking credentials everywhere."""
    aws = home / ".aws"
    aws.mkdir()
    marker = home / "credential_process_ran"
    script = home / "credential-helper.sh"
    script.write_text(f"#!/bin/sh\necho \"$LABS_TEST_PHASE\" >> {marker}\n"
                      f"echo '{{\"Version\": 1, \"AccessKeyId\": \"{REAL_LOOKING_KEY}\", "
                      f"\"SecretAccessKey\": \"{'p' * 40}\"}}'\n")
    script.chmod(0o755)
    (aws / "credentials").write_text(f"[default]\naws_access_key_id = {REAL_LOOKING_KEY}\n"
                                     f"aws_secret_access_key = {'x' * 40}\n")
    (aws / "config").write_text(f"[default]\nregion = us-east-1\n[profile work]\nregion = us-east-1\n"
                                f"credential_process = {script}\n")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LABS_"))}
    environment.update(
        HOME=str(home), LABS_HOME=str(home / "labs-home"), PYTHONPATH=str(HERE.parent),
        AWS_ACCESS_KEY_ID=REAL_LOOKING_KEY, AWS_SECRET_ACCESS_KEY="z" * 40, AWS_SESSION_TOKEN="real-session-token",
        AWS_PROFILE="work", AWS_REGION="us-east-1", AWS_ENDPOINT_URL_S3="https://s3.us-east-1.amazonaws.com",
        AWS_CA_BUNDLE=str(script), AWS_CONTAINER_CREDENTIALS_FULL_URI=f"{credentials_server.url}/creds",
        HTTPS_PROXY=proxy.url, HTTP_PROXY=proxy.url, https_proxy=proxy.url, NO_PROXY="",
    )
    return environment


def test_every_vector_from_a_fresh_kernel_is_refused_and_nothing_escapes(tmp_path):
    """A fresh Python process: clients made before `import labs`, a skipped or failed start, proxies,
    children, both backends. Every vector is refused in one sentence (or answered by the emulator, or
    fails on this machine), no attempt beyond loopback is let through, no proxy or credentials endpoint
    gets a request, the machine's credential_process never runs after the import."""
    named, unnamed, credentials = escapes.RecordingServer(), escapes.RecordingServer(), escapes.RecordingServer()
    environment = _real_looking_machine(tmp_path, named, credentials)
    environment["LABS_TEST_UNNAMED_PROXY"] = unnamed.url
    try:
        done = subprocess.run([sys.executable, str(HERE / "guard_child.py")], env=environment, capture_output=True,
                              text=True, timeout=600)
    finally:
        for server in (named, unnamed, credentials):
            server.close()
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    attempts = report.pop("_attempts")
    wrong = {name: entry for name, entry in report.items()
             if entry["outcome"] != entry["expected"] or entry["escapes"]
             or ("en" in entry and not (escapes.one_sentence(entry["en"]) and escapes.one_sentence(entry["ko"])))}
    assert not wrong, json.dumps(wrong, indent=1, ensure_ascii=False)
    (Path(os.environ.get("LABS_GUARD_REPORT", os.devnull))).write_text(json.dumps(report, indent=1, ensure_ascii=False))
    assert len(report) >= 54
    assert attempts.pop("control: a closed loopback port, retried once") == 2, "the counter sees retries"
    assert set(attempts.values()) == {1}, f"a refused request was retried: {attempts}"
    assert named.requests == [] and unnamed.requests == [], (named.requests, unnamed.requests)
    assert credentials.requests == [], credentials.requests
    ran = (tmp_path / "credential_process_ran")
    assert "after-import" not in (ran.read_text() if ran.exists() else ""), "credential_process ran after import"


def test_the_machines_credentials_are_never_used(machine_with_real_credentials):
    lab = labs.start("08-s3")
    session = boto3.session.Session()
    credentials = session.get_credentials()
    assert credentials.access_key != REAL_LOOKING_KEY and credentials.token is None
    assert session.region_name == "ap-northeast-2"
    assert session.profile_name == "default" and not session.available_profiles
    assert boto3.client("s3").list_buckets()["Buckets"], "plain boto3 reaches the emulator"
    assert lab.account_id == boto3.client("sts").get_caller_identity()["Account"]


def test_a_call_the_emulator_does_not_answer_is_refused_not_sent(machine_with_real_credentials, connections):
    labs.start("00")
    with pytest.raises(RealAwsRefusedError, match="never sends a request to real AWS"):
        boto3.client("freetier", region_name="us-east-1").get_free_tier_usage()
    assert connections == []


def test_an_endpoint_pointing_at_aws_is_refused(machine_with_real_credentials, connections):
    labs.start("00")
    with pytest.raises(RealAwsRefusedError):
        boto3.client("ec2", endpoint_url="https://ec2.example.com").describe_regions()
    assert connections == []


def test_no_socket_reaches_a_non_loopback_address_while_a_lab_runs(connections):
    labs.start("00")
    with pytest.raises(RealAwsRefusedError, match="refused a network connection"):
        socket.create_connection(("192.0.2.10", 443), timeout=1)
    with pytest.raises(RealAwsRefusedError, match="refused a network connection"):
        requests.get("http://192.0.2.10/", timeout=1)


def test_the_server_backend_sends_only_to_loopback(machine_with_real_credentials, connections):
    lab = labs.start("00", backend="moto-server")
    try:
        boto3.client("s3").list_buckets()
        with pytest.raises(RealAwsRefusedError):
            boto3.client("s3", endpoint_url="https://s3.ap-northeast-2.amazonaws.com").list_buckets()
        hosts = {address[0] for address in connections}
        assert hosts and all(host in ("127.0.0.1", "::1") for host in hosts), hosts
    finally:
        lab.backend.stop()
        labs.start("00", backend="moto")


def test_a_server_that_does_not_answer_stops_the_lab_instead_of_falling_back(machine_with_real_credentials, monkeypatch):
    from labs.backends import free_loopback_port
    from labs.errors import BackendUnavailableError

    monkeypatch.setenv("LABS_SERVER_URL", f"http://127.0.0.1:{free_loopback_port()}")
    with pytest.raises(BackendUnavailableError, match="never falls back to AWS"):
        labs.start("08", backend="moto-server")
    monkeypatch.delenv("LABS_SERVER_URL")
    labs.start("00", backend="moto")


def test_a_server_url_that_is_not_this_machine_is_refused(monkeypatch):
    from labs.errors import BackendUnavailableError

    monkeypatch.setenv("LABS_SERVER_URL", "http://moto.example.com:5000")
    with pytest.raises(BackendUnavailableError, match="not this machine"):
        labs.start("08", backend="moto-server")
    monkeypatch.delenv("LABS_SERVER_URL")
    labs.start("00", backend="moto")


def test_the_recorder_records_what_an_unguarded_process_sends():
    """Control for every count of zero: without the lab, the same recorder sees the attempt."""
    code = ("import sys, socket, escapes\nsys.addaudithook(escapes._hook); escapes._on[0] = True\n"
            "try:\n    socket.create_connection(('192.0.2.10', 443), timeout=0.2)\nexcept OSError:\n    pass\n"
            "try:\n    socket.getaddrinfo('sts.amazonaws.com', 443)\nexcept OSError:\n    pass\n"
            "print(escapes._recorded)")
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(HERE)},
                          capture_output=True, text=True, timeout=60)
    recorded = done.stdout.strip()
    assert "192.0.2.10" in recorded and "sts.amazonaws.com" in recorded, done.stdout + done.stderr


@pytest.mark.skipif(os.environ.get("LABS_IN_NETWORK_NAMESPACE") != "1",
                    reason="only inside `make test-network`'s network namespace")
def test_this_run_is_inside_a_network_namespace_with_no_route_out():
    """`make test-network` runs this file under `unshare -n`: even an escape could not leave."""
    code = ("import socket\ntry:\n    socket.create_connection(('192.0.2.10', 443), timeout=2)\n"
            "except OSError as e:\n    print(e.errno)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    import errno

    assert done.stdout.strip() == str(errno.ENETUNREACH), done.stdout + done.stderr


@pytest.mark.parametrize("url", [
    "http://s3.amazonaws.com\\@127.0.0.1:5000",  # urllib.parse: 127.0.0.1; urllib3, which connects: s3.amazonaws.com
    "http://127.0.0.1:5000\\@s3.amazonaws.com",
    "http://user@127.0.0.1:5000",
    "http://127.0.0.1%2f@evil.example:5000",
    "http://127.0.0.1:5000 @evil.example",
    "http://127.0.0.1:5000#@evil.example",
    "http://127.0.0.1:5000/path",
    "http://127.0.0.1\t:5000",
    "http://127.1:5000",  # 127.0.0.1 to some resolvers, a name to others
    "http://0.0.0.0:5000",
    "http://127.0.0.1:99999",
    "ftp://127.0.0.1:5000",
    "http://moto.example.com:5000",
    "",
])
def test_an_endpoint_that_any_parser_reads_as_elsewhere_is_refused(url):
    from labs.errors import BackendUnavailableError
    from labs.guard import loopback_endpoint

    with pytest.raises(BackendUnavailableError, match="not this machine") as refused:
        loopback_endpoint(url, "LABS_SERVER_URL")
    assert escapes.one_sentence(refused.value.text["en"]) and len(str(refused.value)) < 300


@pytest.mark.parametrize("url, rebuilt", [
    ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
    ("http://127.0.0.1:5000/", "http://127.0.0.1:5000"),
    ("HTTP://LOCALHOST:4566", "http://localhost:4566"),
    ("http://[::1]:5000", "http://[::1]:5000"),
    ("https://127.0.0.1", "https://127.0.0.1:443"),
])
def test_an_endpoint_on_this_machine_is_rebuilt_from_its_scheme_host_and_port(url, rebuilt):
    from labs.guard import loopback_endpoint

    assert loopback_endpoint(url.replace("HTTP://", "http://"), "LABS_SERVER_URL") == rebuilt


def test_children_inherit_fake_keys_no_profile_no_proxy_and_an_endpoint_that_fails_here(monkeypatch):
    from labs import guard

    labs.start("00")
    environment = os.environ
    assert environment["AWS_ACCESS_KEY_ID"] == "testing" and environment["AWS_CONFIG_FILE"] == os.devnull
    assert environment["AWS_ENDPOINT_URL"] == guard.black_hole_url()
    assert not any(name.upper() in guard.PROXY_VARIABLES for name in environment)
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", int(guard.black_hole_url().rsplit(":", 1)[1]))) != 0, "nothing listens"
