"""Grading an exercise by everything its text asks for.

An exercise lists its requirements: each one thing the exercise's text states, as a predicate over
the collected account (`labs.inventory`) with its own sentence in each language. The exercise is
done when every requirement holds. A Prowler-style check is one requirement among others
(`check_passes`), never the only judge when the text asks for more.

    Requirement(
        text=both("The bucket policy grants nothing to the public", "..."),
        services=("s3",),
        test=lambda lab, state: Verdict(...),
    )

Exercises that grade an answer the learner passes (a DataFrame, a URL) keep a `grader(lab, answer)`
function; it returns (done, message) and is wrapped the same way: whatever goes wrong inside it
becomes one sentence, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from labs.language import LANGUAGES, both
from labs.korean import josa


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: dict
    """One sentence in each language: what holds, or what is still wrong."""
    hint: dict | None = None


def holds(en: str, ko: str) -> Verdict:
    return Verdict(True, both(en, ko))


def fails(en: str, ko: str, hint: dict | None = None) -> Verdict:
    return Verdict(False, both(en, ko), hint)


@dataclass(frozen=True)
class Requirement:
    text: dict
    """What the exercise asks, as the learner read it ("all four Block Public Access settings on")."""
    test: object
    """test(lab, state) -> Verdict, where state is the AccountState of `services`."""
    services: tuple = ()
    check: str | None = None
    """The check id this requirement asks to pass, when it is one (its hint helps when it fails)."""


def check_passes(check_id: str, resource, text: dict | None = None) -> Requirement:
    """The requirement that a check passes for the exercise's resource: resource(lab) -> resource id."""

    def test(lab, state) -> Verdict:
        from labs.checks import all_checks

        check = all_checks()[check_id]
        wanted = resource(lab) if callable(resource) else resource
        findings = [f for f in check.run(state) if f.resource == wanted]
        if not findings:
            return fails(
                f"{wanted} no longer exists; run the labs.start(...) cell again to rebuild the chapter.",
                f"{josa(wanted, '이')} 더 이상 없습니다. labs.start(...) 셀을 다시 실행해 챕터를 새로 만드세요.",
            )
        failing = [f for f in findings if f.status != "PASS"]  # N/A is not done either
        chosen = failing or findings
        message = {lang: " ".join(f.message[lang] for f in chosen) for lang in LANGUAGES}
        return Verdict(not failing, message, check.metadata.hint if failing else None)

    return _CheckRequirement(check_id, test, text)


def of_check(check_id: str, test, text: dict | None = None) -> Requirement:
    """A requirement about one check, judged by `test(lab, state)`: its services (and, without `text`,
    its text: the check's title) are the check's, read when first asked (see `_CheckRequirement`)."""
    return _CheckRequirement(check_id, test, text)


class _CheckRequirement(Requirement):
    """`check_passes`'s requirement: its text (the check's title) and services are read from the check
    when first asked, so that importing the chapters does not load every check (0.2 s of a start)."""

    def __init__(self, check_id: str, test, text: dict | None) -> None:
        object.__setattr__(self, "check", check_id)
        object.__setattr__(self, "test", test)
        object.__setattr__(self, "_text", text)

    @property
    def text(self) -> dict:
        return self._text or self._metadata().title

    @property
    def services(self) -> tuple:
        return self._metadata().services

    def _metadata(self):
        from labs.checks import all_checks

        return all_checks()[self.check].metadata


def every_finding_passes(check_id: str, text: dict, done: dict, detail=None) -> Requirement:
    """The check passes for every resource it judges, not for one named resource, so that deleting the
    offending resource, or replacing it by a new one, is a fix too. `done` is the sentence when it
    does; `detail(lab, finding)` may add a sentence ({"en", "ko"}) after a failing finding's own."""

    def test(lab, state) -> Verdict:
        from labs.checks import all_checks

        check = all_checks()[check_id]
        failing = [f for f in check.run(state) if f.status == "FAIL"]
        if failing:
            extra = [detail(lab, f) if detail else None for f in failing]
            message = {lang: " ".join(f.message[lang] + (f" {more[lang]}" if more else "")
                                      for f, more in zip(failing, extra, strict=True)) for lang in LANGUAGES}
            return Verdict(False, message, check.metadata.hint)
        return Verdict(True, done)

    return _CheckRequirement(check_id, test, text)


@dataclass
class Outcome:
    done: bool
    message: dict
    hint: dict | None = None
    verdicts: list = field(default_factory=list)


def judge(lab, requirements) -> Outcome:
    """Collect what the requirements read, once, and judge each of them."""
    from labs import inventory

    services = {service for requirement in requirements for service in requirement.services}
    state = inventory.collect(lab, services)
    verdicts = [(requirement, requirement.test(lab, state)) for requirement in requirements]
    failing = [(r, v) for r, v in verdicts if not v.ok]
    if not failing:
        message = {lang: " ".join(dict.fromkeys(v.message[lang] for _, v in verdicts)) for lang in LANGUAGES}
        return Outcome(True, message, None, verdicts)
    message = {lang: " ".join(dict.fromkeys(v.message[lang] for _, v in failing)) for lang in LANGUAGES}
    hints = [v.hint for _, v in failing if v.hint]
    hint = {lang: " ".join(dict.fromkeys(h[lang] for h in hints)) for lang in LANGUAGES} if hints else None
    return Outcome(False, message, hint, verdicts)
