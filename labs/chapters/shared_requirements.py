"""Requirements more than one chapter states the same way (a sibling of labs.grading, which may take
them in later): a check that passes for every resource it judges, not for one named resource, so that
deleting the offending resource, or replacing it by a new one, is a fix too."""

from __future__ import annotations

from labs.grading import Requirement, Verdict
from labs.language import LANGUAGES


def every_finding_passes(check_id: str, text: dict, done: dict, detail=None) -> Requirement:
    """The check passes for every resource it judges. `done` is the sentence when it does;
    `detail(lab, finding)` may add a sentence ({"en", "ko"}) after a failing finding's own."""
    from labs.checks import all_checks

    check = all_checks()[check_id]

    def test(lab, state) -> Verdict:
        failing = [f for f in check.run(state) if f.status == "FAIL"]
        if failing:
            extra = [detail(lab, f) if detail else None for f in failing]
            message = {lang: " ".join(f.message[lang] + (f" {more[lang]}" if more else "")
                                      for f, more in zip(failing, extra, strict=True)) for lang in LANGUAGES}
            return Verdict(False, message, check.metadata.hint)
        return Verdict(True, done)

    return Requirement(text=text, test=test, services=(check.metadata.service,), check=check_id)
