"""Chapter 04: budgets, and cost anomalies found with pandas."""

from __future__ import annotations

import math

from labs import company
from labs.chapters import Chapter, Exercise
from labs.language import both

ZERO_SPEND_BUDGET = "My Zero-Spend Budget"
ANOMALY_COLUMNS = ("start_date", "last_detected", "duration_days", "cost_impact", "impact_percent", "root_cause")


def _account(aws):
    return aws.account_id


def _zero_spend_budget(_aws):
    return ZERO_SPEND_BUDGET


def reference_anomalies():
    """The reference detector's table for the chapter's bill (the data the emulator serves)."""
    from labs.costs import anomalies, generator, loaders

    return anomalies.detect(loaders.from_cost_explorer(generator.get_cost_and_usage_response()))


def _same_number(mine, theirs, tolerance) -> bool:
    try:
        mine = float(mine)
    except (TypeError, ValueError):
        return False
    if math.isnan(theirs):
        return math.isnan(mine)
    return not math.isnan(mine) and abs(mine - theirs) <= tolerance


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
            f"표의 줄 수가 {len(answer)}개인데, 기준 탐지기는 {len(reference)}개입니다."]
        if absent:
            problems_en.append(f"No anomaly found for: {', '.join(absent)}: is its baseline zero, or is your threshold too high?")
            problems_ko.append(
                f"다음 서비스의 이상 징후가 없습니다: {', '.join(absent)}. 기준선이 0인가요, 아니면 임계값이 너무 높나요?"
            )
        if extra:
            problems_en.append(f"The reference finds no anomaly for: {', '.join(extra)}: is your threshold too low?")
            problems_ko.append(
                f"기준 탐지기는 다음 서비스에서 이상 징후를 찾지 않습니다: {', '.join(extra)}. 임계값이 너무 낮지 않나요?"
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
        zero_baseline = [s for s, c in differences if c == "impact_percent" and math.isnan(theirs[s]["impact_percent"])]
        tip_en = " Where the expected spend is zero, the percentage has no value: use NaN, not infinity." if zero_baseline else ""
        tip_ko = " 예상 지출이 0이면 비율은 값이 없습니다. 무한대가 아니라 NaN을 쓰세요." if zero_baseline else ""
        return False, both(
            f"Every anomaly is found, but these values differ from the reference: {listed}.{tip_en}",
            f"이상 징후는 모두 찾았지만 다음 값이 기준 탐지기와 다릅니다: {listed}.{tip_ko}",
        )
    total = reference["cost_impact"].sum()
    return True, both(
        f"Your table matches the reference detector: {len(reference)} anomalies, ${total:.2f} of cost impact.",
        f"기준 탐지기와 일치합니다. 이상 징후 {len(reference)}개, 비용 영향 합계 ${total:.2f}입니다.",
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
        ),
        Exercise(
            id="4.2",
            title={"en": "Create the $100 monthly cost budget", "ko": "$100 월별 비용 예산 만들기"},
            checks=("budgets_monthly_cost_budget_configured",),
            resource=_account,
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
