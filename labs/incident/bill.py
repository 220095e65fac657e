"""The bill that shows the night first: the last 30 days of Cost Explorer, daily, by service and by
region, ending yesterday (Cost Explorer's data for a day is complete the day after).

The company's ordinary days are generated with a seeded wobble around what its resources cost in
ap-northeast-2 (the app server and the bastion host, the database, the VPC endpoints, S3, KMS,
CloudWatch, Route 53); the night adds the miners: `plan.miners` c5.4xlarge instances in us-east-1
from their launch to midnight UTC, and their disks. Chapter 04's detector
(`labs.costs.anomalies.detect`) finds them on either view: Amazon Elastic Compute Cloud - Compute
by service, us-east-1 by region (a region the company never used: expected spend zero).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from labs.costs import generator
from labs.incident.plan import MINER_HOURLY_USD, MINER_REGION, plan

DAYS = 30
HOME = "ap-northeast-2"
ORDINARY = {
    # service: (region, daily cost in USD)
    generator.EC2: (HOME, 0.78),
    generator.RDS: (HOME, 1.62),
    generator.VPC: (HOME, 1.87),
    generator.S3: (HOME, 0.031),
    generator.KMS: (HOME, 0.13),
    generator.CLOUDWATCH: (HOME, 0.034),
    generator.DATA_TRANSFER: (HOME, 0.019),
    generator.ROUTE53: ("global", 0.017),
    generator.CLOUDTRAIL: (HOME, 0.0),
}
EC2_OTHER = "EC2 - Other"
LAUNCH_HOUR = 17.55
"""The miners started at about 17:33 UTC (02:33 in Seoul)."""


def today() -> date:
    from labs.cloudtrail import recorder

    started = recorder._state.get("started") or recorder.now()
    return started.date()


def first_day() -> date:
    return today() - timedelta(days=DAYS)


def request(group_by: str = "REGION") -> dict:
    """The question the chapter asks Cost Explorer: the last 30 days (End is exclusive), daily,
    unblended cost, grouped by REGION or SERVICE."""
    return {
        "TimePeriod": {"Start": first_day().isoformat(), "End": today().isoformat()},
        "Granularity": "DAILY",
        "Metrics": ["UnblendedCost"],
        "GroupBy": [{"Type": "DIMENSION", "Key": group_by}],
    }


def daily_costs() -> dict[date, dict[tuple[str, str], float]]:
    """{day: {(service, region): cost}} for the 30 days up to yesterday."""
    chosen = plan()
    rng = random.Random(chosen.seed)
    yesterday = today() - timedelta(days=1)
    table = {}
    for offset in range(DAYS):
        day = first_day() + timedelta(days=offset)
        rhythm = generator.WEEKLY_RHYTHM[day.weekday()]
        costs = {}
        for service, (region, level) in ORDINARY.items():
            varies = service in (generator.S3, generator.DATA_TRANSFER, generator.CLOUDWATCH, generator.ROUTE53)
            costs[(service, region)] = level * (rhythm if varies else 1.0) * (1 + rng.uniform(-0.03, 0.03))
        if day == yesterday:
            hours = 24 - LAUNCH_HOUR
            costs[(generator.EC2, MINER_REGION)] = chosen.miners * MINER_HOURLY_USD * hours
            costs[(EC2_OTHER, MINER_REGION)] = chosen.miners * 8 * 0.08 / 30 * hours / 24
        table[day] = costs
    return table


def response(group_by: str = "REGION") -> dict:
    """The bill as GetCostAndUsage answers `request(group_by)`."""
    results = []
    for day, costs in sorted(daily_costs().items()):
        totals: dict[str, float] = {}
        for (service, region), amount in costs.items():
            key = region if group_by == "REGION" else service
            totals[key] = totals.get(key, 0.0) + amount
        groups = [{"Keys": [key], "Metrics": {"UnblendedCost": {"Amount": generator._amount(round(value, 10)),
                                                                 "Unit": "USD"}}}
                  for key, value in sorted(totals.items())]
        results.append({"TimePeriod": {"Start": day.isoformat(), "End": (day + timedelta(days=1)).isoformat()},
                        "Total": {}, "Groups": groups, "Estimated": day.month == today().month})
    return {"GroupDefinitions": [{"Type": "DIMENSION", "Key": group_by}], "ResultsByTime": results,
            "DimensionValueAttributes": []}


def publish(aws) -> None:
    """Make the emulator's Cost Explorer answer the chapter's two questions."""
    from labs.cloudtrail import recorder
    from labs.costs.cost_explorer import inject

    with recorder.unrecorded():
        for group_by in ("SERVICE", "REGION"):
            inject(aws, response(group_by), request(group_by))


def reference_anomalies(group_by: str = "REGION"):
    from labs.costs import anomalies, loaders

    return anomalies.detect(loaders.from_cost_explorer(response(group_by)))
