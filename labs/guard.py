"""Never a real account, from `import labs` on, whatever the learner does first.

`labs/__init__.py` calls `protect()`, so the process is safe before any `labs.start`, after a start
that failed (a mistyped chapter, an unknown backend, LocalStack down) and when the start cell was
skipped. What holds, each layer enough on its own for what it covers:

1. Environment. Every `AWS_*` variable is replaced by the lab's fake keys and region; the AWS config
   and credentials files are `os.devnull`, so no profile, SSO session, `credential_process` or real
   key on the machine is read by a client made from then on. Proxy variables (`HTTP(S)_PROXY`,
   `ALL_PROXY`, any case) are removed, so nothing in this process, and no child, sends through a
   proxy because the environment said so.
2. Child processes (the AWS CLI through `subprocess`, `multiprocessing` with spawn) inherit all of
   that, plus `AWS_ENDPOINT_URL`: the emulator's address with a server backend; otherwise (moto in
   this process, or no lab yet) a loopback port this process holds bound and never listens on, so
   an AWS SDK in a child fails at once, on this machine ("Could not connect to the endpoint URL:
   http://127.0.0.1:..."). In this process botocore ignores that variable while moto runs here
   (moto answers AWS's own addresses).
3. botocore. A request that no emulator answered may go only to a loopback address. Clients made
   after the import check this in their before-send handler; every client, including one made
   *before* the import (which holds the credentials, endpoint and proxy settings it found then),
   passes `Endpoint._send`, where botocore hands a request to the network, and is checked there
   again, before a socket exists. The refusal is raised as the lab's one sentence and is not
   retried (botocore retries connection errors and throttling, not an exception of the lab's).
   A `credential_process` from a session made before the import is not run.
4. Sockets (an audit hook, which cannot be removed): no connection, datagram or name lookup for
   anything but loopback (and this machine's own name), whatever library tries it.
5. Proxies. The socket check sees only the next hop, and a proxy on 127.0.0.1 (a corporate proxy
   agent) would hide the real destination. Besides removing the variables (1), every request sent
   through Python's `http.client` (urllib3, requests, botocore, urllib.request) is checked for the
   destination it names to a proxy, a `CONNECT host:port` line or an absolute URL, and the port
   of every loopback proxy the environment named (at the import, or since) is refused outright. The lab does *not*
   refuse other loopback ports: JupyterLab's debugger, the learner's own local servers and an
   emulator started in a terminal live there, and an endpoint on this machine is never AWS.
   Not covered: a program that speaks a proxy's protocol itself (httpx given `proxy=`, a raw socket
   writing CONNECT) to a loopback proxy the environment never named.
6. Addresses read from variables (`LABS_SERVER_URL`, `LOCALSTACK_HOST`) are parsed both by
   urllib3, which connects, and by urllib.parse; both must find the same loopback host, the text
   may hold only a scheme, host and port (no user info, backslash, percent sign, space or path),
   and the lab then uses the URL it rebuilt from those three parts.

tests/test_guard.py proves each with real-looking keys, a profile with `credential_process` and
`~/.aws` files on the machine, counting every connection attempt beyond loopback (zero);
`make test-network` runs those tests again inside a network namespace that has no route out.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import socket
import sys
import threading
from urllib.parse import urlsplit

import botocore.credentials
import botocore.endpoint
import botocore.handlers

from labs.errors import BackendUnavailableError, RealAwsRefusedError, excerpt
from labs.korean import josa

REGION = "ap-northeast-2"
FAKE_ACCESS_KEY_ID = "testing"
FAKE_SECRET_ACCESS_KEY = "testing"
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "FTP_PROXY", "WS_PROXY", "WSS_PROXY")

_state = {"installed": False, "lab": False, "backend": None, "endpoint": None, "retired": set(),
          "proxies": set(), "hostname": None, "stubber": None, "endpoint_port": None}
_original: dict[str, str] = {}
"""The AWS_* and proxy variables as the learner's environment had them, before the lab changed them."""
_set_by_lab: dict[str, str] = {}
_black_hole: dict = {"socket": None, "url": None}
_this_thread = threading.local()


@contextlib.contextmanager
def allowing(hosts):
    """Let the current thread, and no other, look up and connect to these hosts (names or addresses)
    while a lab runs: the JupyterHub hub's host, for the class view (labs/classroom.py), which is
    never AWS. Every other thread, and every other host, stays refused."""
    before = getattr(_this_thread, "allowed", frozenset())
    _this_thread.allowed = before | frozenset(str(h).strip("[]").lower() for h in hosts)
    try:
        yield
    finally:
        _this_thread.allowed = before


