"""IAM checks: a PASS test and a FAIL test for each, against the emulator (and, for the root user,
the lab's model of it, `lab.root`)."""

import json
import time

import pyotp

from labs import company
from labs.checks import (
    iam_no_root_access_key,
    iam_password_policy_minimum_length_14,
    iam_password_policy_reuse_24,
    iam_policy_attached_only_to_group_or_roles,
    iam_root_mfa_enabled,
    iam_user_mfa_enabled_console_access,
)
from tests.conftest import findings_for, status_of


def _enable_root_mfa(account):
    device = account.root.create_virtual_mfa_device("root-mfa")["VirtualMFADevice"]
    totp = pyotp.TOTP(device["Base32StringSeed"].decode())
    account.root.enable_mfa_device(device["SerialNumber"], totp.at(time.time() - 30), totp.now())


def _console_user(account, name="dev"):
    iam = account.client("iam")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password="A-long-enough-passphrase-1")
    return iam


# iam_root_mfa_enabled -------------------------------------------------------------------------------

def test_iam_root_mfa_enabled_pass_with_a_virtual_device(account):
    _enable_root_mfa(account)
    assert status_of(iam_root_mfa_enabled, account.root.arn, account) == "PASS"


def test_iam_root_mfa_enabled_fail_on_a_new_account(account):
    assert status_of(iam_root_mfa_enabled, account.root.arn, account) == "FAIL"


def test_iam_root_mfa_enabled_fail_when_the_device_was_only_created(account):
    account.root.create_virtual_mfa_device("never-enabled")
    assert status_of(iam_root_mfa_enabled, account.root.arn, account) == "FAIL"


# iam_no_root_access_key -----------------------------------------------------------------------------

def test_iam_no_root_access_key_pass_on_a_new_account(account):
    assert status_of(iam_no_root_access_key, account.root.arn, account) == "PASS"


def test_iam_no_root_access_key_fail_even_when_the_key_is_inactive(account):
    key = account.root.create_access_key()["AccessKey"]["AccessKeyId"]
    account.root.update_access_key(AccessKeyId=key, Status="Inactive")
    [finding] = findings_for(iam_no_root_access_key, account.root.arn, account)
    assert finding.status == "FAIL" and key in finding.message["en"] and "Inactive" in finding.message["en"]


# password policy -----------------------------------------------------------------------------------

def test_iam_password_policy_minimum_length_14_pass_with_14(account):
    account.client("iam").update_account_password_policy(MinimumPasswordLength=14)
    assert status_of(iam_password_policy_minimum_length_14, account.account_id, account) == "PASS"


def test_iam_password_policy_minimum_length_14_fail_with_the_talks_8(account):
    account.client("iam").update_account_password_policy(MinimumPasswordLength=8)
    assert status_of(iam_password_policy_minimum_length_14, account.account_id, account) == "FAIL"


def test_iam_password_policy_minimum_length_14_fail_without_a_policy(account):
    [finding] = findings_for(iam_password_policy_minimum_length_14, account.account_id, account)
    assert finding.status == "FAIL" and "no password policy" in finding.message["en"]


def test_iam_password_policy_reuse_24_pass_with_24(account):
    account.client("iam").update_account_password_policy(MinimumPasswordLength=14, PasswordReusePrevention=24)
    assert status_of(iam_password_policy_reuse_24, account.account_id, account) == "PASS"


def test_iam_password_policy_reuse_24_fail_with_5(account):
    account.client("iam").update_account_password_policy(MinimumPasswordLength=14, PasswordReusePrevention=5)
    [finding] = findings_for(iam_password_policy_reuse_24, account.account_id, account)
    assert finding.status == "FAIL" and "last 5" in finding.message["en"]


# iam_user_mfa_enabled_console_access -------------------------------------------------------------------

def test_iam_user_mfa_enabled_console_access_pass_with_a_virtual_device(account):
    iam = _console_user(account)
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="dev-phone")["VirtualMFADevice"]
    totp = pyotp.TOTP(device["Base32StringSeed"].decode())
    iam.enable_mfa_device(UserName="dev", SerialNumber=device["SerialNumber"],
                          AuthenticationCode1=totp.at(time.time() - 30), AuthenticationCode2=totp.now())
    assert status_of(iam_user_mfa_enabled_console_access, "dev", account) == "PASS"


def test_iam_user_mfa_enabled_console_access_fail_with_a_password_alone(account):
    _console_user(account)
    assert status_of(iam_user_mfa_enabled_console_access, "dev", account) == "FAIL"


def test_iam_user_mfa_enabled_console_access_ignores_users_without_a_password(account):
    account.client("iam").create_user(UserName="robot")
    assert findings_for(iam_user_mfa_enabled_console_access, "robot", account) == []


# iam_policy_attached_only_to_group_or_roles ---------------------------------------------------------

def test_iam_policy_attached_only_to_group_or_roles_pass_through_a_group(account):
    company.create_developer_user(account)
    iam = account.client("iam")
    iam.create_group(GroupName="developers")
    iam.put_group_policy(GroupName="developers", PolicyName="read", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}))
    iam.add_user_to_group(GroupName="developers", UserName="minho")
    [finding] = findings_for(iam_policy_attached_only_to_group_or_roles, "minho", account)
    assert finding.status == "PASS" and "developers" in finding.message["en"]


def test_iam_policy_attached_only_to_group_or_roles_fail_with_an_inline_user_policy(account):
    company.create_developer_user(account)
    account.client("iam").put_user_policy(UserName="minho", PolicyName="mine", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
    [finding] = findings_for(iam_policy_attached_only_to_group_or_roles, "minho", account)
    assert finding.status == "FAIL" and "mine (inline)" in finding.message["en"]
