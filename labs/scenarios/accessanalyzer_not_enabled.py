"""Nobody ever turned IAM Access Analyzer on: no analyzer watches what the account shares outside
itself, so every share made in a hurry stays until someone happens to read that policy again."""

from labs import access_analyzer, company

BREAKS = ("accessanalyzer_enabled",)
ALSO_BREAKS = (("accessanalyzer_enabled_without_findings", lambda aws: aws.account_id),)
"""Without an analyzer nothing reports what the account shares (chapter 09's check of its findings)."""


def resource(aws) -> str:
    return aws.account_id


def build(aws) -> None:
    analyzer = access_analyzer.client(aws)
    for entry in analyzer.list_analyzers()["analyzers"]:
        analyzer.delete_analyzer(analyzerName=entry["name"])


def fix(aws) -> None:
    analyzer = access_analyzer.client(aws)
    if not analyzer.list_analyzers()["analyzers"]:
        analyzer.create_analyzer(analyzerName=company.ANALYZER, type="ACCOUNT")
