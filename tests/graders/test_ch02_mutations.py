"""Chapter 02's mutation table (see conftest.py)."""

import json
import time

import boto3
import pyotp
import pytest

from labs.chapters.ch02_account_and_root import report_answers
from labs.credential_report import report_rows
from labs.scenarios.iam_password_policy_weak import TALK_POLICY
from tests.graders.conftest import Case, assert_verdict, ids

ADMIN_DOCUMENT = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
PROTOTYPE = "PrototypeFullAccess"


def iam():
    return boto3.client("iam")


def policy_arn(lab, name):
    return f"arn:aws:iam::{lab.account_id}:policy/{name}"


def enable_virtual_mfa(user, name=None):
    """A virtual MFA device for an IAM user, enabled with two consecutive codes (moto checks none)."""
    device = iam().create_virtual_mfa_device(VirtualMFADeviceName=name or f"{user}-phone")["VirtualMFADevice"]
    totp = pyotp.TOTP(device["Base32StringSeed"].decode())
    iam().enable_mfa_device(UserName=user, SerialNumber=device["SerialNumber"],
                            AuthenticationCode1=totp.at(time.time() - 30), AuthenticationCode2=totp.now())
    return device


# 2.1 ----------------------------------------------------------------------------------------------

def answers(change=None):
    def apply(lab):
        truth = {q: sorted(v) for q, v in report_answers(report_rows(lab)).items()}
        return change(lab, truth) if change else truth
    return apply


def as_sets(lab, truth):
    return {q: set(v) for q, v in truth.items()}


def root_by_other_names(lab, truth):
    rename = {"<root_account>": "root", "minho": f"arn:aws:iam::{lab.account_id}:user/minho"}
    return {q: [rename.get(u, u) for u in v] for q, v in truth.items()}


def as_report_rows(lab, truth):
    import io

    import pandas as pd

    report = pd.read_csv(io.BytesIO(lab.credential_report()))
    return {q: report[report["user"].isin(v)] for q, v in truth.items()}


def without(question, user):
    def change(lab, truth):
        return {**truth, question: [u for u in truth[question] if u != user]}
    return change


def with_extra(question, user):
    def change(lab, truth):
        return {**truth, question: truth[question] + [user]}
    return change


CASES_2_1 = [
    Case("2.1", "the worked answer", answers(), True, "All three answers", answers=True),
    Case("2.1", "sets instead of lists", answers(as_sets), True, answers=True),
    Case("2.1", "root as 'root', a user by ARN", answers(root_by_other_names), True, answers=True),
    Case("2.1", "the report's rows themselves", answers(as_report_rows), True, answers=True),
    Case("2.1", "the root user forgotten (no console password column)", answers(without("no_mfa", "<root_account>")),
         False, "no_mfa: 1 more to find", answers=True),
    Case("2.1", "old keys by last use instead of creation", answers(without("old_keys", "<root_account>")),
         False, "old_keys: 1 more to find", answers=True),
    Case("2.1", "unused for 90 days instead of 45", answers(without("unused_45_days", "jiyoung")),
         False, "unused_45_days: 1 more to find", answers=True),
    Case("2.1", "jiyoung counted without MFA", answers(with_extra("no_mfa", "jiyoung")),
         False, "jiyoung should not be there", answers=True),
    Case("2.1", "a dict instead of a list", answers(lambda lab, truth: {**truth, "old_keys": {"minho": True}}),
         False, "not a list of user names", answers=True),
    Case("2.1", "a key missing", answers(lambda lab, truth: {"no_mfa": truth["no_mfa"]}), False, "exactly the keys",
         answers=True),
]


# 2.2 and 2.3 --------------------------------------------------------------------------------------

def root_device(lab, name="root-mfa"):
    device = lab.root.create_virtual_mfa_device(name)["VirtualMFADevice"]
    return device["SerialNumber"], pyotp.TOTP(device["Base32StringSeed"].decode())


def enable_root_mfa(name="root-mfa", deactivate=False):
    def apply(lab):
        serial, totp = root_device(lab, name)
        lab.root.enable_mfa_device(serial, totp.at(time.time() - 30), totp.now())
        if deactivate:
            lab.root.deactivate_mfa_device(serial)
    return apply


