"""Runs solution and starter notebooks with nbval, each with what it must prove.

solutions/*.ipynb run with LABS_EXPECT=done: every graded exercise must pass (nbgrader's validate).
notebooks/{en,ko}/*.ipynb run with LABS_EXPECT=not-done: each must run top to bottom while every
graded exercise reports "not done" (validate --invert). The kernel inherits the environment when
nbval starts it, which happens in the first cell's setup, after this hook.
"""

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent
_LABS_HOME = tempfile.mkdtemp(prefix="labs-test-home-")


def _expectation(path: Path) -> str | None:
    if path.suffix != ".ipynb":
        return None
    relative = path.resolve().relative_to(ROOT)
    if relative.parts[0] == "solutions":
        return "done"
    if relative.parts[0] == "notebooks":
        return "not-done"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    expectation = _expectation(Path(str(item.path)))
    if expectation:
        os.environ["LABS_EXPECT"] = expectation
        # Tests never touch a learner's own progress file.
        os.environ["LABS_HOME"] = _LABS_HOME
        os.environ["MPLBACKEND"] = "Agg"
