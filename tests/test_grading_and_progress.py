"""lab.grade says whether an exercise is done, records it on disk; labs progress prints it."""

import json

import pytest

import labs
from labs import cli, company, progress
from labs.findings_table import Findings


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LABS_HOME", str(tmp_path))
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    return tmp_path


def _fix_bucket_block(lab):
    from labs.scenarios import s3_image_bucket_public_access_block_off

    s3_image_bucket_public_access_block_off.fix(lab)


def test_grade_is_not_done_with_a_hint_then_done_and_saved(home):
    lab = labs.start("08-s3")
    before = lab.grade("8.2")
    assert not before and before.hint and "Block Public Access" in before.hint
    _fix_bucket_block(lab)
    after = lab.grade("8.2")
    assert after and "❌" not in repr(after) and "Hint" not in repr(after)
    saved = json.loads((home / "progress.json").read_text())["chapters"]["08-s3"]["8.2"]
    assert saved["done"] and saved["last_result"] == "done" and "first_done" in saved


def test_done_stays_done_once_earned(home):
    lab = labs.start("08-s3")
    _fix_bucket_block(lab)
    lab.grade("8.2")
    labs.start("08-s3").grade("8.2")
    assert progress.load()["chapters"]["08-s3"]["8.2"]["done"]


def test_grades_speak_the_learners_language(home):
    lab = labs.start("08-s3", lang="ko")
    grade = lab.grade("8.2")
    assert "아직 완료되지 않았습니다" in repr(grade) and "퍼블릭 액세스 차단" in grade.message
    assert "퍼블릭" in "".join(lab.check()["message"])


def test_labs_progress_prints_every_chapter(home, capsys):
    lab = labs.start("08-s3")
    _fix_bucket_block(lab)
    lab.grade("8.2")
    assert cli.main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "08-s3" in out and "1/7" in out and "00-welcome" in out and str(home) in out


def test_an_unwritable_home_does_not_break_grading(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("LABS_HOME", str(blocker / "inside-a-file"))
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    assert not labs.start("08-s3").grade("8.2")


@pytest.mark.parametrize("expectation, fixed, raises", [("done", False, True), ("done", True, False),
                                                      ("not-done", True, True), ("not-done", False, False)])
def test_notebook_tests_enforce_the_expected_outcome(home, monkeypatch, expectation, fixed, raises):
    lab = labs.start("08-s3")
    if fixed:
        _fix_bucket_block(lab)
    monkeypatch.setenv("LABS_EXPECT", expectation)
    if raises:
        with pytest.raises(AssertionError):
            lab.grade("8.2")
    else:
        lab.grade("8.2")


def test_progress_under_test_requires_every_exercise_graded(home, monkeypatch):
    lab = labs.start("08-s3")
    monkeypatch.setenv("LABS_EXPECT", "not-done")
    lab.grade("8.2")
    with pytest.raises(AssertionError, match="never graded"):
        lab.progress()


def test_check_renders_a_coloured_table(home):
    lab = labs.start("08-s3")
    findings = lab.check()
    assert isinstance(findings, Findings)
    mistakes = findings[findings["resource"].isin([company.image_bucket_name(lab.account_id), lab.account_id])]
    assert set(mistakes["status"]) == {"FAIL"} and len(mistakes) == 6
    # Earlier chapters' resources (chapter 03's log bucket) start fixed.
    assert set(findings.drop(mistakes.index)["status"]) <= {"PASS"}
    html = findings._repr_html_()
    assert "#f8d7da" in html and company.image_bucket_name(lab.account_id) in html
    assert isinstance(findings.failed, Findings)


def test_chapter_00_starts_with_one_red_check(home):
    findings = labs.start("00").check()
    assert list(findings["status"]) == ["FAIL"]


def test_a_not_applicable_finding_does_not_finish_an_exercise(home):
    """Disabling the key exercise 3.4 asks to rotate makes its finding N/A (a disabled key is not
    judged), which is not the rotation the exercise asks for."""
    import boto3

    lab = labs.start("03-cloudtrail")
    key_id = boto3.client("kms").describe_key(KeyId=company.CLOUDTRAIL_KEY_ALIAS)["KeyMetadata"]["KeyId"]
    boto3.client("kms").disable_key(KeyId=key_id)
    grade = lab.grade("3.4")
    assert not grade.done and "is not judged" in grade.message and grade.hint
    findings = lab.check("kms_cmk_rotation_enabled")
    assert list(findings["status"]) == ["N/A"] and "#e9ecef" in findings._repr_html_()
