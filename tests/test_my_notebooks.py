"""A learner's own notebooks (labs/my_notebooks.py): copies outside what the generator and the sync test
touch, `labs lab` opening them in JupyterLab, `labs fetch` for a fresh copy of one chapter."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from labs import cli, my_notebooks
from labs.backends import free_loopback_port
from labs.notebooks import check_sync, generate, is_as_generated
from tests.test_notebook_generator import learner_edit, saved_by_jupyterlab

ROOT = Path(__file__).parents[1]
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture
def lab_tree(tmp_path):
    """The lab's solutions/ and generated notebooks/ in a folder of the test's own, which it may change."""
    shutil.copytree(SOLUTIONS, tmp_path / "solutions")
    generate(tmp_path / "solutions", tmp_path / "notebooks")
    return tmp_path


def change_chapter(solutions: Path, name: str) -> None:
    """The lab's authors change a chapter: one more Markdown cell, in both languages."""
    path = solutions / name
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cells"].append({"cell_type": "markdown", "id": "added-later", "metadata": {}, "source": "One more thing."})
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def test_first_use_copies_every_chapter_and_solution_of_one_language(lab_tree):
    mine = lab_tree / "my-notebooks"
    prepared = my_notebooks.prepare("ko", mine, lab_tree / "notebooks")
    chapters = sorted(path.name for path in (lab_tree / "notebooks" / "ko").glob("*.ipynb"))
    assert sorted(path.name for path in (mine / "ko").glob("*.ipynb")) == chapters
    assert sorted(path.name for path in (mine / "ko" / "solutions").glob("*.ipynb")) == chapters
    assert not (mine / "en").exists()
    assert len(prepared.copied) == 2 * len(chapters) and not prepared.updated and not prepared.behind
    assert my_notebooks.prepare("ko", mine, lab_tree / "notebooks").copied == []


def test_the_learners_copy_survives_jupyterlab_make_notebooks_and_make_lab(lab_tree):
    """Open and save as JupyterLab does, work in it, then `make notebooks` (the generator) and `make lab` again:
    the learner's work is untouched, the lab's notebooks stay in sync, and `make test`'s sync test stays green."""
    mine = lab_tree / "my-notebooks"
    my_notebooks.prepare("en", mine, lab_tree / "notebooks")
    worked = mine / "en" / "08-s3.ipynb"
    opened = mine / "en" / "03-cloudtrail.ipynb"
    saved_by_jupyterlab(worked, learner_edit)
    saved_by_jupyterlab(opened)
    work = worked.read_bytes()

    change_chapter(lab_tree / "solutions", "08-s3.ipynb")
    change_chapter(lab_tree / "solutions", "03-cloudtrail.ipynb")
    generate(lab_tree / "solutions", lab_tree / "notebooks")  # make notebooks
    assert worked.read_bytes() == work
    assert check_sync(lab_tree / "solutions", lab_tree / "notebooks") == []

    prepared = my_notebooks.prepare("en", mine, lab_tree / "notebooks")  # make lab, again
    assert worked.read_bytes() == work, "a copy with the learner's work in it is never replaced"
    assert prepared.behind == [worked]
    assert prepared.updated == [opened, mine / "en" / "solutions" / "03-cloudtrail.ipynb",
                                mine / "en" / "solutions" / "08-s3.ipynb"]
    assert "One more thing." in opened.read_text(encoding="utf-8"), "a copy the learner never changed follows the lab"
    lines = my_notebooks.prepared_lines(prepared, "en")
    assert any("Kept your 08-s3.ipynb" in line and "labs fetch 08 --lang en" in line for line in lines)
    assert any("08-s3.ipynb는 실습에" in line and "labs fetch 08 --lang en" in line
               for line in my_notebooks.prepared_lines(prepared, "ko"))


