"""Serving the generated bill through the emulator's Cost Explorer.

moto's Cost Explorer tracks no cost. It answers `GetCostAndUsage` from a queue of results that a
test (or this lab) posts to `/moto-api/static/ce/cost-and-usage-results` (moto 5.2.5,
`moto/ce/models.py`): the first request whose parameters moto has not seen takes the next queued
result, and the same parameters get the same result from then on; any other request gets an empty
answer. So the lab posts the whole response, then asks the one question the chapter asks
(`REQUEST`), which binds the answer to it. `labs.emulator_fidelity` makes moto compare parameters
rather than the request's bytes, so the order in which a learner writes them does not matter.

In-process, moto intercepts `requests` too: a POST to http://motoapi.amazonaws.com reaches the
emulator without any network. With moto's server, the same path is under its endpoint.
"""

from __future__ import annotations

from labs.costs import generator

REQUEST = {
    "TimePeriod": {"Start": generator.FIRST_DAY.isoformat(), "End": generator.LAB_TODAY.isoformat()},
    "Granularity": "DAILY",
    "Metrics": ["UnblendedCost"],
    "GroupBy": [{"Type": "DIMENSION", "Key": "SERVICE"}],
}
"""The chapter's question: every day from 2024-10-01 to the lab's today (End is exclusive),
grouped by service, unblended cost."""

IN_PROCESS_MOTO_API = "http://motoapi.amazonaws.com"
INJECT_PATH = "/moto-api/static/ce/cost-and-usage-results"


def injection_url(aws) -> str:
    endpoint = getattr(aws.backend, "endpoint_url", None) or IN_PROCESS_MOTO_API
    return endpoint.rstrip("/") + INJECT_PATH


def inject(aws, response: dict, request: dict | None = None) -> None:
    """Make the emulator answer `request` (default: the chapter's) with `response`."""
    import requests

    posted = requests.post(
        injection_url(aws), json={"account_id": aws.account_id, "results": [response]}, timeout=10
    )
    posted.raise_for_status()
    aws.client("ce").get_cost_and_usage(**(request or REQUEST))


def publish_cost_history(aws) -> None:
    """The startup's bill since October 2024, as Cost Explorer would report it on the lab's today."""
    inject(aws, generator.get_cost_and_usage_response())
