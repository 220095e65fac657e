"""Chapter 04: budgets, and cost anomalies found with pandas."""

from __future__ import annotations

import math

from labs import company
from labs.chapters import Chapter, Exercise
from labs.grading import Requirement, fails, holds
from labs.language import both
from labs.korean import josa

ZERO_SPEND_BUDGET = "My Zero-Spend Budget"
ANOMALY_COLUMNS = ("start_date", "last_detected", "duration_days", "cost_impact", "impact_percent", "root_cause")


def _account(aws):
    return aws.account_id


def _zero_spend_budget(_aws):
    return ZERO_SPEND_BUDGET


TEAM_ADDRESS = company.ALERT_ADDRESS
MONTHLY_LIMIT_USD = 100.0
ACTUAL_AT_MOST, FORECAST_AT_MOST = 85.0, 100.0
"""The talk's monthly budget: an actual alert above 85 % of $100, a forecasted one above 100 %."""


def _alert_amount(notification, budget) -> float | None:
    """The spend, in the budget's unit, at which a notification fires: a threshold is a percentage of the
    limit unless its type says ABSOLUTE_VALUE (AWS Budgets' default is PERCENTAGE)."""
    if notification.threshold_type == "ABSOLUTE_VALUE":
        return notification.threshold
    if budget.limit_amount is None:
        return None
    return notification.threshold / 100 * budget.limit_amount


def _emails_the_team(notification) -> bool:
    return TEAM_ADDRESS in {a.strip().lower() for a in notification.email_addresses}


def _alert_problem(notification, budget, kind: str, at_most: float) -> tuple[str, str] | None:
    """Why `notification` is not a `kind` alert that fires by `at_most` % of the limit and emails the team."""
    amount = _alert_amount(notification, budget)
    limit = budget.limit_amount or 0
    if notification.notification_type != kind:
        if kind == "ACTUAL":
            return ("it is a FORECASTED alert: it fires when AWS predicts the month will cross the threshold, not "
                    "when the money has been spent. Make it ACTUAL",
                    "FORECASTED 알림입니다. 돈을 쓴 뒤가 아니라 AWS가 이번 달 임계값을 넘을 것으로 예측할 때 울립니다. "
                    "ACTUAL로 만드세요")
        return (f"it is {notification.notification_type}, not {kind}",
                f"알림 유형({notification.notification_type})이 요구한 유형({kind})과 다릅니다")
    if notification.comparison != "GREATER_THAN":
        return (f"its comparison is {notification.comparison}: it must fire when the spend is GREATER_THAN the "
                "threshold",
                f"비교 연산자가 {notification.comparison}입니다. 지출이 임계값보다 클 때(GREATER_THAN) 울려야 합니다")
    if amount is None or amount <= 0 or amount > at_most / 100 * limit + 1e-9:
        absolute = notification.threshold_type == "ABSOLUTE_VALUE"
        shown = f"{notification.threshold:g} {'USD' if absolute else '%'}"
        shown_ko = f"{notification.threshold:g} USD" if absolute else f"{notification.threshold:g}%"
        return (f"it fires above {shown}, not by {at_most:g} % of the {limit:g} USD limit",
                f"{josa(shown_ko, '을')} 넘어야 울립니다. 한도 {limit:g} USD의 {at_most:g}%에서 울려야 합니다")
    if not _emails_the_team(notification):
        who = ", ".join(notification.email_addresses) or "nobody by email"
        return (f"it emails {who}, not the team's address {TEAM_ADDRESS}, which survives people leaving",
                f"{who}에게 보냅니다. 사람이 떠나도 남는 팀 주소 {josa(TEAM_ADDRESS, '으로')} 보내야 합니다")
    return None


def _alert_verdict(budget, kind: str, at_most: float, what: dict) -> tuple[bool, str, str]:
    """(ok, en, ko) for "the budget has a `kind` alert by `at_most` % that emails the team"."""
    if not budget.notifications:
        return False, f"{budget.name} has no alert at all", f"{budget.name}에 알림이 하나도 없습니다"
    problems = [(_alert_problem(n, budget, kind, at_most), n) for n in budget.notifications]
    if any(problem is None for problem, _ in problems):
        return True, "", ""
    same_kind = [(p, n) for p, n in problems if n.notification_type == kind] or problems
    problem, notification = same_kind[0]
    return (False, f"{what['en']} of {budget.name}: {problem[0]}",
            f"{budget.name}의 {what['ko']}: {problem[1]}")


