"""The startup's daily AWS bill, by service, from 2024-10-01 to the lab's "today".

Deterministic: a seeded random generator gives every service its normal day-to-day wobble and
weekly rhythm (more requests on weekdays, when the team works and tests), then the four anomalies
of the talk's Cost Anomaly Detection screenshot are planted on top, and two totals are pinned so
that January 2025 reads exactly as the talk's budget page does:

- month to date (2025-01-01 to 2025-01-18): $46.53 (the talk: "사용된 금액 US$46.53");
- the month's forecast: $80.34 ("예상 금액 US$80.34"), by `labs.costs.forecast.month_end`;
- Amazon Virtual Private Cloud 2025-01-05 to 01-18 (14 days), impact $20.01, 16675 %;
- Amazon Simple Storage Service 01-12 to 01-15 (4 days), $0.04, 33.33 %;
- Amazon Elastic Compute Cloud - Compute 01-12 to 01-15 (4 days), $5.87, no percentage (it cost
  nothing before: the expected spend is zero);
- AWS Key Management Service 01-05 to 01-13 (9 days), $0.85, 157.41 %.

Impacts follow AWS Cost Anomaly Detection's definition, as `labs.costs.anomalies` computes them:
actual spend over the anomaly's days minus the expected spend (the service's median daily cost
times the days), and the percentage of that expected spend.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import lru_cache

LAB_TODAY = date(2025, 1, 19)
"""The lab's "today" for chapter 04, pinned to the day after the talk's screenshots: Cost Explorer
has complete data up to and including 2025-01-18."""
FIRST_DAY = date(2024, 10, 1)
LAST_DAY = LAB_TODAY - timedelta(days=1)
MONTH_START = LAB_TODAY.replace(day=1)
NEXT_MONTH_START = date(2025, 2, 1)
SEED = 20250119
DECIMALS = 10  # Cost Explorer reports amounts with up to 10 decimals, as strings

RDS = "Amazon Relational Database Service"
S3 = "Amazon Simple Storage Service"
KMS = "AWS Key Management Service"
VPC = "Amazon Virtual Private Cloud"
EC2 = "Amazon Elastic Compute Cloud - Compute"
CLOUDTRAIL = "AWS CloudTrail"
DATA_TRANSFER = "AWS Data Transfer"
CLOUDWATCH = "AmazonCloudWatch"
ROUTE53 = "Amazon Route 53"

MONTH_TO_DATE = 46.527  # shown as US$46.53 (and 46.52 % of $100 when truncated, as the console did)
FORECAST = 80.34
FORECAST_RUN_RATE_DAYS = 3


def _day(text: str) -> date:
    return date.fromisoformat(text)


PLANTED = {
    # service: (start, last detected, actual spend over the anomaly's days, median daily cost)
    VPC: (_day("2025-01-05"), _day("2025-01-18"), 0.12 + 20.01, 0.12 / 14),
    S3: (_day("2025-01-12"), _day("2025-01-15"), 0.12 + 0.04, 0.03),
    EC2: (_day("2025-01-12"), _day("2025-01-15"), 5.87, 0.0),
    KMS: (_day("2025-01-05"), _day("2025-01-13"), 0.54 + 0.85, 0.06),
}
"""The talk's four anomalies: expected spend = median daily cost x days, impact = actual - expected."""

WEEKLY_RHYTHM = (1.10, 1.12, 1.10, 1.08, 1.05, 0.80, 0.78)  # Monday .. Sunday


def days(first: date = FIRST_DAY, last: date = LAST_DAY) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _spread(total: float, weights: list[float]) -> list[float]:
    scale = total / sum(weights)
    return [w * scale for w in weights]


