"""The one switch only the test harness sets: LABS_EXPECT, what a notebook run must prove.

The repository's tests run every notebook as JupyterLab's Run All does (conftest.py): each language's
solution with LABS_EXPECT=done, where every graded exercise must pass (nbgrader's `validate`), and each
starter with LABS_EXPECT=not-done, where none may (`validate --invert`). Learners never set it; the
lab reads it here and nowhere else: `Lab.grade` and `Lab.progress` hold a run to it, and the error
handler keeps tracebacks for the tests to read.
"""

from __future__ import annotations

import os

VARIABLE = "LABS_EXPECT"
DONE, NOT_DONE = "done", "not-done"


def expectation() -> str | None:
    """"done" (a solution's run), "not-done" (a starter's run), or None (a learner's own run)."""
    return os.environ.get(VARIABLE, "").strip() or None


def hold_grade(grade) -> None:
    """Under test, a solution must finish every exercise and a starter none."""
    expected = expectation()
    if expected == DONE and not grade.done:
        raise AssertionError(f"solution notebook: exercise {grade.exercise_id} is not done: {grade.message}")
    if expected == NOT_DONE and grade.done:
        raise AssertionError(f"starter notebook: exercise {grade.exercise_id} passes before the learner wrote anything")


def hold_progress(stem: str, ungraded: list[str]) -> None:
    """Under test, a notebook's run grades every exercise of its chapter before lab.progress()."""
    if expectation() and ungraded:
        raise AssertionError(f"{stem}: exercises never graded in this notebook: {ungraded}")
