"""Every graded exercise of every chapter has its mutation table: at least two valid alternative
fixes that must be done and two plausible-but-wrong fixes that must not (tests/graders/)."""

import importlib
import pkgutil

import pytest

import tests.graders
from labs.chapters import all_chapters

MINIMUM = 2


def tables() -> dict:
    cases = {}
    for info in pkgutil.iter_modules(tests.graders.__path__):
        if info.name.startswith("test_ch"):
            module = importlib.import_module(f"tests.graders.{info.name}")
            for case in getattr(module, "CASES", []):
                cases.setdefault(case.exercise, []).append(case)
    return cases


@pytest.mark.parametrize("chapter", all_chapters(), ids=lambda c: c.stem)
def test_every_graded_exercise_has_its_mutation_table(chapter):
    cases = tables()
    thin = []
    for exercise in chapter.exercises:
        mine = cases.get(exercise.id, [])
        valid = sum(c.done for c in mine)
        wrong = sum(not c.done for c in mine)
        if valid < MINIMUM or wrong < MINIMUM:
            thin.append(f"{exercise.id}: {valid} valid, {wrong} wrong")
    assert thin == [], f"{chapter.stem}: mutation tables too thin: {thin}"


def test_every_case_names_a_real_exercise():
    known = {e.id for c in all_chapters() for e in c.exercises}
    assert set(tables()) <= known
