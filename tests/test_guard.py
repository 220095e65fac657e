"""Never a real account: whatever the machine holds, nothing leaves for anything but the emulator."""

import socket

import boto3
import pytest
import requests

import labs
from labs.errors import RealAwsRefusedError

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
    with pytest.raises(BackendUnavailableError, match="not an address on this machine"):
        labs.start("08", backend="moto-server")
    monkeypatch.delenv("LABS_SERVER_URL")
    labs.start("00", backend="moto")
