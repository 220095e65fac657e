"""Nobody set a monthly budget. The account runs up charges all month and the first anyone hears of
it is the invoice, weeks after a forgotten server, a NAT gateway left running or a stolen access
key started costing money. The talk's answer: a monthly cost budget of $100 that emails the team
when the actual spend passes 85 % and when the forecast passes 100 %."""

from labs import company

BREAKS = ("budgets_monthly_cost_budget_configured",)
BUDGET_NAME = "My Monthly Cost Budget"


def resource(aws) -> str:
    return aws.account_id


def build(aws) -> None:
    """The mistake is an absence: on an account that has the budget (a later chapter's), it is deleted."""
    budgets = aws.client("budgets")
    try:
        budgets.delete_budget(AccountId=aws.account_id, BudgetName=BUDGET_NAME)
    except budgets.exceptions.NotFoundException:
        pass


def fix(aws) -> None:
    aws.client("budgets").create_budget(
        AccountId=aws.account_id,
        Budget={"BudgetName": BUDGET_NAME, "BudgetLimit": {"Amount": "100", "Unit": "USD"},
                "TimeUnit": "MONTHLY", "BudgetType": "COST"},
        NotificationsWithSubscribers=[
            {"Notification": company.budget_notification(kind, threshold), "Subscribers": company.email_subscribers()}
            for kind, threshold in (("ACTUAL", 85.0), ("FORECASTED", 100.0))
        ],
    )
