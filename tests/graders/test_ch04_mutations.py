"""Chapter 04's mutation table (see conftest.py)."""

import boto3
import pandas as pd
import pytest

from labs.costs import generator, loaders
from tests.graders.conftest import Case, assert_verdict, ids

ZERO_SPEND = "My Zero-Spend Budget"
MONTHLY = "My Monthly Cost Budget"
TEAM = {"SubscriptionType": "EMAIL", "Address": "aws-alerts@community-app.example"}
PERSONAL = {"SubscriptionType": "EMAIL", "Address": "sungjin.personal@gmail.com"}
ANSWER_ONLY = {"4.3"}
"""Exercises graded on the answer alone, whatever the account holds: one started chapter serves all their
cases; every other case starts the chapter afresh."""


def budgets():
    return boto3.client("budgets")


def notification(kind="ACTUAL", threshold=100.0, comparison="GREATER_THAN", threshold_type="PERCENTAGE"):
    made = {"NotificationType": kind, "ComparisonOperator": comparison, "Threshold": threshold}
    if threshold_type:
        made["ThresholdType"] = threshold_type
    return made


# 4.1 ----------------------------------------------------------------------------------------------

def zero_spend_alert(subscribers=(TEAM,), **alert):
    def apply(lab):
        budgets().create_notification(AccountId=lab.account_id, BudgetName=ZERO_SPEND,
                                      Notification=notification(**alert), Subscribers=list(subscribers))
    return apply


SNS = {"SubscriptionType": "SNS", "Address": "arn:aws:sns:us-east-1:123456789012:budget-alerts"}

CASES_4_1 = [
    Case("4.1", "the worked answer", zero_spend_alert(), True, "aws-alerts@community-app.example"),
    Case("4.1", "no threshold type (a percentage)", zero_spend_alert(threshold_type=None), True),
    Case("4.1", "an absolute threshold of 0.01 USD", zero_spend_alert(threshold=0.01, threshold_type="ABSOLUTE_VALUE"),
         True),
    Case("4.1", "the team and Sungjin", zero_spend_alert(subscribers=(TEAM, PERSONAL)), True),
    Case("4.1", "a forecasted alert", zero_spend_alert(kind="FORECASTED"), False, "FORECASTED alert"),
    Case("4.1", "Sungjin's personal gmail", zero_spend_alert(subscribers=(PERSONAL,)), False,
         "not the team's address"),
    Case("4.1", "an SNS topic instead of an email", zero_spend_alert(subscribers=(SNS,)), False, "nobody by email"),
    Case("4.1", "above 1000 % of the limit", zero_spend_alert(threshold=1000.0), False, "fires above 1000 %"),
    Case("4.1", "LESS_THAN instead of GREATER_THAN", zero_spend_alert(comparison="LESS_THAN"), False,
         "comparison is LESS_THAN"),
]


# 4.2 ----------------------------------------------------------------------------------------------

def alert(kind, threshold, subscribers=(TEAM,), threshold_type="PERCENTAGE"):
    return {"Notification": notification(kind, threshold, threshold_type=threshold_type),
            "Subscribers": list(subscribers)}


def monthly(amount="100", time_unit="MONTHLY", alerts=None, separately=False):
    def apply(lab):
        made = alerts if alerts is not None else [alert("ACTUAL", 85.0), alert("FORECASTED", 100.0)]
        budget = {"BudgetName": MONTHLY, "BudgetLimit": {"Amount": amount, "Unit": "USD"}, "TimeUnit": time_unit,
                  "BudgetType": "COST"}
        if separately:
            budgets().create_budget(AccountId=lab.account_id, Budget=budget)
            for one in made:
                budgets().create_notification(AccountId=lab.account_id, BudgetName=MONTHLY,
                                              Notification=one["Notification"], Subscribers=one["Subscribers"])
        else:
            budgets().create_budget(AccountId=lab.account_id, Budget=budget, NotificationsWithSubscribers=made)
    return apply


