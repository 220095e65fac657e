"""labs.checks.lib.iam: "is this user an administrator?" and "what may a request without MFA still do?",
asked of the policy engine (no emulator needed)."""

from labs.checks.lib.iam import ALLOW_EVERYTHING, allowed_without_mfa, cannot_do_everything, known_actions
from labs.policy import iam_user, parse

ACCOUNT, REGION = "123456789012", "ap-northeast-2"
USER = iam_user(ACCOUNT, "sungjin")


def policy(*statements):
    return parse({"Version": "2012-10-17", "Statement": list(statements)}, name="p")


def test_an_administrator_can_do_everything_and_a_power_user_cannot():
    assert cannot_do_everything(USER, [policy({"Effect": "Allow", "Action": "*", "Resource": "*"})], ACCOUNT, REGION) is None
    power = policy({"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"})
    gap = cannot_do_everything(USER, [power], ACCOUNT, REGION)
    assert gap is not None and gap.request.action.startswith("iam:")


def test_a_deny_of_one_action_the_probes_do_not_list_is_found():
    documents = [policy({"Effect": "Allow", "Action": "*", "Resource": "*"},
                        {"Sid": "KeepTrail", "Effect": "Deny", "Action": "cloudtrail:DeleteTrail", "Resource": "*"})]
    gap = cannot_do_everything(USER, documents, ACCOUNT, REGION)
    assert gap.request.action == "cloudtrail:DeleteTrail" and gap.outcome == "explicit deny"


def test_a_service_not_launched_yet_is_covered_only_by_a_wildcard():
    every_listed = policy({"Effect": "Allow", "Action": ["s3:*", "iam:*", "ec2:*", "rds:*", "kms:*"], "Resource": "*"})
    assert cannot_do_everything(USER, [every_listed], ACCOUNT, REGION) is not None


def test_known_actions_expand_wildcards_as_iam_does():
    mfa = known_actions(["IAM:*MFADevice*"])
    assert "iam:enablemfadevice" in mfa and "iam:deactivatemfadevice" in mfa and len(mfa) >= 8
    assert known_actions(["*"]) == []


def test_without_mfa_bool_lets_long_term_keys_through_and_boolifexists_does_not():
    def deny(operator):
        return policy({"Effect": "Deny", "NotAction": ["iam:*MFADevice*", "iam:GetUser"], "Resource": "*",
                       "Condition": {operator: {"aws:MultiFactorAuthPresent": "false"}}})
    exempt = ("iam:*MFADevice*", "iam:GetUser")
    leaks = allowed_without_mfa(USER, [deny("Bool"), ALLOW_EVERYTHING], ACCOUNT, REGION, exempt=exempt)
    assert leaks and {how["en"].split(",")[0] for _, how, _ in leaks} == {"a request signed with a long-term access key"}
    assert allowed_without_mfa(USER, [deny("BoolIfExists"), ALLOW_EVERYTHING], ACCOUNT, REGION, exempt=exempt) == []


def test_an_exemption_wider_than_setting_up_mfa_leaks():
    deny = policy({"Effect": "Deny", "NotAction": ["iam:*"], "Resource": "*",
                   "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}})
    leaks = allowed_without_mfa(USER, [deny, ALLOW_EVERYTHING], ACCOUNT, REGION, exempt=("iam:*MFADevice*",))
    assert leaks and all(action.lower().startswith("iam:") for action, _, _ in leaks)
