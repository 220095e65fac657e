"""Budgets: DescribeSubscribersForNotification answers from the subscribers moto stored.

moto stores the subscribers (email recipients) given with a budget's notification, but does not
implement DescribeSubscribersForNotification, the only call that reads them back (measured:
NotImplementedError in-process, HTTP 500 from the server). The lab answers it from moto's own stored
subscribers, as AWS would; it adds nothing moto did not store.

Test: tests/emulator_fidelity/test_budgets_subscribers.py (moto itself still does not implement the call).
"""

from __future__ import annotations

import json

from labs.emulator_fidelity._patching import replace


def install() -> None:
    from moto.budgets.exceptions import NotFoundException
    from moto.budgets.responses import BudgetsResponse

    def same(stored: dict, asked: dict) -> bool:
        keys = ("NotificationType", "ComparisonOperator", "ThresholdType")
        return all(stored.get(k, "PERCENTAGE" if k == "ThresholdType" else None)
                   == asked.get(k, "PERCENTAGE" if k == "ThresholdType" else None) for k in keys) and (
            float(stored.get("Threshold", 0)) == float(asked.get("Threshold", 0)))

    def describe_subscribers_for_notification(self) -> str:
        account_id = self._get_param("AccountId")
        budget_name = self._get_param("BudgetName")
        asked = self._get_param("Notification") or {}
        budget = self.backend.budgets[account_id].get(budget_name)
        if budget is None:
            raise NotFoundException(f"Unable to get budget: {budget_name} - the budget doesn't exist.")
        for notification in budget.notifications:
            if same(notification.details, asked):
                return json.dumps({"Subscribers": notification.subscribers or []})
        raise NotFoundException("Unable to find notification - the notification doesn't exist.")

    replace(__name__, BudgetsResponse, "describe_subscribers_for_notification", describe_subscribers_for_notification)
