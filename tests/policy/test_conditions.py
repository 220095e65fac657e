"""Condition operators on the IAM User Guide's own examples ("IAM JSON policy elements: Condition
operators", "Single-valued vs. multivalued context keys", "IAM policy elements: Variables")."""

import pytest

from labs.policy import ANONYMOUS, can, iam_user, parse
from labs.policy.conditions import Context, evaluate

ACCOUNT = "123456789012"
USER = iam_user(ACCOUNT, "sungjin")


def holds(block, context):
    """Whether every test of a Condition block holds for the context (as one statement would)."""
    statement = parse({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": block}}).statements[0]
    return all(evaluate(c, Context(context)) for c in statement.conditions)


# (condition block, request context, holds?) -- each from the guide's examples or its stated rules
CASES = [
    # String: "StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}
    ({"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}, {"aws:PrincipalTag/job-category": "iamuser-admin"}, True),
    ({"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}, {"aws:PrincipalTag/job-category": "IAMUSER-ADMIN"}, False),
    ({"StringEqualsIgnoreCase": {"aws:PrincipalTag/job-category": "iamuser-admin"}}, {"aws:PrincipalTag/job-category": "IAMUSER-ADMIN"}, True),
    # condition key names are case-insensitive
    ({"StringEquals": {"AWS:PRINCIPALTAG/JOB-CATEGORY": "iamuser-admin"}}, {"aws:PrincipalTag/job-category": "iamuser-admin"}, True),
    # several values for one key: any of them
    ({"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/*"]}}, {"s3:prefix": "home/sungjin/photos", "aws:username": "sungjin"}, True),
    ({"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/*"]}}, {"s3:prefix": "home/minho/photos", "aws:username": "sungjin"}, False),
    # a missing key: false for a positive operator, true for a negated one
    ({"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}, {}, False),
    ({"StringNotEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}, {}, True),
    ({"StringNotEquals": {"aws:PrincipalTag/job-category": ["a", "b"]}}, {"aws:PrincipalTag/job-category": "b"}, False),
    ({"StringNotEquals": {"aws:PrincipalTag/job-category": ["a", "b"]}}, {"aws:PrincipalTag/job-category": "c"}, True),
    # Numeric: "NumericLessThanEquals": {"s3:max-keys": "10"}
    ({"NumericLessThanEquals": {"s3:max-keys": "10"}}, {"s3:max-keys": "10"}, True),
    ({"NumericLessThanEquals": {"s3:max-keys": "10"}}, {"s3:max-keys": 11}, False),
    # Date: "DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}
    ({"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}}, {"aws:TokenIssueTime": "2021-05-01T00:00:00Z"}, True),
    ({"DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:01Z"}}, {"aws:CurrentTime": "2021-05-01T00:00:00Z"}, False),
    ({"DateGreaterThan": {"aws:CurrentTime": 1577836800}}, {"aws:CurrentTime": "2021-05-01T00:00:00Z"}, True),
    # Bool: "Bool": {"aws:SecureTransport": "true"}; JSON booleans and text are the same
    ({"Bool": {"aws:SecureTransport": "false"}}, {"aws:SecureTransport": False}, True),
    ({"Bool": {"aws:SecureTransport": False}}, {"aws:SecureTransport": "false"}, True),
    ({"Bool": {"aws:SecureTransport": ["false"]}}, {"aws:SecureTransport": "false"}, True),
    ({"Bool": {"aws:SecureTransport": "false"}}, {"aws:SecureTransport": True}, False),
    ({"Bool": {"aws:MultiFactorAuthPresent": "false"}}, {}, False),
    ({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}, {}, True),
    ({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}, {"aws:MultiFactorAuthPresent": "true"}, False),
    # IpAddress: "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}
    ({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, {"aws:SourceIp": "203.0.113.7"}, True),
    ({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, {"aws:SourceIp": "198.51.100.7"}, False),
    ({"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]}}, {"aws:SourceIp": "198.51.100.7"}, True),
    ({"IpAddress": {"aws:SourceIp": "2001:DB8:1234:5678::/64"}}, {"aws:SourceIp": "2001:db8:1234:5678::1"}, True),
    # Arn: "ArnEquals": {"aws:SourceArn": "arn:aws:sns:REGION:123456789012:TOPIC-ID"}
    ({"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-2:123456789012:my-topic"}}, {"aws:SourceArn": "arn:aws:sns:us-east-2:123456789012:my-topic"}, True),
    ({"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:123456789012:trail/*"}}, {"aws:SourceArn": "arn:aws:cloudtrail:ap-northeast-2:123456789012:trail/t"}, True),
    ({"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:123456789012:trail/*"}}, {"aws:SourceArn": "arn:aws:cloudtrail:ap-northeast-2:999999999999:trail/t"}, False),
    # Null: "Null": {"aws:TokenIssueTime": "true"} -- true when the key is absent
    ({"Null": {"aws:TokenIssueTime": "true"}}, {}, True),
    ({"Null": {"aws:TokenIssueTime": "true"}}, {"aws:TokenIssueTime": "2021-01-01T00:00:00Z"}, False),
    ({"Null": {"aws:TokenIssueTime": "false"}}, {"aws:TokenIssueTime": "2021-01-01T00:00:00Z"}, True),
    # IfExists: "StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}
    ({"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}, {}, True),
    ({"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}, {"ec2:InstanceType": "t2.micro"}, True),
    ({"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}, {"ec2:InstanceType": "p4d.24xlarge"}, False),
    # Set operators: "ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}
    ({"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}, {"aws:TagKeys": ["environment"]}, True),
    ({"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}, {"aws:TagKeys": ["environment", "owner"]}, False),
    ({"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}, {}, True),
    ({"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}, {"aws:TagKeys": ["owner", "cost-center"]}, True),
    ({"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}, {}, False),
    # several keys, several operators: all must hold
    ({"Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
     {"aws:SecureTransport": "true", "aws:SourceIp": "198.51.100.1"}, False),
    ({"StringEquals": {"aws:PrincipalOrgID": "o-abc", "aws:PrincipalAccount": ACCOUNT}},
     {"aws:PrincipalOrgID": "o-abc", "aws:PrincipalAccount": ACCOUNT}, True),
]


@pytest.mark.parametrize("block, context, expected", CASES, ids=[str(i) for i in range(len(CASES))])
def test_condition_operators_as_the_iam_guide_defines_them(block, context, expected):
    assert holds(block, context) is expected


def test_an_unknown_operator_makes_the_statement_not_apply_and_says_why():
    policy = {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*",
                            "Condition": {"StringEqualz": {"aws:SourceIp": "x"}}}}
    decision = can(USER, "s3:GetObject", "arn:aws:s3:::b/k", identity=[policy])
    assert not decision.allowed
    assert "cannot be read" in decision.results[0].why["en"]


def test_a_condition_that_is_not_an_object_is_read_as_never_holding():
    policy = {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": "x"}}
    document = parse(policy)
    assert document.statements[0].problems
    assert not can(ANONYMOUS, "s3:GetObject", "arn:aws:s3:::b/k", resource_policy=policy).allowed
