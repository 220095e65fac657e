"""Run by tests/test_guard.py in a fresh Python process, on a machine with real-looking credentials
(environment, ~/.aws files, a profile with credential_process, a loopback proxy in HTTPS_PROXY, a
container-credentials endpoint): first what a learner's kernel may hold before `import labs`, then
every vector, before any start, after failed starts, with moto in-process and with moto's server.

Prints one JSON report on its last line: per vector, what happened and the sentence a learner would
read, and every network attempt beyond loopback that the guard let through (there must be none).
A vector expects 'refused' (the lab's sentence), 'emulator' (answered by the emulator, never AWS),
'local failure' (a child process failed on this machine) or the name of a botocore error the lab
explains in one sentence.
"""

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.request

import boto3
import botocore.session
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
# A child without the guard records every attempt beyond loopback itself, and must fail locally.
CHILD_CODE = """
import sys, escapes
sys.addaudithook(escapes._hook); escapes._on[0] = True
import boto3
try:
    boto3.client("sts").get_caller_identity()
finally:
    print("ESCAPES:", escapes._recorded)
"""


class Vectors:
    def __init__(self, labs, escapes, explain):
        self.labs, self.escapes, self.explain = labs, escapes, explain
        self.report = {}

    def run(self, name: str, expected: str, action) -> None:
        entry = {"expected": expected}
        found = []
        try:
            with self.escapes.recording() as found:
                result = action()
            if expected == "local failure" and str(result).startswith("LOCAL FAILURE"):
                entry["outcome"] = "local failure"
            else:
                entry["outcome"] = "emulator" if expected == "emulator" else "not refused"
            entry["result"] = str(result)[:300]
        except self.labs.LabError as error:
            entry.update(outcome="refused", type=type(error).__name__, en=error.text["en"], ko=error.text["ko"])
        except Exception as error:  # explained in one sentence or not: the parent decides
            entry.update(outcome=type(error).__name__, en=self.explain(error, lang="en"), ko=self.explain(error, lang="ko"))
        entry["escapes"] = [[str(part) for part in attempt] for attempt in found]
        self.report[name] = entry

    def attempts(self, name: str, make_client):
        """An STS call that counts its attempts: before-send fires once per attempt, retries included."""
        def call():
            client = make_client()
            made = []
            client.meta.events.register_first("before-send", lambda **_: made.append(1))
            try:
                return client.get_caller_identity()["Account"]
            finally:
                self.report.setdefault("_attempts", {})[name] = len(made)
        return name, call


def with_variable(name, value, action):
    def run():
        os.environ[name] = value
        try:
            return action()
        finally:
            os.environ.pop(name, None)
    return run


def local_failure(done) -> str:
    text = done.stdout + done.stderr
    failed_here = "Could not connect to the endpoint URL" in text and '"http://127.0.0.1:' in text
    if done.returncode != 0 and failed_here and "ESCAPES: [" not in text.replace("ESCAPES: []", ""):
        return "LOCAL FAILURE: " + text.strip().splitlines()[-1][:160]
    return f"exit {done.returncode}: {text.strip()[-400:]}"


def python_child() -> str:
    env = {**os.environ, "AWS_MAX_ATTEMPTS": "1", "PYTHONPATH": HERE}
    return local_failure(subprocess.run([sys.executable, "-c", CHILD_CODE], env=env, capture_output=True, text=True,
                                        timeout=120))


def aws_cli_child() -> str:
    if not shutil.which("aws"):
        return "LOCAL FAILURE: (the AWS CLI is not installed here)"
    env = {**os.environ, "AWS_MAX_ATTEMPTS": "1"}
    return local_failure(subprocess.run(["aws", "sts", "get-caller-identity"], env=env, capture_output=True,
                                        text=True, timeout=120))


def spawned_child() -> str:
    import multiprocessing

    import spawn_target

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(spawn_target.caller_identity)


def _httpx():
    import httpx

    return httpx


def tunnel(proxy_url: str):
    import http.client

    port = int(proxy_url.rsplit(":", 1)[1])
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=5)
    connection.set_tunnel("sts.amazonaws.com", 443)
    connection.request("GET", "/")
    return connection.getresponse().status


