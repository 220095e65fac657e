"""Every solution notebook, run while every socket connection of its kernel is recorded from the
kernel's first line of Python: none may go anywhere but loopback. Slow (it runs every chapter
again), so it runs in `make test-network`, which CI runs after `make test`."""

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "solutions").glob("*.ipynb"))
RECORDER = textwrap.dedent('''
    import os, sys
    _log = os.environ["LABS_CONNECTION_LOG"]
    def _record(event, args):
        if event == "socket.connect":
            address = args[1]
            with open(_log, "a") as f:
                f.write(repr(address) + "\\n")
    sys.addaudithook(_record)
    with open(_log, "a") as f:
        f.write("recorder installed\\n")
''')

pytestmark = pytest.mark.skipif(os.environ.get("LABS_RECORD_CONNECTIONS") != "1",
                                reason="slow: runs every notebook again; `make test-network` runs it")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_connects_only_to_loopback(path, tmp_path, monkeypatch):
    import nbclient
    import nbformat

    from labs.guard import is_loopback_host

    (tmp_path / "sitecustomize.py").write_text(RECORDER)
    log = tmp_path / "connections.log"
    log.write_text("")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), *filter(None, [os.environ.get("PYTHONPATH")])]))
    monkeypatch.setenv("LABS_CONNECTION_LOG", str(log))
    monkeypatch.setenv("LABS_EXPECT", "done")
    monkeypatch.setenv("LABS_HOME", tempfile.mkdtemp(prefix="labs-net-"))
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    lines = log.read_text().splitlines()
    assert "recorder installed" in lines, "the kernel never loaded the connection recorder"
    recorded = [line for line in lines if line != "recorder installed"]
    hosts = {eval(line)[0] if line.startswith("(") else line for line in recorded}  # our own repr()
    assert all(is_loopback_host(str(host)) for host in hosts if not str(host).startswith("/")), hosts
