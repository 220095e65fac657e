"""Chapter 09's IAM checks: administrator rights judged by the policy engine (however the policy
is spelled), and access keys judged from the credential report with the story's dates."""

import json

import pytest

from labs import company
from labs.checks import (
    iam_aws_attached_policy_no_administrative_privileges as aws_attached,
    iam_customer_attached_policy_no_administrative_privileges as customer_attached,
    iam_inline_policy_no_administrative_privileges as inline,
    iam_rotate_access_key_90_days as rotate,
    iam_user_accesskey_unused as unused,
)
from labs.checks.lib.iam import administrative
from tests.conftest import status_of

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess"


def _user(account, name="worker"):
    iam = account.client("iam")
    iam.create_user(UserName=name)
    return iam


def _customer(account, document, name="custom"):
    iam = _user(account)
    arn = iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(document))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="worker", PolicyArn=arn)
    return arn


def _doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


# iam_aws_attached_policy_no_administrative_privileges -----------------------------------------------

def test_iam_aws_attached_policy_no_administrative_privileges_pass_for_power_user(account):
    _user(account).attach_user_policy(UserName="worker", PolicyArn=POWER_USER)
    assert status_of(aws_attached, POWER_USER, account) == "PASS"


def test_iam_aws_attached_policy_no_administrative_privileges_fail_for_administrator_access_on_a_role(account):
    iam = account.client("iam")
    iam.create_role(RoleName="ops", AssumeRolePolicyDocument=json.dumps(company.EC2_TRUST_POLICY))
    iam.attach_role_policy(RoleName="ops", PolicyArn=ADMIN)
    assert status_of(aws_attached, ADMIN, account) == "FAIL"


# iam_customer_attached_policy_no_administrative_privileges -------------------------------------------

def test_iam_customer_attached_policy_no_administrative_privileges_pass_for_the_prototype_policy(account):
    arn = _customer(account, _doc({"Effect": "Allow", "Action": ["s3:*", "ec2:*", "rds:*"], "Resource": "*"}))
    assert status_of(customer_attached, arn, account) == "PASS"


@pytest.mark.parametrize("statement", [
    {"Effect": "Allow", "Action": ["iam:*", "sts:AssumeRole"], "Resource": "*"},
    {"Effect": "Allow", "Action": "*:*", "Resource": "*"},
    {"Effect": "Allow", "NotAction": "budgets:*", "Resource": "*"},
    {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
], ids=["iam-and-assume-role", "star-colon-star", "notaction", "behind-mfa"])
def test_iam_customer_attached_policy_no_administrative_privileges_fail_however_it_is_spelled(account, statement):
    arn = _customer(account, _doc(statement))
    assert status_of(customer_attached, arn, account) == "FAIL"


def test_iam_customer_attached_policy_no_administrative_privileges_pass_when_a_deny_takes_iam_back(account):
    arn = _customer(account, _doc({"Effect": "Allow", "Action": "*", "Resource": "*"},
                                  {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}))
    assert status_of(customer_attached, arn, account) == "PASS"


# iam_inline_policy_no_administrative_privileges -------------------------------------------------------

def test_iam_inline_policy_no_administrative_privileges_pass_for_reading_the_bill(account):
    _user(account).put_user_policy(UserName="worker", PolicyName="bill", PolicyDocument=json.dumps(
        _doc({"Effect": "Allow", "Action": ["ce:Get*", "budgets:ViewBudget"], "Resource": "*"})))
    assert status_of(inline, "user/worker/bill", account) == "PASS"


def test_iam_inline_policy_no_administrative_privileges_fail_for_a_notaction_on_a_group(account):
    iam = account.client("iam")
    iam.create_group(GroupName="ops")
    iam.put_group_policy(GroupName="ops", PolicyName="all-but-trail", PolicyDocument=json.dumps(
        _doc({"Effect": "Allow", "NotAction": "cloudtrail:DeleteTrail", "Resource": "*"})))
    assert status_of(inline, "group/ops/all-but-trail", account) == "FAIL"


def test_the_judgment_says_why():
    assert "every action" in administrative(_doc({"Effect": "Allow", "Action": "*", "Resource": "*"}), "123456789012")["en"]
    assert "all of IAM" in administrative(_doc({"Effect": "Allow", "Action": "iam:*", "Resource": "*"}), "123456789012")["en"]
    assert administrative(_doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}), "123456789012") is None


# iam_user_accesskey_unused and iam_rotate_access_key_90_days --------------------------------------------

def _key(account, name, created_days_ago, used_days_ago=None):
    iam = _user(account, name)
    key = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
    account.history.key(key, created_days_ago=created_days_ago, used_days_ago=used_days_ago)
    return key


def test_iam_user_accesskey_unused_pass_when_used_yesterday(account):
    _key(account, "app", created_days_ago=150, used_days_ago=1)
    assert status_of(unused, "app", account) == "PASS"


def test_iam_user_accesskey_unused_fail_when_last_used_120_days_ago(account):
    _key(account, "proto", created_days_ago=195, used_days_ago=120)
    assert status_of(unused, "proto", account) == "FAIL"


def test_iam_user_accesskey_unused_fail_when_never_used_since_created_60_days_ago(account):
    _key(account, "never", created_days_ago=60)
    assert status_of(unused, "never", account) == "FAIL"


def test_iam_user_accesskey_unused_pass_when_the_stale_key_is_inactive(account):
    key = _key(account, "proto", created_days_ago=195, used_days_ago=120)
    account.client("iam").update_access_key(UserName="proto", AccessKeyId=key, Status="Inactive")
    assert status_of(unused, "proto", account) == "PASS"


def test_iam_rotate_access_key_90_days_pass_for_a_key_of_30_days(account):
    _key(account, "fresh", created_days_ago=30, used_days_ago=1)
    assert status_of(rotate, "fresh", account) == "PASS"


def test_iam_rotate_access_key_90_days_fail_for_a_key_of_150_days_in_daily_use(account):
    _key(account, "app", created_days_ago=150, used_days_ago=0.1)
    assert status_of(rotate, "app", account) == "FAIL"


def test_get_access_key_last_used_answers_from_the_story(account):
    key = _key(account, "app", created_days_ago=150, used_days_ago=2)
    used = account.client("iam").get_access_key_last_used(AccessKeyId=key)["AccessKeyLastUsed"]
    assert used["ServiceName"] == "s3" and used["LastUsedDate"]