def main() -> None:
    named_proxy = os.environ["HTTPS_PROXY"]
    unnamed_proxy = os.environ["LABS_TEST_UNNAMED_PROXY"]  # a loopback proxy the environment never named

    # --- what a kernel may hold before `import labs` ---------------------------------------------
    before = {
        "sts": boto3.client("sts"),
        "s3": boto3.client("s3"),  # AWS_ENDPOINT_URL_S3 points at AWS, HTTPS_PROXY at the named proxy
        "profile session": boto3.Session(profile_name="work"),
        "botocore session": botocore.session.get_session(),
        "requests session": requests.Session(),
        "urllib opener": urllib.request.build_opener(),  # its ProxyHandler read HTTPS_PROXY now
        "s3 resource": boto3.resource("s3"),
    }
    os.environ["LABS_TEST_PHASE"] = "after-import"  # the credential_process script writes the phase it ran in

    import labs
    from labs.display import explain

    sys.path.insert(0, HERE)
    import escapes

    v = Vectors(labs, escapes, explain)

    def failed_start(**kwargs):
        def action():
            try:
                labs.start(**kwargs)
            except labs.LabError:
                pass
            return boto3.client("sts").get_caller_identity()
        return action

    # --- before any start ------------------------------------------------------------------------
    name, call = v.attempts("new client, no labs.start yet", lambda: boto3.client("sts"))
    v.run(name, "refused", call)
    name, call = v.attempts("client made before import labs", lambda: before["sts"])
    v.run(name, "refused", call)
    v.run("S3 client made before import (AWS_ENDPOINT_URL_S3, proxy)", "refused", lambda: before["s3"].list_buckets())
    name, call = v.attempts("profile session made before import (credential_process)",
                            lambda: before["profile session"].client("sts"))
    v.run(name, "refused", call)
    name, call = v.attempts("botocore session made before import",
                            lambda: before["botocore session"].create_client("sts", region_name="us-east-1"))
    v.run(name, "refused", call)
    v.run("boto3.Session(profile_name='work') after import", "ProfileNotFound",
          lambda: boto3.Session(profile_name="work").client("sts").get_caller_identity())
    name, call = v.attempts("botocore.session.get_session() after import",
                            lambda: botocore.session.get_session().create_client("sts", region_name="us-east-1"))
    v.run(name, "refused", call)
    v.run("requests session made before import", "refused",
          lambda: before["requests session"].get("https://sts.amazonaws.com/", timeout=5))
    v.run("urllib opener made before import (HTTPS_PROXY)", "refused",
          lambda: before["urllib opener"].open("https://s3.amazonaws.com/", timeout=5))
    v.run("urllib.request.urlopen", "refused", lambda: urllib.request.urlopen("https://s3.amazonaws.com/", timeout=5))
    v.run("requests, explicit proxies= (the proxy the machine named)", "refused",
          lambda: requests.get("https://s3.amazonaws.com/", proxies={"https": named_proxy}, timeout=5))
    v.run("requests, explicit proxies= (a loopback proxy never named)", "refused",
          lambda: requests.get("https://s3.amazonaws.com/", proxies={"https": unnamed_proxy}, timeout=5))
    v.run("requests, plain http through a forward proxy", "refused",
          lambda: requests.get("http://s3.amazonaws.com/", proxies={"http": unnamed_proxy}, timeout=5))
    v.run("urllib ProxyHandler (a loopback proxy never named)", "refused",
          lambda: urllib.request.build_opener(urllib.request.ProxyHandler({"https": unnamed_proxy})).open(
              "https://sts.amazonaws.com/", timeout=5))
    v.run("http.client set_tunnel through a loopback proxy", "refused", lambda: tunnel(unnamed_proxy))
    v.run("a socket to an address beyond loopback", "refused",
          lambda: socket.create_connection(("192.0.2.10", 443), timeout=2))
    v.run("a datagram beyond loopback", "refused",
          lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.10", 53)))
    v.run("a name lookup", "refused", lambda: socket.getaddrinfo("sts.amazonaws.com", 443))
    v.run("gethostbyname", "refused", lambda: socket.gethostbyname("sts.amazonaws.com"))
    v.run("a reverse lookup", "refused", lambda: socket.gethostbyaddr("192.0.2.10"))
    v.run("getnameinfo", "refused", lambda: socket.getnameinfo(("192.0.2.10", 443), 0))
    v.run("a socket to an IPv6 address beyond loopback", "refused",
          lambda: socket.create_connection(("2001:db8::10", 443), timeout=2))
    v.run("S3 resource made before import", "refused", lambda: list(before["s3 resource"].buckets.all()))
    v.run("asyncio open_connection", "refused", lambda: asyncio.run(asyncio.wait_for(
        asyncio.open_connection("sts.amazonaws.com", 443), timeout=5)))
    v.run("httpx", "refused", lambda: _httpx().get("https://sts.amazonaws.com/", timeout=5))
    v.run("httpx, explicit proxy= (the proxy the machine named)", "refused",
          lambda: _httpx().Client(proxy=named_proxy).get("https://sts.amazonaws.com/", timeout=5))
    v.run("instance metadata", "refused", lambda: requests.get("http://169.254.169.254/latest/meta-data/", timeout=2))
    v.run("labs.cloudtrail.load('s3://...') before a start", "refused",
          lambda: labs.cloudtrail.load("s3://company-trail-logs"))
    v.run("LABS_SERVER_URL that parsers read differently", "refused", with_variable(
        "LABS_SERVER_URL", "http://s3.amazonaws.com\\@127.0.0.1:5000", lambda: labs.start("00", backend="moto-server")))
    v.run("LOCALSTACK_HOST that parsers read differently", "refused", with_variable(
        "LOCALSTACK_HOST", "s3.amazonaws.com\\@127.0.0.1:4566", lambda: labs.start("00", backend="localstack")))
    v.run("after labs.start('99') (a mistyped chapter)", "refused", failed_start(chapter="99"))
    v.run("after labs.start(lang='jp')", "refused", failed_start(chapter="00", lang="jp"))
    v.run("after labs.start(backend='mota')", "refused", failed_start(chapter="00", backend="mota"))
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    v.run("after a start with LocalStack down", "refused", with_variable(
        "LOCALSTACK_HOST", f"127.0.0.1:{closed.getsockname()[1]}", failed_start(chapter="00", backend="localstack")))
    v.run("a child process (python, boto3) before any start", "local failure", python_child)

    # --- moto in this process ---------------------------------------------------------------------
    labs.start("00", backend="moto")
    name, call = v.attempts("client made before import, moto running", lambda: before["sts"])
    v.run(name, "refused", call)
    name, call = v.attempts("botocore session made before import, new client, moto running",
                            lambda: before["botocore session"].create_client("sts", region_name="us-east-1"))
    v.run(name, "refused", call)
    v.run("new client, moto running", "emulator", lambda: boto3.client("sts").get_caller_identity()["Account"])
    v.run("AWS_ENDPOINT_URL_STS set after the start", "emulator", with_variable(
        "AWS_ENDPOINT_URL_STS", "https://sts.us-east-1.amazonaws.com",
        lambda: boto3.client("sts").get_caller_identity()["Account"]))
    v.run("AWS_CA_BUNDLE set after the start", "emulator", with_variable(
        "AWS_CA_BUNDLE", os.devnull, lambda: boto3.client("sts").get_caller_identity()["Account"]))
    # In-process moto answers AWS's own addresses: the request never leaves the process.
    v.run("endpoint_url at AWS, moto in-process", "emulator",
          lambda: boto3.client("ec2", endpoint_url="https://ec2.ap-northeast-2.amazonaws.com").describe_regions())
    v.run("endpoint_url elsewhere, moto in-process", "refused",
          lambda: boto3.client("ec2", endpoint_url="https://ec2.example.com").describe_regions())
    v.run("a call the emulator does not answer", "refused",
          lambda: boto3.client("freetier", region_name="us-east-1").get_free_tier_usage())
    presigned = boto3.client("s3").generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"})
    v.run("urllib on a presigned URL, moto in-process", "refused", lambda: urllib.request.urlopen(presigned, timeout=5))
    v.run("HTTPS_PROXY set after the start, urllib", "refused", with_variable(
        "HTTPS_PROXY", named_proxy, lambda: urllib.request.urlopen(presigned, timeout=5)))
    v.run("a child process (python, boto3), moto in-process", "local failure", python_child)
    v.run("a child process (the AWS CLI), moto in-process", "local failure", aws_cli_child)
    v.run("multiprocessing (spawn), moto in-process", "local failure", spawned_child)

    # Control: the counter does see retries (a closed loopback port is a connection error, retried).
    from botocore.config import Config

    name, call = v.attempts("control: a closed loopback port, retried once", lambda: boto3.client(
        "sts", endpoint_url=f"http://127.0.0.1:{closed.getsockname()[1]}",
        config=Config(retries={"mode": "standard", "total_max_attempts": 2})))
    v.run(name, "EndpointConnectionError", call)

    # --- moto's server ----------------------------------------------------------------------------
    lab = labs.start("00", backend="moto-server")
    name, call = v.attempts("client made before import, moto's server running", lambda: before["sts"])
    v.run(name, "refused", call)
    v.run("new client, moto's server running", "emulator", lambda: boto3.client("sts").get_caller_identity()["Account"])
    v.run("endpoint_url at AWS, moto's server running", "refused",
          lambda: boto3.client("s3", endpoint_url="https://s3.ap-northeast-2.amazonaws.com").list_buckets())
    presigned = boto3.client("s3").generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"})
    v.run("HTTP_PROXY set after the start, urllib on the emulator's presigned URL", "refused", with_variable(
        "HTTP_PROXY", named_proxy, lambda: urllib.request.urlopen(presigned, timeout=5)))
    v.run("a child process (the AWS CLI), moto's server running", "emulator", lambda: subprocess.run(
        ["aws", "sts", "get-caller-identity"], capture_output=True, text=True, timeout=120).stdout
        if shutil.which("aws") else "(the AWS CLI is not installed here)")
    lab.backend.stop()
    print(json.dumps(v.report))


if __name__ == "__main__":
    main()
