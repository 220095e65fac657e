"""Every budgets check: a PASS test and a FAIL test against the emulator."""

from labs.checks import budgets_budget_alerts_have_subscribers, budgets_monthly_cost_budget_configured
from labs.scenarios import budgets_no_monthly_cost_budget, budgets_zero_spend_budget_without_recipients
from labs.company import budget_notification as notification
from labs.inventory import AccountState
from labs.inventory.budgets import Budget, BudgetsState, Notification
from tests.conftest import findings_for, status_of

EMAIL = {"SubscriptionType": "EMAIL", "Address": "aws-alerts@community-app.example"}


def _budget(account, name, amount, *alerts, time_unit="MONTHLY", budget_type="COST"):
    account.client("budgets").create_budget(
        AccountId=account.account_id,
        Budget={"BudgetName": name, "BudgetLimit": {"Amount": amount, "Unit": "USD"}, "TimeUnit": time_unit,
                "BudgetType": budget_type},
        NotificationsWithSubscribers=[{"Notification": notification(kind, threshold), "Subscribers": subscribers}
                                      for kind, threshold, subscribers in alerts],
    )


# budgets_monthly_cost_budget_configured ---------------------------------------------------------

def test_budgets_monthly_cost_budget_configured_pass_with_actual_and_forecast_alerts(account):
    budgets_no_monthly_cost_budget.fix(account)
    assert status_of(budgets_monthly_cost_budget_configured, account.account_id, account) == "PASS"


def test_budgets_monthly_cost_budget_configured_fail_without_any_budget(account):
    [finding] = findings_for(budgets_monthly_cost_budget_configured, account.account_id, account)
    assert finding.status == "FAIL" and "no budget at all" in finding.message["en"]


def test_budgets_monthly_cost_budget_configured_fail_with_only_the_zero_spend_budget(account):
    _budget(account, "My Zero-Spend Budget", "0.01", ("ACTUAL", 100.0, [EMAIL]), ("FORECASTED", 100.0, [EMAIL]))
    [finding] = findings_for(budgets_monthly_cost_budget_configured, account.account_id, account)
    assert finding.status == "FAIL" and "My Zero-Spend Budget" in finding.message["en"]


def test_budgets_monthly_cost_budget_configured_fail_without_a_forecast_alert(account):
    _budget(account, "Monthly", "100", ("ACTUAL", 85.0, [EMAIL]))
    assert status_of(budgets_monthly_cost_budget_configured, account.account_id, account) == "FAIL"


def test_budgets_monthly_cost_budget_configured_fail_for_a_usage_budget(account):
    _budget(account, "Hours", "100", ("ACTUAL", 85.0, [EMAIL]), ("FORECASTED", 100.0, [EMAIL]), budget_type="USAGE")
    assert status_of(budgets_monthly_cost_budget_configured, account.account_id, account) == "FAIL"


# budgets_budget_alerts_have_subscribers ---------------------------------------------------------

def test_budgets_budget_alerts_have_subscribers_pass_with_an_email_recipient(account):
    budgets_zero_spend_budget_without_recipients.build(account)
    budgets_zero_spend_budget_without_recipients.fix(account)
    assert status_of(budgets_budget_alerts_have_subscribers, "My Zero-Spend Budget", account) == "PASS"


def test_budgets_budget_alerts_have_subscribers_fail_without_any_alert(account):
    budgets_zero_spend_budget_without_recipients.build(account)
    [finding] = findings_for(budgets_budget_alerts_have_subscribers, "My Zero-Spend Budget", account)
    assert finding.status == "FAIL" and "no alert" in finding.message["en"]


def test_budgets_budget_alerts_have_subscribers_fail_with_an_alert_nobody_receives():
    """The API refuses a notification without subscribers (and AWS deletes a notification with its last
    subscriber), so this state is built by hand: the check must still call it a failure."""
    alerts = [Notification("ACTUAL", "GREATER_THAN", 85.0, "PERCENTAGE", [EMAIL]),
              Notification("FORECASTED", "GREATER_THAN", 100.0, "PERCENTAGE", [])]
    state = AccountState("123456789012", "ap-northeast-2",
                         budgets=BudgetsState([Budget("Monthly", "COST", "MONTHLY", 100.0, "USD", alerts)]))
    [finding] = budgets_budget_alerts_have_subscribers.check(state)
    assert finding.status == "FAIL" and "FORECASTED > 100%" in finding.message["en"]


def test_budgets_budget_alerts_have_subscribers_fail_with_more_than_ten_recipients(account):
    many = [{"SubscriptionType": "EMAIL", "Address": f"person{i}@community-app.example"} for i in range(11)]
    _budget(account, "Monthly", "100", ("ACTUAL", 85.0, many))
    assert status_of(budgets_budget_alerts_have_subscribers, "Monthly", account) == "FAIL"


def test_the_emulator_reads_back_subscribers_through_the_labs_correction(account):
    """moto stores subscribers but cannot read them back; labs.emulator_fidelity answers the call."""
    _budget(account, "Monthly", "100", ("ACTUAL", 85.0, [EMAIL]))
    answer = account.client("budgets").describe_subscribers_for_notification(
        AccountId=account.account_id, BudgetName="Monthly", Notification=notification("ACTUAL", 85.0))
    assert answer["Subscribers"] == [EMAIL]