def _zero_spend_alerts_the_team(lab, state):
    budget = state.budgets.budget(ZERO_SPEND_BUDGET)
    if budget is None:
        return fails(f"The budget {ZERO_SPEND_BUDGET} no longer exists; run the labs.start(...) cell again.",
                     f"예산 {josa(ZERO_SPEND_BUDGET, '이')} 더 이상 없습니다. labs.start(...) 셀을 다시 실행하세요.")
    ok, en, ko = _alert_verdict(budget, "ACTUAL", 100.0, both("The alert", "알림"))
    if not ok:
        return fails(en + ".", ko + ".")
    return holds(f"{ZERO_SPEND_BUDGET} emails {TEAM_ADDRESS} as soon as actual spend passes its limit.",
                 f"{josa(ZERO_SPEND_BUDGET, '은')} 실제 지출이 한도를 넘는 즉시 {TEAM_ADDRESS}에 알립니다.")


ZERO_SPEND_ALERT = Requirement(
    both(f"An ACTUAL alert above 100 % of the zero-spend budget that emails {TEAM_ADDRESS}",
         f"제로 지출 예산의 100%를 넘으면 {TEAM_ADDRESS}에 알리는 ACTUAL 알림"),
    _zero_spend_alerts_the_team, ("budgets",))


def _monthly_budgets(state):
    from labs.checks.budgets_monthly_cost_budget_configured import ZERO_SPEND_LIMIT

    return [b for b in state.budgets.budgets if b.budget_type == "COST" and b.time_unit == "MONTHLY"
            and (b.limit_amount or 0) > ZERO_SPEND_LIMIT]


def _the_100_dollar_budget(state):
    return next((b for b in _monthly_budgets(state) if b.limit_amount == MONTHLY_LIMIT_USD
                 and (b.limit_unit or "USD") == "USD"), None)


def _monthly_limit_is_100(lab, state):
    budget = _the_100_dollar_budget(state)
    if budget is not None:
        return holds(f"{budget.name} is a monthly cost budget of {MONTHLY_LIMIT_USD:g} USD.",
                     f"{josa(budget.name, '은')} {MONTHLY_LIMIT_USD:g} USD 월별 비용 예산입니다.")
    others = _monthly_budgets(state)
    if others:
        listed = ", ".join(f"{b.name} ({b.limit_amount:g} {b.limit_unit})" for b in others)
        first = others[0].limit_amount
        return fails(
            f"The monthly cost budget's limit is not {MONTHLY_LIMIT_USD:g} USD ({listed}): the talk's budget is $100. "
            f"With {first:g}, the 85 % alert fires only once {0.85 * first:g} has been spent.",
            f"월별 비용 예산의 한도가 {MONTHLY_LIMIT_USD:g} USD가 아닙니다({listed}). 발표의 예산은 $100입니다. "
            f"한도가 {first:g} USD이면 85% 알림은 지출이 {0.85 * first:g} USD에 이르러야 울립니다.",
        )
    return holds("", "")  # budgets_monthly_cost_budget_configured says that there is none


def _monthly_alerts(lab, state):
    budget = _the_100_dollar_budget(state)
    if budget is None:
        return holds("", "")  # the limit's requirement says what is wrong
    problems_en, problems_ko = [], []
    for kind, at_most, what in (("ACTUAL", ACTUAL_AT_MOST, both("The actual alert", "실제 비용 알림")),
                                ("FORECASTED", FORECAST_AT_MOST, both("The forecasted alert", "예상 비용 알림"))):
        ok, en, ko = _alert_verdict(budget, kind, at_most, what)
        if not ok:
            problems_en.append(en + ".")
            problems_ko.append(ko + ".")
    if problems_en:
        return fails(" ".join(problems_en) + " The notebook asks for actual above 85 % and forecasted above 100 %.",
                     " ".join(problems_ko) + " 실제 비용은 85% 초과, 예상 비용은 100% 초과에서 알려야 합니다.")
    return holds(f"{budget.name} emails the team when actual spend passes 85 % and the forecast 100 %.",
                 f"{josa(budget.name, '은')} 실제 지출이 85%, 예상 지출이 100%를 넘으면 팀에 알립니다.")


