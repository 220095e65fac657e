"""`labs.start(chapter)` and the `Lab` it returns."""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from pathlib import Path

import boto3

from labs import (backends, capabilities, chapters, classroom, guard, inventory, language, progress, scenarios, under_test,
                  world_cache)
from labs.cloudtrail import recorder
from labs.checks import all_checks
from labs.credential_report import IamHistory
from labs.display import Grade, explain, install_error_handler
from labs.errors import BackendUnavailableError, LabError, SupersededLabError, excerpt
from labs.root_user import RootUser
from labs.korean import josa

_CLIENTS: dict = {}
_CLIENTS_LOCK = threading.Lock()
_CURRENT: dict = {"lab": None, "why": None}
"""The one Lab whose account the emulator holds now; `why` says what replaced an older one."""


class Lab:
    """One chapter's account in the emulator. Notebook code uses plain boto3 beside it."""

    def __init__(self, chapter, backend, lang: str):
        self.chapter = chapter
        self.backend = backend
        self.lang = lang
        self.region = guard.REGION
        # Both share one emulator: the newest lab is the only one whose account still exists.
        _CURRENT.update(lab=self, why=None)
        self.account_id = self.client("sts").get_caller_identity()["Account"]
        self._graded: dict[str, bool] = {}
        # What the emulator cannot hold, kept by the lab for this account (labs.start makes new ones).
        self.root = RootUser(self.account_id)
        """The root user and the account's contact information: the lab's model (labs/root_user.py)."""
        self.history = IamHistory()
        """Dates before the lab built the account, for the credential report (labs/credential_report.py)."""
        self.solution = False
        """Started by a solution notebook (`labs.start(..., solution=True)`): its grades are nobody's progress."""

    def _require_current(self) -> None:
        """A lab replaced by a newer labs.start (or whose emulator a failed start reset) says so."""
        if _CURRENT["lab"] is self:
            return
        newer = _CURRENT["lab"]
        if newer is not None:
            raise SupersededLabError(
                f"This lab (chapter {self.chapter.stem}) was replaced by a later labs.start(...) for chapter "
                f"{newer.chapter.stem}, which reset the emulator it used; use the lab that call returned, or run this "
                "chapter's labs.start(...) cell again.",
                f"이 실습(챕터 {self.chapter.stem})은 나중에 실행한 챕터 {newer.chapter.stem}의 labs.start(...)가 에뮬레이터를 "
                "초기화하면서 대체되었습니다. 그 호출이 돌려준 lab을 쓰거나, 이 챕터의 labs.start(...) 셀을 다시 실행하세요.",
            )
        raise SupersededLabError(
            f"This lab (chapter {self.chapter.stem}) no longer has an account: a later labs.start(...) failed after "
            "resetting the emulator; run this chapter's labs.start(...) cell again.",
            f"이 실습(챕터 {self.chapter.stem})의 계정은 더 이상 없습니다. 나중에 실행한 labs.start(...)가 에뮬레이터를 "
            "초기화한 뒤 실패했습니다. 이 챕터의 labs.start(...) 셀을 다시 실행하세요.",
        )

    def client(self, service: str):
        """The lab's own client for a service; notebooks make their own with boto3.

        Clients are kept for the process (per endpoint): making one loads the service's model,
        which costs more than most of the calls the lab makes with it."""
        self._require_current()
        key = (self.backend.endpoint_url, getattr(self.backend, "access_key_id", None), service)
        client = _CLIENTS.get(key)
        if client is None:
            # One at a time: boto3's default session is not made for threads (inventory.collect's).
            with _CLIENTS_LOCK:
                if key not in _CLIENTS:
                    # The lab's own calls are machinery, not anybody's action: CloudTrail does not record them.
                    _CLIENTS[key] = recorder.mark_as_lab_client(boto3.client(service, region_name=self.region))
                client = _CLIENTS[key]
        return client

    def __repr__(self) -> str:
        solution = (" · 정답" if self.lang == "ko" else " · solution") if self.solution else ""
        if self.lang == "ko":
            return (f"<실습 {self.chapter.stem}{solution} · 백엔드 {self.backend.name} · 계정 {self.account_id} · "
                    f"리전 {self.region}>")
        return (
            f"<Lab {self.chapter.stem}{solution} · backend {self.backend.name} · account {self.account_id} · "
            f"region {self.region}>"
        )

    def credential_report(self) -> bytes:
        """The IAM credential report as CSV bytes, like `iam.get_credential_report()["Content"]`, with the
        root user's row and the story's dates that moto's own report lacks (see labs/credential_report.py)."""
        from labs.credential_report import report_csv

        self._require_current()
        return report_csv(self)

    # --- checks -------------------------------------------------------------------------------

    def _findings(self, check_ids, threads: int = 1):
        checks = all_checks()
        unknown = [c for c in check_ids if not isinstance(c, str) or c not in checks]
        if unknown:
            raise LabError(
                f"There is no check {excerpt(unknown[0])}; lab.checks() lists this chapter's checks, and "
                "lab.check('s3_bucket_public_access') runs one of them.",
                f"{josa(excerpt(unknown[0]), '이라는')} 점검은 없습니다. lab.checks()로 이 챕터의 점검 목록을 볼 수 있고, "
                "lab.check('s3_bucket_public_access')처럼 하나만 실행할 수도 있습니다.",
            )
        selected = [checks[c] for c in check_ids]
        state = inventory.collect(self, {s for check in selected for s in check.metadata.services}, threads=threads)
        return [finding for check in selected for finding in check.run(state)]

    def check(self, *check_ids: str):
        """Run this chapter's checks (or the ones named) and show a table: one row per resource."""
        from labs.findings_table import findings_frame

        self._require_current()
        # lab.check(["a", "b"]) means lab.check("a", "b").
        ids = [i for given in check_ids for i in (given if isinstance(given, (list, tuple, set)) else [given])]
        ids = ids or list(self.chapter.checks)
        return findings_frame(self._findings(ids), all_checks(), self.lang)

    def checks(self):
        """The checks this chapter teaches, with their controls (Korean headers and severities in Korean)."""
        import pandas as pd

        from labs.findings_table import display_frame

        rows = []
        for check_id in self.chapter.checks:
            metadata = all_checks()[check_id].metadata
            rows.append({
                "check_id": check_id,
                "title": language.pick(metadata.title, self.lang),
                "severity": metadata.severity,
                "CIS v5": ", ".join(metadata.cis),
                "FSBP": ", ".join(metadata.fsbp),
            })
        return display_frame(pd.DataFrame(rows), self.lang)

    # --- grading ------------------------------------------------------------------------------

    _NO_ANSWER = object()

    def grade(self, exercise_id, answer=_NO_ANSWER) -> Grade:
        """Whether an exercise is done; the hint when it is not. Progress is saved on disk."""
        self._require_current()
        exercise = self.chapter.exercise(exercise_id)
        title = language.pick(exercise.title, self.lang)
        try:
            done, message, hint = self._judge(exercise, answer)
            done = bool(done)
            message, hint = language.pick(message, self.lang), language.pick(hint, self.lang) if hint else None
        except LabError:
            raise
        except Exception as error:  # a grader that cannot read this answer, or an account it did not expect
            raise _ungradable(exercise, answer, error) from None
        if self.solution:
            # A solution's grades say the solution works, not that the learner did the exercise.
            saved = progress.Saved(False, SOLUTION_NOT_SAVED)
        else:
            saved = progress.record(self.chapter.stem, exercise.id, done)
        grade = Grade(
            exercise_id=exercise.id,
            title=title,
            done=done,
            message=message,
            hint=hint,
            lang=self.lang,
            note=language.pick(saved.note, self.lang) if saved.note else None,
            reference_fix=None if self.solution or not done else reference_fix(self.chapter.stem, exercise.id, self.lang),
        )
        self._graded[exercise.id] = grade.done
        if not self.solution:
            classroom.report(self.chapter.stem, grade)  # inside a JupyterHub only: the class view
        under_test.hold_grade(grade)  # what a notebook run under test must prove (labs/under_test.py)
        return grade

    def _judge(self, exercise, answer):
        """(done, message, hint) for an exercise, messages in both languages."""
        if exercise.grader is not None:
            if answer is self._NO_ANSWER and not exercise.needs_answer:
                # A grader that reads the account itself, like a check that cannot be written as one.
                done, message = exercise.grader(self, None)
            elif answer is self._NO_ANSWER:
                done, message = False, {
                    "en": f"This exercise grades what you give it: lab.grade({exercise.id!r}, your_answer).",
                    "ko": f"이 실습은 답을 함께 넘겨야 채점됩니다: lab.grade({exercise.id!r}, 답).",
                }
            else:
                done, message = exercise.grader(self, answer)
            return done, message, exercise.hint
        from labs.grading import judge

        outcome = judge(self, exercise.all_requirements())
        done, message = outcome.done, outcome.message
        hint = exercise.hint or outcome.hint
        return done, message, hint

    def progress(self):
        """This chapter's exercises and whether each is done (as saved on disk), in the learner's language."""
        import pandas as pd

        from labs.findings_table import display_frame

        loaded = progress.read()
        if loaded.note:
            import sys

            print(language.pick(loaded.note, self.lang), file=sys.stderr)
        recorded = loaded.data["chapters"].get(self.chapter.stem, {})
        rows = [{
            "exercise": e.id,
            "title": language.pick(e.title, self.lang),
            "done": bool(recorded.get(e.id, {}).get("done")),
            "graded in this session": e.id in self._graded,
        } for e in self.chapter.exercises]
        under_test.hold_progress(self.chapter.stem, [e.id for e in self.chapter.exercises if e.id not in self._graded])
        return display_frame(pd.DataFrame(rows), self.lang)


