"""Where the lab's AWS lives. Chosen by `LABS_BACKEND`:

- `moto` (default): moto inside this Python process.
- `moto-server`: moto's HTTP server on 127.0.0.1, started in this process, or an existing one
  named by `LABS_SERVER_URL` (what `labs server` or docker compose runs).
- `localstack`: a LocalStack already running on this machine (`labs localstack start`, or docker
  compose's `localstack` profile), at `LOCALSTACK_HOST` (default 127.0.0.1:4566).

Notebook code never names an endpoint: in-process, moto intercepts botocore itself; otherwise
`AWS_ENDPOINT_URL` points every client at the emulator (boto3 >= 1.28). An emulator that does not
answer stops the lab with a sentence: the lab never falls back to AWS.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from urllib.parse import urlsplit

from labs import emulator_fidelity
from labs.errors import BackendUnavailableError, UnknownBackendError, excerpt
from labs.korean import josa
from labs.language import both, pick

DEFAULT_BACKEND = "moto"
LOCALSTACK_DEFAULT_HOST = "127.0.0.1:4566"
# LocalStack's documented name for 127.0.0.1; it is used as an address, never looked up.
LOCALSTACK_LOOPBACK_NAME = "localhost.localstack.cloud"


def share_region_lists() -> None:
    """moto asks boto3 which regions a service has from a new boto3 Session every time (when its EC2
    module loads, and for every account backend it creates after a reset), and each new Session
    parses botocore's endpoints and the service's model anew: 1 s of chapter 08's first start,
    mostly EC2's 5 MB model (measured). The answer is a fact of the installed botocore, so the lab
    asks one Session, once per service, remembers it for the process, and keeps the answers in its
    disk cache (labs/disk_cache.py, keyed on botocore's version) so that a new kernel parses no
    model at all to learn them (0.4 s of a start whose world is restored, measured)."""
    import functools
    import json

    import boto3.session
    import botocore

    from labs import disk_cache

    session_class = boto3.session.Session
    if getattr(session_class.get_available_regions, "_labs_shared", False):
        return
    original_regions = session_class.get_available_regions
    original_partitions = session_class.get_available_partitions
    cache_key = f"{botocore.__version__}.json"
    try:
        saved = json.loads(disk_cache.read("regions", cache_key) or b"{}")
        known = {tuple(json.loads(k)): tuple(v) for k, v in saved.items()}
    except (ValueError, TypeError):
        known = {}

    @functools.cache
    def shared():
        return session_class()

    def regions(service_name, partition_name, allow_non_regional):
        asked = (service_name, partition_name, bool(allow_non_regional))
        if asked not in known:
            known[asked] = tuple(original_regions(shared(), service_name, partition_name, allow_non_regional))
            disk_cache.write("regions", cache_key, json.dumps({json.dumps(k): v for k, v in known.items()}).encode())
        return known[asked]

    def get_available_regions(self, service_name, partition_name="aws", allow_non_regional=False):
        return list(regions(service_name, partition_name, allow_non_regional))

    def get_available_partitions(self):
        return list(original_partitions(shared()))

    get_available_regions._labs_shared = True
    session_class.get_available_regions = get_available_regions
    session_class.get_available_partitions = get_available_partitions


class MotoInProcess:
    name = "moto"
    endpoint_url = None
    services = None  # every service moto implements

    def __init__(self) -> None:
        self._mock = None

    def start(self) -> None:
        share_region_lists()
        from moto import mock_aws

        emulator_fidelity.apply()
        if self._mock is not None:
            # Stopping resets every moto backend; starting again gives an empty account.
            self._mock.stop()
        self._mock = mock_aws()
        self._mock.start()

    def reset(self) -> None:
        self.start()

    def stop(self) -> None:
        if self._mock is not None:
            self._mock.stop()
            self._mock = None

    def version(self) -> str:
        import moto

        return pick(both(f"moto {moto.__version__} (in this process)", f"moto {moto.__version__} (이 프로세스 안)"))


class MotoServer:
    """moto's own server (`moto.server.ThreadedMotoServer`) on a free loopback port, living as long
    as this Python process, or the server at LABS_SERVER_URL when one is given."""

    name = "moto-server"
    services = None

    def __init__(self, port: int | None = None) -> None:
        self._server = None
        self._port = port
        self.endpoint_url: str | None = None

    def start(self) -> None:
        external = os.environ.get("LABS_SERVER_URL", "").strip().rstrip("/")
        if external:
            self.endpoint_url = require_loopback(external, "LABS_SERVER_URL")
        elif self._server is None:
            self._start_own_server()
        self.reset()

    def _start_own_server(self) -> None:
        share_region_lists()
        from moto.server import ThreadedMotoServer

        emulator_fidelity.apply()
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        port = self._port or free_loopback_port()
        try:
            self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
            self._server.start()
        except OSError as error:
            raise BackendUnavailableError(
                f"moto's server could not listen on 127.0.0.1:{port} ({error.strerror}); "
                "choose another port or use LABS_BACKEND=moto.",
                f"moto 서버가 127.0.0.1:{port}에서 대기할 수 없습니다({error.strerror}). "
                "다른 포트를 쓰거나 LABS_BACKEND=moto를 사용하세요.",
            ) from None
        host, port = self._server.get_host_and_port()
        self.endpoint_url = f"http://{host}:{port}"

    def reset(self) -> None:
        _post_or_explain(f"{self.endpoint_url}/moto-api/reset", self.name, self.endpoint_url)

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def version(self) -> str:
        import moto

        if self._server:
            return pick(both(f"moto {moto.__version__} (its own server in this process at {self.endpoint_url})",
                             f"moto {moto.__version__} (이 프로세스가 {self.endpoint_url}에 띄운 서버)"))
        return pick(both(f"moto {moto.__version__} (an existing server at {self.endpoint_url})",
                         f"moto {moto.__version__} ({self.endpoint_url}에서 실행 중인 서버)"))


class LocalStack:
    """A LocalStack already running on this machine. Its free tier has no CloudTrail, RDS or ELBv2.

    LocalStack's free edition cannot reset its state over the API, but it keeps one account per
    access key id when the key is 12 digits: each start takes a new key, so a new, empty account."""

    name = "localstack"

    def __init__(self) -> None:
        self.endpoint_url = localstack_endpoint()
        self.services: set[str] | None = None
        self._version = "unknown"
        self.access_key_id = None

    def start(self) -> None:
        import requests

        self.endpoint_url = localstack_endpoint()
        try:
            health = requests.get(f"{self.endpoint_url}/_localstack/health", timeout=5).json()
        except (requests.RequestException, ValueError):
            raise BackendUnavailableError(
                f"LocalStack is not answering at {self.endpoint_url}; start it with `labs localstack start` "
                "(or `docker compose --profile localstack up`), or use LABS_BACKEND=moto. "
                "The lab never falls back to AWS.",
                f"LocalStack이 {self.endpoint_url}에서 응답하지 않습니다. `labs localstack start`(또는 "
                "`docker compose --profile localstack up`)로 시작하거나 LABS_BACKEND=moto를 쓰세요. "
                "실습 환경은 절대 실제 AWS로 넘어가지 않습니다.",
            ) from None
        self.services = {name for name, status in health.get("services", {}).items() if status != "disabled"}
        self._version = health.get("version", "unknown")
        self.reset()

    def reset(self) -> None:
        import secrets

        # Not 000000000000 (LocalStack's default account), which a learner's own experiments may use.
        self.access_key_id = str(100000000000 + secrets.randbelow(899999999999))

    def stop(self) -> None:
        """LocalStack runs outside this process; `labs localstack stop` stops it."""

    def version(self) -> str:
        return pick(both(f"LocalStack {self._version} at {self.endpoint_url}",
                         f"{self.endpoint_url}의 LocalStack {self._version}"))


class ExistingEmulator:
    """An emulator someone else started (`labs server`, LocalStack, docker compose), read as it is:
    `labs check` never resets it."""

    name = "emulator"
    services = None

    def __init__(self, endpoint_url: str) -> None:
        self.endpoint_url = require_loopback(endpoint_url, "the emulator's endpoint")

    def start(self) -> None:
        """Already running; nothing is reset."""

    def require_answer(self, timeout: float = 3.0) -> None:
        """A sentence at once when nothing listens there, instead of botocore's retries."""
        parts = urlsplit(self.endpoint_url)
        try:
            socket.create_connection((parts.hostname, parts.port), timeout=timeout).close()
        except OSError as error:
            raise BackendUnavailableError(
                f"Nothing answers at {self.endpoint_url} ({error.strerror or type(error).__name__}); start the emulator "
                "with `labs server` (or LocalStack) and point AWS_ENDPOINT_URL or LABS_SERVER_URL at it. The lab never "
                "falls back to AWS.",
                f"{self.endpoint_url}에서 아무것도 응답하지 않습니다({error.strerror or type(error).__name__}). `labs server`"
                "(또는 LocalStack)로 에뮬레이터를 시작하고 AWS_ENDPOINT_URL이나 LABS_SERVER_URL이 그 주소를 가리키게 하세요. "
                "실습 환경은 절대 실제 AWS로 넘어가지 않습니다.",
            ) from None

    def stop(self) -> None:
        """Not ours to stop."""

    def version(self) -> str:
        return pick(both(f"the emulator at {self.endpoint_url}", f"{self.endpoint_url}의 에뮬레이터"))


def existing_emulator_endpoint() -> str | None:
    """Where an emulator the learner started is, from the variables they set for it."""
    name = backend_name_from_environment()
    if name == "localstack":
        return localstack_endpoint()
    from labs.guard import learner_variable

    # AWS_ENDPOINT_URL as the learner set it: `import labs` replaced it with the lab's own.
    for value in (os.environ.get("LABS_SERVER_URL"), learner_variable("AWS_ENDPOINT_URL")):
        if value and value.strip():
            return value.strip().rstrip("/")
    return None


BACKENDS = {"moto": MotoInProcess, "moto-server": MotoServer, "localstack": LocalStack}
_running: dict[str, object] = {}


def backend_name_from_environment() -> str:
    return os.environ.get("LABS_BACKEND", "").strip() or DEFAULT_BACKEND


def get_backend(name: str | None = None):
    """The backend of that name, created on first use and kept for the process."""
    if name is None or (isinstance(name, str) and not name.strip()):
        name = backend_name_from_environment()
    if not isinstance(name, str) or name not in BACKENDS:
        choices = ", ".join(BACKENDS)
        raise UnknownBackendError(
            f"There is no backend called {excerpt(name)}; set LABS_BACKEND to one of {choices} "
            "(or leave it unset for moto).",
            f"{josa(excerpt(name), '이라는')} 백엔드는 없습니다. LABS_BACKEND를 {choices} 중 하나로 설정하세요"
            "(설정하지 않으면 moto를 씁니다).",
        )
    for other in [n for n in _running if n != name]:
        _running.pop(other).stop()
    if name not in _running:
        _running[name] = BACKENDS[name]()
    return _running[name]


def localstack_endpoint() -> str:
    """LOCALSTACK_HOST as LocalStack's own tools read it (host:port, default port 4566)."""
    host = os.environ.get("LOCALSTACK_HOST", "").strip() or LOCALSTACK_DEFAULT_HOST
    name, colon, rest = host.partition(":")
    if name == LOCALSTACK_LOOPBACK_NAME:
        host = "127.0.0.1" + colon + rest
    if not re.search(r":[0-9]+$", host):
        host += ":4566"
    return require_loopback(f"http://{host}", "LOCALSTACK_HOST")


def require_loopback(url: str, variable: str) -> str:
    """The URL rebuilt as scheme://host:port when it names this machine, for every parser (see labs.guard)."""
    from labs.guard import loopback_endpoint

    return loopback_endpoint(url, variable)


def free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post_or_explain(url: str, name: str, endpoint: str) -> None:
    import requests

    try:
        requests.post(url, timeout=30).raise_for_status()
    except requests.RequestException as error:
        raise BackendUnavailableError(
            f"The {name} emulator at {endpoint} did not reset its account ({type(error).__name__}); "
            "is it still running? The lab never falls back to AWS.",
            f"{endpoint}의 {name} 에뮬레이터가 계정을 초기화하지 못했습니다({type(error).__name__}). "
            "아직 실행 중인가요? 실습 환경은 절대 실제 AWS로 넘어가지 않습니다.",
        ) from None
