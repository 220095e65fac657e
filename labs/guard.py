"""Never a real account.

Three layers, each enough on its own for the requests it covers:

1. `isolate_environment()` replaces every `AWS_*` variable with the lab's fake credentials and
   region, and points the AWS config and credentials files at empty files the lab owns, so no
   profile, SSO session, `credential_process` or real key on the learner's machine is ever read.
2. moto's botocore `before-send` handler is wrapped, so the lab sees every request that the
   emulator did not answer: it may leave only for a loopback address (an emulator on this
   machine); anything else (a call in-process moto does not implement, an endpoint at AWS) is refused.
3. A socket audit hook refuses any connection to a non-loopback address while a lab is active,
   whatever library tries it (`requests`, `urllib`, a learner's own socket).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import botocore.handlers

from labs.errors import RealAwsRefusedError

REGION = "ap-northeast-2"
FAKE_ACCESS_KEY_ID = "testing"
FAKE_SECRET_ACCESS_KEY = "testing"

_state = {"active": False, "allow_loopback_only": True, "backend": "moto"}
_this_thread = threading.local()


@contextlib.contextmanager
def allowing(addresses):
    """Let the current thread, and no other, connect to these addresses while a lab runs: the
    JupyterHub hub's host, for the class view (labs/classroom.py), which is never AWS."""
    _this_thread.allowed = frozenset(str(a) for a in addresses)
    try:
        yield
    finally:
        _this_thread.allowed = frozenset()


def connection_allowed(host: str) -> bool:
    """Whether the socket audit hook lets the current thread connect to `host` while a lab runs."""
    return is_loopback_host(host) or host in getattr(_this_thread, "allowed", frozenset())


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def isolate_environment(endpoint_url: str | None, region: str = REGION, access_key_id: str | None = None) -> None:
    """Make every AWS SDK in this process (and its children) see only the lab."""
    before = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    for name in [k for k in os.environ if k.startswith("AWS_")]:
        del os.environ[name]
    empty = Path(tempfile.gettempdir()) / "aws-security-101-lab-empty-aws-config"
    empty.write_text("")
    os.environ.update(
        AWS_ACCESS_KEY_ID=access_key_id or FAKE_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY=FAKE_SECRET_ACCESS_KEY,
        AWS_DEFAULT_REGION=region,
        AWS_REGION=region,
        AWS_CONFIG_FILE=str(empty),
        AWS_SHARED_CREDENTIALS_FILE=str(empty),
        AWS_EC2_METADATA_DISABLED="true",
    )
    if endpoint_url:
        os.environ["AWS_ENDPOINT_URL"] = endpoint_url
    # A boto3 default session made before this point holds whatever credentials it found then.
    if before != {k: v for k, v in os.environ.items() if k.startswith("AWS_")}:
        import boto3

        boto3.DEFAULT_SESSION = None


def _refuse_unanswered_request(request, event_name: str = "", **_kwargs):
    """Called for a request the in-process emulator did not answer."""
    if not _state["active"]:
        return None
    url = getattr(request, "url", "") or ""
    host = urlsplit(url).hostname
    if is_loopback_host(host):
        return None  # an emulator on this machine, never AWS
    operation = event_name.split(".", 1)[-1] if event_name else "this call"
    raise RealAwsRefusedError(
        f"The emulator ({_state['backend']}) does not answer {operation}, and the lab never sends a "
        f"request to real AWS ({host}); this call cannot run in the lab, so read how AWS answers it "
        "in the chapter's text instead.",
        f"에뮬레이터({_state['backend']})는 {operation} 호출에 응답하지 않고, 실습 환경은 실제 AWS({host})로 "
        "요청을 보내지 않습니다. 이 호출은 실습에서 실행할 수 없으니 AWS의 응답은 챕터 본문을 참고하세요.",
    )


def _s3_control_to_loopback(request, **_kwargs):
    """S3 Control's endpoint rules put the account id in front of the host (123456789012.s3-control...),
    and do so in front of a custom endpoint too: 123456789012.127.0.0.1 cannot be reached. The
    emulator reads the account from the x-amz-account-id header, so the prefix is dropped."""
    parts = urlsplit(request.url)
    host = parts.hostname or ""
    prefix, _, rest = host.partition(".")
    if prefix.isdigit() and len(prefix) == 12 and is_loopback_host(rest):
        request.url = parts._replace(netloc=parts.netloc.replace(host, rest, 1)).geturl()


def _audit_socket_connections(event: str, args) -> None:
    if event != "socket.connect" or not _state["active"]:
        return
    sock, address = args[0], args[1]
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    host = address[0] if isinstance(address, tuple) else address
    if not connection_allowed(str(host)):
        raise RealAwsRefusedError(
            f"The lab refused a network connection to {host}: while a lab is running, this Python "
            "process talks only to the emulator on this machine.",
            f"실습 환경이 {host}로의 네트워크 연결을 막았습니다. 실습 중에는 이 파이썬 프로세스가 이 컴퓨터의 "
            "에뮬레이터와만 통신합니다.",
        )


def _install_once() -> None:
    if getattr(_install_once, "done", False):
        return
    # botocore calls every before-send handler and keeps the first answer, so the guard cannot
    # simply come after moto's: it wraps moto's handler and acts only when moto gave no answer.
    from moto.core.models import botocore_stubber

    def emulator_or_refusal(**kwargs):
        response = botocore_stubber(**kwargs)
        if response is None:
            _refuse_unanswered_request(**kwargs)
        return response

    handlers = botocore.handlers.BUILTIN_HANDLERS
    handlers[:] = [h for h in handlers if h[1] is not botocore_stubber]
    handlers.append(("before-send", emulator_or_refusal))
    handlers.append(("request-created.s3-control", _s3_control_to_loopback))
    sys.addaudithook(_audit_socket_connections)
    _install_once.done = True


def activate(backend_name: str, endpoint_url: str | None, region: str = REGION, access_key_id: str | None = None) -> None:
    _install_once()
    isolate_environment(endpoint_url, region, access_key_id)
    _state.update(active=True, backend=backend_name)


def is_active() -> bool:
    return _state["active"]