@functools.lru_cache(maxsize=32)
def _reference_fixes(stem: str, lang: str) -> dict:
    from labs.notebooks import reference_fixes

    source = Path(__file__).resolve().parents[1] / "solutions" / f"{stem}.ipynb"
    try:
        return reference_fixes(source, lang)
    except (OSError, ValueError, LabError):  # an installation without solutions/: no reference fix shown
        return {}


def reference_fix(stem: str, exercise_id: str, lang: str) -> str | None:
    """The chapter's own solution of one exercise, in `lang` (shown once the exercise is done), or None."""
    return _reference_fixes(stem, lang).get(exercise_id)


SOLUTION_NOT_SAVED = {
    "en": "This is a solution notebook, so this grade is not saved in your progress; grade your own notebook.",
    "ko": "정답 노트북이므로 이 채점 결과는 내 진행 상황에 저장하지 않습니다. 내 노트북에서 채점하세요.",
}


def _ungradable(exercise, answer, error: Exception) -> LabError:
    """One sentence for an answer (or an account) a grader could not judge."""
    if answer is Lab._NO_ANSWER:
        why = explain(error, lang="en").split("\n")[0]
        why_ko = explain(error, lang="ko").split("\n")[0]
        return LabError(
            f"Exercise {exercise.id} could not be graded from the account as it is ({excerpt(why, 160, quote=False)}); "
            "run the chapter's labs.start(...) cell again and redo the exercise.",
            f"지금 계정 상태로는 실습 {josa(exercise.id, '을')} 채점할 수 없습니다({excerpt(why_ko, 160, quote=False)}). 챕터의 "
            "labs.start(...) 셀을 다시 실행하고 실습을 다시 하세요.",
        )
    kind = type(answer).__name__
    return LabError(
        f"Exercise {exercise.id} could not grade that answer (a {kind}: {excerpt(answer)}); give what the exercise's "
        "text asks for, in the form it shows.",
        f"실습 {josa(exercise.id, '은')} 그 답({kind}: {excerpt(answer)})을 채점할 수 없습니다. 실습 설명이 요구하는 값을 설명에 "
        "나온 형태로 넘기세요.",
    )


