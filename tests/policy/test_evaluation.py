"""Policy evaluation on AWS's published examples: the IAM User Guide's "Policy evaluation logic",
"Example IAM identity-based policies" and the S3 User Guide's bucket policy examples."""

from labs.policy import ANONYMOUS, account_root, can, iam_role, iam_user, parse, service

ACCOUNT = "123456789012"
OTHER = "999999999999"
USER = iam_user(ACCOUNT, "sungjin")
BUCKET = "arn:aws:s3:::amzn-s3-demo-bucket"

# IAM User Guide, "AWS: Allows MFA-authenticated IAM users to manage their own credentials on the
# Security credentials page": the statement that denies everything else without MFA.
DENY_WITHOUT_MFA = {
    "Sid": "DenyAllExceptListedIfNoMFA",
    "Effect": "Deny",
    "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:GetMFADevice",
                  "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"],
    "Resource": "*",
    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
}
ADMIN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def test_mfa_policy_denies_everything_but_setting_up_mfa_without_mfa():
    policies = [ADMIN, {"Version": "2012-10-17", "Statement": [DENY_WITHOUT_MFA]}]
    for context in ({}, {"aws:MultiFactorAuthPresent": "false"}):  # long-term key; console without MFA
        decision = can(USER, "s3:ListAllMyBuckets", "*", identity=policies, context=context)
        assert decision.outcome == "explicit deny"
        assert decision.deciding[0].statement.sid == "DenyAllExceptListedIfNoMFA"
        assert can(USER, "iam:EnableMFADevice", "*", identity=policies, context=context).allowed
    assert can(USER, "s3:ListAllMyBuckets", "*", identity=policies, context={"aws:MultiFactorAuthPresent": "true"}).allowed


def test_with_bool_instead_of_boolifexists_a_long_term_key_is_not_denied():
    statement = {**DENY_WITHOUT_MFA, "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
    policies = [ADMIN, {"Statement": [statement]}]
    assert can(USER, "s3:ListAllMyBuckets", "*", identity=policies, context={}).allowed


def test_notaction_wildcards_are_expanded_case_insensitively():
    statement = {**DENY_WITHOUT_MFA, "NotAction": ["IAM:*MFADevice*", "iam:GetUser", "sts:GetSessionToken"]}
    policies = [ADMIN, {"Statement": [statement]}]
    for action in ("iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"):
        assert can(USER, action, "*", identity=policies).allowed
    assert not can(USER, "iam:CreateAccessKey", "*", identity=policies).allowed


def test_explicit_deny_beats_allow_and_nothing_allowing_is_an_implicit_deny():
    allow = {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}
    deny = {"Statement": {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}}
    assert can(USER, "s3:GetObject", BUCKET + "/k", identity=[allow, deny]).outcome == "allow"
    denied = can(USER, "s3:DeleteBucket", BUCKET, identity=[allow, deny])
    assert denied.outcome == "explicit deny" and denied.deciding[0].statement.sid == "NoDelete"
    assert can(USER, "ec2:RunInstances", "*", identity=[allow]).outcome == "implicit deny"
    assert "no statement allows it" in can(USER, "ec2:RunInstances", "*", identity=[allow]).explain("en")


def test_resource_and_notresource():
    policy = {"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": BUCKET + "/private/*"}}
    assert can(USER, "s3:GetObject", BUCKET + "/public/a.png", identity=[policy]).allowed
    assert not can(USER, "s3:GetObject", BUCKET + "/private/a.png", identity=[policy]).allowed
    assert not can(USER, "s3:getobject", "arn:aws:s3:::AMZN-S3-DEMO-BUCKET/x", identity=[
        {"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": BUCKET + "/*"}}]).allowed