def root_device_created_only(lab):
    root_device(lab)


def an_iam_user_called_root(lab):
    iam().create_user(UserName="root")
    enable_virtual_mfa("root")


def two_devices(lab):
    enable_root_mfa("root-phone")(lab)
    serial, _ = root_device(lab, "root-spare")  # created for later, not enabled


CASES_2_2 = [
    Case("2.2", "the worked answer", enable_root_mfa(), True, "signs in with MFA"),
    Case("2.2", "another device name", enable_root_mfa("company-root-token"), True),
    Case("2.2", "a spare device created next to the enabled one", two_devices, True),
    Case("2.2", "the device created, never enabled", root_device_created_only, False, "no MFA device"),
    Case("2.2", "enabled, then deactivated", enable_root_mfa(deactivate=True), False, "no MFA device"),
    Case("2.2", "MFA for an IAM user named root", an_iam_user_called_root, False, "no MFA device"),
]


def root_keys(lab):
    return [k["AccessKeyId"] for k in lab.root.list_access_keys()["AccessKeyMetadata"]]


def delete_root_keys(first_deactivate=False):
    def apply(lab):
        for key in root_keys(lab):
            if first_deactivate:
                lab.root.update_access_key(AccessKeyId=key, Status="Inactive")
            lab.root.delete_access_key(AccessKeyId=key)
    return apply


def deactivate_root_keys(lab):
    for key in root_keys(lab):
        lab.root.update_access_key(AccessKeyId=key, Status="Inactive")


def rotate_root_key(lab):
    old = root_keys(lab)
    lab.root.create_access_key()
    for key in old:
        lab.root.delete_access_key(AccessKeyId=key)


def delete_minhos_key_instead(lab):
    for key in iam().list_access_keys(UserName="minho")["AccessKeyMetadata"]:
        iam().delete_access_key(UserName="minho", AccessKeyId=key["AccessKeyId"])


CASES_2_3 = [
    Case("2.3", "the worked answer", delete_root_keys(), True, "has no access keys"),
    Case("2.3", "deactivated first, then deleted", delete_root_keys(first_deactivate=True), True),
    Case("2.3", "only deactivated", deactivate_root_keys, False, "Inactive"),
    Case("2.3", "rotated: a new key, the old one deleted", rotate_root_key, False, "has access keys"),
    Case("2.3", "Minho's key deleted instead", delete_minhos_key_instead, False, "has access keys"),
]


# 2.4 ----------------------------------------------------------------------------------------------

def custodians(password, device):
    return lambda lab: {"root_password": password, "root_mfa_device": device}


CASES_2_4 = [
    Case("2.4", "the worked answer", custodians("sungjin", "jiyoung"), True, "two people", answers=True),
    Case("2.4", "the manager and the developer", custodians("jiyoung", "minho"), True, answers=True),
    Case("2.4", "names as in the story, capitalised", custodians("Sungjin Hong", " Jiyoung "), True, answers=True),
    Case("2.4", "Korean names with honorifics", custodians("성진 씨", "지영 팀장님"), True, answers=True),
    Case("2.4", "a backup holder of the password", custodians(["sungjin", "minho"], "jiyoung"), True, answers=True),
    Case("2.4", "one person holds both", custodians("sungjin", "Sungjin"), False, "both the password", answers=True),
    Case("2.4", "the holder of the device also a backup for the password", custodians(["sungjin", "jiyoung"], "jiyoung"),
         False, "jiyoung would hold both", answers=True),
    Case("2.4", "someone outside the team", custodians("sungjin", "the bank"), False, "not on the team", answers=True),
    Case("2.4", "nobody for the device", custodians("sungjin", []), False, "Name someone", answers=True),
    Case("2.4", "a string instead of a dict", lambda lab: "sungjin and jiyoung", False, "keys", answers=True),
]


# 2.5 ----------------------------------------------------------------------------------------------

