"""IAM Access Analyzer as the checks see it: the analyzers of the lab's region and their external
access findings. The emulator has no Access Analyzer; this reads the lab's model of it
(`labs.access_analyzer`), which judges sharing with the policy engine."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class AccessAnalyzerState:
    region: str
    analyzers: list = field(default_factory=list)
    """The region's analyzers as list_analyzers returns them (dicts: arn, name, type, status)."""
    findings: list = field(default_factory=list)
    """The findings of the region's active analyzer (dicts as list_findings returns them)."""

    @property
    def active_analyzer(self) -> dict | None:
        return next((a for a in self.analyzers if a["status"] == "ACTIVE"), None)

    @property
    def active_findings(self) -> list:
        return [f for f in self.findings if f["status"] == "ACTIVE"]


def collect(aws) -> AccessAnalyzerState:
    from labs import access_analyzer

    analyzer = access_analyzer.client(aws)
    analyzers = analyzer.list_analyzers()["analyzers"]
    active = next((a for a in analyzers if a["status"] == "ACTIVE"), None)
    findings = analyzer.list_findings(analyzerArn=active["arn"])["findings"] if active else []
    return AccessAnalyzerState(region=aws.region, analyzers=analyzers, findings=findings)
