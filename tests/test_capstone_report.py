"""Chapter 11's report for the manager: generated from the account, in both languages, HTML that opens
offline (looked at in headless Chromium: the screenshots are kept in build/test-capstone-report/) and
Markdown with the diagram in Mermaid; the Prowler commands name the lab's check ids Prowler has."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import labs
from labs import diagram_svg, diagrams
from labs.chapters import ch11_capstone as capstone
from labs.errors import LabError
from labs.report import LAB_ONLY_CHECKS, Report
from tests.graders import test_ch11_mutations as table

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "build" / "test-capstone-report"


@pytest.fixture(scope="module")
def report():
    """The table's world, the mistakes named (two missed), all fixed but the hidden test server."""
    os.environ.pop("LABS_EXPECT", None)
    lab = labs.start("11", mistakes=table.MISTAKES)
    lab.grade("11.1", table.planted_pairs(lab)[:-2])
    table.fix_all(**{"other region": None})(lab)
    return Report(lab)


def test_the_report_says_what_was_found_fixed_and_broken(report):
    text = report.markdown("en")
    assert "9 of 11 (first answer, 0 false alarms)" in text
    assert "| 10 of 11 |" in text and "| no |" in text
    assert "planted mistakes are still open" in text
    for row in report.rows:
        assert f"`{row['check_id']}`" in text
    assert "| 3.1 | CloudTrail.1 |" in text, "CIS and FSBP ids beside each mistake"
    assert "FAIL (hidden: no check sees it)" in text
    korean = report.markdown("ko")
    assert "11개 중 9개" in korean and "아키텍처 v1.0" in korean


def test_the_diagram_is_drawn_from_the_account(report):
    text = report.markdown("en")
    assert f"```mermaid\n{diagrams.KEEP_WORDS}\nflowchart LR" in text, "the architecture diagram, its words kept whole"
    assert "community-app-web-1" in text and "community-app-db" in text
    page = report.html("en")
    assert "<svg" in page and "community-app-web-1" in page and "MariaDB 3306" in page
    assert "인터넷" in report.markdown("ko") and "인터넷" in report.html("ko"), "the Korean report's diagram is Korean"
    assert "인터넷" not in page


def test_the_page_opens_offline(report):
    for lang in ("en", "ko"):
        page = report.html(lang)
        assert "<script" not in page
        links = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert links == [], f"the page loads {links}"
        assert re.findall(r"https?://", page) == ["http://"], "only the SVG namespace names a URL"


def test_the_prowler_commands_run_the_same_checks(report):
    mistakes, everything = report.prowler_commands()
    assert mistakes.startswith("prowler aws --checks ")
    assert set(mistakes.split()[3:]) == {row["check_id"] for row in report.rows} - set(LAB_ONLY_CHECKS)
    assert set(everything.split()[3:]) == set(capstone.checks_of_the_account()) - set(LAB_ONLY_CHECKS)


def test_the_lab_only_checks_are_the_controls_tables_own():
    controls = (ROOT / "docs" / "controls.md").read_text(encoding="utf-8")
    own = controls.split("| lab check id |", 1)[1]
    assert set(re.findall(r"\| ([a-z0-9_]+) \|\s*$", own, re.M)) == set(LAB_ONLY_CHECKS)


def test_the_report_is_chapter_11s(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    lab = labs.start("08")
    with pytest.raises(LabError, match="chapter 11"):
        Report(lab)


def test_the_diagram_parser_reads_every_shape_and_chain():
    drawn = diagram_svg.parse('flowchart LR\n    a(("A"))\n    subgraph g["G"]\n        b["B<br/>two"]\n'
                              '        c[("C")]\n    end\n    d{{"D"}}\n    a -- "x" --> b --> c\n    c --> d\n')
    assert {n.id: n.shape for n in drawn.nodes.values()} == {"a": "circle", "b": "box", "c": "cylinder", "d": "hexagon"}
    assert drawn.edges == [("a", "b", "x"), ("b", "c", ""), ("c", "d", "")]
    assert [c.id for c in drawn.root.children] == ["a", "g", "d"]
    assert diagram_svg.svg('flowchart LR\n    nonsense here\n    a["A"]\n').count("<rect class=\"node\"") == 1


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def korean_fonts_config(work: Path) -> Path:
    """fontconfig with the NanumGothic that koreanize-matplotlib ships, so Korean renders without fonts-noto-cjk."""
    import koreanize_matplotlib

    fonts = Path(koreanize_matplotlib.__file__).parent / "fonts"
    config = work / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                      f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir>'
                      f'<cachedir>{work / "fontcache"}</cachedir></fontconfig>')
    return config


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_report_in_a_browser(report, lang, tmp_path):
    if not chromium():
        pytest.skip("no Chromium: apt-get install chromium fonts-noto-cjk to look at the report in a browser")
    from PIL import Image

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    paths = report.save(ARTIFACTS, lang)
    shot = ARTIFACTS / f"capstone-report-{lang}.png"
    shot.unlink(missing_ok=True)
    subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--window-size=1280,2400", f"--screenshot={shot}", paths["html"].resolve().as_uri()],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False,
        env={**os.environ, "FONTCONFIG_FILE": str(korean_fonts_config(tmp_path))})
    assert shot.exists(), "Chromium took no screenshot"
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 2400)
    colours = image.resize((64, 120)).getcolors(maxcolors=64 * 120)
    assert colours and len(colours) > 40, "the screenshot is (nearly) blank"
