"""Management events on the default EventBridge bus, as "AWS API Call via CloudTrail".

On AWS, CloudTrail hands every management event to EventBridge, trail or no trail, so a rule on
the default bus can react to an API call within seconds (`{"detail-type": ["AWS API Call via
CloudTrail"], "detail": {"eventName": ["StopLogging"]}}`). The event's `source` is `aws.` plus the
service (`aws.cloudtrail`, `aws.s3`, ...) and its `detail` is the CloudTrail record.

moto evaluates event patterns and delivers to SQS targets, but CloudTrail never sends it
anything: the lab puts each recorded management event on the default bus of the event's region.
It does so only while that bus has a rule, so a lab without rules pays nothing for it.
"""

from __future__ import annotations

import json

from labs.cloudtrail import recorder

DETAIL_TYPE = "AWS API Call via CloudTrail"
RULE_CHANGING = {"PutRule", "DeleteRule", "EnableRule", "DisableRule", "PutTargets", "RemoveTargets"}

_rules_by_region: dict[str, bool] = {}


def clear() -> None:
    _rules_by_region.clear()


def notice_call(service: str, operation: str, region: str | None) -> None:
    if service == "events" and operation in RULE_CHANGING:
        _rules_by_region.pop(region or recorder.home_region(), None)


def _bus_has_rules(region: str) -> bool:
    if region not in _rules_by_region:
        rules = recorder.internal_client("events", region).list_rules(EventBusName="default").get("Rules", [])
        _rules_by_region[region] = any(rule.get("State") == "ENABLED" for rule in rules)
    return _rules_by_region[region]


def event_for(record: dict) -> dict:
    """The PutEvents entry AWS would emit for this CloudTrail record."""
    service = record["eventSource"].split(".", 1)[0]
    return {
        "Source": f"aws.{service}",
        "DetailType": DETAIL_TYPE,
        "Detail": json.dumps(record),
        "Resources": [],
    }


def publish(record: dict) -> None:
    if not record["managementEvent"] or not _bus_has_rules(record["awsRegion"]):
        return
    recorder.internal_client("events", record["awsRegion"]).put_events(Entries=[event_for(record)])
