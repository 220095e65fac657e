"""A room, for real (`make test-hub`): JupyterHub on 127.0.0.1 with the deployment's configuration,
three learners and an instructor, chapter 08 run in the learners' own kernels through the hub, and
the class view read by the instructor's token and in headless Chromium.

alice and bob run chapter 08's solution (English); carol, in the hub group `lang-ko`, runs the
Korean starter, where every exercise is graded and none is done. The class view must count exactly
that, and refuse every read but the instructor's.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "build" / "test-hub"
CHAPTER = "08-s3"
LEARNERS = {"alice": "solution", "bob": "solution", "carol": "starter"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")

if os.environ.get("LABS_TEST_HUB") != "1":
    pytest.skip("the hub test runs with `make test-hub` (JupyterHub, its Node.js proxy)", allow_module_level=True)
requests = pytest.importorskip("requests")
pytest.importorskip("jupyterhub", reason="make test-hub installs the lab's `hub` extra")
from tornado.httpclient import HTTPRequest  # noqa: E402
from tornado.websocket import websocket_connect  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, probe, attempts: int = 240, every: float = 0.5):
    """Ask `probe` until it returns something truthy; a bounded number of tries, then fail."""
    for _ in range(attempts):
        result = probe()
        if result:
            return result
        time.sleep(every)
    pytest.fail(f"gave up waiting for {what}")


class Hub:
    def __init__(self, work: Path):
        self.work = work
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.password = secrets.token_hex(8)
        self.token = secrets.token_hex(16)
        self.env = {
            **os.environ,
            "LABS_TEST_HUB_DIR": str(work),
            "LABS_TEST_HUB_PORT": str(self.port),
            "LABS_TEST_HUB_API_PORT": str(free_port()),
            "LABS_TEST_PROXY_API_PORT": str(free_port()),
            "LABS_TEST_HUB_PASSWORD": self.password,
            "LABS_TEST_HUB_TOKEN": self.token,
            "LABS_CLASS_VIEW_PORT": str(free_port()),
            "LABS_CLASS_VIEW_SCRIPT": str(ROOT / "labs" / "classview.py"),
            "LABS_CLASS_VIEW_DB": f"sqlite:///{work / 'class-view.sqlite'}",
            "LABS_DEFAULT_LANG": "en",
            "MPLBACKEND": "Agg",
        }
        self.log = open(work / "jupyterhub.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(ROOT / "tests" / "hub" / "jupyterhub_config.py")],
            cwd=work, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def api(self, method: str, path: str, token: str | None = None, **kwargs):
        headers = {"Authorization": f"token {token or self.token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers, timeout=30, **kwargs)

    def ready(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(f"JupyterHub exited: {(self.work / 'jupyterhub.log').read_text()[-3000:]}")
        try:
            return requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200
        except requests.ConnectionError:
            return False

    def start_server(self, name: str) -> None:
        created = self.api("POST", f"/users/{name}")
        assert created.status_code in (201, 409), created.text  # 409: already made by the config's groups
        response = self.api("POST", f"/users/{name}/server")
        assert response.status_code in (201, 202), response.text

    def server_ready(self, name: str) -> bool:
        model = self.api("GET", f"/users/{name}").json()
        return bool(model.get("servers", {}).get("", {}).get("ready"))

    def token_for(self, name: str) -> str:
        response = self.api("POST", f"/users/{name}/tokens", json={"note": "make test-hub"})
        assert response.status_code in (200, 201), response.text
        return response.json()["token"]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def notebook_code(learner: str) -> list[str]:
    """The code cells a learner runs: the English solution, or the Korean starter."""
    import nbformat

    if LEARNERS[learner] == "solution":
        nb = nbformat.read(ROOT / "solutions" / f"{CHAPTER}.ipynb", as_version=4)
        cells = [c for c in nb.cells if "ko" not in c.get("metadata", {}).get("tags", [])]
    else:
        cells = nbformat.read(ROOT / "notebooks" / "ko" / f"{CHAPTER}.ipynb", as_version=4).cells
    return [c.source for c in cells if c.cell_type == "code"]


async def run_in_kernel(hub: Hub, learner: str, cells: list[str]) -> list[dict]:
    """Run cells in a new kernel of the learner's server, over the server's kernel websocket (as
    JupyterLab does); one record per cell: status and the error, if any."""
    server = f"{hub.url}/user/{learner}"
    headers = {"Authorization": f"token {hub.token}"}
    created = await asyncio.to_thread(requests.post, f"{server}/api/kernels", json={"name": "python3"},
                                      headers=headers, timeout=60)
    assert created.status_code == 201, created.text
    kernel = created.json()["id"]
    ws_url = server.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels"
    connection = await websocket_connect(HTTPRequest(ws_url, headers=headers), max_message_size=64 * 2**20)
    session = uuid.uuid4().hex
    records = []
    try:
        for code in cells:
            msg_id = uuid.uuid4().hex
            await connection.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": learner, "session": session, "msg_type": "execute_request",
                           "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True},
            }))
            record = {"code": code[:80], "status": None, "error": None, "stdout": ""}
            idle = False
            # the reply (shell) may come before the output (iopub): wait for both
            while record["status"] is None or not idle:
                raw = await asyncio.wait_for(connection.read_message(), timeout=300)
                assert raw is not None, f"{learner}'s kernel websocket closed"
                message = json.loads(raw)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = message["header"]["msg_type"]
                if kind == "error":
                    record["error"] = f"{message['content']['ename']}: {message['content']['evalue']}"
                elif kind == "stream":
                    record["stdout"] += message["content"]["text"]
                elif kind == "execute_reply":
                    record["status"] = message["content"]["status"]
                elif kind == "status" and message["content"]["execution_state"] == "idle":
                    idle = True
            records.append(record)
    finally:
        connection.close()
        await asyncio.to_thread(requests.delete, f"{server}/api/kernels/{kernel}", headers=headers, timeout=30)
    return records


@pytest.fixture(scope="module")
def room():
    work = Path(tempfile.mkdtemp(prefix="labs-test-hub-"))
    hub = Hub(work)
    try:
        wait_for("JupyterHub to answer", hub.ready)
        for name in LEARNERS:
            hub.start_server(name)
        for name in LEARNERS:
            wait_for(f"{name}'s server", lambda name=name: hub.server_ready(name))
        check_language = "import os, labs.classroom; print(os.environ.get('LABS_LANG'), labs.classroom.flush(20))"

        async def everyone():
            return await asyncio.gather(*(run_in_kernel(hub, name, notebook_code(name) + [check_language])
                                          for name in LEARNERS))

        runs = dict(zip(LEARNERS, asyncio.run(everyone()), strict=True))
        yield hub, runs
    finally:
        hub.stop()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(work / "jupyterhub.log", ARTIFACTS / "jupyterhub.log")
        shutil.rmtree(work, ignore_errors=True)


def chapter_exercises() -> list[str]:
    from labs.chapters import find

    return [e.id for e in find(CHAPTER).exercises]


def test_every_cell_ran_in_every_learners_kernel(room):
    _, runs = room
    for learner, records in runs.items():
        failed = [r for r in records if r["status"] != "ok"]
        assert not failed, f"{learner}: {failed[:3]}"


def test_each_learner_has_the_language_of_their_hub_group(room):
    _, runs = room
    languages = {learner: records[-1]["stdout"].split()[0] for learner, records in runs.items()}
    assert languages == {"alice": "en", "bob": "en", "carol": "ko"}
    assert all(records[-1]["stdout"].split()[1] == "True" for records in runs.values()), "results left unsent"


def test_the_class_view_counts_the_room(room):
    hub, _ = room
    teacher = hub.token_for("teacher")
    response = requests.get(f"{hub.url}/services/class-view/api/room", params={"chapter": CHAPTER},
                            headers={"Authorization": f"token {teacher}"}, timeout=30)
    assert response.status_code == 200, response.text
    view = response.json()
    exercises = chapter_exercises()
    assert view["chapter"] == CHAPTER
    assert view["learners"] == ["alice", "bob", "carol"], "the instructor is no learner; every learner is there"
    assert view["exercises"] == exercises
    assert view["cells"]["alice"] == dict.fromkeys(exercises, "done")
    assert view["cells"]["bob"] == dict.fromkeys(exercises, "done")
    assert view["cells"]["carol"] == dict.fromkeys(exercises, "tried")
    assert view["learner_totals"] == {"alice": len(exercises), "bob": len(exercises), "carol": 0}
    assert view["exercise_totals"] == {x: {"done": 2, "tried": 1, "not started": 0} for x in exercises}
    assert view["room"]["done"] == 2 * len(exercises) and view["room"]["cells"] == 3 * len(exercises)
    # carol's wrong attempts are the graders' Korean sentences, one learner each, for every exercise
    korean = [w for w in view["wrong"] if HANGUL.search(w["message"])]
    assert korean and all(w["learners"] == 1 and w["exercise"] in exercises for w in korean), view["wrong"]
    (ARTIFACTS).mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "room.json").write_text(json.dumps(view, indent=2, ensure_ascii=False), encoding="utf-8")


def test_a_learner_reads_nobodys_results(room):
    hub, _ = room
    alice = hub.token_for("alice")
    for path in ("api/room", "api/room.html", ""):
        response = requests.get(f"{hub.url}/services/class-view/{path}", headers={"Authorization": f"token {alice}"},
                                timeout=30, allow_redirects=False)
        assert response.status_code == 403, (path, response.status_code, response.text[:300])
        assert "alice" not in response.text and "bob" not in response.text


def test_a_learner_posts_only_their_own_results(room):
    hub, _ = room
    alice = hub.token_for("alice")
    as_bob = {"learner": "bob", "results": [{"chapter": CHAPTER, "exercise": "8.1", "done": False, "message": "x"}]}
    response = requests.post(f"{hub.url}/services/class-view/api/results", json=as_bob,
                             headers={"Authorization": f"token {alice}"}, timeout=30)
    assert response.status_code == 403, response.text
    assert "own results" in response.json()["error"]


def test_anonymous_requests_are_refused(room):
    hub, _ = room
    base = f"{hub.url}/services/class-view/"
    assert requests.get(base + "api/room", timeout=30, allow_redirects=False).status_code == 403
    posted = requests.post(base + "api/results", json={"results": []}, timeout=30, allow_redirects=False)
    assert posted.status_code == 403
    page = requests.get(base, timeout=30, allow_redirects=False)
    assert page.status_code == 302 and "/hub/api/oauth2/authorize" in page.headers["Location"]


# --- the page in a browser -----------------------------------------------------------------------

def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def korean_fonts_config(work: Path) -> Path:
    """fontconfig with the NanumGothic that koreanize-matplotlib ships, so Korean renders."""
    import koreanize_matplotlib

    fonts = Path(koreanize_matplotlib.__file__).parent / "fonts"
    config = work / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                      f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir>'
                      f'<cachedir>{work / "fontcache"}</cachedir></fontconfig>')
    return config


class Browser:
    """Headless Chromium driven over its DevTools protocol, on 127.0.0.1 only."""

    def __init__(self, work: Path):
        profile = work / "chromium-profile"
        self.process = subprocess.Popen(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--disable-sync", "--no-default-browser-check",
             f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             "--window-size=1400,1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            env={**os.environ, "FONTCONFIG_FILE": str(korean_fonts_config(work))})
        port_file = profile / "DevToolsActivePort"
        wait_for("Chromium's DevTools port", port_file.exists)
        port = int(port_file.read_text().split()[0])
        targets = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
        self.ws_url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        self.next_id = 0

    async def __aenter__(self):
        self.connection = await websocket_connect(self.ws_url, max_message_size=64 * 2**20)
        return self

    async def __aexit__(self, *_):
        self.connection.close()

    async def call(self, method: str, **params):
        self.next_id += 1
        await self.connection.write_message(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(await asyncio.wait_for(self.connection.read_message(), timeout=60))
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]

    async def evaluate(self, expression: str):
        return (await self.call("Runtime.evaluate", expression=expression, returnByValue=True))["result"].get("value")

    async def until(self, what: str, expression: str, attempts: int = 120):
        for _ in range(attempts):
            value = await self.evaluate(expression)
            if value:
                return value
            await asyncio.sleep(0.5)
        pytest.fail(f"Chromium: gave up waiting for {what}; the page says: {await self.evaluate('document.body.innerText')}")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def test_the_instructor_sees_the_class_view_in_a_browser(room):
    if not chromium():
        pytest.skip("no Chromium: apt-get install chromium (Debian) to take the class view's screenshot")
    hub, _ = room
    work = Path(tempfile.mkdtemp(prefix="labs-test-hub-browser-"))
    browser = Browser(work)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    async def look():
        async with browser:
            await browser.call("Page.enable")
            await browser.call("Page.navigate", url=f"{hub.url}/services/class-view/?chapter={CHAPTER}")
            # the class view sends the browser to the hub's login, which sends it back after OAuth
            await browser.until("the hub's login page", "!!document.querySelector('#username_input')")
            await browser.evaluate(
                f"document.querySelector('#username_input').value = 'teacher';"
                f"document.querySelector('#password_input').value = {json.dumps(hub.password)};"
                "document.querySelector('#login_submit').click(); true")
            await browser.until("the class view", "document.title === 'Class view' && document.body.innerText")
            pages = {}
            for lang in ("en", "ko"):
                await browser.call("Page.navigate", url=f"{hub.url}/services/class-view/?chapter={CHAPTER}&lang={lang}")
                title = {"en": "Class view", "ko": "수업 현황판"}[lang]
                pages[lang] = await browser.until(
                    f"the {lang} class view", f"document.title === {json.dumps(title)} && "
                    "document.querySelector('table.grid') && document.body.innerText")
                shot = await browser.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
                (ARTIFACTS / f"class-view-{lang}.png").write_bytes(base64.b64decode(shot["data"]))
            return pages

    try:
        pages = asyncio.run(look())
    finally:
        browser.stop()
        shutil.rmtree(work, ignore_errors=True)
    for name in LEARNERS:
        assert name in pages["en"]
    exercises = len(chapter_exercises())
    assert f"3 learners, {2 * exercises} of {3 * exercises} exercises done" in pages["en"]
    assert f"학습자 3명, 실습 {3 * exercises}개 중 {2 * exercises}개 완료" in pages["ko"]
    assert (ARTIFACTS / "class-view-en.png").stat().st_size > 10_000