MONTHLY_100 = Requirement(both("The monthly cost budget's limit is 100 USD", "월별 비용 예산의 한도가 100 USD"),
                          _monthly_limit_is_100, ("budgets",))
MONTHLY_ALERTS = Requirement(
    both("Alerts at actual > 85 % and forecasted > 100 %, to the team", "실제 85% 초과, 예상 100% 초과 알림을 팀에게"),
    _monthly_alerts, ("budgets",))


def reference_anomalies():
    """The reference detector's table for the chapter's bill (the data the emulator serves)."""
    from labs.costs import anomalies, generator, loaders

    return anomalies.detect(loaders.from_cost_explorer(generator.get_cost_and_usage_response()))


def _same_number(mine, theirs, tolerance) -> bool:
    """Whether the learner's value is the reference's; where the reference has no value (NaN), any missing
    value (NaN, None, pd.NA) is the same."""
    if math.isnan(theirs):
        import pandas as pd

        try:
            return bool(pd.isna(mine))
        except (TypeError, ValueError):
            return False
    try:
        mine = float(mine)
    except (TypeError, ValueError):
        return False
    return not math.isnan(mine) and abs(mine - theirs) <= tolerance


def _zero_or_infinite(value) -> bool:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return False
    return value == 0 or math.isinf(value)


def grade_anomaly_table(lab, answer):
    """The learner's anomaly table, compared row by row (by root cause) with the reference detector."""
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        return False, both(
            "Pass your anomaly table as a pandas DataFrame, one row per anomaly.",
            "이상 징후 표를 pandas DataFrame으로 넘기세요. 이상 징후 하나가 한 줄입니다.",
        )
    missing = [c for c in ANOMALY_COLUMNS if c not in answer.columns]
    if missing:
        return False, both(
            f"The table needs the columns {', '.join(ANOMALY_COLUMNS)}; missing: {', '.join(missing)}.",
            f"표에는 {', '.join(ANOMALY_COLUMNS)} 열이 있어야 합니다. 빠진 열: {', '.join(missing)}.",
        )
    reference = reference_anomalies()
    mine = {str(row["root_cause"]): row for _, row in answer.iterrows()}
    theirs = {row["root_cause"]: row for _, row in reference.iterrows()}
    absent = sorted(set(theirs) - set(mine))
    extra = sorted(set(mine) - set(theirs))
    if len(answer) != len(reference) or absent or extra:
        problems_en, problems_ko = [f"Your table has {len(answer)} row(s), the reference {len(reference)}."], [
            f"표의 줄 수가 {len(answer)}개인데, 참조 탐지기는 {len(reference)}개입니다."]
        if absent:
            problems_en.append(f"No anomaly found for: {', '.join(absent)}: is its baseline zero, or is your threshold too high?")
            problems_ko.append(
                f"다음 서비스의 이상 징후가 없습니다: {', '.join(absent)}. 기준선이 0인가요, 아니면 임계값이 너무 높나요?"
            )
        if extra:
            problems_en.append(f"The reference finds no anomaly for: {', '.join(extra)}: is your threshold too low?")
            problems_ko.append(
                f"참조 탐지기는 다음 서비스에서 이상 징후를 찾지 않습니다: {', '.join(extra)}. 임계값이 너무 낮지 않나요?"
            )
        if not absent and not extra:
            problems_en.append("Some service has more than one row: are consecutive anomalous days joined into one anomaly?")
            problems_ko.append("어떤 서비스가 여러 줄입니다. 연속된 이상 날짜를 이상 징후 하나로 묶었나요?")
        return False, both(" ".join(problems_en), " ".join(problems_ko))
    differences = []
    for service, ref in theirs.items():
        row = mine[service]
        for column in ("start_date", "last_detected"):
            try:
                same = pd.Timestamp(row[column]).normalize() == ref[column]
            except (TypeError, ValueError):
                same = False
            if not same:
                differences.append((service, column))
        if not _same_number(row["duration_days"], ref["duration_days"], 0):
            differences.append((service, "duration_days"))
        if not _same_number(row["cost_impact"], ref["cost_impact"], 0.006):
            differences.append((service, "cost_impact"))
        if not _same_number(row["impact_percent"], ref["impact_percent"], 0.06):
            differences.append((service, "impact_percent"))
    if differences:
        listed = "; ".join(f"{service}: {column}" for service, column in differences)
        tips_en, tips_ko = [], []
        unbounded = [s for s, c in differences if c == "impact_percent" and math.isnan(theirs[s]["impact_percent"])
                     and _zero_or_infinite(mine[s]["impact_percent"])]
        if unbounded:
            tips_en.append("Where the expected spend is zero, the percentage has no value: use NaN, not infinity or 0.")
            tips_ko.append("예상 지출이 0이면 비율은 값이 없습니다. 무한대나 0이 아니라 NaN을 쓰세요.")
        impacts = [s for s, c in differences if c == "cost_impact"]
        if len(impacts) * 2 >= len(theirs):
            tips_en.append("Is each baseline the median of the service's daily costs (daily.median())? A mean is pulled "
                           "up by the anomalies themselves.")
            tips_ko.append("서비스마다 기준선이 일별 비용의 중앙값(daily.median())인가요? 평균은 이상 징후 자체에 끌려 "
                           "올라갑니다.")
        if any(c == "duration_days" for _, c in differences):
            tips_en.append("The duration counts both the first and the last day.")
            tips_ko.append("기간에는 첫날과 마지막 날이 모두 들어갑니다.")
        tip_en = "".join(f" {t}" for t in tips_en)
        tip_ko = "".join(f" {t}" for t in tips_ko)
        return False, both(
            f"Every anomaly is found, but these values differ from the reference: {listed}.{tip_en}",
            f"이상 징후는 모두 찾았지만 다음 값이 참조 탐지기와 다릅니다: {listed}.{tip_ko}",
        )
    total = reference["cost_impact"].sum()
    return True, both(
        f"Your table matches the reference detector: {len(reference)} anomalies, ${total:.2f} of cost impact.",
        f"참조 탐지기와 일치합니다. 이상 징후 {len(reference)}개, 비용 영향 합계 ${total:.2f}입니다.",
    )