@lru_cache(maxsize=1)
def daily_costs() -> dict[date, dict[str, float]]:
    """{day: {service: UnblendedCost in USD}}; a service that cost nothing that day is absent,
    as in Cost Explorer, except CloudTrail, whose free management events show as 0."""
    rng = random.Random(SEED)
    calendar = days()
    table: dict[str, dict[date, float]] = {}

    def wobble(level, spread, rhythm):
        return {
            d: level * (WEEKLY_RHYTHM[d.weekday()] if rhythm else 1.0) * (1 + rng.uniform(-spread, spread))
            for d in calendar
        }

    table[RDS] = wobble(1.0, 0.01, False)  # instance hours and a little I/O; the level is pinned below
    table[S3] = wobble(0.03, 0.04, True)
    table[KMS] = wobble(0.06, 0.03, False)
    table[VPC] = {d: PLANTED[VPC][3] for d in calendar}
    table[CLOUDTRAIL] = {d: 0.0 for d in calendar}
    table[DATA_TRANSFER] = wobble(0.018, 0.05, True)
    table[CLOUDWATCH] = wobble(0.032, 0.04, True)
    table[ROUTE53] = wobble(0.0042, 0.10, True)
    table[EC2] = {d: 0.0 for d in calendar}

    # Plant the anomalies.
    for service, (start, last, actual, _median_daily) in PLANTED.items():
        span = days(start, last)
        weights = [1 + rng.uniform(-0.08, 0.08) for _ in span]
        if service == EC2:
            weights[0] = 0.75  # launched in the afternoon of the first day
        for d, amount in zip(span, _spread(actual, weights), strict=True):
            table[service][d] = amount

    # Every service's median daily cost is pinned (the planted anomalies are well above it, so
    # shifting the ordinary days moves the median by exactly the shift).
    for service, (start, last, _actual, median_daily) in PLANTED.items():
        if service in (EC2, VPC):
            continue
        ordinary = [d for d in calendar if not start <= d <= last]
        shift = median_daily - _median(list(table[service].values()))
        for d in ordinary:
            table[service][d] += shift

    # Pin month to date: the RDS level takes up what the other services leave.
    month = days(MONTH_START, LAST_DAY)
    others = sum(table[s][d] for s in table if s != RDS for d in month)
    level = (MONTH_TO_DATE - others) / sum(table[RDS][d] for d in month)
    table[RDS] = {d: v * level for d, v in table[RDS].items()}

    # Pin the forecast: the NAT gateway processed more traffic in its last days (the total of the
    # VPC anomaly stays the same).
    last_days = calendar[-FORECAST_RUN_RATE_DAYS:]
    days_left = (NEXT_MONTH_START - LAB_TODAY).days
    wanted = (FORECAST - MONTH_TO_DATE) / days_left * FORECAST_RUN_RATE_DAYS
    not_vpc = sum(table[s][d] for s in table if s != VPC for d in last_days)
    vpc_span = days(PLANTED[VPC][0], PLANTED[VPC][1])
    vpc_late = wanted - not_vpc
    early = [d for d in vpc_span if d not in last_days]
    early_total = PLANTED[VPC][2] - vpc_late
    for d, amount in zip(last_days, _spread(vpc_late, [table[VPC][d] for d in last_days]), strict=True):
        table[VPC][d] = amount
    for d, amount in zip(early, _spread(early_total, [table[VPC][d] for d in early]), strict=True):
        table[VPC][d] = amount

    result: dict[date, dict[str, float]] = {}
    for d in calendar:
        result[d] = {
            service: round(values[d], DECIMALS)
            for service, values in sorted(table.items())
            if values[d] != 0.0 or service == CLOUDTRAIL
        }
    return result


def get_cost_and_usage_response(first: date = FIRST_DAY, end: date = LAB_TODAY) -> dict:
    """The generated bill as Cost Explorer's GetCostAndUsage answers it: DAILY, grouped by
    SERVICE, UnblendedCost. `end` is exclusive, as in the API. Days of the current month are
    `Estimated`, as AWS marks data that is not final yet."""
    costs = daily_costs()
    results = []
    for d in days(first, end - timedelta(days=1)):
        groups = [
            {"Keys": [service], "Metrics": {"UnblendedCost": {"Amount": _amount(amount), "Unit": "USD"}}}
            for service, amount in costs.get(d, {}).items()
        ]
        results.append({
            "TimePeriod": {"Start": d.isoformat(), "End": (d + timedelta(days=1)).isoformat()},
            "Total": {},
            "Groups": groups,
            "Estimated": d >= MONTH_START,
        })
    return {
        "GroupDefinitions": [{"Type": "DIMENSION", "Key": "SERVICE"}],
        "ResultsByTime": results,
        "DimensionValueAttributes": [],
    }


def _amount(value: float) -> str:
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"
