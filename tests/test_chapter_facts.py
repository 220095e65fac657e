"""Each chapter fact is kept in one place, and what repeats it is tested against that place (issue 13):
the chapter list (README.md, README.ko.md, the welcome notebook, in both languages) against the chapters
the lab has (labs.chapters), and every recap table's controls against the checks' own CIS / FSBP ids
(labs/checks/compliance.json, through each check's metadata)."""

import re
from pathlib import Path

import nbformat
import pytest

from labs.checks import all_checks
from labs.chapters import all_chapters

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "solutions").glob("*.ipynb"))
CHAPTER_ROW = re.compile(r"^\| *(\d\d) *\|(.*)$")


def _chapter_rows(text: str) -> list[tuple[str, str]]:
    """(number, rest of the row) of the first Markdown table whose rows start with a two-digit chapter number."""
    rows, started = [], False
    for line in text.split("\n"):
        match = CHAPTER_ROW.match(line)
        if match:
            rows.append((match[1], match[2]))
            started = True
        elif started and not line.startswith("|"):
            break
    return rows


@pytest.mark.parametrize(("readme", "ready"), [("README.md", "ready"), ("README.ko.md", "준비됨")])
def test_the_readmes_chapter_table_is_the_lab_s_chapters(readme, ready):
    rows = _chapter_rows((ROOT / readme).read_text(encoding="utf-8"))
    chapters = all_chapters()
    assert [number for number, _ in rows] == [c.number for c in chapters], f"{readme}: the chapter table's rows"
    for (number, rest), chapter in zip(rows, chapters, strict=True):
        assert f"`{chapter.stem}`" in rest, f"{readme}: row {number} should name `{chapter.stem}`"
        assert rest.rstrip(" |").endswith(ready), f"{readme}: chapter {number} exists, so it is {ready}"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_welcome_notebook_lists_every_chapter_and_promises_none_that_is_missing(lang):
    source = nbformat.read(ROOT / "solutions" / "00-welcome.ipynb", as_version=4)
    text = "\n".join(c.source for c in source.cells if c.cell_type == "markdown" and lang in c.metadata.get("tags", []))
    assert [number for number, _ in _chapter_rows(text)] == [c.number for c in all_chapters()]
    coming = re.search(r"are coming|곧 추가됩니다|planned|예정", text)
    assert coming is None, f"the welcome notebook ({lang}) says a chapter is still to come: {coming[0]!r}"


def _recap_rows():
    """Every row of every recap table (the Markdown tables with a check id column and a CIS / FSBP column)."""
    for path in SOURCES:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            header = None
            for line in cell.source.split("\n"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else None
                if cells is None:
                    header = None
                elif header is None and any("FSBP" in c for c in cells) and any(
                        c.startswith(("Check id", "점검 ID")) for c in cells):
                    header = cells
                elif header is not None and not set(line) <= set("|-: "):
                    yield path.stem, cell.metadata.get("tags", []), dict(zip(header, cells, strict=False))


RECAP_ROWS = list(_recap_rows())


def test_every_chapter_with_checks_has_a_recap_table_in_both_languages():
    seen = {(stem, tag) for stem, tags, _ in RECAP_ROWS for tag in tags}
    for stem in {stem for stem, _, _ in RECAP_ROWS}:
        assert {(stem, "en"), (stem, "ko")} <= seen


def _named_checks(column: str) -> list[str]:
    """The check ids a cell names, in backticks; `iam_aws_attached_...` or `..._3389` (a name shortened in the
    table) stands for the one check it abbreviates."""
    checks = sorted(all_checks())
    named = []
    for name in re.findall(r"`([a-z0-9_.]+)`", column):
        if name.startswith("..."):
            found = [c for c in checks if c.endswith(name[3:])]
        elif name.endswith("..."):
            found = [c for c in checks if c.startswith(name[:-3])]
        else:
            found = [name] if name in checks else []
        assert len(found) <= 1, f"`{name}` abbreviates several checks: {found}"
        named += found
    return named


def _controls(column: str, header: str) -> set[str]:
    """The controls a cell gives: numbers (1.14, 2.1.4) are CIS ids, Service.N (S3.8, CloudTrail.1) FSBP ids."""
    ids = set()
    for token in re.findall(r"\b[A-Za-z][A-Za-z0-9]*\.\d+\b|\b\d+(?:\.\d+)*\b", column):
        if re.fullmatch(r"\d+(\.\d+)*", token):
            ids.add(f"CIS {token}")
        elif re.fullmatch(r"[A-Za-z][A-Za-z0-9]*\.\d+", token):
            ids.add(f"FSBP {token}")
    return ids


@pytest.mark.parametrize(("stem", "tags", "row"), RECAP_ROWS,
                         ids=[f"{stem}-{'-'.join(tags)}-{i}" for i, (stem, tags, _) in enumerate(RECAP_ROWS)])
def test_a_recap_tables_controls_are_its_checks_controls(stem, tags, row):
    """Every control a recap row gives is one of its checks' (compliance.json), and a chapter's own recap
    table gives all of them; chapter 10's incident table (its column names graders too) may give fewer,
    the ones its story is about."""
    checks = all_checks()
    check_header = next(k for k in row if k.startswith(("Check id", "점검 ID")))
    control_header = next(k for k in row if "FSBP" in k)
    ids = _named_checks(row[check_header])
    if not ids:  # a row graded by exercises, not by a check: nothing in compliance.json to compare with
        return
    expected = set()
    for check_id in ids:
        metadata = checks[check_id].metadata
        expected |= {f"CIS {i}" for i in metadata.cis} | {f"FSBP {i}" for i in metadata.fsbp}
    shown = _controls(row[control_header], control_header)
    where = f"{stem} ({tags}): {row[check_header]} -> {row[control_header]!r}; compliance.json says {sorted(expected)}"
    assert shown <= expected, where
    if "/" not in check_header:
        assert shown == expected, where
