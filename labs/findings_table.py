"""The findings table `lab.check()` returns: a pandas DataFrame with PASS in green, FAIL in red and
N/A (a resource the control does not apply to, the message says why) in grey.

The data keeps English column names and values, so that code reads the same in both languages
(`findings[findings["status"] == "FAIL"]`); a Korean lab shows the table with Security Hub's Korean
words (상태, 심각도, 실패, 높음, ...): `display_frame` renames for display only.

Kept apart from the rest of the display code so that starting a lab does not import pandas.
"""

from __future__ import annotations

import re

import pandas as pd

from labs.language import pick

STATUS_COLOURS = {
    "PASS": "background-color: #d1e7dd; color: #0f5132",
    "FAIL": "background-color: #f8d7da; color: #842029",
    "N/A": "background-color: #e9ecef; color: #495057",
}
FINDING_COLUMNS = ["status", "severity", "check_id", "resource", "message", "compliance"]

# What a Korean learner sees: the Korean Security Hub console's words.
HEADERS_KO = {"status": "상태", "severity": "심각도", "check_id": "점검 ID", "resource": "리소스", "message": "메시지",
              "compliance": "규정 준수", "title": "제목", "exercise": "실습", "done": "완료",
              "graded in this session": "이번 세션에서 채점", "misconfiguration": "잘못된 구성",
              "chapters": "다루는 챕터", "taught in": "점검을 배우는 챕터", "duty": "책임"}
STATUS_KO = {"PASS": "통과", "FAIL": "실패", "N/A": "해당 없음"}
SEVERITY_KO = {"critical": "심각", "high": "높음", "medium": "보통", "low": "낮음", "informational": "정보"}
YES_NO_KO = {True: "예", False: "아니요"}


def display_frame(frame: pd.DataFrame, lang=None) -> pd.DataFrame:
    """`frame` as a learner of `lang` reads it: Korean headers and values for Korean; the data is not changed."""
    from labs.language import current

    if (lang or current()) != "ko":
        return pd.DataFrame(frame)
    shown = pd.DataFrame(frame).copy()
    for column, words in (("status", STATUS_KO), ("severity", SEVERITY_KO)):
        if column in shown.columns:
            shown[column] = shown[column].map(lambda value, words=words: words.get(value, value))
    for column in ("done", "graded in this session"):
        if column in shown.columns:
            shown[column] = shown[column].map(lambda value: YES_NO_KO.get(value, value))
    return shown.rename(columns=HEADERS_KO)


def _sized(shown: str, lang) -> str:
    """pandas' note under a table it shows in part ("69 rows × 6 columns"), in Korean for a Korean learner."""
    from labs.language import current

    if (lang or current()) != "ko":
        return shown
    return re.sub(r"(\d+) rows [×x] (\d+) columns", r"\1행 × \2열", shown)


class Table(pd.DataFrame):
    """A table the lab makes for the learner: English columns and values in the data, the learner's language
    (`lang`, kept through filtering and selection) on screen."""

    _metadata = ["lang"]

    @property
    def _constructor(self):
        return type(self)

    def _repr_html_(self):
        lang = getattr(self, "lang", None)
        return _sized(display_frame(self, lang)._repr_html_(), lang)

    def __repr__(self) -> str:
        lang = getattr(self, "lang", None)
        return _sized(repr(display_frame(self, lang)), lang)


def table(rows_or_frame, lang=None, **kwargs) -> Table:
    made = Table(rows_or_frame, **kwargs)
    made.lang = lang
    return made


class Findings(Table):
    """A DataFrame of findings that JupyterLab renders with PASS in green, FAIL in red, N/A in grey, in the
    learner's language."""

    def _repr_html_(self):
        lang = getattr(self, "lang", None)
        if "status" not in self.columns or self.empty:
            return display_frame(self, lang)._repr_html_()
        shown = display_frame(self, lang)
        status = "status" if "status" in shown.columns else HEADERS_KO["status"]
        colours = {**STATUS_COLOURS, **{STATUS_KO[s]: c for s, c in STATUS_COLOURS.items()}}
        styled = shown.style.map(lambda value: colours.get(value, ""), subset=[status])
        return styled.set_properties(**{"text-align": "left"}).hide(axis="index").to_html()

    def to_text(self) -> str:
        """The table as text, in the learner's language (`labs check` prints this)."""
        return display_frame(self, getattr(self, "lang", None)).to_string(index=False)

    @property
    def failed(self) -> Findings:
        return self[self["status"] == "FAIL"]


def findings_frame(findings, checks, lang=None) -> Findings:
    rows = []
    for finding in findings:
        metadata = checks[finding.check_id].metadata
        compliance = [f"CIS {i}" for i in metadata.cis] + [f"FSBP {i}" for i in metadata.fsbp]
        rows.append({
            "status": finding.status,
            "severity": metadata.severity,
            "check_id": finding.check_id,
            "resource": finding.resource,
            "message": pick(finding.message, lang),
            "compliance": ", ".join(compliance),
        })
    frame = Findings(rows, columns=FINDING_COLUMNS)
    frame.lang = lang
    return frame
