"""The company's bill and budgets (chapter 04)."""

from __future__ import annotations

ALERT_ADDRESS = "aws-alerts@community-app.example"
"""The team's address for AWS's alerts: it survives people leaving."""


def publish_cost_history(aws) -> None:
    """The startup's daily bill since October 2024, served by the emulator's Cost Explorer
    (chapter 04; generated, see labs/costs/generator.py)."""
    from labs.costs.cost_explorer import publish_cost_history as publish

    publish(aws)


def budget_notification(kind: str, threshold: float) -> dict:
    """A budget alert as the Budgets API takes it: `kind` ACTUAL or FORECASTED spend above `threshold` %."""
    return {"NotificationType": kind, "ComparisonOperator": "GREATER_THAN", "Threshold": threshold,
            "ThresholdType": "PERCENTAGE"}


def email_subscribers(address: str = ALERT_ADDRESS) -> list[dict]:
    return [{"SubscriptionType": "EMAIL", "Address": address}]

__all__ = ["ALERT_ADDRESS", "publish_cost_history", "budget_notification", "email_subscribers"]
