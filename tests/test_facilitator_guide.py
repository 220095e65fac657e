"""docs/facilitator-guide.md and .ko.md: the same guide in both languages, every ready chapter and
exercise in it, chapter 08's common mistakes quoting what its graders say, run sheets that add up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from labs.chapters import all_chapters
from tests.graders import test_ch08_mutations as ch08

ROOT = Path(__file__).resolve().parents[1]
GUIDES = {"en": ROOT / "docs" / "facilitator-guide.md", "ko": ROOT / "docs" / "facilitator-guide.ko.md"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")
RUN_SHEETS = {"en": {"A half day": 210, "A full day": 420}, "ko": {"반나절": 210, "하루": 420}}


def text(lang: str) -> str:
    return GUIDES[lang].read_text(encoding="utf-8")


def headings(lang: str) -> list[tuple[int, str]]:
    return [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#{1,4}) (.+)$", text(lang), re.M)]


def sections(lang: str) -> dict[str, str]:
    """Each level-3 heading's text up to the next heading of level 2 or 3."""
    parts = re.split(r"^(#{2,3} .+)$", text(lang), flags=re.M)
    return {parts[i].lstrip("# ").strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_both_languages_have_the_same_outline():
    en, ko = headings("en"), headings("ko")
    assert [level for level, _ in en] == [level for level, _ in ko]
    # chapter headings are the chapters' stems, the same in both
    assert [h for level, h in en if level == 3 and re.match(r"\d\d-", h)] == \
        [h for level, h in ko if level == 3 and re.match(r"\d\d-", h)]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_chapter_and_exercise_is_in_the_guide(lang):
    found = sections(lang)
    for chapter in all_chapters():
        assert chapter.stem in found, f"{GUIDES[lang].name} has no section for {chapter.stem}"
        body = found[chapter.stem]
        first, last = chapter.exercises[0].id, chapter.exercises[-1].id
        assert first in body and last in body, f"{chapter.stem}: name its exercises {first} to {last}"
        for word in {"en": ("Timing", "Story beats", "Discussion", "Common mistakes"),
                     "ko": ("소요 시간", "이야기 흐름", "토론", "흔한 실수")}[lang]:
            assert word in body, f"{GUIDES[lang].name}, {chapter.stem}: no {word!r}"
        if lang == "ko":
            assert len(HANGUL.findall(body)) > 100, f"{chapter.stem}'s Korean section is not in Korean"


def test_chapter_08s_mistakes_quote_its_graders():
    guide = text("en")
    cases = [case for name in dir(ch08) if name.startswith("CASES_8_") for case in getattr(ch08, name)]
    quoted = [case for case in cases if not case.done and case.says in (
        "only hides", "bucket ACL still grants", "everyone", "RestrictPublicBuckets", "ObjectWriter", "aws/s3",
        "Bucket Key")]
    assert len(quoted) >= 8, "the guide's table follows chapter 08's mutation table"
    for case in quoted:
        assert case.says in guide, f"the guide does not say what the grader says for {case.exercise} {case.name!r}"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_run_sheets_add_up(lang):
    found = sections(lang)
    for title, minutes in RUN_SHEETS[lang].items():
        sheet = next(body for heading, body in found.items() if heading.startswith(title))
        rows = [int(m) for m in re.findall(r"^\| (\d+) \|", sheet, re.M)]
        assert sum(rows) == minutes, f"{GUIDES[lang].name}, {title}: {sum(rows)} minutes, not {minutes}"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_guide_says_how_to_reset_one_learner(lang):
    guide = text(lang)
    for needed in ("labs.start", "progress.json", "Restart Kernel", "/hub/admin", "/services/class-view/"):
        assert needed in guide, f"{GUIDES[lang].name} lacks {needed}"
