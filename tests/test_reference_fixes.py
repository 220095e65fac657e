"""Once an exercise is done, the learner sees one reference fix: the chapter's own solution for it, in their
language (issue 11, item 5). The solution notebooks run in `make test` with every exercise graded done, so each
fix shown is one the grader accepts."""

import ast
import re
from pathlib import Path

import pytest

import labs
from labs.chapters import all_chapters
from labs.lab import reference_fix
from labs.notebooks import reference_fixes

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "solutions").glob("*.ipynb"))


NOTHING_OF_ITS_OWN = {"11.3": "broke nothing: what proves it is 11.2's fixes, there is no code of its own to write"}
"""Exercises graded on the account whose solution writes no code of its own, and why."""


def _code_only(code: str) -> list[str]:
    return [line for line in code.split("\n") if line.strip() and not line.strip().startswith("#")]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_exercise_that_changes_the_account_has_one_reference_fix_in_both_languages(source):
    chapter = next(c for c in all_chapters() if c.stem == source.stem)
    english, korean = reference_fixes(source, "en"), reference_fixes(source, "ko")
    for exercise in chapter.exercises:
        if exercise.grader is not None:  # graded on the learner's answer: a solution may be reading, not fixing
            continue
        if exercise.id in NOTHING_OF_ITS_OWN:
            assert exercise.id not in english
            continue
        assert exercise.id in english, f"{exercise.id} has no solution region before its lab.grade cell"
        assert _code_only(english[exercise.id]) == _code_only(korean[exercise.id])
        ast.parse(english[exercise.id])  # shown as Python: it must read as Python
        assert not re.search(r"#\s*(en|ko):", english[exercise.id] + korean[exercise.id])
        assert not re.search("[가-힣]", "\n".join(line for line in english[exercise.id].split("\n")
                                                   if line.strip().startswith("#")))


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LABS_HOME", str(tmp_path))
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    return tmp_path


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_reference_fix_is_shown_once_the_exercise_is_done_and_never_before(home, lang):
    from labs.scenarios import s3_image_bucket_public_access_block_off

    lab = labs.start("08-s3", lang=lang)
    before = lab.grade("8.2")
    assert not before.done and before.reference_fix is None
    assert "put_public_access_block" not in repr(before) + before._repr_html_()
    s3_image_bucket_public_access_block_off.fix(lab)
    after = lab.grade("8.2")
    assert after.done and after.reference_fix == reference_fix("08-s3", "8.2", lang)
    assert "put_public_access_block" in repr(after) and "put_public_access_block" in after._repr_html_()
    heading = "참고 답안" if lang == "ko" else "One way to do it"
    assert heading in repr(after) and "<details" in after._repr_html_()


def test_a_korean_learner_reads_the_fix_with_korean_comments(home):
    korean, english = reference_fix("08-s3", "8.1", "ko"), reference_fix("08-s3", "8.1", "en")
    assert "버킷 정책" in korean and "bucket policy" in english
    assert "delete_bucket_policy" in korean and "delete_bucket_policy" in english


def test_a_solution_notebook_does_not_repeat_its_own_code(home):
    from labs.scenarios import s3_image_bucket_public_access_block_off

    lab = labs.start("08-s3", solution=True)
    s3_image_bucket_public_access_block_off.fix(lab)
    assert lab.grade("8.2").done and lab.grade("8.2").reference_fix is None


def test_without_a_source_notebook_no_reference_fix_is_shown_and_nothing_raises(monkeypatch, tmp_path):
    """An installation without solutions/ (only the learner notebooks copied) grades as before."""
    from labs import lab as lab_module

    lab_module._reference_fixes.cache_clear()
    monkeypatch.setattr(lab_module, "__file__", str(tmp_path / "labs" / "lab.py"))
    try:
        assert lab_module.reference_fix("08-s3", "8.2", "en") is None
    finally:
        lab_module._reference_fixes.cache_clear()