def test_a_policy_variable_in_the_resource():
    # IAM User Guide, "IAM policy elements: Variables and tags": home/${aws:username}/*
    policy = {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": BUCKET + "/home/${aws:username}/*"}}
    assert can(USER, "s3:PutObject", BUCKET + "/home/sungjin/a", identity=[policy]).allowed
    assert not can(USER, "s3:PutObject", BUCKET + "/home/minho/a", identity=[policy]).allowed


def test_an_anonymous_caller_is_allowed_only_by_the_resource_policy():
    # S3 User Guide, "Granting read-only permission to a public anonymous user"
    public_read = {"Version": "2012-10-17", "Statement": [{
        "Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:GetObjectVersion"],
        "Resource": [BUCKET + "/*"]}]}
    decision = can(ANONYMOUS, "s3:GetObject", BUCKET + "/cat.png", resource_policy=public_read)
    assert decision.allowed and decision.deciding[0].statement.sid == "PublicRead"
    assert not can(ANONYMOUS, "s3:PutObject", BUCKET + "/cat.png", resource_policy=public_read).allowed
    own_account = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                  "Action": "s3:GetObject", "Resource": BUCKET + "/*"}]}
    assert not can(ANONYMOUS, "s3:GetObject", BUCKET + "/cat.png", resource_policy=own_account).allowed


def test_the_tls_only_policy_denies_plain_http_whoever_signs():
    # S3 User Guide, "Managing access based on HTTP or HTTPS requests"
    tls_only = {"Statement": [{"Sid": "RestrictToTLSRequestsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                               "Resource": [BUCKET, BUCKET + "/*"],
                               "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
    admin = [ADMIN]
    assert can(USER, "s3:GetObject", BUCKET + "/k", identity=admin, resource_policy=tls_only,
               context={"aws:SecureTransport": "false"}).outcome == "explicit deny"
    assert can(USER, "s3:ListBucket", BUCKET, identity=admin, resource_policy=tls_only,
               context={"aws:SecureTransport": "false"}).outcome == "explicit deny"
    assert can(USER, "s3:GetObject", BUCKET + "/k", identity=admin, resource_policy=tls_only,
               context={"aws:SecureTransport": "true"}).allowed


def test_same_account_a_resource_policy_naming_the_user_is_enough_cross_account_needs_both():
    grant_user = {"Statement": {"Effect": "Allow", "Principal": {"AWS": USER.arn}, "Action": "s3:GetObject",
                                "Resource": BUCKET + "/*"}}
    assert can(USER, "s3:GetObject", BUCKET + "/k", resource_policy=grant_user, resource_account=ACCOUNT).allowed
    stranger = iam_user(OTHER, "mallory")
    grant_other_account = {"Statement": {"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "s3:GetObject",
                                         "Resource": BUCKET + "/*"}}
    assert not can(stranger, "s3:GetObject", BUCKET + "/k", resource_policy=grant_other_account,
                   resource_account=ACCOUNT).allowed
    assert can(stranger, "s3:GetObject", BUCKET + "/k", resource_policy=grant_other_account, identity=[ADMIN],
               resource_account=ACCOUNT).allowed
    assert not can(stranger, "s3:GetObject", BUCKET + "/k", identity=[ADMIN], resource_account=ACCOUNT).allowed


def test_a_permissions_boundary_limits_what_identity_policies_allow():
    boundary = {"Statement": {"Effect": "Allow", "Action": ["s3:*", "cloudwatch:*"], "Resource": "*"}}
    assert can(USER, "s3:GetObject", BUCKET + "/k", identity=[ADMIN], boundary=boundary).allowed
    assert not can(USER, "iam:CreateUser", "*", identity=[ADMIN], boundary=boundary).allowed


def test_a_trust_policy_names_the_service_that_may_assume_the_role():
    trust = {"Statement": [{"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com"]}, "Action": "sts:AssumeRole"}]}
    role = f"arn:aws:iam::{ACCOUNT}:role/app"
    assert can(service("ec2.amazonaws.com"), "sts:AssumeRole", role, resource_policy=trust).allowed
    assert not can(service("lambda.amazonaws.com"), "sts:AssumeRole", role, resource_policy=trust).allowed


def test_a_service_principal_condition_on_source_arn():
    # CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail"
    trail = f"arn:aws:cloudtrail:ap-northeast-2:{ACCOUNT}:trail/management-events"
    policy = {"Statement": [{"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                             "Action": "s3:PutObject", "Resource": f"{BUCKET}/AWSLogs/{ACCOUNT}/*",
                             "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                                            "aws:SourceArn": trail}}}]}
    context = {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trail}
    assert can(service("cloudtrail.amazonaws.com"), "s3:PutObject", f"{BUCKET}/AWSLogs/{ACCOUNT}/CloudTrail/x.json.gz",
               resource_policy=policy, context=context).allowed
    assert not can(service("cloudtrail.amazonaws.com"), "s3:PutObject", f"{BUCKET}/AWSLogs/{ACCOUNT}/CloudTrail/x.json.gz",
                   resource_policy=policy, context={**context, "aws:SourceArn": trail + "-other"}).allowed


def test_an_assumed_role_session_matches_its_role_and_the_account_root_delegates():
    session = iam_role(ACCOUNT, "app").__class__("AWS", f"arn:aws:sts::{ACCOUNT}:assumed-role/app/i-0abc", ACCOUNT)
    grant_role = {"Statement": {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/app"},
                                "Action": "kms:Decrypt", "Resource": "*"}}
    assert can(session, "kms:Decrypt", "*", resource_policy=grant_role).allowed
    key_policy = {"Statement": {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
                                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*"}}
    # The account principal delegates to IAM: the user still needs an identity policy.
    assert not can(USER, "kms:Decrypt", "*", resource_policy=key_policy).allowed
    assert can(USER, "kms:Decrypt", "*", resource_policy=key_policy, identity=[ADMIN]).allowed
    assert can(account_root(ACCOUNT), "kms:Decrypt", "*", resource_policy=key_policy, identity=[ADMIN]).allowed


def test_the_explanation_names_the_deciding_statement_in_both_languages():
    deny = {"Statement": {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}}
    decision = can(USER, "s3:DeleteBucket", BUCKET, identity=[ADMIN, deny])
    assert "NoDelete" in decision.explain("en") and "NoDelete" in decision.explain("ko")
    assert "명시적으로 거부" in decision.explain("ko")


def test_documents_the_emulator_accepts_never_raise():
    for odd in ("", "not json", "[]", "null", 5, {"Statement": 5}, {"Statement": [5, "x", None]},
                {"Statement": {"Effect": "Allow", "Action": 5, "Resource": True, "Principal": True}},
                {"Statement": {"Sid": 7, "Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": {"AWS": 5}}},
                {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": "x"}}},
                "%7B%22Statement%22%3A%5B%5D%7D", "{" * 5000):
        document = parse(odd)
        can(ANONYMOUS, "s3:GetObject", BUCKET + "/k", resource_policy=document)
        can(USER, "s3:GetObject", BUCKET + "/k", identity=[document])
    assert parse({"Statement": {"Sid": 7, "Effect": "Allow", "Action": "*", "Resource": "*"}}).statements[0].label == "7"
