"""`labs.start(chapter)` and the `Lab` it returns."""

from __future__ import annotations

import contextlib
import os
import time

import boto3

from labs import backends, capabilities, chapters, guard, inventory, language, progress, scenarios
from labs.cloudtrail import recorder
from labs.checks import all_checks
from labs.credential_report import IamHistory
from labs.display import Grade, install_error_handler
from labs.errors import LabError
from labs.root_user import RootUser

_CLIENTS: dict = {}
EXPECT_VARIABLE = "LABS_EXPECT"  # "done" for solution notebooks, "not-done" for starters (tests only)


class Lab:
    """One chapter's account in the emulator. Notebook code uses plain boto3 beside it."""

    def __init__(self, chapter, backend, lang: str):
        self.chapter = chapter
        self.backend = backend
        self.lang = lang
        self.region = guard.REGION
        self.account_id = self.client("sts").get_caller_identity()["Account"]
        self._graded: dict[str, bool] = {}
        # What the emulator cannot hold, kept by the lab for this account (labs.start makes new ones).
        self.root = RootUser(self.account_id)
        """The root user and the account's contact information: the lab's model (labs/root_user.py)."""
        self.history = IamHistory()
        """Dates before the lab built the account, for the credential report (labs/credential_report.py)."""

    def client(self, service: str):
        """The lab's own client for a service; notebooks make their own with boto3.

        Clients are kept for the process (per endpoint): making one loads the service's model,
        which costs more than most of the calls the lab makes with it."""
        key = (self.backend.endpoint_url, getattr(self.backend, "access_key_id", None), service)
        if key not in _CLIENTS:
            # The lab's own calls are machinery, not anybody's action: CloudTrail does not record them.
            _CLIENTS[key] = recorder.mark_as_lab_client(boto3.client(service, region_name=self.region))
        return _CLIENTS[key]

    def __repr__(self) -> str:
        return (
            f"<Lab {self.chapter.stem} · backend {self.backend.name} · account {self.account_id} · "
            f"region {self.region}>"
        )

    def credential_report(self) -> bytes:
        """The IAM credential report as CSV bytes, like `iam.get_credential_report()["Content"]`, with the
        root user's row and the story's dates that moto's own report lacks (see labs/credential_report.py)."""
        from labs.credential_report import report_csv

        return report_csv(self)

    # --- checks -------------------------------------------------------------------------------

    def _findings(self, check_ids):
        checks = all_checks()
        unknown = [c for c in check_ids if c not in checks]
        if unknown:
            raise LabError(
                f"There is no check {unknown[0]!r}; lab.checks() lists this chapter's checks.",
                f"{unknown[0]!r}라는 점검은 없습니다. lab.checks()로 이 챕터의 점검 목록을 볼 수 있습니다.",
            )
        selected = [checks[c] for c in check_ids]
        state = inventory.collect(self, {check.metadata.service for check in selected})
        return [finding for check in selected for finding in check.run(state)]

    def check(self, *check_ids: str):
        """Run this chapter's checks (or the ones named) and show a table: one row per resource."""
        from labs.findings_table import findings_frame

        ids = check_ids or self.chapter.checks
        return findings_frame(self._findings(ids), all_checks(), self.lang)

    def checks(self):
        """The checks this chapter teaches, with their controls."""
        import pandas as pd

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
        return pd.DataFrame(rows)

    # --- grading ------------------------------------------------------------------------------

    _NO_ANSWER = object()

    def grade(self, exercise_id, answer=_NO_ANSWER) -> Grade:
        """Whether an exercise is done; the hint when it is not. Progress is saved on disk."""
        exercise = self.chapter.exercise(exercise_id)
        title = language.pick(exercise.title, self.lang)
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
            hint = exercise.hint
        else:
            resource = exercise.resource(self)
            findings = [f for f in self._findings(exercise.checks) if f.resource == resource]
            failing = [f for f in findings if f.status != "PASS"]  # N/A is not done either
            done = bool(findings) and not failing
            if not findings:
                message = {
                    "en": f"{resource} no longer exists; run the labs.start(...) cell again to rebuild the chapter.",
                    "ko": f"{resource}이(가) 더 이상 없습니다. labs.start(...) 셀을 다시 실행해 챕터를 새로 만드세요.",
                }
            else:
                message = {lang: " ".join(language.pick(f.message, lang) for f in (failing or findings))
                           for lang in language.LANGUAGES}
            checks = all_checks()
            hint = exercise.hint or {
                lang: " ".join(language.pick(checks[f.check_id].metadata.hint, lang) for f in failing)
                for lang in language.LANGUAGES
            }
        grade = Grade(
            exercise_id=exercise.id,
            title=title,
            done=bool(done),
            message=language.pick(message, self.lang),
            hint=language.pick(hint, self.lang) if hint else None,
            lang=self.lang,
        )
        self._graded[exercise.id] = grade.done
        progress.record(self.chapter.stem, exercise.id, grade.done)
        _enforce_expectation(grade)
        return grade

    def progress(self):
        """This chapter's exercises and whether each is done (as saved on disk)."""
        import pandas as pd

        recorded = progress.load()["chapters"].get(self.chapter.stem, {})
        rows = [{
            "exercise": e.id,
            "title": language.pick(e.title, self.lang),
            "done": bool(recorded.get(e.id, {}).get("done")),
            "graded in this session": e.id in self._graded,
        } for e in self.chapter.exercises]
        expected = os.environ.get(EXPECT_VARIABLE, "").strip()
        ungraded = [e.id for e in self.chapter.exercises if e.id not in self._graded]
        if expected and ungraded:
            raise AssertionError(f"{self.chapter.stem}: exercises never graded in this notebook: {ungraded}")
        return pd.DataFrame(rows)


