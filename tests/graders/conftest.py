"""Mutation tables: for every graded exercise, fixes a learner may write, each made in a freshly
started chapter, and the verdict each must get: valid alternatives are done, plausible-but-wrong
fixes are not, with a sentence that says what is still wrong (shared/reviews/graders.md has the
cases learners found; each table adds its own)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

import labs

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class Case:
    exercise: str
    name: str
    apply: object
    """apply(lab) makes the learner's fix; it may return the answer to pass to lab.grade."""
    done: bool
    says: str = ""
    """A fragment of the English sentence the learner must see."""
    answers: bool = False
    """Whether apply returns an answer for lab.grade(exercise, answer)."""


def ids(cases):
    return [f"{c.exercise}-{'done' if c.done else 'not-done'}-{c.name}" for c in cases]


@pytest.fixture
def fresh(monkeypatch):
    """labs.start(chapter) for one case, outside the notebooks' LABS_EXPECT."""
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    return labs.start


def verdict(lab, case: Case):
    """Apply the case's fix and grade it in English and in Korean."""
    answer = case.apply(lab)
    args = (case.exercise, answer) if case.answers else (case.exercise,)
    lab.lang = "en"
    english = lab.grade(*args)
    lab.lang = "ko"
    korean = lab.grade(*args)
    lab.lang = "en"
    return english, korean


def assert_verdict(lab, case: Case):
    english, korean = verdict(lab, case)
    assert english.done is case.done, f"{case.exercise} {case.name}: expected done={case.done}: {english.message}"
    assert korean.done is case.done
    assert case.says in english.message, f"{case.exercise} {case.name}: {english.message!r} lacks {case.says!r}"
    assert HANGUL.search(korean.message), f"the Korean sentence is not Korean: {korean.message!r}"
