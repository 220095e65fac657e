"""The findings table `lab.check()` returns: a pandas DataFrame with PASS in green, FAIL in red and
N/A (a resource the control does not apply to, the message says why) in grey.

Kept apart from the rest of the display code so that starting a lab does not import pandas.
"""

from __future__ import annotations

import pandas as pd

from labs.language import pick

STATUS_COLOURS = {
    "PASS": "background-color: #d1e7dd; color: #0f5132",
    "FAIL": "background-color: #f8d7da; color: #842029",
    "N/A": "background-color: #e9ecef; color: #495057",
}
FINDING_COLUMNS = ["status", "severity", "check_id", "resource", "message", "compliance"]


class Findings(pd.DataFrame):
    """A DataFrame of findings that JupyterLab renders with PASS in green, FAIL in red, N/A in grey."""

    @property
    def _constructor(self):
        return Findings

    def _repr_html_(self):
        if "status" not in self.columns or self.empty:
            return super()._repr_html_()
        styled = self.style.map(lambda status: STATUS_COLOURS.get(status, ""), subset=["status"])
        return styled.set_properties(**{"text-align": "left"}).hide(axis="index").to_html()

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
    return Findings(rows, columns=FINDING_COLUMNS)