def _thread_allows(host) -> bool:
    return str(host).strip("[]").lower() in getattr(_this_thread, "allowed", frozenset())


def connection_allowed(host: str) -> bool:
    """Whether the socket audit hook lets the current thread connect to `host` while a lab runs."""
    return is_loopback_host(host) or _thread_allows(host)


# --- addresses ---------------------------------------------------------------------------------

def is_loopback_host(host) -> bool:
    if not host or not isinstance(host, str):
        return False
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


AWS_DOMAINS = ("amazonaws.com", "amazonaws.com.cn", "api.aws", "amazonaws-us-gov.com", "c2s.ic.gov", "sc2s.sgov.gov")


def is_aws_host(host) -> bool:
    """Whether a host name is one of AWS's own endpoints (s3.ap-northeast-2.amazonaws.com, ...)."""
    host = str(host or "").strip("[]").lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in AWS_DOMAINS)


def connecting_host(url: str) -> str | None:
    """The host a URL connects to, as urllib3 (botocore's and requests' transport) reads it."""
    from urllib3.util import parse_url

    try:
        host = parse_url(url).host
    except Exception:  # an unparsable URL connects nowhere; callers refuse it
        return None
    return host.strip("[]").lower() if host else None


_SAFE_ENDPOINT = re.compile(r"^(https?)://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::([0-9]{1,5}))?/?$")


def loopback_endpoint(url, variable: str) -> str:
    """`url` as scheme://host:port when it names only this machine; a sentence otherwise."""
    text = url.strip() if isinstance(url, str) else ""
    match = _SAFE_ENDPOINT.match(text)
    hosts = {connecting_host(text), (urlsplit(text).hostname or "").lower() or None} if match else {None}
    port = int(match.group(3)) if match and match.group(3) else None
    host = hosts.pop() if len(hosts) == 1 else None
    if match is None or host is None or not is_loopback_host(host) or (port is not None and not 0 < port < 65536):
        raise BackendUnavailableError(
            f"{variable} points at {excerpt(url, 60)}, which is not this machine; the lab only talks to an emulator on "
            "127.0.0.1, so set it to http://127.0.0.1:PORT (for docker compose, the services share one network).",
            f"{josa(variable, '이')} 이 컴퓨터가 아닌 {josa(excerpt(url, 60), '을')} 가리킵니다. 실습 환경은 127.0.0.1의 "
            "에뮬레이터와만 "
            "통신하니 http://127.0.0.1:포트 형태로 설정하세요(docker compose에서는 서비스들이 한 네트워크를 공유합니다).",
        )
    scheme = match.group(1)
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}:{port or (443 if scheme == 'https' else 80)}"


def black_hole_url() -> str:
    """http://127.0.0.1:PORT where PORT is bound by this process and never listens: refused at once."""
    if _black_hole["url"] is None:
        import atexit

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        atexit.register(sock.close)
        _black_hole.update(socket=sock, url=f"http://127.0.0.1:{sock.getsockname()[1]}")
    return _black_hole["url"]


