"""A learner's grades, sent to the instructor's class view when the lab runs inside a JupyterHub.

JupyterHub starts every learner's server with JUPYTERHUB_API_URL, JUPYTERHUB_API_TOKEN and
JUPYTERHUB_USER, and the lab's hub configuration (deploy/) adds LABS_CLASS_VIEW_URL, the class
view's address (labs/classview.py, a hub service). Outside a hub none of these is set and nothing
here does anything: progress stays in LABS_HOME, as always.

Three promises to the learner:

- Grading never waits for the class view: `report` puts the result in a queue and returns; one
  background thread sends the queue, with a short timeout.
- Grading never breaks because of it: any failure is caught. When a send fails, the next grade
  prints one quiet sentence, once, and the results are sent again with a later grade.
- The class view is the only place this talks to, and only when its address is on the hub's own
  host (the host of JUPYTERHUB_API_URL): a changed variable cannot send a learner's results
  anywhere else. Proxy variables are ignored. The lab's guard lets this thread, and only it,
  connect to that host while a lab is running (labs/guard.py, `allowing`).
"""

from __future__ import annotations

import atexit
import os
import socket
import threading
from datetime import datetime, timezone
from urllib.parse import urlsplit

from labs import guard
from labs.language import pick

URL_VARIABLE = "LABS_CLASS_VIEW_URL"
TIMEOUT_SECONDS = 3.0
RETRY_AFTER_SECONDS = 30.0
MAX_PENDING = 500
"""A kernel that can never reach the class view keeps at most this many results to send."""

UNREACHABLE = {
    "en": "(The class view did not answer, so your instructor does not see this result yet; it is saved here "
          "and sent again with a later grade.)",
    "ko": "(수업 현황판이 응답하지 않아 강사에게 이 결과가 아직 보이지 않습니다. 결과는 여기에 저장되어 있고 "
          "다음 채점 때 다시 보냅니다.)",
}


def target() -> tuple[str, str] | None:
    """(the class view's results URL, the learner's hub token), or None outside a hub or when the
    address is not on the hub's own host."""
    token = os.environ.get("JUPYTERHUB_API_TOKEN", "").strip()
    hub_api = os.environ.get("JUPYTERHUB_API_URL", "").strip()
    view = os.environ.get(URL_VARIABLE, "").strip()
    if not (token and hub_api and view and os.environ.get("JUPYTERHUB_USER")):
        return None
    hub, mine = urlsplit(hub_api), urlsplit(view)
    if mine.scheme not in ("http", "https") or not mine.hostname or mine.hostname != hub.hostname:
        return None
    return view.rstrip("/") + "/api/results", token


def report(chapter_stem: str, grade) -> None:
    """Queue one grade for the class view (called by Lab.grade). Never raises, never waits."""
    try:
        where = target()
        if where is None:
            return
        _sender().submit(where, {
            "chapter": chapter_stem,
            "exercise": grade.exercise_id,
            "done": bool(grade.done),
            "message": grade.message,
            "lang": grade.lang,
            "graded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        })
        if _sender().take_failure():
            print(pick(UNREACHABLE, grade.lang))
    except Exception:  # the class view is a convenience for the instructor, never the learner's problem
        pass


class Sender:
    """One background thread that posts queued results, in order, in batches."""

    def __init__(self):
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._pending: list[dict] = []
        self._where: tuple[str, str] | None = None
        self._failed_unsaid = False
        self._failing = False
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="labs-class-view", daemon=True)
        self._thread.start()

    def submit(self, where: tuple[str, str], result: dict) -> None:
        with self._lock:
            self._where = where
            self._pending = (self._pending + [result])[-MAX_PENDING:]
            self._idle.clear()
        self._wake.set()

    def take_failure(self) -> bool:
        """True once after a send failed (the sentence is said once, not at every grade)."""
        with self._lock:
            failed, self._failed_unsaid = self._failed_unsaid, False
            return failed

    def flush(self, timeout: float) -> bool:
        """Wait until nothing is left to send (tests, and the kernel's exit)."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            # After a failure, wait for the next grade or for the retry delay, whichever is first.
            self._wake.wait(RETRY_AFTER_SECONDS if self._failing else None)
            self._wake.clear()
            with self._lock:
                batch, where = list(self._pending), self._where
            if not batch or where is None:
                self._idle.set()
                continue
            sent = _post(where, batch)
            with self._lock:
                if sent:
                    self._pending = self._pending[len(batch):]
                    self._failing = False
                else:
                    if not self._failing:
                        self._failed_unsaid = True
                    self._failing = True
                if not self._pending or self._failing:
                    self._idle.set()
                else:
                    self._wake.set()


def _post(where: tuple[str, str], batch: list[dict]) -> bool:
    import requests

    url, token = where
    host = urlsplit(url).hostname or ""
    try:
        with guard.allowing({host}):
            addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
        with requests.Session() as session, guard.allowing({host, *addresses}):
            session.trust_env = False  # no proxy variables, no .netrc: the hub's host only
            response = session.post(url, json={"results": batch}, timeout=TIMEOUT_SECONDS,
                                    headers={"Authorization": f"token {token}"}, allow_redirects=False)
        return response.status_code == 200
    except Exception:
        return False


_state: dict = {"sender": None}
_state_lock = threading.Lock()


def _sender() -> Sender:
    with _state_lock:
        if _state["sender"] is None:
            _state["sender"] = Sender()
            atexit.register(_state["sender"].flush, TIMEOUT_SECONDS)
        return _state["sender"]


def flush(timeout: float = 10.0) -> bool:
    """Wait until every queued result was sent or failed to send; True when nothing is left."""
    sender = _state["sender"]
    return True if sender is None else sender.flush(timeout)
