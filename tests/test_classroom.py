"""labs/classroom.py: inside a JupyterHub, lab.grade results reach the class view; outside one,
nothing changes; a class view that is down or elsewhere never delays, breaks or redirects a grade.

The class view here is a tiny HTTP server on 127.0.0.1 that records what it receives (the real
service, with the hub's OAuth, is tested by `make test-hub`)."""

from __future__ import annotations

import http.server
import json
import socket
import threading

import pytest

import labs
from labs import classroom, guard


class Recorder(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Recorder.received.append({"path": self.path, "authorization": self.headers.get("Authorization"), **body})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"stored": 1}')

    def log_message(self, *args):
        pass


@pytest.fixture
def class_view():
    Recorder.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def fresh_sender(monkeypatch):
    """Every test gets its own sender thread, as a new kernel would."""
    monkeypatch.setitem(classroom._state, "sender", None)
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    for name in ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL", "JUPYTERHUB_USER", classroom.URL_VARIABLE):
        monkeypatch.delenv(name, raising=False)


def in_a_hub(monkeypatch, view: str, hub_api: str = "http://127.0.0.1:8081/hub/api"):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "learner-token")
    monkeypatch.setenv("JUPYTERHUB_API_URL", hub_api)
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    monkeypatch.setenv(classroom.URL_VARIABLE, view.rstrip("/") + "/services/class-view/")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_outside_a_hub_grading_sends_nothing(fresh_sender, class_view, tmp_path, monkeypatch):
    monkeypatch.setenv("LABS_HOME", str(tmp_path))
    lab = labs.start("00")
    lab.grade("0.1")
    assert classroom.target() is None
    assert classroom._state["sender"] is None, "no thread, no request outside a hub"
    assert Recorder.received == []
    assert (tmp_path / "progress.json").exists(), "progress stays in LABS_HOME"


def test_inside_a_hub_each_grade_reaches_the_class_view(fresh_sender, class_view, tmp_path, monkeypatch):
    monkeypatch.setenv("LABS_HOME", str(tmp_path))
    in_a_hub(monkeypatch, class_view)
    # a proxy variable must not divert the learner's results
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed_port()}")
    lab = labs.start("00", lang="ko")
    lab.grade("0.1")
    assert classroom.flush(10)
    assert len(Recorder.received) == 1
    sent = Recorder.received[0]
    assert sent["path"] == "/services/class-view/api/results"
    assert sent["authorization"] == "token learner-token"
    (result,) = sent["results"]
    assert (result["chapter"], result["exercise"], result["done"], result["lang"]) == ("00-welcome", "0.1", False, "ko")
    assert result["message"] == lab.grade("0.1").message, "the grader's own sentence, in the learner's language"
    assert (tmp_path / "progress.json").exists(), "and progress is saved as always"


def test_the_class_view_must_be_on_the_hubs_own_host(fresh_sender, class_view, monkeypatch):
    in_a_hub(monkeypatch, class_view.replace("127.0.0.1", "localhost"))
    assert classroom.target() is None, "localhost is not the hub's host 127.0.0.1"
    in_a_hub(monkeypatch, "http://198.51.100.7:10101")
    assert classroom.target() is None
    in_a_hub(monkeypatch, "file:///etc/passwd", hub_api="file:///etc/hub")
    assert classroom.target() is None
    in_a_hub(monkeypatch, class_view)
    assert classroom.target() == (f"{class_view}/services/class-view/api/results", "learner-token")


def test_a_class_view_that_is_down_costs_one_quiet_sentence(fresh_sender, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LABS_HOME", str(tmp_path))
    in_a_hub(monkeypatch, f"http://127.0.0.1:{closed_port()}")
    lab = labs.start("00")
    first = lab.grade("0.1")
    assert first.done is False and first.message, "the grade itself is untouched"
    assert classroom.flush(10)
    lab.grade("0.1")
    lab.grade("0.1")
    printed = capsys.readouterr().out
    assert printed.count(classroom.UNREACHABLE["en"]) == 1, printed
    assert classroom._state["sender"]._pending, "kept, to send with a later grade"


def test_the_quiet_sentence_exists_in_both_languages():
    assert set(classroom.UNREACHABLE) == {"en", "ko"}
    assert "수업 현황판" in classroom.UNREACHABLE["ko"]


def test_the_guard_lets_only_the_class_view_thread_reach_the_hubs_address():
    hub_address = "10.20.30.40"  # a cluster's hub; nothing connects to it here
    assert not guard.connection_allowed(hub_address)
    seen_elsewhere = []
    with guard.allowing({hub_address}):
        assert guard.connection_allowed(hub_address)
        assert not guard.connection_allowed("52.95.110.1"), "an AWS address stays refused"
        other = threading.Thread(target=lambda: seen_elsewhere.append(guard.connection_allowed(hub_address)))
        other.start()
        other.join()
    assert seen_elsewhere == [False], "another thread (the learner's code) gets no exception"
    assert not guard.connection_allowed(hub_address)