def _enforce_expectation(grade: Grade) -> None:
    """Under test, solutions must finish every exercise and starters none (nbgrader's validate
    and validate --invert). Learners never set this variable."""
    expected = os.environ.get(EXPECT_VARIABLE, "").strip()
    if expected == "done" and not grade.done:
        raise AssertionError(f"solution notebook: exercise {grade.exercise_id} is not done: {grade.message}")
    if expected == "not-done" and grade.done:
        raise AssertionError(f"starter notebook: exercise {grade.exercise_id} passes before the learner wrote anything")


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
            for name in chapter.scenarios:
                scenario = scenarios.load(name)
                scenario.build(lab)
                if chapter is not lab.chapter:
                    scenario.fix(lab)


def start(chapter="00-welcome", lang: str | None = None, backend: str | None = None) -> Lab:
    """Start (or restart) a chapter: fresh fake account, the chapter's starting world, region ap-northeast-2.

    The backend comes from `backend` or LABS_BACKEND (moto, moto-server, localstack); the language of the lab's
    messages from `lang` or LABS_LANG (en, ko).
    """
    started = time.perf_counter()
    lab = open_account(chapter, lang=lang, backend=backend)
    build_world(lab)
    lab.started_in_seconds = time.perf_counter() - started
    return lab


def connect(endpoint_url: str, region: str, chapter="00-welcome") -> Lab:
    """The account in an emulator that is already running, as it is (for `labs check`)."""
    emulator = backends.ExistingEmulator(endpoint_url)
    guard.activate(emulator.name, emulator.endpoint_url, region=region)
    lab = Lab(chapters.find(chapter), emulator, language.current())
    lab.region = region
    return lab


def open_account(chapter="00-welcome", lang: str | None = None, backend: str | None = None) -> Lab:
    """A fresh, empty fake account for a chapter, without its starting world (for tests)."""
    if lang is not None and lang not in language.LANGUAGES:
        raise LabError(
            f"The lab speaks {' and '.join(language.LANGUAGES)}, not {lang!r}; use lang='en' or lang='ko'.",
            f"실습 환경은 {lang!r}을(를) 지원하지 않습니다. lang='ko' 또는 lang='en'을 쓰세요.",
        )
    if lang is not None:
        language.set_current(lang)
    chosen = chapters.find(chapter)
    emulator = backends.get_backend(backend)
    recorder.install()
    recorder.disable()
    emulator.start()
    # Fake credentials and the endpoint are in place before the lab makes its first client.
    guard.activate(emulator.name, emulator.endpoint_url, access_key_id=getattr(emulator, "access_key_id", None))
    language.set_current(lang)
    install_error_handler()
    lab = Lab(chosen, emulator, language.current())
    # A fresh account has an empty CloudTrail event history and nothing waiting for delivery.
    recorder.reset(lab.account_id, lab.region)
    return lab
