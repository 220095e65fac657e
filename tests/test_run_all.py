"""The starters' test sees what a learner sees with Run All (tests/run_all.py): a cell whose
execution ends in an error status stops it, even when the lab printed one sentence and no traceback."""

import nbformat

from tests.run_all import run_all


def notebook(tmp_path, *cells):
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(source, id=f"cell-{i}") for i, source in enumerate(cells)]
    for cell, source in zip(book.cells, cells, strict=True):
        if source.startswith("# raises-exception"):
            cell.metadata["tags"] = ["raises-exception"]
    path = tmp_path / "starter.ipynb"
    nbformat.write(book, path)
    return path


EXPLAINED_MISTAKE = """from labs.display import install_error_handler
from labs.errors import LabError
install_error_handler()
raise LabError("The lab's one sentence.")"""


def test_a_cell_ending_in_an_error_status_stops_run_all_and_is_named(tmp_path):
    path = notebook(tmp_path, "import os\nprint(os.environ['LABS_SEEN'])", EXPLAINED_MISTAKE, "print('never run')")
    failure = run_all(path, {"LABS_SEEN": "the environment reaches the kernel"})
    assert failure is not None
    assert "cell 1 (id cell-1)" in failure and "LabError" in failure
    assert "The lab's one sentence." in failure  # what the learner sees, without a traceback


def test_raises_exception_tags_do_not_hide_an_error(tmp_path):
    path = notebook(tmp_path, "# raises-exception\nraise ValueError('no')")
    assert "ValueError" in run_all(path, {})


def test_a_notebook_that_runs_through_passes(tmp_path):
    path = notebook(tmp_path, "import os\nassert os.environ['LABS_SEEN'] == 'yes'", "x = 1")
    assert run_all(path, {"LABS_SEEN": "yes"}) is None


def _kernels_of_this_process() -> list[int]:
    """The ipykernel processes this test process started and that still run (Linux's /proc)."""
    import os
    from pathlib import Path

    kernels = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if parent == os.getpid() and b"ipykernel" in command:
            kernels.append(int(entry.name))
    return kernels


def test_each_notebook_run_shuts_its_kernel_down(tmp_path):
    """nbclient leaves a kernel it did not create running; a suite that runs a hundred notebooks in one worker
    then holds a hundred kernels (tens of GB) until it ends. Every run stops its own."""
    import sys

    import pytest

    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc")
    before = set(_kernels_of_this_process())
    for cells in (("x = 1",), ("raise ValueError('no')",)):
        run_all(notebook(tmp_path, *cells), {})
    assert set(_kernels_of_this_process()) - before == set()
