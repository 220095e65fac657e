"""A colleague created the zero-spend budget that the console's template suggests ("My Zero-Spend
Budget", $0.01: anything beyond the free tier), but with a script that left out the email
recipients. The budget exists, AWS tracks the spend against it, and it tells no one."""

from labs import company

BREAKS = ("budgets_budget_alerts_have_subscribers",)
BUDGET_NAME = "My Zero-Spend Budget"


def resource(aws) -> str:
    return BUDGET_NAME


def build(aws) -> None:
    budgets = aws.client("budgets")
    try:
        budgets.create_budget(
            AccountId=aws.account_id,
            Budget={"BudgetName": BUDGET_NAME, "BudgetLimit": {"Amount": "0.01", "Unit": "USD"},
                    "TimeUnit": "MONTHLY", "BudgetType": "COST"},
        )
    except budgets.exceptions.DuplicateRecordException:
        # On an account where the budget exists with its alert (a later chapter's), the alert goes.
        for notification in budgets.describe_notifications_for_budget(
                AccountId=aws.account_id, BudgetName=BUDGET_NAME)["Notifications"]:
            budgets.delete_notification(AccountId=aws.account_id, BudgetName=BUDGET_NAME, Notification=notification)


def fix(aws) -> None:
    aws.client("budgets").create_notification(
        AccountId=aws.account_id,
        BudgetName=BUDGET_NAME,
        Notification=company.budget_notification("ACTUAL", 100.0),
        Subscribers=company.email_subscribers(),
    )