def _endpoint_of(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
    except ValueError:
        return None


# --- the environment ---------------------------------------------------------------------------

def _is_lab_variable(name: str) -> bool:
    return name.startswith("AWS_") or name.upper() in PROXY_VARIABLES


def isolate_environment(endpoint_url: str | None, region: str = REGION, access_key_id: str | None = None) -> None:
    """Make every AWS SDK in this process and its children see only the lab (see the module's 1 and 2)."""
    before = {k: v for k, v in os.environ.items() if _is_lab_variable(k)}
    if not _original and not _set_by_lab:
        _original.update(before)
    for name, value in before.items():
        if name.upper() in PROXY_VARIABLES:  # set before the import, or since: refused from now on
            _remember_proxy(value)
    for name in before:
        del os.environ[name]
    wanted = dict(
        AWS_ACCESS_KEY_ID=access_key_id or FAKE_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY=FAKE_SECRET_ACCESS_KEY,
        AWS_DEFAULT_REGION=region,
        AWS_REGION=region,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        AWS_ENDPOINT_URL=endpoint_url or black_hole_url(),
    )
    os.environ.update(wanted)
    _set_by_lab.clear()
    _set_by_lab.update(wanted)
    _ignore_configured_endpoints(endpoint_url is None)
    # A boto3 default session made before this point holds whatever credentials it found then.
    if before != wanted:
        import boto3

        boto3.DEFAULT_SESSION = None
    # urllib.request keeps the opener (and the proxies it read) of its first urlopen.
    import urllib.request

    urllib.request.install_opener(None)


def _remember_proxy(value: str) -> None:
    try:
        parts = urlsplit(value if "://" in value else f"http://{value}")
        if is_loopback_host(parts.hostname):
            _state["proxies"].add(parts.port or 80)
    except ValueError:
        pass


def _ignore_configured_endpoints(ignore: bool) -> None:
    """In-process moto answers AWS's own addresses, so this process's botocore sessions made from now
    on ignore AWS_ENDPOINT_URL (which children need); with a server backend they follow it."""
    from botocore import configprovider

    variables = configprovider.BOTOCORE_DEFAUT_SESSION_VARIABLES
    name, env_name, _default, convert = variables["ignore_configured_endpoint_urls"]
    variables["ignore_configured_endpoint_urls"] = (name, env_name, True if ignore else None, convert)


def learner_proxy_variables() -> dict:
    """The proxy variables the learner's environment had, for a child that installs packages (pip)."""
    return {name: value for name, value in _original.items() if name.upper() in PROXY_VARIABLES}


def learner_variable(name: str) -> str | None:
    """A variable as the learner set it: changed since the lab set it, or as it was before."""
    current = os.environ.get(name)
    if name in _set_by_lab and current == _set_by_lab[name]:
        return _original.get(name)
    if name not in _set_by_lab and current is None and _is_lab_variable(name):
        return _original.get(name)
    return current


# --- refusals ----------------------------------------------------------------------------------

def _refused(en: str, ko: str) -> RealAwsRefusedError:
    return RealAwsRefusedError(en, ko)


def _refuse_request(url: str, operation: str, stage: str) -> None:
    """Raise the lab's sentence unless the request goes to an emulator on this machine."""
    host = connecting_host(url)
    endpoint = _endpoint_of(url)
    shown = excerpt(host or url, 60, quote=False)
    if endpoint is not None and endpoint == _black_hole["url"]:
        raise _refused(
            "This client comes from a boto3 or botocore session made before labs.start(...), so its request has "
            "nowhere to go and the lab refused it: make the client again with boto3.client(...) after labs.start(...).",
            "이 클라이언트는 labs.start(...) 전에 만든 boto3 또는 botocore 세션에서 나와 요청이 갈 곳이 없으므로 실습 환경이 "
            "거부했습니다. labs.start(...) 후에 boto3.client(...)로 클라이언트를 다시 만드세요.",
        )
    if is_loopback_host(host):
        if endpoint in _state["retired"] and endpoint != _state["endpoint"]:
            raise _refused(
                f"This client points at an emulator the lab has since stopped ({endpoint}); make the client again "
                "after labs.start(...), and it will use the emulator that runs now.",
                f"이 클라이언트는 실습 환경이 이미 멈춘 에뮬레이터({endpoint})를 가리킵니다. labs.start(...) 후에 "
                "클라이언트를 다시 만들면 지금 실행 중인 에뮬레이터를 씁니다.",
            )
        return  # an emulator on this machine, never AWS
    if stage == "send":
        raise _refused(
            f"This client was made before `import labs`, so it still points at real AWS ({shown}) with whatever "
            "credentials it found then; the lab refused its request: make the client again after labs.start(...).",
            f"이 클라이언트는 `import labs` 전에 만들어져 그때 찾은 자격 증명으로 실제 AWS({shown})를 가리키므로 실습 "
            "환경이 요청을 거부했습니다. labs.start(...) 후에 클라이언트를 다시 만드세요.",
        )
    if not _state["lab"]:
        raise _refused(
            f"No lab is running, so the lab refused to send {operation} to {shown}: run the chapter's "
            "labs.start(...) cell first; the lab never sends a request to real AWS.",
            f"실행 중인 실습이 없어 {operation} 요청을 {josa(shown, '으로')} 보내지 않았습니다. 챕터의 labs.start(...) 셀을 먼저 "
            "실행하세요. 실습 환경은 실제 AWS로 요청을 보내지 않습니다.",
        )
    if _state["endpoint"]:
        raise _refused(
            f"{operation} was about to go to {shown} instead of the emulator at {_state['endpoint']}, and the lab never "
            "sends a request to real AWS: make the client again without endpoint_url after labs.start(...).",
            f"{operation} 요청이 에뮬레이터({_state['endpoint']})가 아닌 {josa(shown, '으로')} 가려 했고, 실습 환경은 실제 AWS로 "
            "요청을 보내지 않습니다. labs.start(...) 후에 endpoint_url 없이 클라이언트를 다시 만드세요.",
        )
    if not is_aws_host(host):
        # Not AWS's address at all: the client was made with an endpoint_url (or AWS_ENDPOINT_URL) of the learner's.
        raise _refused(
            f"This client sends {operation} to {shown}, the endpoint_url it was made with, which is not the lab's "
            "emulator, and the lab sends nothing anywhere else: make the client without endpoint_url, as "
            "boto3.client('s3'), and it uses the emulator.",
            f"이 클라이언트는 만들 때 받은 endpoint_url인 {shown}에 {operation} 요청을 보내려 했습니다. 그곳은 실습의 "
            "에뮬레이터가 아니고, 실습 환경은 다른 곳으로 요청을 보내지 않습니다. boto3.client('s3')처럼 endpoint_url 없이 "
            "클라이언트를 만들면 에뮬레이터를 씁니다.",
        )
    raise _refused(
        f"The emulator ({_state['backend']}) does not answer {operation}, and the lab never sends a request to real "
        f"AWS ({shown}); this call cannot run in the lab, so read how AWS answers it in the chapter's text instead.",
        f"에뮬레이터({_state['backend']})는 {operation} 호출에 응답하지 않고, 실습 환경은 실제 AWS({shown})로 요청을 "
        "보내지 않습니다. 이 호출은 실습에서 실행할 수 없으니 AWS의 응답은 챕터 본문을 참고하세요.",
    )


def _refuse_connection(host) -> RealAwsRefusedError:
    shown = excerpt(host, 60, quote=False)
    return _refused(
        f"The lab refused a network connection to {shown}: this Python process talks only to the emulator on this "
        "machine, never to AWS or the internet.",
        f"실습 환경이 {josa(shown, '으로')}의 네트워크 연결을 막았습니다. 이 파이썬 프로세스는 이 컴퓨터의 에뮬레이터와만 "
        "통신하고, "
        "AWS나 인터넷과는 통신하지 않습니다.",
    )


# --- the hooks ---------------------------------------------------------------------------------

def _before_send(request, event_name: str = "", **kwargs):
    """moto's handler first (in-process moto answers here); the lab's check for whatever it leaves."""
    response = _state["stubber"](request=request, event_name=event_name, **kwargs)
    if response is None:
        operation = event_name.rsplit(".", 1)[-1] if event_name else "this call"
        _refuse_request(getattr(request, "url", "") or "", operation, "before-send")
    return response


def _guarded_send(original):
    def send(self, request):
        _refuse_request(getattr(request, "url", "") or "", "this call", "send")
        return original(self, request)

    send._labs_guard = True
    return send


def _no_credential_process(self, credential_process):
    raise _refused(
        "This boto3 session was made before `import labs` with a profile whose credential_process would run a "
        "command for real credentials; the lab does not run it: make the client with boto3.client(...) after "
        "labs.start(...).",
        "이 boto3 세션은 `import labs` 전에 credential_process로 실제 자격 증명을 가져오는 프로필로 만들어졌습니다. "
        "실습 환경은 그 명령을 실행하지 않습니다. labs.start(...) 후에 boto3.client(...)로 클라이언트를 만드세요.",
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


_INET = (socket.AF_INET, socket.AF_INET6)
_REQUEST_LINE = re.compile(rb"^(?:CONNECT ([^\s/]+)|[A-Z]{3,7} (https?://[^\s]+)) HTTP/1\.[01]\r?\n")


def _lookup_allowed(host) -> bool:
    if host is None:
        return True
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode("ascii", "replace")
    host = str(host).strip("[]").lower().rstrip(".")
    if host in ("", "localhost", _state["hostname"]) or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return True  # a numeric address needs no lookup; connecting to it is checked on its own
    except ValueError:
        return False


def _reverse_allowed(address) -> bool:
    """A reverse lookup (address to name) asks DNS too, unless the address is this machine's."""
    text = str(address).strip("[]").lower()
    return is_loopback_host(text) or text in ("", _state["hostname"], "0.0.0.0", "::")


def _audit(event: str, args) -> None:
    if event == "socket.connect" or event == "socket.sendto" or event == "socket.sendmsg":
        sock, address = args[0], args[-1]
        if address is None or getattr(sock, "family", None) not in _INET or not isinstance(address, tuple):
            return
        host, port = str(address[0]), address[1]
        if not connection_allowed(host):
            raise _refuse_connection(host)
        if port in _state["proxies"] and event == "socket.connect" and port != _state["endpoint_port"]:
            raise _refused(
                f"The lab refused a connection to the proxy at {host}:{port} that this machine's settings named: "
                "a proxy would carry the request past this machine, and this Python process talks only to the emulator.",
                f"실습 환경이 이 컴퓨터 설정에 있던 프록시({host}:{port})로의 연결을 막았습니다. 프록시는 요청을 이 컴퓨터 "
                "밖으로 내보내고, 이 파이썬 프로세스는 에뮬레이터와만 통신합니다.",
            )
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
        if _thread_allows(args[0]):
            return
        if not _lookup_allowed(args[0]) or (event == "socket.gethostbyaddr" and not _reverse_allowed(args[0])):
            raise _refuse_connection(args[0])
    elif event == "socket.getnameinfo":
        address = args[0]
        if isinstance(address, tuple) and not _reverse_allowed(address[0]):
            raise _refuse_connection(address[0])
    elif event == "http.client.send":
        data = args[1]
        if isinstance(data, (bytes, bytearray)) and data[:1].isupper():
            line = _REQUEST_LINE.match(bytes(data[:2048]))
            if line:
                target = line.group(1) or line.group(2)
                text = target.decode("ascii", "replace")
                host = connecting_host(text if line.group(2) else f"http://{text}")
                if not is_loopback_host(host):
                    raise _refused(
                        f"The lab refused a request through a proxy to {excerpt(host or text, 60, quote=False)}: this "
                        "Python process talks only to the emulator on this machine, never to AWS or the internet.",
                        f"실습 환경이 프록시를 거쳐 {josa(excerpt(host or text, 60, quote=False), '으로')} 가는 요청을 "
                        "막았습니다. "
                        "이 파이썬 프로세스는 이 컴퓨터의 에뮬레이터와만 통신하고, AWS나 인터넷과는 통신하지 않습니다.",
                    )


def _install_once() -> None:
    if _state["installed"]:
        return
    # botocore calls every before-send handler and keeps the first answer, so the guard cannot
    # simply come after moto's: it wraps moto's handler and acts only when moto gave no answer.
    from moto.core.models import botocore_stubber

    handlers = botocore.handlers.BUILTIN_HANDLERS
    handlers[:] = [h for h in handlers if h[1] is not botocore_stubber]
    _state["stubber"] = botocore_stubber
    handlers.append(("before-send", _before_send))
    handlers.append(("request-created.s3-control", _s3_control_to_loopback))
    endpoint = botocore.endpoint.Endpoint
    if not getattr(endpoint._send, "_labs_guard", False):
        endpoint._send = _guarded_send(endpoint._send)
    botocore.credentials.ProcessProvider._retrieve_credentials_using = _no_credential_process
    _state["hostname"] = socket.gethostname().lower()
    sys.addaudithook(_audit)
    _state["installed"] = True


# --- the lab's side ----------------------------------------------------------------------------

def protect() -> None:
    """What `import labs` does: the hooks, and the environment of a process without a lab yet."""
    _install_once()
    if not _set_by_lab:
        isolate_environment(None)


def activate(backend_name: str, endpoint_url: str | None, region: str = REGION, access_key_id: str | None = None) -> None:
    _install_once()
    if _state["endpoint"] and _state["endpoint"] != endpoint_url:
        _state["retired"].add(_state["endpoint"])
    isolate_environment(endpoint_url, region, access_key_id)
    _state.update(lab=True, backend=backend_name, endpoint=endpoint_url and _endpoint_of(endpoint_url),
                  endpoint_port=urlsplit(endpoint_url).port if endpoint_url else None)
    _state["retired"].discard(_state["endpoint"])


def deactivate() -> None:
    """No lab runs (a start failed after the emulator was stopped or reset): requests have nowhere to go."""
    if _state["endpoint"]:
        _state["retired"].add(_state["endpoint"])
    _state.update(lab=False, backend=None, endpoint=None, endpoint_port=None)
    isolate_environment(None)


def is_active() -> bool:
    """Whether the guard is on: always, once `labs` is imported."""
    return _state["installed"]


def current_endpoint() -> str | None:
    """The emulator the lab's requests go to (None: moto in this process, or no lab)."""
    return _state["endpoint"] if _state["lab"] else None


def lab_running() -> bool:
    return _state["lab"]
