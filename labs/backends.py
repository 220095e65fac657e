"""Where the lab's AWS lives: moto in this process, or moto's HTTP server on 127.0.0.1.

Chosen by `LABS_BACKEND`. Notebook code never names an endpoint: in-process, moto intercepts
botocore itself; for the server, `AWS_ENDPOINT_URL` points every client at it (boto3 >= 1.28).
"""

from __future__ import annotations

import logging
import os
import socket

from labs import emulator_fidelity
from labs.errors import BackendUnavailableError, UnknownBackendError

DEFAULT_BACKEND = "moto"


class MotoInProcess:
    name = "moto"
    endpoint_url = None

    def __init__(self) -> None:
        self._mock = None

    def start(self) -> None:
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


class MotoServer:
    """moto's own server (`moto.server.ThreadedMotoServer`) on a free loopback port.

    It lives as long as the Python process, so the AWS CLI in a terminal can reach the same
    account while the notebook runs.
    """

    name = "moto-server"

    def __init__(self, port: int | None = None) -> None:
        self._server = None
        self._port = port
        self.endpoint_url: str | None = None

    def start(self) -> None:
        if self._server is None:
            from moto.server import ThreadedMotoServer

            emulator_fidelity.apply()
            logging.getLogger("werkzeug").setLevel(logging.ERROR)
            port = self._port or _free_loopback_port()
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
        self.reset()

    def reset(self) -> None:
        import requests

        response = requests.post(f"{self.endpoint_url}/moto-api/reset", timeout=10)
        response.raise_for_status()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


BACKENDS = {"moto": MotoInProcess, "moto-server": MotoServer}
_running: dict[str, object] = {}


def backend_name_from_environment() -> str:
    return os.environ.get("LABS_BACKEND", "").strip() or DEFAULT_BACKEND


def get_backend(name: str | None = None):
    """The running backend of that name, created on first use and kept for the process."""
    name = name or backend_name_from_environment()
    if name not in BACKENDS:
        choices = ", ".join(BACKENDS)
        raise UnknownBackendError(
            f"There is no backend called {name!r}; set LABS_BACKEND to one of {choices} "
            "(or leave it unset for moto).",
            f"{name!r}라는 백엔드는 없습니다. LABS_BACKEND를 {choices} 중 하나로 설정하세요"
            "(설정하지 않으면 moto를 씁니다).",
        )
    for other in [n for n in _running if n != name]:
        _running.pop(other).stop()
    if name not in _running:
        _running[name] = BACKENDS[name]()
    return _running[name]


def _free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