def build_world(lab: Lab) -> None:
    """Earlier chapters' world, fixed, then this chapter's company resources and its mistakes.

    CloudTrail (labs.cloudtrail) records this chapter's company resources and mistakes as the
    colleague who made them; the earlier chapters' world is the lab's setup and is not recorded."""
    built = set()
    capabilities.require(lab.chapter, lab.backend)
    earlier = chapters.earlier(lab.chapter)
    # An earlier chapter whose services this backend lacks (CloudTrail on LocalStack's free tier)
    # is left out of the world; the chapter itself can still run.
    lab.left_out = [c for c in earlier if capabilities.missing_services(c, lab.backend)]
    for chapter in [c for c in earlier if c not in lab.left_out] + [lab.chapter]:
        acting = recorder.acting_as(recorder.COLLEAGUE) if chapter is lab.chapter else contextlib.nullcontext()
        with acting:
            for create in chapter.build_company:
                if create not in built:
                    create(lab)
                    built.add(create)
            built_here = [scenarios.load(name) for name in chapter.scenarios]
            for scenario in built_here:
                scenario.build(lab)
            if chapter is not lab.chapter:
                # An earlier chapter, fixed as its learner left it: every mistake made, then every fix,
                # the last mistake undone first (one mistake may need another's state to be made).
                for scenario in reversed(built_here):
                    scenario.fix(lab)
                for step in chapter.wrap_up:
                    step(lab)