def test_the_repositorys_notebooks_are_in_sync_and_my_notebooks_is_ignored_by_git():
    assert check_sync(SOLUTIONS, NOTEBOOKS) == []
    assert "my-notebooks/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    if shutil.which("git") and (ROOT / ".git").exists():
        ignored = subprocess.run(["git", "check-ignore", "-q", "my-notebooks/en/08-s3.ipynb"], cwd=ROOT)
        assert ignored.returncode == 0


def test_fetch_gives_a_fresh_copy_and_keeps_the_learners_beside_it(lab_tree, capsys):
    mine = lab_tree / "my-notebooks"
    my_notebooks.prepare("ko", mine, lab_tree / "notebooks")
    worked = mine / "ko" / "08-s3.ipynb"
    saved_by_jupyterlab(worked, learner_edit)
    work = worked.read_bytes()

    fetched = my_notebooks.fetch("8", "ko", mine, lab_tree / "notebooks", now=datetime(2026, 12, 1, 9, 30))

    kept = mine / "ko" / "08-s3.before-20261201-093000.ipynb"
    assert [(item.fresh, item.kept) for item in fetched] == [(worked, kept),
                                                             (mine / "ko" / "solutions" / "08-s3.ipynb", None)]
    assert kept.read_bytes() == work
    assert worked.read_bytes() == (lab_tree / "notebooks" / "ko" / "08-s3.ipynb").read_bytes()
    assert is_as_generated(worked)
    assert my_notebooks.fetch("08-s3", "ko", mine, lab_tree / "notebooks")[0].kept is None, "nothing of theirs to keep"
    assert "08-s3.before-20261201-093000.ipynb로 보관" in my_notebooks.fetched_lines(fetched, "ko")[0]