def make_admin(group="admins", document=ADMIN_DOCUMENT, inline=False, console=True, mfa="enabled", in_group=True,
               key=None, user_policy=None):
    """The worked answer of 2.5, with one point changed."""
    def apply(lab):
        client = iam()
        client.create_group(GroupName=group)
        if document is not None:
            if inline:
                client.put_group_policy(GroupName=group, PolicyName="AllowEverything", PolicyDocument=json.dumps(document))
            else:
                arn = client.create_policy(PolicyName="CompanyAdministratorAccess",
                                           PolicyDocument=json.dumps(document))["Policy"]["Arn"]
                client.attach_group_policy(GroupName=group, PolicyArn=arn)
        client.create_user(UserName="sungjin")
        if console:
            client.create_login_profile(UserName="sungjin", Password="correct-Horse-battery-staple-42",
                                        PasswordResetRequired=True)
        if in_group:
            client.add_user_to_group(GroupName=group, UserName="sungjin")
        if mfa == "enabled":
            enable_virtual_mfa("sungjin")
        elif mfa == "created":
            client.create_virtual_mfa_device(VirtualMFADeviceName="sungjin-phone")
        if key:
            access_key = client.create_access_key(UserName="sungjin")["AccessKey"]["AccessKeyId"]
            if key == "inactive":
                client.update_access_key(UserName="sungjin", AccessKeyId=access_key, Status="Inactive")
        if user_policy:
            client.put_user_policy(UserName="sungjin", PolicyName="Mine", PolicyDocument=json.dumps(user_policy))
    return apply


def admin_attached_to_user(lab):
    make_admin(document=None)(lab)
    arn = iam().create_policy(PolicyName="CompanyAdministratorAccess",
                              PolicyDocument=json.dumps(ADMIN_DOCUMENT))["Policy"]["Arn"]
    iam().attach_user_policy(UserName="sungjin", PolicyArn=arn)


def statements(*items):
    return {"Version": "2012-10-17", "Statement": list(items)}


