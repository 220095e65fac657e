"""The Korean of every message at its edge values: 0, none, empty lists and tables. The review found two
wrong sentences there ("이전 비밀번호 재사용을 하나도 막습니다" for none, "어디서도에서만 닿습니다" for no
source); this file throws the edges at every check (on an empty account, where every list is empty) and
at every grader that reads an answer (in every chapter, a new one included), and holds each Korean
sentence to a lint: no empty brackets, no particle left standing after an empty value, no template
particle, no doubled words or spaces."""

import re

import pandas as pd
import pytest

import labs
from labs.chapters import all_chapters
from labs.checks import all_checks
from labs.checks import budgets_budget_alerts_have_subscribers as alerts_check
from labs.checks import iam_password_policy_reuse_24 as reuse_check
from labs.errors import LabError
from labs.inventory import AccountState
from labs.inventory.budgets import Budget, BudgetsState, Notification
from labs.inventory.iam import IamState, Root
from labs.lab import open_account

ACCOUNT = "123456789012"

LINT = {
    "a template particle": r"은\(는\)|이\(가\)|을\(를\)|\(으\)로|과\(와\)",
    "empty brackets": r"\(\s*\)|\[\s*\]",
    "a particle after nothing": r"(^|[\s(:])(에게|에서|으로|에는|이라는|라는|[을를이가은는와과])(?=[\s.,)]|$)",
    "a doubled comma": r",\s*,",
    "a doubled space inside Korean": r"[가-힣.,] {2,}[가-힣]",
    "the review's wrong sentences": r"어디서도에서|하나도 막습니다|최근 비밀번호 0개",
    "a count of nothing said as a list": r"다음 [^.]*: \.",
}


def lint(text: str) -> list[str]:
    return [f"{name}: …{text[max(0, m.start() - 30):m.end() + 30]}…" for name, pattern in LINT.items()
            for m in re.finditer(pattern, text)]


@pytest.fixture(autouse=True)
def _outside_the_notebooks_expectations(monkeypatch):
    """LABS_EXPECT belongs to notebook runs (a solution's run in this process may have left it set)."""
    monkeypatch.delenv("LABS_EXPECT", raising=False)


@pytest.fixture
def empty_account():
    lab = open_account("08", lang="ko")
    yield lab
    labs.language.set_current(None)


def test_every_check_on_an_empty_account(empty_account):
    """No bucket, trail, budget, instance or user: every list the checks read is empty."""
    findings = empty_account._findings(sorted(all_checks()))
    assert findings, "an empty account still has account-level findings"
    problems = [(f.check_id, p) for f in findings for p in lint(f.message["ko"])]
    assert problems == []


EDGES = [None, 0, "", [], {}, set(), pd.DataFrame(), pd.DataFrame(columns=["a"])]


def answer_graders():
    for chapter in all_chapters():
        for exercise in chapter.exercises:
            if exercise.grader is not None and exercise.needs_answer:
                yield pytest.param(chapter.stem, exercise.id, id=f"{chapter.stem}:{exercise.id}")


@pytest.mark.parametrize("stem, exercise_id", list(answer_graders()))
def test_every_answer_grader_at_its_edges(stem, exercise_id):
    lab = labs.start(stem, lang="ko")
    try:
        problems = []
        for answer in EDGES:
            try:
                grade = lab.grade(exercise_id, answer)
                text = grade.message
                assert not grade.done, f"{exercise_id} is done with the answer {answer!r}"
            except LabError as error:
                text = error.text["ko"]
            problems += [f"{answer!r}: {p}" for p in lint(text)]
        assert problems == []
    finally:
        labs.language.set_current(None)


def _iam(policy):
    return AccountState(ACCOUNT, "ap-northeast-2", iam=IamState(
        users=[], groups=[], password_policy=policy, root=Root(f"arn:aws:iam::{ACCOUNT}:root", False, []),
        credential_report=[]))


@pytest.mark.parametrize("policy", [None, {}, {"PasswordReusePrevention": 0}, {"PasswordReusePrevention": 1}])
def test_the_reuse_check_at_none_and_zero(policy):
    [finding] = reuse_check.check(_iam(policy))
    assert lint(finding.message["ko"]) == []
    expected = "최근 비밀번호 1개의 재사용만" if policy == {"PasswordReusePrevention": 1} else "전혀 막지 않습니다"
    assert expected in finding.message["ko"]


def _budgets(*notifications):
    return AccountState(ACCOUNT, "ap-northeast-2", budgets=BudgetsState(budgets=[
        Budget("My Zero-Spend Budget", "COST", "MONTHLY", 0.01, "USD", list(notifications))]))


@pytest.mark.parametrize("notifications", [
    (),
    (Notification("ACTUAL", "GREATER_THAN", 100.0, "PERCENTAGE", []),),
    (Notification("ACTUAL", "GREATER_THAN", 100.0, "PERCENTAGE", [{"SubscriptionType": "SNS",
                                                                   "Address": "arn:aws:sns:ap-northeast-2:1:alerts"}]),),
])
def test_the_budget_alert_check_with_no_alert_no_one_or_no_email(notifications):
    [finding] = alerts_check.check(_budgets(*notifications))
    assert lint(finding.message["ko"]) == [], finding.message["ko"]


@pytest.mark.parametrize("bad", ["예산 x는 에게 알립니다", "사무실()에서", "어디서도에서만 닿습니다", "minho이(가)",
                                 "재사용을 하나도 막습니다", "다음 서비스의 이상 징후가 없습니다: ."])
def test_the_lint_sees_the_reviews_kind_of_mistake(bad):
    assert lint(bad)