def test_labs_fetch_on_the_command_line(tmp_path, capsys):
    assert cli.main(["fetch", "00", "--lang", "en", "--dir", str(tmp_path)]) == 0
    assert (tmp_path / "en" / "00-welcome.ipynb").is_file() and (tmp_path / "en" / "solutions" / "00-welcome.ipynb").is_file()
    assert "Fresh copy" in capsys.readouterr().out
    assert cli.main(["fetch", "42", "--lang", "ko", "--dir", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert "'42'라는 챕터는 없습니다" in error and "08-s3" in error


def test_the_language_comes_from_the_locale_as_in_the_makefile():
    assert my_notebooks.language_from_locale({"LANG": "ko_KR.UTF-8"}) == "ko"
    assert my_notebooks.language_from_locale({"LC_ALL": "en_US.UTF-8", "LANG": "ko_KR.UTF-8"}) == "en"
    assert my_notebooks.language_from_locale({}) == "en"


def test_jupyterlab_opens_the_copy_with_the_labs_settings_and_the_learners_arguments_last():
    command = my_notebooks.jupyter_command("ko", Path("/x/my-notebooks"), ["--port", "8899", "--no-browser"], is_root=False)
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--ServerApp.root_dir=/x/my-notebooks" in command
    assert "--LabApp.default_url=/lab/tree/ko/00-welcome.ipynb" in command
    assert f"--LabApp.app_settings_dir={my_notebooks.SETTINGS / 'ko'}" in command
    assert f"--LabApp.app_settings_dir={my_notebooks.SETTINGS}" in my_notebooks.jupyter_command("en", Path("/x"), [])
    assert command[-3:] == ["--port", "8899", "--no-browser"] and "--allow-root" not in command
    as_root = my_notebooks.jupyter_command("en", Path("/x"), [], is_root=True)
    assert as_root.count("--allow-root") == 1
    assert my_notebooks.jupyter_command("en", Path("/x"), ["--allow-root"], is_root=True).count("--allow-root") == 1


def test_the_labs_jupyterlab_settings_turn_the_news_pop_up_off():
    overrides = json.loads((my_notebooks.SETTINGS / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}


def test_a_korean_learners_jupyterlab_has_korean_menus_and_the_same_settings_besides():
    from importlib.metadata import PackageNotFoundError, distribution

    base = json.loads((my_notebooks.SETTINGS / "overrides.json").read_text(encoding="utf-8"))
    korean = json.loads((my_notebooks.settings_folder("ko") / "overrides.json").read_text(encoding="utf-8"))
    assert korean.pop("@jupyterlab/translation-extension:plugin") == {"locale": "ko_KR"}
    assert korean == base, "labs/jupyterlab_settings/ko/overrides.json keeps every other setting of the base file"
    assert my_notebooks.settings_folder("en") == my_notebooks.SETTINGS
    try:  # the locale needs its language pack, which is one of the lab's dependencies
        pack = distribution("jupyterlab-language-pack-ko-KR")
    except PackageNotFoundError:
        pytest.fail("jupyterlab-language-pack-ko-KR is not installed: it is in pyproject.toml's dependencies")
    assert any(str(f).endswith(".json") for f in pack.files or []), "the pack holds JupyterLab's Korean messages"


def test_make_lab_passes_its_arguments_to_jupyterlab():
    if not shutil.which("make"):
        pytest.skip("make is not installed here")
    # As a newcomer runs it: not inside another make (test-pythons passes VENV=.venv-3.10 down to its make test).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "VENV", "PYTHON")}
    dry = subprocess.run(["make", "--no-print-directory", "-n", "lab", "LAB_LANG=ko", "ARGS=--port 8899 --no-browser"],
                         cwd=ROOT, capture_output=True, text=True, env=env)
    assert dry.returncode == 0, dry.stderr
    assert [line for line in dry.stdout.splitlines() if "labs lab" in line] == [
        ".venv/bin/labs lab --lang ko --port 8899 --no-browser"]


def _get(url):
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_labs_lab_starts_jupyterlab_on_the_learners_copy_without_the_news_pop_up(tmp_path):
    """`labs lab` for real, as `make lab ARGS="--port N --no-browser"` runs it (as root here when the tests run as
    root, where JupyterLab starts only with --allow-root): the redirect to the learner's copy, the notebook
    served from my-notebooks/, and the composite setting that decides JupyterLab's news pop-up."""
    port, token = free_loopback_port(), "first-hour-test"
    jupyter_dirs = {name: str(tmp_path / name.lower()) for name in (
        "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR",
        "JUPYTERLAB_WORKSPACES_DIR")}
    environment = {**os.environ, **jupyter_dirs, "HOME": str(tmp_path)}
    log = (tmp_path / "jupyterlab.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "labs.cli", "lab", "--lang", "ko", "--dir", str(tmp_path / "mine"), "--port", str(port),
         "--no-browser", f"--ServerApp.token={token}", "--ServerApp.ip=127.0.0.1"],
        env=environment, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # a hang guard on a busy machine, not a speed requirement
        while True:
            assert process.poll() is None, (tmp_path / "jupyterlab.log").read_text()
            try:
                if _get(f"{base}/api/status?token={token}")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("JupyterLab did not answer: " + (tmp_path / "jupyterlab.log").read_text())
            time.sleep(0.5)
        status, headers, _ = _get(f"{base}/?token={token}")
        assert status in (301, 302) and headers["Location"].split("?")[0].endswith("/lab/tree/ko/00-welcome.ipynb")
        status, _, body = _get(f"{base}/api/contents/ko/08-s3.ipynb?token={token}&content=0")
        assert status == 200, body
        status, _, body = _get(f"{base}/api/contents/ko/solutions/08-s3.ipynb?token={token}&content=0")
        assert status == 200, body
        status, _, body = _get(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}")
        assert status == 200, body
        # JupyterLab applies overrides as the schema's defaults; the learner's own choice (none here) would win.
        plugin = json.loads(body)
        defaults = {name: value["default"] for name, value in plugin["schema"]["properties"].items()}
        assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False
        assert "fetchNews" not in plugin["settings"]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
    assert (tmp_path / "mine" / "ko" / "00-welcome.ipynb").is_file()