def start(chapter="00-welcome", lang: str | None = None, backend: str | None = None, solution: bool = False,
          **options) -> Lab:
    """Start (or restart) a chapter: fresh fake account, the chapter's starting world, region ap-northeast-2.

    The backend comes from `backend` or LABS_BACKEND (moto, moto-server, localstack); the language of the lab's
    messages from `lang` or LABS_LANG (en, ko). `solution=True` is for the solution notebooks (the generator
    writes it there): their grades are shown but never saved as the learner's progress nor sent to a class view.
    `options` are a chapter's own choices about its world (chapter 11: seed=, difficulty=, ...): a chapter that
    takes them has `with_options(**options)`, which returns the chapter to start, and is called on every start of
    that chapter.
    """
    if not isinstance(solution, bool):
        raise LabError(
            f"solution is True (in a solution notebook) or False, not {excerpt(solution)}; leave it out in your own "
            "notebook.",
            f"solution에는 True(정답 노트북) 또는 False만 쓸 수 있고, {josa(excerpt(solution), '은')} 쓸 수 "
            "없습니다. 내 노트북에서는 빼세요.",
        )
    started = time.perf_counter()
    if isinstance(lang, str) and lang.strip().lower() in language.LANGUAGES:
        language.set_current(lang.strip().lower())  # a mistyped chapter is told in the language asked for
    chosen = _with_options(chapter, options)
    lab = open_account(chapter, lang=lang, backend=backend)
    lab.chapter = chosen
    lab.solution = solution
    try:
        capabilities.require(lab.chapter, lab.backend)
        if not world_cache.restore(lab):
            build_world(lab)
            world_cache.save(lab)
    except BaseException:
        _CURRENT.update(lab=None)  # half a world: the learner never got this lab, and the older one is gone
        raise
    lab.started_in_seconds = time.perf_counter() - started
    return lab


def _with_options(chapter, options: dict):
    """The chapter to start, with its options applied; a chapter without options refuses any (before anything changes)."""
    chosen = chapters.find(chapter)
    configure = getattr(chosen, "with_options", None)
    if configure is not None:
        return configure(**options)
    if options:
        names = ", ".join(sorted(options))
        raise LabError(f"Chapter {chosen.stem} takes no options ({excerpt(names, quote=False)}): labs.start({chosen.number!r}) "
                       "is all it needs.",
                       f"챕터 {chosen.stem}에는 옵션({excerpt(names, quote=False)})이 없습니다. labs.start({chosen.number!r})만 "
                       "쓰면 됩니다.")
    return chosen


def connect(endpoint_url: str, region: str, chapter="00-welcome") -> Lab:
    """The account in an emulator that is already running, as it is (for `labs check`)."""
    emulator = backends.ExistingEmulator(endpoint_url)
    chosen = chapters.find(chapter)
    emulator.require_answer()
    guard.activate(emulator.name, emulator.endpoint_url, region=region)
    try:
        lab = Lab(chosen, emulator, language.current())
    except Exception as error:  # it answered the socket, but not as an emulator does
        raise BackendUnavailableError(
            f"The emulator at {emulator.endpoint_url} did not answer as an AWS emulator does ({type(error).__name__}); "
            "is it moto's server or LocalStack? The lab never falls back to AWS.",
            f"{emulator.endpoint_url}의 에뮬레이터가 AWS 에뮬레이터처럼 응답하지 않았습니다({type(error).__name__}). moto 서버나 "
            "LocalStack이 맞나요? 실습 환경은 절대 실제 AWS로 넘어가지 않습니다.",
        ) from None
    lab.region = region
    return lab


def open_account(chapter="00-welcome", lang: str | None = None, backend: str | None = None) -> Lab:
    """A fresh, empty fake account for a chapter, without its starting world (for tests).

    Every mistake in the arguments is found before anything changes: the running lab, if any, stays
    as it was. The guard is on from `import labs`, whatever happens here."""
    if lang is not None:
        if not isinstance(lang, str) or lang.strip().lower() not in language.LANGUAGES:
            raise LabError(
                f"The lab speaks {' and '.join(language.LANGUAGES)}, not {excerpt(lang)}; use lang='en' or lang='ko'.",
                f"실습 환경은 {josa(excerpt(lang), '을')} 지원하지 않습니다. lang='ko' 또는 lang='en'을 쓰세요.",
            )
        lang = lang.strip().lower()
        language.set_current(lang)
    chosen = chapters.find(chapter)
    emulator = backends.get_backend(backend)
    # Whatever AWS_* the notebook set since `import labs` (a profile, keys) is gone before the lab acts.
    guard.isolate_environment(guard.current_endpoint())
    recorder.install()
    recorder.disable()
    try:
        emulator.start()
    except BaseException:
        # The emulator may have been stopped or reset on the way: no lab's account exists any more.
        _CURRENT.update(lab=None)
        guard.deactivate()
        raise
    # Fake credentials and the endpoint are in place before the lab makes its first client.
    guard.activate(emulator.name, emulator.endpoint_url, access_key_id=getattr(emulator, "access_key_id", None))
    language.set_current(lang)
    install_error_handler()
    lab = Lab(chosen, emulator, language.current())
    # A fresh account has an empty CloudTrail event history and nothing waiting for delivery.
    recorder.reset(lab.account_id, lab.region)
    return lab
