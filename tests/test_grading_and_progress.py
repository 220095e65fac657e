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


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_solution_notebooks_grades_are_shown_but_not_the_learners_progress(home, monkeypatch, lang):
    from labs import classroom

    sent = []
    monkeypatch.setattr(classroom, "report", lambda *args: sent.append(args))
    lab = labs.start("08-s3", lang=lang, solution=True)
    _fix_bucket_block(lab)
    grade = lab.grade("8.2")
    assert grade.done and {"en": "· solution ·", "ko": "· 정답 ·"}[lang] in repr(lab)
    assert not (home / "progress.json").exists() and sent == []
    assert grade.note == {
        "en": "This is a solution notebook, so this grade is not saved in your progress; grade your own notebook.",
        "ko": "정답 노트북이므로 이 채점 결과는 내 진행 상황에 저장하지 않습니다. 내 노트북에서 채점하세요.",
    }[lang]
    labs.start("08-s3", lang=lang).grade("8.1")  # the learner's own notebook still counts
    assert list(progress.load()["chapters"]["08-s3"]) == ["8.1"] and len(sent) == 1


def test_solution_is_true_or_false(home):
    with pytest.raises(labs.LabError) as raised:
        labs.start("00", solution="yes")
    assert raised.value.text["en"].startswith("solution is True") and "'yes'" in raised.value.text["ko"]


def test_labs_progress_prints_every_chapter(home, capsys):
    lab = labs.start("08-s3")
    _fix_bucket_block(lab)
    lab.grade("8.2")
    assert cli.main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "08-s3" in out and "1/7" in out and "00-welcome" in out and str(home) in out


def test_an_unwritable_home_does_not_break_grading_and_says_so(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("LABS_HOME", str(blocker / "inside-a-file"))
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    grade = labs.start("08-s3").grade("8.2")
    assert not grade and "was not saved" in grade.note and "LABS_HOME" in grade.note and "⚠" in repr(grade)


def test_a_read_only_home_says_the_grade_was_not_saved_in_both_languages(home, monkeypatch):
    import errno
    import os

    lab = labs.start("08-s3")
    _fix_bucket_block(lab)
    lab.grade("8.2")
    before = (home / "progress.json").read_bytes()

    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    grade = lab.grade("8.1")
    assert "was not saved" in grade.note and "Read-only file system" in grade.note
    assert (home / "progress.json").read_bytes() == before and not list(home.glob("*.tmp"))
    korean = labs.start("08-s3", lang="ko").grade("8.1")
    assert "저장하지 못했습니다" in korean.note


@pytest.mark.parametrize("content, kept", [
    (b"[]", {}),
    (b"null", {}),
    (b'{"chapters": []}', {}),
    (b"{not json", {}),
    (b"\xff\xfe\x00garbage", {}),
    (b"[" * 100_000 + b"]" * 100_000, {}),
    (b'{"chapters": {"08-s3": [], "03-cloudtrail": {"3.1": {"done": true}, "3.2": "yes", "3.3": {"done": "no"}}}}',
     {"03-cloudtrail": {"3.1"}}),
])
def test_a_progress_file_that_cannot_be_read_is_kept_aside_and_said_so(home, content, kept):
    (home / "progress.json").write_bytes(content)
    lab = labs.start("08-s3")
    _fix_bucket_block(lab)
    grade = lab.grade("8.2")
    assert grade.done and "could not be read in full" in grade.note and "progress.json.unreadable-" in grade.note
    backups = list(home.glob("progress.json.unreadable-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == content
    saved = json.loads((home / "progress.json").read_text())["chapters"]
    assert saved["08-s3"]["8.2"]["done"]
    assert {stem: set(exercises) for stem, exercises in saved.items() if stem != "08-s3"} == kept
    assert lab.grade("8.2").note is None, "said once: the new file is whole"


def test_progress_and_labs_progress_say_when_the_file_cannot_be_read(home, capsys):
    (home / "progress.json").write_text("[]")
    labs.start("08-s3").progress()
    assert "could not be read in full" in capsys.readouterr().err
    assert cli.main(["progress"]) == 0
    assert "could not be read in full" in capsys.readouterr().err


def test_a_kernel_killed_mid_write_leaves_no_tmp_file_behind(home):
    import os
    import time

    (home / "progress.json.tmp").write_text('{"chapters": {"half')  # this version's, killed before the rename
    old = home / "tmpk2j3h4.tmp"  # what earlier versions (tempfile names) left
    old.write_text("{")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert progress.record("08-s3", "8.1", False)
    assert not list(home.glob("*.tmp"))


def test_a_lock_held_too_long_says_the_grade_was_not_saved(home, monkeypatch):
    from filelock import FileLock

    monkeypatch.setattr(progress, "LOCK_TIMEOUT_SECONDS", 0.2)
    with FileLock(str(home / "progress.json.lock")):
        saved = progress.record("08-s3", "8.1", True)
    assert not saved and "another program" in saved.note["en"] and "다른 프로그램" in saved.note["ko"]
    assert progress.record("08-s3", "8.1", True)


def test_kernels_grading_at_the_same_time_lose_no_update(home):
    """Four processes record 25 grades each into one file at once: every one of the 100 is kept."""
    import subprocess
    import sys

    code = ("import sys\nfrom labs import progress\nworker = sys.argv[1]\n"
            "for i in range(25):\n    assert progress.record('race', f'{worker}.{i}', i % 2 == 0)\n")
    workers = [subprocess.Popen([sys.executable, "-c", code, str(n)]) for n in range(4)]
    assert [w.wait(timeout=300) for w in workers] == [0, 0, 0, 0]
    recorded = progress.load()["chapters"]["race"]
    assert len(recorded) == 100 and not list(home.glob("*.tmp"))


# --- two labs in one kernel (issue 10, item 11) ----------------------------------------------------------

def test_a_lab_replaced_by_a_newer_start_says_so_when_used(home):
    from labs.errors import SupersededLabError

    cloudtrail = labs.start("03-cloudtrail")
    s3 = labs.start("08-s3")
    for use in (cloudtrail.check, lambda: cloudtrail.grade("3.1"), lambda: cloudtrail.client("s3"),
                cloudtrail.credential_report):
        with pytest.raises(SupersededLabError, match="replaced by a later labs.start.*08-s3") as caught:
            use()
        assert "\n" not in str(caught.value) and caught.value.text["ko"] != caught.value.text["en"]
    assert len(s3.check()) and not s3.grade("8.2").done


def test_a_lab_whose_emulator_a_failed_start_reset_says_so(home, monkeypatch):
    from labs.backends import free_loopback_port
    from labs.errors import BackendUnavailableError, RealAwsRefusedError, SupersededLabError

    lab = labs.start("08-s3")
    monkeypatch.setenv("LOCALSTACK_HOST", f"127.0.0.1:{free_loopback_port()}")
    with pytest.raises(BackendUnavailableError):
        labs.start("08-s3", backend="localstack")
    with pytest.raises(SupersededLabError, match="no longer has an account"):
        lab.check()
    import boto3

    with pytest.raises(RealAwsRefusedError, match="No lab is running"):
        boto3.client("sts").get_caller_identity()
    monkeypatch.delenv("LOCALSTACK_HOST")
    assert labs.start("08-s3").check() is not None


def test_a_mistyped_start_leaves_the_running_lab_as_it_was(home):
    lab = labs.start("08-s3")
    with pytest.raises(labs.LabError):
        labs.start("09-nope")
    assert len(lab.check())


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