CHAPTER = Chapter(
    number="04",
    stem="04-budgets-and-costs",
    title={"en": "Budgets and cost anomalies", "ko": "예산과 비용 이상 탐지"},
    services=("budgets", "ce", "sts"),
    build_company=(company.publish_cost_history,),
    scenarios=(
        "budgets_no_monthly_cost_budget",
        "budgets_zero_spend_budget_without_recipients",
    ),
    checks=(
        "budgets_monthly_cost_budget_configured",
        "budgets_budget_alerts_have_subscribers",
    ),
    exercises=(
        Exercise(
            id="4.1",
            title={"en": "Give the zero-spend budget an email recipient", "ko": "제로 지출 예산에 이메일 수신자 추가하기"},
            checks=("budgets_budget_alerts_have_subscribers",),
            resource=_zero_spend_budget,
            requirements=(ZERO_SPEND_ALERT,),
        ),
        Exercise(
            id="4.2",
            title={"en": "Create the $100 monthly cost budget", "ko": "$100 월별 비용 예산 만들기"},
            checks=("budgets_monthly_cost_budget_configured",),
            resource=_account,
            requirements=(MONTHLY_100, MONTHLY_ALERTS),
        ),
        Exercise(
            id="4.3",
            title={"en": "Find the cost anomalies with pandas", "ko": "pandas로 비용 이상 징후 찾기"},
            hint={
                "en": "Per service: the median daily cost is the baseline; a day is anomalous when it is more "
                "than 25 % and more than $0.005 above it; consecutive anomalous days are one anomaly; impact = "
                "actual - baseline x days, and the percentage is of baseline x days.",
                "ko": "서비스마다 일별 비용의 중앙값이 기준선입니다. 기준선보다 25% 넘게, 그리고 $0.005 넘게 높은 날이 "
                "이상 날짜입니다. 연속된 이상 날짜가 이상 징후 하나입니다. 비용 영향 = 실제 - 기준선 x 일수이고, "
                "비율은 기준선 x 일수에 대한 비율입니다.",
            },
            grader=grade_anomaly_table,
            needs_answer=True,
        ),
    ),
)
