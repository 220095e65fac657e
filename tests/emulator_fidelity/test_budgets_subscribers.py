import boto3
import pytest

from labs.company import budget_notification, email_subscribers
from labs.emulator_fidelity import budgets_subscribers as correction
from labs.errors import EmulatorFailureError
from tests.emulator_fidelity.conftest import without


def _budget(lab):
    budgets = boto3.client("budgets")
    budgets.create_budget(AccountId=lab.account_id, Budget={
        "BudgetName": "b", "BudgetLimit": {"Amount": "1", "Unit": "USD"}, "TimeUnit": "MONTHLY", "BudgetType": "COST"},
        NotificationsWithSubscribers=[{"Notification": budget_notification("ACTUAL", 80.0),
                                       "Subscribers": email_subscribers()}])
    return lambda: budgets.describe_subscribers_for_notification(
        AccountId=lab.account_id, BudgetName="b", Notification=budget_notification("ACTUAL", 80.0))["Subscribers"]


def test_moto_itself_does_not_implement_describe_subscribers_for_notification(lab):
    describe = _budget(lab)
    with without(correction), pytest.raises(EmulatorFailureError, match="does not implement"):
        describe()


def test_the_lab_answers_from_the_subscribers_moto_stored(lab):
    assert _budget(lab)() == email_subscribers()