CASES_2_5 = [
    Case("2.5", "the worked answer", make_admin(), True, "can do every action on every resource"),
    Case("2.5", "an inline group policy that allows everything", make_admin(inline=True), True),
    Case("2.5", "a group with another name", make_admin(group="Administrators"), True),
    Case("2.5", "Action and Resource written as lists, a Sid", make_admin(document=statements(
        {"Sid": "Everything", "Effect": "Allow", "Action": ["*"], "Resource": ["*"]})), True),
    Case("2.5", "an access key for sungjin", make_admin(key="active"), False, "has access keys"),
    Case("2.5", "an access key, deactivated", make_admin(key="inactive"), False, "Inactive"),
    Case("2.5", "the policy attached to the user, no group policy", admin_attached_to_user, False, "policies of its own"),
    Case("2.5", "the user not added to the group", make_admin(in_group=False), False, "is in no group"),
    Case("2.5", "the services one by one (s3, ec2, iam, rds)", make_admin(document=statements(
        {"Effect": "Allow", "Action": ["s3:*", "ec2:*", "iam:*", "rds:*"], "Resource": "*"})),
        False, "is not an administrator"),
    Case("2.5", "everything but IAM (power user)", make_admin(document=statements(
        {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"})),
        False, "cannot iam:CreateUser"),
    Case("2.5", "everything, but only on S3 ARNs", make_admin(document=statements(
        {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::*"})), False, "is not an administrator"),
    Case("2.5", "everything, with a deny on changing IAM users", make_admin(document=statements(
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Sid": "NoUserChanges", "Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*"})),
        False, "NoUserChanges"),
    Case("2.5", "no console password", make_admin(console=False), False, "no console password"),
    Case("2.5", "the MFA device created, never enabled", make_admin(mfa="created"), False, "no MFA device enabled"),
    Case("2.5", "a group policy and an inline policy on the user", make_admin(user_policy=ADMIN_DOCUMENT), False,
         "Mine (inline)"),
]


# 2.6 ----------------------------------------------------------------------------------------------

DOCUMENTED_NOT_ACTION = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ChangePassword",
                         "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"]


def deny(**changes):
    statement = {"Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny", "NotAction": DOCUMENTED_NOT_ACTION,
                 "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
    statement.update(changes)
    return {k: v for k, v in statement.items() if v is not None}


def enforce(*items, group="admins", managed=False, on_user=False, admin=None):
    """The worked answer of 2.5, then the learner's MFA policy (statements) on the group (or the user)."""
    def apply(lab):
        (admin or make_admin())(lab)
        document = json.dumps(statements(*items))
        if on_user:
            iam().put_user_policy(UserName="sungjin", PolicyName="RequireMFA", PolicyDocument=document)
        elif managed:
            arn = iam().create_policy(PolicyName="RequireMFA", PolicyDocument=document)["Policy"]["Arn"]
            iam().attach_group_policy(GroupName=group, PolicyArn=arn)
        else:
            if group != "admins":
                iam().create_group(GroupName=group)
                iam().add_user_to_group(GroupName=group, UserName="sungjin")
            iam().put_group_policy(GroupName=group, PolicyName="RequireMFA", PolicyDocument=document)
    return apply


# The IAM User Guide's whole policy, "AWS: Allows MFA-authenticated IAM users to manage their own credentials
# on the Security credentials page" (its Allow statements for one's own credentials, then the Deny).
GUIDE_POLICY = [
    {"Sid": "AllowViewAccountInfo", "Effect": "Allow",
     "Action": ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"], "Resource": "*"},
    {"Sid": "AllowManageOwnPasswords", "Effect": "Allow", "Action": ["iam:ChangePassword", "iam:GetUser"],
     "Resource": "arn:aws:iam::*:user/${aws:username}"},
    {"Sid": "AllowManageOwnVirtualMFADevice", "Effect": "Allow", "Action": ["iam:CreateVirtualMFADevice"],
     "Resource": "arn:aws:iam::*:mfa/*"},
    {"Sid": "AllowManageOwnUserMFA", "Effect": "Allow",
     "Action": ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
     "Resource": "arn:aws:iam::*:user/${aws:username}"},
    {"Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny",
     "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:GetMFADevice",
                   "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"],
     "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}},
]


CASES_2_6 = [
    Case("2.6", "the worked answer", enforce(deny()), True, "denies everything but setting up MFA"),
    Case("2.6", "NotAction with the wildcard iam:*MFADevice*", enforce(deny(
        NotAction=["iam:*MFADevice*", "iam:GetUser", "iam:ChangePassword", "sts:GetSessionToken"])), True),
    Case("2.6", "as a managed policy attached to admins", enforce(deny(), managed=True), True),
    Case("2.6", "the key in lower case, the value a JSON boolean", enforce(deny(
        Condition={"BoolIfExists": {"aws:multifactorauthpresent": False}})), True),
    Case("2.6", "the IAM User Guide's whole policy", enforce(*GUIDE_POLICY), True),
    Case("2.6", "Null for the missing key and Bool for false, two statements", enforce(
        deny(Sid="DenyWithoutMfaKey", Condition={"Null": {"aws:MultiFactorAuthPresent": "true"}}),
        deny(Sid="DenyMfaFalse", Condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}})), True),
    Case("2.6", "MFA older than an hour, IfExists (a stricter rule)", enforce(deny(
        Condition={"NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "3600"}})), True),
    Case("2.6", "an inline admin policy in 2.5, the deny next to it", enforce(deny(), admin=make_admin(inline=True)),
         True),
    Case("2.6", "Bool instead of BoolIfExists", enforce(deny(
        Condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}})), False, "long-term access key"),
    Case("2.6", "NumericGreaterThan on the MFA age without IfExists", enforce(deny(
        Condition={"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}})), False, "MFA is not enforced"),
    Case("2.6", "the condition inverted (true)", enforce(deny(
        Condition={"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}})), False, "MFA is not enforced"),
    Case("2.6", "no condition at all", enforce(deny(Condition=None)), False, "no longer an administrator"),
    Case("2.6", "Action \"*\" instead of NotAction", enforce(deny(NotAction=None, Action="*")), False,
         "could not set up MFA"),
    Case("2.6", "EnableMFADevice left out of NotAction", enforce(deny(
        NotAction=["iam:CreateVirtualMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"])), False,
        "iam:EnableMFADevice"),
    Case("2.6", "all of IAM exempted", enforce(deny(NotAction=["iam:*", "sts:GetSessionToken"])), False,
         "iam:CreateAccessKey"),
    Case("2.6", "S3 exempted too", enforce(deny(NotAction=DOCUMENTED_NOT_ACTION + ["s3:*"])), False, "s3:"),
    Case("2.6", "the deny on IAM users' ARNs only", enforce(deny(Resource="arn:aws:iam::*:user/*")), False,
         "MFA is not enforced"),
    Case("2.6", "an Allow with the MFA condition instead of a Deny", enforce(
        {"Sid": "SetUpMfa", "Effect": "Allow", "Action": DOCUMENTED_NOT_ACTION, "Resource": "*"},
        admin=make_admin(document=statements({"Effect": "Allow", "Action": "*", "Resource": "*",
                                              "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}))),
        False, "no policy of admins denies it"),
    Case("2.6", "the deny on the user sungjin, not the group", enforce(deny(), on_user=True), False,
         "MFA is not enforced for the group admins"),
    Case("2.6", "the deny on a group of its own next to admins", enforce(deny(), group="mfa-required"), False,
         "MFA is not enforced for the group admins"),
]


# 2.7 ----------------------------------------------------------------------------------------------

def minho_fix(group="developers", how="attach", detach=True, mfa="enabled", extra_group=None, delete_profile=False):
    """The worked answer of 2.7, with one point changed."""
    def apply(lab):
        client = iam()
        arn = policy_arn(lab, PROTOTYPE)
        if group:
            client.create_group(GroupName=group)
            if how == "attach":
                client.attach_group_policy(GroupName=group, PolicyArn=arn)
            elif how == "inline copy":
                version = client.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
                document = client.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]
                client.put_group_policy(GroupName=group, PolicyName="Prototype", PolicyDocument=json.dumps(document))
            elif how == "s3 only":
                client.put_group_policy(GroupName=group, PolicyName="S3Only", PolicyDocument=json.dumps(statements(
                    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"})))
            client.add_user_to_group(GroupName=group, UserName="minho")
        if extra_group:
            make_admin()(lab)
            client.add_user_to_group(GroupName=extra_group, UserName="minho")
        if detach:
            client.detach_user_policy(UserName="minho", PolicyArn=arn)
        if mfa == "enabled":
            enable_virtual_mfa("minho")
        elif mfa == "created":
            client.create_virtual_mfa_device(VirtualMFADeviceName="minho-phone")
        if delete_profile:
            client.delete_login_profile(UserName="minho")
    return apply


CASES_2_7 = [
    Case("2.7", "the worked answer", minho_fix(), True, "keeps exactly the prototype's permissions"),
    Case("2.7", "a group with another name", minho_fix(group="dev-team"), True),
    Case("2.7", "the policy copied inline on the group", minho_fix(how="inline copy"), True),
    Case("2.7", "the policy detached, no group", minho_fix(group=None), False, "can no longer do his work"),
    Case("2.7", "a group with S3 only", minho_fix(how="s3 only"), False, "ec2:RunInstances"),
    Case("2.7", "added to admins instead", minho_fix(group=None, extra_group="admins"), False,
         "which PrototypeFullAccess never allowed"),
    Case("2.7", "the policy left on him too", minho_fix(detach=False), False, "policies of its own"),
    Case("2.7", "the MFA device created, never enabled", minho_fix(mfa="created"), False, "without MFA"),
    Case("2.7", "his console password deleted instead of MFA", minho_fix(mfa=None, delete_profile=True), False,
         "can no longer sign in to the console"),
]


# 2.8 ----------------------------------------------------------------------------------------------

def password_policy(**settings):
    return lambda lab: iam().update_account_password_policy(**settings)


def talk(**changes):
    return password_policy(**{**TALK_POLICY, "MinimumPasswordLength": 14, "PasswordReusePrevention": 24, **changes})


def from_current_policy(lab):
    current = iam().get_account_password_policy()["PasswordPolicy"]
    keep = {k: v for k, v in current.items() if k not in ("ExpirePasswords", "MaxPasswordAge", "HardExpiry")}
    iam().update_account_password_policy(**{**keep, "MinimumPasswordLength": 14, "PasswordReusePrevention": 24})


def without_setting(name):
    settings = {**TALK_POLICY, "MinimumPasswordLength": 14, "PasswordReusePrevention": 24}
    del settings[name]
    return password_policy(**settings)


CASES_2_8 = [
    Case("2.8", "the worked answer", talk(), True, "still on"),
    Case("2.8", "20 characters", talk(MinimumPasswordLength=20), True),
    Case("2.8", "the current policy read back and changed", from_current_policy, True),
    Case("2.8", "with a 90-day expiry as well", talk(MaxPasswordAge=90), True),
    Case("2.8", "only the length and the reuse", password_policy(MinimumPasswordLength=14, PasswordReusePrevention=24),
         False, "replaced the whole policy"),
    Case("2.8", "symbols dropped (NIST's advice)", without_setting("RequireSymbols"), False, "RequireSymbols"),
    Case("2.8", "users may no longer change their password", without_setting("AllowUsersToChangePassword"), False,
         "AllowUsersToChangePassword"),
    Case("2.8", "12 characters", talk(MinimumPasswordLength=12), False, "accepts 12 characters"),
    Case("2.8", "the last 5 passwords", talk(PasswordReusePrevention=5), False, "only the last 5"),
    Case("2.8", "the policy deleted", lambda lab: iam().delete_account_password_policy(), False, "no password policy"),
]


# 2.9 ----------------------------------------------------------------------------------------------

COMPANY = {"FullName": "Sungjin Hong", "CompanyName": "Community App Inc.", "PhoneNumber": "+82-2-0000-0000",
           "WebsiteUrl": "https://community-app.example.com"}
MAILBOXES = {"BILLING": "aws-billing@community-app.example.com", "OPERATIONS": "aws-ops@community-app.example.com",
             "SECURITY": "aws-security@community-app.example.com"}


def contacts(company=None, mailboxes=None, skip=()):
    def apply(lab):
        information = {**lab.root.get_contact_information()["ContactInformation"], **COMPANY, **(company or {})}
        lab.root.put_contact_information(ContactInformation={k: v for k, v in information.items() if v is not None})
        account = boto3.client("account")
        for kind, email in {**MAILBOXES, **(mailboxes or {})}.items():
            if kind not in skip:
                account.put_alternate_contact(AlternateContactType=kind, Name="Sungjin Hong", Title="Security engineer",
                                              EmailAddress=email, PhoneNumber="+82-2-0000-0000")
    return apply


def everywhere(address):
    return {kind: address for kind in MAILBOXES}


CASES_2_9 = [
    Case("2.9", "the worked answer", contacts(), True, "company group mailboxes"),
    Case("2.9", "one shared group mailbox for all three", contacts(mailboxes=everywhere("aws@community-app.example.com")),
         True),
    Case("2.9", "security@ and upper case", contacts(mailboxes={"SECURITY": "Security@Community-App.example.com"}), True),
    Case("2.9", "the manager's name, the phone written without dashes", contacts(
        company={"FullName": "Jiyoung Lee", "PhoneNumber": "+82 2 0000 0000"}), True),
    Case("2.9", "Minho's personal gmail for the three contacts", contacts(mailboxes=everywhere("minho.kim@gmail.com")),
         False, "gmail.com is not the company's domain"),
    Case("2.9", "Sungjin's own company mailbox for security", contacts(
        mailboxes={"SECURITY": "sungjin@community-app.example.com"}), False, "sungjin's own mailbox"),
    Case("2.9", "no company name", contacts(company={"CompanyName": None}), False, "no company name"),
    Case("2.9", "Minho's mobile kept as the phone", contacts(company={"PhoneNumber": "+82-10-0000-0000"}), False,
         "not the office's"),
    Case("2.9", "no security contact", contacts(skip=("SECURITY",)), False, "no security contact"),
]

CASES = CASES_2_1 + CASES_2_2 + CASES_2_3 + CASES_2_4 + CASES_2_5 + CASES_2_6 + CASES_2_7 + CASES_2_8 + CASES_2_9


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_chapter_02(fresh, case):
    lab = fresh("02")
    assert_verdict(lab, case)
