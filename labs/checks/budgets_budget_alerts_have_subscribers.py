"""Every budget has alerts, and every alert emails someone (at most 10 addresses).

No CIS AWS Foundations or AWS FSBP control covers budgets (and Prowler has no such check): this is
the lab's own check. A budget without a notification, or a notification without a subscriber,
is a smoke detector without a battery: AWS keeps computing the spend and tells no one. AWS allows
at most 10 email recipients per notification (the console: "이메일 수신자는 최대 10명입니다"); a team
mailing list is one address, and it survives people leaving.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="budgets_budget_alerts_have_subscribers",
    service="budgets",
    severity="medium",
    title={
        "en": "Every budget has alerts, and each alert emails at least one recipient (at most 10)",
        "ko": "모든 예산에 알림이 있고, 알림마다 이메일 수신자가 1명 이상(최대 10명) 있습니다",
    },
    hint={
        "en": "List the budget's notifications, then the subscribers of each. A threshold with nobody "
        "subscribed to it alerts no one.",
        "ko": "예산의 알림 목록을 보고, 알림마다 구독자(이메일 수신자)를 확인하세요. 구독자가 없는 임계값은 "
        "아무에게도 알리지 않습니다.",
    },
    remediation=(
        'budgets.create_notification(AccountId="{account_id}", BudgetName="My Zero-Spend Budget", '
        'Notification={{"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN", "Threshold": 100.0, '
        '"ThresholdType": "PERCENTAGE"}}, Subscribers=[{{"SubscriptionType": "EMAIL", '
        '"Address": "aws-alerts@community-app.example"}}])'
    ),
)

MAX_EMAIL_RECIPIENTS = 10


def check(account):
    findings = []
    for budget in account.budgets.budgets:
        name = budget.name
        if not budget.notifications:
            findings.append(failed(
                METADATA, name,
                f"Budget {name} has no alert: AWS tracks its spend and tells no one.",
                f"예산 {name}에 알림이 없습니다. AWS가 지출을 계산하지만 아무에게도 알리지 않습니다.",
            ))
            continue
        silent = [n for n in budget.notifications if not n.subscribers]
        crowded = [n for n in budget.notifications if len(n.email_addresses) > MAX_EMAIL_RECIPIENTS]
        if silent:
            which = ", ".join(f"{n.notification_type} > {n.threshold:g}%" for n in silent)
            findings.append(failed(
                METADATA, name,
                f"Budget {name} has alerts nobody receives ({which}).",
                f"예산 {name}에 아무도 받지 않는 알림이 있습니다({which}).",
            ))
        elif crowded:
            findings.append(failed(
                METADATA, name,
                f"Budget {name} has an alert with more than {MAX_EMAIL_RECIPIENTS} email recipients; use a team address.",
                f"예산 {name}에 이메일 수신자가 {MAX_EMAIL_RECIPIENTS}명을 넘는 알림이 있습니다. 팀 메일 주소를 쓰세요.",
            ))
        else:
            recipients = sorted({a for n in budget.notifications for a in n.email_addresses} or
                                {s.get("Address", "") for n in budget.notifications for s in n.subscribers})
            findings.append(passed(
                METADATA, name,
                f"Budget {name} alerts {', '.join(recipients)} ({len(budget.notifications)} alert(s)).",
                f"예산 {josa(name, '은')} {', '.join(recipients)}에게 알립니다(알림 {len(budget.notifications)}개).",
            ))
    return findings
