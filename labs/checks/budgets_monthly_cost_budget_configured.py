"""The account has a monthly cost budget that warns on actual and on forecasted spend.

No CIS AWS Foundations or AWS FSBP control covers budgets (and Prowler has no such check): this is
the lab's own check, from the talk's advice. A budget is the cheapest alarm an account can have:
an unexpected bill is often the first sign of a forgotten server, a NAT gateway left running, or a
stolen access key mining cryptocurrency. An *actual* notification fires once the money is spent;
a *forecasted* one fires when AWS predicts the month will go over, days earlier. A zero-spend
budget ($0.01) alone does not count here: it says "something costs money", never "too much".
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="budgets_monthly_cost_budget_configured",
    service="budgets",
    severity="medium",
    title={
        "en": "The account has a monthly cost budget with an actual and a forecasted alert",
        "ko": "계정에 실제 비용 알림과 예상 비용 알림이 있는 월별 비용 예산이 있습니다",
    },
    hint={
        "en": "In Budgets, look for a budget of type COST that resets MONTHLY and has a real limit (more "
        "than the zero-spend $0.01). Which notification types does it have: ACTUAL, FORECASTED, or both?",
        "ko": "예산(Budgets)에서 유형이 COST이고 매월(MONTHLY) 초기화되며 한도가 실제 금액인(제로 지출 예산의 "
        "$0.01보다 큰) 예산을 찾아보세요. 알림 유형이 ACTUAL, FORECASTED 중 무엇인가요? 둘 다 있나요?",
    },
    remediation=(
        'budgets.create_budget(AccountId="{account_id}", Budget={{"BudgetName": "My Monthly Cost Budget", '
        '"BudgetLimit": {{"Amount": "100", "Unit": "USD"}}, "TimeUnit": "MONTHLY", "BudgetType": "COST"}}, '
        'NotificationsWithSubscribers=[{{"Notification": {{"NotificationType": kind, "ComparisonOperator": '
        '"GREATER_THAN", "Threshold": threshold, "ThresholdType": "PERCENTAGE"}}, "Subscribers": [{{'
        '"SubscriptionType": "EMAIL", "Address": "aws-alerts@community-app.example"}}]}} '
        'for kind, threshold in (("ACTUAL", 85.0), ("FORECASTED", 100.0))])'
    ),
)

ZERO_SPEND_LIMIT = 0.01


def _describe(budget, lang: str = "en") -> str:
    kinds = "/".join(sorted(budget.notification_types)) or ("알림 없음" if lang == "ko" else "no alerts")
    limit = (f"{budget.limit_amount:g} {budget.limit_unit}" if budget.limit_amount is not None
             else ("한도 없음" if lang == "ko" else "no limit"))
    return f"{budget.name} ({budget.budget_type} {budget.time_unit}, {limit}, {kinds})"


def check(account):
    budgets = account.budgets.budgets
    good = [
        b for b in budgets
        if b.budget_type == "COST" and b.time_unit == "MONTHLY"
        and (b.limit_amount or 0) > ZERO_SPEND_LIMIT
        and {"ACTUAL", "FORECASTED"} <= b.notification_types
    ]
    resource = account.account_id
    if good:
        return [passed(
            METADATA, resource,
            f"Account {resource} has the monthly cost budget {_describe(good[0])}.",
            f"계정 {resource}에 월별 비용 예산 {josa(_describe(good[0], 'ko'), '이')} 있습니다.",
        )]
    if not budgets:
        return [failed(
            METADATA, resource,
            f"Account {resource} has no budget at all: nobody hears about the bill before it arrives.",
            f"계정 {resource}에 예산이 하나도 없습니다. 청구서가 오기 전에는 아무도 비용을 알 수 없습니다.",
        )]
    listed = "; ".join(_describe(b) for b in budgets)
    listed_ko = "; ".join(_describe(b, "ko") for b in budgets)
    return [failed(
        METADATA, resource,
        f"Account {resource} has no monthly cost budget with both an actual and a forecasted alert (its budgets: {listed}).",
        f"계정 {resource}에 실제 비용 알림과 예상 비용 알림이 모두 있는 월별 비용 예산이 없습니다(예산: {listed_ko}).",
    )]