CASES_4_2 = [
    Case("4.2", "the worked answer", monthly(), True, "85 %"),
    Case("4.2", "the budget, then its alerts in separate calls", monthly(separately=True), True),
    Case("4.2", "absolute thresholds of 85 and 100 USD", monthly(alerts=[
        alert("ACTUAL", 85.0, threshold_type="ABSOLUTE_VALUE"), alert("FORECASTED", 100.0, threshold_type="ABSOLUTE_VALUE")]),
        True),
    Case("4.2", "a third alert at actual 100 %", monthly(alerts=[
        alert("ACTUAL", 85.0), alert("FORECASTED", 100.0), alert("ACTUAL", 100.0)]), True),
    Case("4.2", "a limit of 1000 USD", monthly(amount="1000"), False, "limit is not 100 USD"),
    Case("4.2", "the thresholds swapped", monthly(alerts=[alert("ACTUAL", 100.0), alert("FORECASTED", 85.0)]), False,
         "The actual alert"),
    Case("4.2", "the actual alert only", monthly(alerts=[alert("ACTUAL", 85.0)]), False, "The forecasted alert"),
    Case("4.2", "alerts to a personal address", monthly(alerts=[
        alert("ACTUAL", 85.0, (PERSONAL,)), alert("FORECASTED", 100.0, (PERSONAL,))]), False, "not the team's address"),
    Case("4.2", "a yearly budget", monthly(time_unit="ANNUALLY"), False, "no monthly cost budget"),
]


# 4.3 ----------------------------------------------------------------------------------------------

def detector(baseline="median", infinite=False, join=True, both_ends=True, threshold=0.25, transform=None):
    """The notebook's detector, with one rule changed."""
    def apply(lab):
        daily = loaders.from_cost_explorer(generator.get_cost_and_usage_response())
        base = daily.median() if baseline == "median" else daily.mean()
        rows = []
        for service in daily.columns:
            cost, usual = daily[service], base[service]
            flag = (cost - usual) > max(0.005, threshold * usual)
            run = (flag != flag.shift()).cumsum() if join else pd.Series(range(len(flag)), index=flag.index)
            for _, days in cost[flag].groupby(run[flag]):
                expected = usual * len(days)
                impact = days.sum() - expected
                rows.append({
                    "start_date": days.index[0], "last_detected": days.index[-1],
                    "duration_days": (days.index[-1] - days.index[0]).days + (1 if both_ends else 0),
                    "cost_impact": impact,
                    "impact_percent": impact / expected * 100 if expected > 0 else (
                        float("inf") if infinite else float("nan")),
                    "root_cause": service,
                })
        table = pd.DataFrame(rows).sort_values("cost_impact", ascending=False, ignore_index=True)
        return transform(table) if transform else table
    return apply


def as_text_and_rounded(table):
    table = table.copy()
    for column in ("start_date", "last_detected"):
        table[column] = table[column].dt.strftime("%Y-%m-%d")
    table["cost_impact"] = table["cost_impact"].round(2)
    table["impact_percent"] = table["impact_percent"].round(1)
    return table


def none_for_no_baseline(table):
    table = table.astype({"impact_percent": object})
    table.loc[table["impact_percent"].isna(), "impact_percent"] = None
    return table


CASES_4_3 = [
    Case("4.3", "the worked answer", detector(), True, "matches the reference detector", answers=True),
    Case("4.3", "dates as text, money rounded to cents", detector(transform=as_text_and_rounded), True, answers=True),
    Case("4.3", "None where the baseline is zero", detector(transform=none_for_no_baseline), True, answers=True),
    Case("4.3", "rows in another order", detector(transform=lambda t: t.sort_values("root_cause")), True,
         answers=True),
    Case("4.3", "the mean as the baseline", detector(baseline="mean"), False, "median", answers=True),
    Case("4.3", "infinity where the baseline is zero", detector(infinite=True), False, "NaN, not infinity",
         answers=True),
    Case("4.3", "consecutive days not joined", detector(join=False), False, "joined into one anomaly", answers=True),
    Case("4.3", "the duration without its last day", detector(both_ends=False), False, "both the first and the last",
         answers=True),
    Case("4.3", "no root cause column", detector(transform=lambda t: t.drop(columns="root_cause")), False,
         "missing: root_cause", answers=True),
    Case("4.3", "a list of services", lambda lab: ["Amazon Virtual Private Cloud"], False, "Pass your anomaly table",
         answers=True),
]

CASES = CASES_4_1 + CASES_4_2 + CASES_4_3


@pytest.fixture
def started(fresh):
    # A lab per case: another test's labs.start would supersede a shared one (and the world is restored,
    # not rebuilt, so a start is cheap).
    return fresh("04-budgets-and-costs")


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_chapter_04(fresh, request, case):
    lab = request.getfixturevalue("started") if case.exercise in ANSWER_ONLY else fresh("04-budgets-and-costs")
    assert_verdict(lab, case)


def test_the_nan_advice_is_given_only_to_those_who_need_it(started):
    """korean.md #42: the NaN tip appeared for tables that never used infinity."""
    grade = started.grade("4.3", detector(baseline="mean")(started))
    assert not grade.done and "NaN" not in grade.message
