"""LocalStack without Docker: `labs localstack start|stop|status`.

LocalStack's Python package (`localstack-core`) runs on Python 3.13 only and pins versions that
clash with the lab's, so it lives in a virtual environment of its own (LABS_HOME/localstack-venv),
made on first start with the recipe measured in DESIGN.md. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from labs.backends import localstack_endpoint
from labs.language import both, pick
from labs.errors import BackendUnavailableError
from labs.progress import home

VERSION = "4.14.0"  # the last LocalStack that starts without an account (DESIGN.md)
PACKAGES = [f"localstack-core[runtime]=={VERSION}", "cbor2<6", "pyopenssl<25", "cryptography<45", "service_identity"]


def venv_dir() -> Path:
    return home() / "localstack-venv"


def _pid_file() -> Path:
    return home() / "localstack.pid"


def log_file() -> Path:
    return home() / "localstack.log"


def find_python313() -> str | None:
    """Python 3.13 from LABS_PYTHON313, the PATH, or pyenv."""
    candidates = [os.environ.get("LABS_PYTHON313", ""), shutil.which("python3.13") or ""]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.13*/bin/python3.13")), reverse=True)
    return next((c for c in candidates if c and _runs(c)), None)


def _runs(python: str) -> bool:
    """A pyenv shim exists on the PATH even when it has no such interpreter behind it."""
    try:
        return subprocess.run([python, "--version"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def ensure_installed() -> Path:
    python = venv_dir() / "bin" / "python"
    if python.exists():
        return python
    base = find_python313()
    if base is None:
        raise BackendUnavailableError(
            "LocalStack's Python package needs Python 3.13, and none was found (set LABS_PYTHON313 to one); "
            "use docker compose's localstack profile instead, or LABS_BACKEND=moto.",
            "LocalStack 파이썬 패키지에는 Python 3.13이 필요한데 찾지 못했습니다(LABS_PYTHON313에 경로를 지정하세요). "
            "대신 docker compose의 localstack 프로필이나 LABS_BACKEND=moto를 쓰세요.",
        )
    print(pick(both(f"Installing LocalStack {VERSION} into {venv_dir()} (once; about a minute)...",
                     f"LocalStack {VERSION}을 {venv_dir()}에 설치합니다(처음 한 번, 1분쯤 걸립니다)...")), flush=True)
    try:
        subprocess.run([base, "-m", "venv", str(venv_dir())], check=True)
        # pip fetches from PyPI, not AWS: it gets back the proxy settings `import labs` removed.
        from labs.guard import learner_proxy_variables

        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PACKAGES], check=True,
                       env={**os.environ, **learner_proxy_variables()})
    except (OSError, subprocess.CalledProcessError) as error:
        shutil.rmtree(venv_dir(), ignore_errors=True)
        raise BackendUnavailableError(
            f"Installing LocalStack into {venv_dir()} failed ({error}); the lines above say why.",
            f"{venv_dir()}에 LocalStack을 설치하지 못했습니다({error}). 위의 출력에 이유가 있습니다.",
        ) from None
    return python


def _answers() -> dict | None:
    import requests

    try:
        return requests.get(f"{localstack_endpoint()}/_localstack/health", timeout=2).json()
    except (requests.RequestException, ValueError):
        return None


def start(timeout: float = 90) -> str:
    if _answers():
        return pick(both(f"LocalStack already answers at {localstack_endpoint()}.",
                         f"LocalStack이 이미 {localstack_endpoint()}에서 응답합니다."))
    python = ensure_installed()
    listen = localstack_endpoint().removeprefix("http://")
    root = home() / "localstack-root"
    root.mkdir(parents=True, exist_ok=True)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
        "GATEWAY_SERVER": "hypercorn",
        "GATEWAY_LISTEN": listen,
        "OVERRIDE_IN_DOCKER": "0",
        "DNS_ADDRESS": "0",
        "SKIP_SSL_CERT_DOWNLOAD": "1",
        "DISABLE_EVENTS": "1",
        "FILESYSTEM_ROOT": str(root),
    }
    with open(log_file(), "ab") as log:
        process = subprocess.Popen([str(python), "-m", "localstack.runtime.main"], env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    _pid_file().write_text(str(process.pid))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BackendUnavailableError(
                f"LocalStack stopped while starting; its log is {log_file()}.",
                f"LocalStack이 시작하다가 멈췄습니다. 로그는 {log_file()}에 있습니다.",
            )
        if _answers():
            return pick(both(
                f"LocalStack {VERSION} answers at {localstack_endpoint()} (pid {process.pid}, log {log_file()}).",
                f"LocalStack {VERSION}이 {localstack_endpoint()}에서 응답합니다(pid {process.pid}, 로그 {log_file()})."))
        time.sleep(0.5)
    stop()
    raise BackendUnavailableError(
        f"LocalStack did not answer within {timeout:.0f} s; its log is {log_file()}.",
        f"LocalStack이 {timeout:.0f}초 안에 응답하지 않았습니다. 로그는 {log_file()}에 있습니다.",
    )


def stop() -> str:
    try:
        pid = int(_pid_file().read_text())
    except (OSError, ValueError):
        return pick(both("No LocalStack started by the lab is running.", "실습 환경이 시작한 LocalStack이 실행 중이지 않습니다."))
    try:
        os.killpg(pid, signal.SIGTERM)
        for _ in range(40):
            os.kill(pid, 0)
            time.sleep(0.25)
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _pid_file().unlink(missing_ok=True)
    return pick(both(f"LocalStack (pid {pid}) stopped.", f"LocalStack(pid {pid})을 멈췄습니다."))


def status() -> str:
    health = _answers()
    if not health:
        return pick(both(f"LocalStack is not answering at {localstack_endpoint()}.",
                         f"LocalStack이 {localstack_endpoint()}에서 응답하지 않습니다."))
    services = sorted(name for name, state in health.get("services", {}).items() if state != "disabled")
    return pick(both(f"LocalStack {health.get('version', '?')} at {localstack_endpoint()}: {', '.join(services)}",
                     f"{localstack_endpoint()}의 LocalStack {health.get('version', '?')}: {', '.join(services)}"))


def command(action: str) -> int:
    print({"start": start, "stop": stop, "status": status}[action](), file=sys.stdout)
    return 0
