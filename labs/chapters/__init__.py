"""The course's chapters, in the talk's order. A chapter module says what its starting world holds
(the company's resources and this chapter's scenarios), which checks it teaches, and its exercises."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from dataclasses import dataclass, field

from labs.errors import UnknownChapterError, UnknownExerciseError, excerpt
from labs.korean import josa


@dataclass(frozen=True)
class Exercise:
    id: str
    title: dict
    checks: tuple = ()
    """Checks that must pass for the exercise's resource: each one requirement (labs.grading.check_passes)."""
    resource: object = None
    """resource(aws) -> the resource id the checks must pass for."""
    requirements: tuple = ()
    """Everything else the exercise's text asks for (labs.grading.Requirement); done when all hold."""
    hint: dict | None = None
    """Defaults to the hints of the requirements still failing."""
    grader: object = None
    """For exercises that grade the learner's answer: grader(lab, answer) -> (done, message)."""
    needs_answer: bool = False

    def all_requirements(self) -> tuple:
        from labs.grading import check_passes

        return tuple(check_passes(check_id, self.resource) for check_id in self.checks) + tuple(self.requirements)


@dataclass(frozen=True)
class Chapter:
    number: str
    stem: str
    title: dict
    build_company: tuple = ()
    """Functions that create the company's resources this chapter needs, in order."""
    scenarios: tuple = ()
    """This chapter's deliberate misconfigurations, built in this order."""
    checks: tuple = ()
    exercises: tuple = field(default=())
    services: tuple = ()
    """AWS services the chapter's world uses besides those of its checks (for backend capabilities)."""
    in_story: bool = True
    """Whether later chapters start from this chapter's world, fixed (00, the welcome, is not)."""
    wrap_up: tuple = ()
    """What the chapter's notebook does at its end besides fixing its mistakes (chapter 06 retires the
    bastion host): applied, after the fixes, when a later chapter starts from this one."""

    def exercise(self, exercise_id: str) -> Exercise:
        exercise_id = str(exercise_id).strip()
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        ids = [e.id for e in self.exercises]
        close = difflib.get_close_matches(exercise_id[:40], ids, n=1)
        listed = ", ".join(ids) or "none"
        raise UnknownExerciseError(
            f"Chapter {self.stem} has no exercise {excerpt(exercise_id)}: its exercises are {listed}"
            + (f"; did you mean {close[0]!r}?" if close else "."),
            f"챕터 {self.stem}에는 실습 {josa(excerpt(exercise_id), '이')} 없습니다. 실습 번호는 {listed}입니다"
            + (f". {josa(repr(close[0]), '을')} 말씀하신 건가요?" if close else "."),
        )


def all_chapters() -> list[Chapter]:
    """Every module in this package named chNN_<slug> defines CHAPTER; sorted by number."""
    names = [info.name for info in pkgutil.iter_modules(__path__) if info.name.startswith("ch")]
    chapters = [importlib.import_module(f"{__name__}.{name}").CHAPTER for name in names]
    return sorted(chapters, key=lambda c: c.number)


def find(name) -> Chapter:
    """Accepts a stem ("08-s3"), a number ("08", "8", 8) or a file name ("08-s3.ipynb")."""
    wanted = str(name).strip().removesuffix(".ipynb")
    # The chapter's own module first: importing every chapter costs 0.2 s that `labs check` never needs.
    number = wanted.split("-", 1)[0].zfill(2)
    for info in pkgutil.iter_modules(__path__):
        if number.isdigit() and info.name.startswith(f"ch{number}_"):
            chapter = importlib.import_module(f"{__name__}.{info.name}").CHAPTER
            if wanted == chapter.stem or wanted.zfill(2) == chapter.number:
                return chapter
    chapters = all_chapters()
    for chapter in chapters:
        if wanted == chapter.stem or wanted.zfill(2) == chapter.number:
            return chapter
    stems = [c.stem for c in chapters]
    close = difflib.get_close_matches(wanted[:40], stems, n=1, cutoff=0.5)
    raise UnknownChapterError(
        f"There is no chapter {excerpt(wanted)}; the chapters are {', '.join(stems)}."
        + (f" Did you mean {close[0]!r}?" if close else ""),
        f"{josa(excerpt(wanted), '이라는')} 챕터는 없습니다. 챕터는 {', '.join(stems)}입니다."
        + (f" {josa(repr(close[0]), '을')} 말씀하신 건가요?" if close else ""),
    )


def earlier(chapter: Chapter) -> list[Chapter]:
    return [c for c in all_chapters() if c.in_story and c.number < chapter.number]
