"""Runs the learner notebooks and the solutions, each with what it must prove.

notebooks/{en,ko}/solutions/*.ipynb (each language's solution, what a learner opens when stuck) run
as JupyterLab's Run All does, with nbclient, and LABS_EXPECT=done: every graded exercise must pass
(nbgrader's validate). Every code cell of the bilingual source solutions/*.ipynb is in one of them.

notebooks/{en,ko}/*.ipynb (the starters) run the same way with LABS_EXPECT=not-done: each must run
top to bottom while every graded exercise reports "not done" (validate --invert). Run All stops at
the first cell whose execution ends in an error status, even when the cell printed nothing but the
lab's one sentence (the lab's error handler replaces the traceback, not the error), so a cell that
ends in an error fails the test, named. nbval looks at a cell's outputs only and would pass such a
cell: it collects no learner notebook.

solutions/*.ipynb, named on the command line (`make test-server`), run with nbval and
LABS_EXPECT=done; the kernel inherits the environment when nbval starts it, which happens in the
first cell's setup, after `pytest_runtest_setup` below.

Progress goes to a folder of the test run's own (LABS_HOME), removed when the run ends, so tests
never touch a learner's progress file and leave nothing behind.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent
LEARNER_NOTEBOOKS = ROOT / "notebooks"
_LABS_HOME = tempfile.mkdtemp(prefix="labs-test-home-")
# The `labs` command speaks the locale's language; the tests expect English unless they ask for Korean
# (LABS_LANG=ko), whatever the machine's locale. Notebooks choose their language in labs.start.
os.environ["LABS_LANG"] = "en"
os.environ["LABS_HOME"] = _LABS_HOME
# Removed when pytest unconfigures, and at exit too: an xdist worker the controller stops may not unconfigure.
atexit.register(shutil.rmtree, _LABS_HOME, True)


def pytest_unconfigure(config):
    shutil.rmtree(_LABS_HOME, ignore_errors=True)


def _expectation(path: Path) -> str | None:
    if path.suffix != ".ipynb":
        return None
    relative = path.resolve().relative_to(ROOT)
    if relative.parts[0] == "solutions" or relative.parts[-2:-1] == ("solutions",):
        return "done"
    if relative.parts[0] == "notebooks":
        return "not-done"
    return None


def _is_learner_notebook(path: Path) -> bool:
    return path.suffix == ".ipynb" and path.resolve().is_relative_to(LEARNER_NOTEBOOKS.resolve())


def _notebook_environment(expectation: str) -> dict:
    return {
        "LABS_EXPECT": expectation,
        # Tests never touch a learner's own progress file.
        "LABS_HOME": _LABS_HOME,
        "MPLBACKEND": "Agg",
    }


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """For nbval's solution runs: its kernel inherits this process's environment. (A learner notebook's
    kernel is given its environment explicitly, see RunAll.)"""
    expectation = _expectation(Path(str(item.path)))
    if expectation and not isinstance(item, RunAll):
        os.environ.update(_notebook_environment(expectation))


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    """A learner notebook is one test, run as Run All runs it (instead of nbval's cell by cell)."""
    collected = yield
    if not _is_learner_notebook(file_path):
        return collected
    others = [c for c in collected if not type(c).__module__.startswith("nbval")]
    return [*others, LearnerNotebook.from_parent(parent, path=file_path)]


class LearnerNotebook(pytest.File):
    def collect(self):
        yield RunAll.from_parent(self, name="run_all")


class RunAllFailed(Exception):
    pass


class RunAll(pytest.Item):
    """A learner notebook, executed as Run All executes it (tests/run_all.py): a starter expecting "not
    done" everywhere, a solution expecting "done"."""

    def runtest(self):
        from tests.run_all import run_all

        failure = run_all(self.path, _notebook_environment(_expectation(Path(self.path))))
        if failure:
            raise RunAllFailed(failure)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, RunAllFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.path.relative_to(ROOT)} (Run All)"
