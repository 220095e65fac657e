"""Jiyoung asked to see the bill. The colleague gave her an inline policy, `break-glass`, that
allows everything except deleting the trail ("so nobody can cover their tracks"): an Allow with
NotAction cloudtrail:DeleteTrail, which is everything else, IAM included."""

import json

from labs import company

BREAKS = ("iam_inline_policy_no_administrative_privileges",)
POLICY_NAME = "break-glass"
DOCUMENT = {"Version": "2012-10-17", "Statement": [{
    "Sid": "EverythingButDeletingTheTrail", "Effect": "Allow", "NotAction": "cloudtrail:DeleteTrail", "Resource": "*"}]}
READ_THE_BILL = {"Version": "2012-10-17", "Statement": [{
    "Sid": "ReadTheBill", "Effect": "Allow", "Resource": "*",
    "Action": ["ce:Get*", "ce:Describe*", "budgets:ViewBudget", "budgets:Describe*"]}]}


def resource(aws) -> str:
    return f"user/{company.MANAGER}/{POLICY_NAME}"


def build(aws) -> None:
    user = company.create_manager_user(aws)
    aws.client("iam").put_user_policy(UserName=user, PolicyName=POLICY_NAME, PolicyDocument=json.dumps(DOCUMENT))


def fix(aws) -> None:
    # What she asked for, in place of what she was given (the policy keeps its name).
    aws.client("iam").put_user_policy(UserName=company.MANAGER, PolicyName=POLICY_NAME,
                                      PolicyDocument=json.dumps(READ_THE_BILL))
