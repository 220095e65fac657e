"""Jiyoung asked to see the bill. The colleague gave her an inline policy, `break-glass`, that
allows everything except deleting the trail ("so nobody can cover their tracks"): an Allow with
NotAction cloudtrail:DeleteTrail, which is everything else, IAM included."""

import json

from labs import company

BREAKS = ("iam_inline_policy_no_administrative_privileges",)
ALSO_BREAKS = (("iam_policy_attached_only_to_group_or_roles", lambda aws: company.MANAGER),)
"""Checks of earlier chapters this mistake breaks for another resource: a policy of her own (CIS 1.14)."""
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


BILLING_GROUP = "billing-readers"


def fix(aws) -> None:
    # What she asked for, through a group (chapter 02: permissions come from groups), in place of what
    # she was given.
    iam = aws.client("iam")
    try:
        iam.create_group(GroupName=BILLING_GROUP)
    except iam.exceptions.EntityAlreadyExistsException:
        pass
    iam.put_group_policy(GroupName=BILLING_GROUP, PolicyName="ReadTheBill", PolicyDocument=json.dumps(READ_THE_BILL))
    iam.add_user_to_group(GroupName=BILLING_GROUP, UserName=company.MANAGER)
    iam.delete_user_policy(UserName=company.MANAGER, PolicyName=POLICY_NAME)
