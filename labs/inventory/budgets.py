"""AWS Budgets as the checks see it: every budget, its notifications, and who each one emails.

Budgets is a global service: one endpoint for the whole account, whatever the region."""

from __future__ import annotations

from dataclasses import dataclass, field

from botocore.exceptions import ClientError


@dataclass
class Notification:
    notification_type: str  # ACTUAL or FORECASTED
    comparison: str
    threshold: float
    threshold_type: str  # PERCENTAGE or ABSOLUTE_VALUE
    subscribers: list = field(default_factory=list)  # [{"SubscriptionType": "EMAIL", "Address": ...}]

    @property
    def email_addresses(self) -> list[str]:
        return [s.get("Address", "") for s in self.subscribers if s.get("SubscriptionType") == "EMAIL"]

    @property
    def raw(self) -> dict:
        return {"NotificationType": self.notification_type, "ComparisonOperator": self.comparison,
                "Threshold": self.threshold, "ThresholdType": self.threshold_type}


@dataclass
class Budget:
    name: str
    budget_type: str  # COST, USAGE, ...
    time_unit: str  # MONTHLY, ...
    limit_amount: float | None
    limit_unit: str | None
    notifications: list[Notification] = field(default_factory=list)

    @property
    def notification_types(self) -> set[str]:
        return {n.notification_type for n in self.notifications}


@dataclass
class BudgetsState:
    budgets: list[Budget]

    def budget(self, name: str) -> Budget | None:
        return next((b for b in self.budgets if b.name == name), None)


def _pages(client, operation, key, **kwargs):
    """A Budgets list, page by page (NextToken), without relying on a paginator for every call."""
    token = None
    while True:
        answer = getattr(client, operation)(**kwargs, **({"NextToken": token} if token else {}))
        yield from answer.get(key, [])
        token = answer.get("NextToken") or answer.get("nextToken")
        if not token:
            return


def collect_budget(client, account_id: str, entry: dict) -> Budget:
    limit = entry.get("BudgetLimit") or {}
    budget = Budget(
        name=entry["BudgetName"],
        budget_type=entry.get("BudgetType", ""),
        time_unit=entry.get("TimeUnit", ""),
        limit_amount=float(limit["Amount"]) if "Amount" in limit else None,
        limit_unit=limit.get("Unit"),
    )
    for raw in _pages(client, "describe_notifications_for_budget", "Notifications",
                      AccountId=account_id, BudgetName=budget.name):
        subscribers = list(_pages(client, "describe_subscribers_for_notification", "Subscribers",
                                  AccountId=account_id, BudgetName=budget.name, Notification=raw))
        budget.notifications.append(Notification(
            notification_type=raw.get("NotificationType", ""),
            comparison=raw.get("ComparisonOperator", ""),
            threshold=float(raw.get("Threshold", 0)),
            threshold_type=raw.get("ThresholdType", "PERCENTAGE"),
            subscribers=subscribers,
        ))
    return budget


def collect(aws) -> BudgetsState:
    client = aws.client("budgets")
    budgets = []
    for entry in _pages(client, "describe_budgets", "Budgets", AccountId=aws.account_id):
        try:
            budgets.append(collect_budget(client, aws.account_id, entry))
        except ClientError as error:
            # Deleted between listing and reading: it is simply not there any more.
            if error.response["Error"]["Code"] != "NotFoundException":
                raise
    return BudgetsState(budgets=budgets)
