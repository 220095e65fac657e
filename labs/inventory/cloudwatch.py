"""CloudWatch as the CIS 4.x checks see it: the metric filters of every log group (CloudWatch Logs),
the alarms and the metrics they watch, and which SNS topics have a confirmed subscription.

moto stores all of it and evaluates none of it: no filter ever counts an event, no alarm ever
changes state (labs/checks/lib/cloudwatch.py reads the patterns itself)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class MetricFilter:
    name: str
    log_group: str
    pattern: str
    metrics: list = field(default_factory=list)
    """(namespace, metric name) pairs it publishes."""


@dataclass
class Alarm:
    name: str
    namespace: str | None
    metric: str | None
    actions: list = field(default_factory=list)
    enabled: bool = True


@dataclass
class CloudWatchState:
    metric_filters: list
    alarms: list
    confirmed_subscriptions: dict
    """topic ARN -> the number of confirmed subscriptions (a pending one has no ARN yet)."""


def _pages(client, operation: str, key: str, **kwargs) -> list:
    return [item for page in client.get_paginator(operation).paginate(**kwargs) for item in page.get(key, [])]


def collect(aws) -> CloudWatchState:
    logs, cloudwatch, sns = aws.client("logs"), aws.client("cloudwatch"), aws.client("sns")
    # moto 5.2.5 appends a filter put again under the same name; CloudWatch Logs replaces it: the last
    # one put is the one in force.
    by_name: dict = {}
    for item in [
        MetricFilter(
            name=f["filterName"], log_group=f["logGroupName"], pattern=f.get("filterPattern", ""),
            metrics=[(m.get("metricNamespace"), m.get("metricName")) for m in f.get("metricTransformations", [])],
        )
        for f in _pages(logs, "describe_metric_filters", "metricFilters")
    ]:
        by_name[(item.log_group, item.name)] = item
    filters = list(by_name.values())
    alarms = [
        Alarm(name=a["AlarmName"], namespace=a.get("Namespace"), metric=a.get("MetricName"),
              actions=list(a.get("AlarmActions", [])) if a.get("ActionsEnabled", True) else [],
              enabled=a.get("ActionsEnabled", True))
        for a in _pages(cloudwatch, "describe_alarms", "MetricAlarms")
    ]
    topics = {arn for alarm in alarms for arn in alarm.actions if ":sns:" in arn}
    confirmed = {}
    for topic in sorted(topics):
        try:
            subscriptions = _pages(sns, "list_subscriptions_by_topic", "Subscriptions", TopicArn=topic)
        except aws.client("sns").exceptions.NotFoundException:
            subscriptions = []
        confirmed[topic] = sum(1 for s in subscriptions if s.get("SubscriptionArn", "").startswith("arn:"))
    return CloudWatchState(metric_filters=filters, alarms=alarms, confirmed_subscriptions=confirmed)
