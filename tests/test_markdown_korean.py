"""Bold and italics render in JupyterLab (CommonMark): every Markdown cell of every notebook, and the
Korean README and glossary, rendered with markdown-it-py, leave no emphasis marker in the text.

CommonMark closes `**` only where it is right-flanking: `**다중 인증(MFA)**은` leaves both markers on
screen, because the closing `**` follows `)` and Hangul follows it. The fix puts the bracket outside
the emphasis (`**다중 인증**(MFA)은`), never a space before the particle (`**예산** 은` is a spacing
error). A new chapter's notebook is held from the day it lands in solutions/."""

import re

import pytest
from markdown_it import MarkdownIt

from tests import korean_text

RENDERER = MarkdownIt("commonmark")
# A `*` or `_` left in rendered text, except `_` inside a word (snake_case names outside code spans).
LEFT_OVER = re.compile(r"\*|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# Emphasis closed, then a space, then a particle: the spacing error made to dodge the rule above.
SPACED_PARTICLE = re.compile(r"\*\*\s+(은|는|이|가|을|를|의|와|과|로|으로|에|에서|도|만)(?=[\s,.)]|$)")
DOCUMENTS = [korean_text.ROOT / "README.ko.md", korean_text.ROOT / "docs" / "glossary.md"]


def rendered_text(markdown: str) -> list[str]:
    """The text runs a reader sees: inline text outside code spans, code blocks and HTML."""
    texts = []

    def walk(tokens):
        for token in tokens:
            if token.type == "inline":
                walk(token.children or [])
            elif token.type == "text":
                texts.append(token.content)

    walk(RENDERER.parse(markdown))
    return texts


def left_over_markers(markdown: str) -> list[str]:
    return [text for text in rendered_text(markdown) if LEFT_OVER.search(text)]


def cases():
    for path in korean_text.notebooks():
        for cell_id, text in korean_text.markdown(path):
            yield pytest.param(text, id=f"{path.stem}#{cell_id}")
    for path in DOCUMENTS:
        yield pytest.param(path.read_text(encoding="utf-8"), id=path.name)


@pytest.mark.parametrize("markdown", list(cases()))
def test_bold_and_italics_render(markdown):
    assert left_over_markers(markdown) == [], "emphasis that CommonMark leaves as literal * or _"
    assert not SPACED_PARTICLE.search(markdown), "a space between the emphasis and its particle"


@pytest.mark.parametrize("broken", [
    "**다중 인증(MFA)**은",
    "**아키텍처 v0.2(암호화 통신 적용)**가 됩니다.",
    "앱으로 **전달(forward)**합니다",
    "**막혔다면?**은 다른 챕터와 같습니다",
])
def test_the_test_sees_the_reviews_cases(broken):
    assert left_over_markers(broken)


@pytest.mark.parametrize("fine", [
    "**다중 인증**(MFA)은",
    "**아키텍처 v0.2**(암호화 통신 적용)가 됩니다.",
    "`snake_case`와 *기울임*, **굵게**, `s3:*` 권한",
    "check_id 열",
])
def test_the_test_passes_what_renders(fine):
    assert left_over_markers(fine) == []


def test_the_spacing_error_is_seen():
    assert SPACED_PARTICLE.search("**예산(Budgets)** 은 저장됩니다")
    assert not SPACED_PARTICLE.search("**예산**(Budgets)은 저장됩니다")
