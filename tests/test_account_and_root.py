"""Chapters 01 and 02: the lab's root-user model (real TOTP), the credential report, the graders,
and every mistake a learner can make there getting one sentence."""

import io
import json
import time

import pandas as pd
import pyotp
import pytest
from botocore.exceptions import ClientError

import labs
from labs.chapters import ch01_cloud_security_basics as ch01
from labs.chapters import ch02_account_and_root as ch02
from labs.credential_report import COLUMNS
from labs.display import explain
from labs.errors import LabError


@pytest.fixture
def lab(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    return labs.start("02")


def _device(lab):
    device = lab.root.create_virtual_mfa_device("root-mfa")["VirtualMFADevice"]
    return device["SerialNumber"], pyotp.TOTP(device["Base32StringSeed"].decode())


def test_the_seed_comes_back_as_bytes_like_iams(lab):
    _, totp = _device(lab)
    assert len(totp.now()) == 6


def test_root_mfa_is_enabled_with_two_consecutive_codes(lab):
    serial, totp = _device(lab)
    lab.root.enable_mfa_device(serial, totp.at(time.time() - 30), totp.now())
    assert lab.root.list_mfa_devices()["MFADevices"][0]["SerialNumber"] == serial


@pytest.mark.parametrize("codes, complaint", [
    (("123", "456789"), "6 digits"),
    ((None, "456789"), "6 digits"),
    (("000000", "000000"), "not a current code"),
])
def test_a_wrong_code_is_refused_with_a_sentence(lab, codes, complaint):
    serial, _ = _device(lab)
    with pytest.raises(LabError, match=complaint):
        lab.root.enable_mfa_device(serial, *codes)
    assert not lab.root.mfa_active


def test_two_codes_that_are_not_consecutive_are_refused(lab):
    serial, totp = _device(lab)
    with pytest.raises(LabError, match="consecutive"):
        lab.root.enable_mfa_device(serial, totp.now(), totp.now())


def test_a_reused_code_is_refused(lab):
    serial, totp = _device(lab)
    lab.root.enable_mfa_device(serial, totp.at(time.time() - 30), totp.now())
    with pytest.raises(LabError, match="already used"):
        lab.root.sign_in(totp.now())
    assert lab.root.sign_in(totp.at(time.time() + 30))["MFAUsed"]


def test_an_unknown_device_or_key_is_named(lab):
    with pytest.raises(LabError, match="no virtual MFA device 'arn:aws:iam::"):
        lab.root.enable_mfa_device(f"arn:aws:iam::{lab.account_id}:mfa/nope", "123456", "654321")
    with pytest.raises(LabError, match="no access key 'AKIANOPE'"):
        lab.root.delete_access_key(AccessKeyId="AKIANOPE")


def test_the_korean_sentence_is_used_in_korean(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    lab = labs.start("02", lang="ko")
    with pytest.raises(LabError) as caught:
        lab.root.delete_access_key(AccessKeyId="AKIANOPE")
    assert "액세스 키가 없습니다" in str(caught.value)
    assert "루트 사용자" in repr(lab.root) and "MFA 꺼짐" in repr(lab.root)
    labs.start("02", lang="en")


def test_contact_information_refuses_unknown_and_missing_fields(lab):
    with pytest.raises(LabError, match="no field 'Email'"):
        lab.root.put_contact_information(ContactInformation={"Email": "x"})
    with pytest.raises(LabError, match="needs AddressLine1"):
        lab.root.put_contact_information(ContactInformation={"FullName": "A", "City": "Seoul", "PostalCode": "1",
                                                             "CountryCode": "KR", "PhoneNumber": "+82"})


def test_each_lab_start_gives_a_new_root_user(lab):
    assert lab.root.access_keys
    assert labs.start("00").root.access_keys == []


def test_the_credential_report_has_the_real_columns_and_a_root_row(lab):
    report = pd.read_csv(io.BytesIO(lab.credential_report()))
    assert tuple(report.columns) == COLUMNS
    assert report.loc[0, "user"] == "<root_account>" and report.loc[0, "arn"] == lab.root.arn
    assert set(report["user"]) == {"<root_account>", "minho", "jiyoung"}


def test_the_credential_report_answers(lab):
    from labs.credential_report import report_rows

    assert ch02.report_answers(report_rows(lab)) == {
        "no_mfa": {"<root_account>", "minho"}, "old_keys": {"<root_account>", "minho"},
        "unused_45_days": {"minho", "jiyoung"},
    }


@pytest.mark.parametrize("answer, complaint", [
    (None, "exactly the keys"),
    ({"no_mfa": ["minho"], "old_keys": [], "unused_45_days": []}, "more to find"),
    ({"no_mfa": ["minho", "<root_account>", "jiyoung"], "old_keys": ["minho", "<root_account>"],
      "unused_45_days": ["minho", "jiyoung"]}, "jiyoung should not be there"),
])
def test_a_wrong_credential_report_answer_says_what_is_wrong(lab, answer, complaint):
    grade = lab.grade("2.1", answer)
    assert not grade.done and complaint in grade.message


@pytest.mark.parametrize("answer, complaint", [
    ({"root_password": "sungjin", "root_mfa_device": "sungjin"}, "both"),
    ({"root_password": "sungjin", "root_mfa_device": "bob"}, "not on the team"),
    ("sungjin", "keys"),
])
def test_custodians_must_be_two_people_on_the_team(lab, answer, complaint):
    grade = lab.grade("2.4", answer)
    assert not grade.done and complaint in grade.message


def test_the_admin_user_grader_names_what_is_missing(lab):
    iam = lab.client("iam")
    assert "no IAM user sungjin" in lab.grade("2.5").message
    iam.create_user(UserName="sungjin")
    message = lab.grade("2.5").message
    assert "console password" in message and "no group" in message and "no MFA device" in message


def test_the_mfa_policy_is_asked_of_the_policy_engine(lab):
    """Chapter 02's mutation table holds the cases; here, one sentence from the engine's answer."""
    iam = lab.client("iam")
    iam.create_user(UserName="sungjin")
    iam.create_group(GroupName="admins")
    iam.add_user_to_group(GroupName="admins", UserName="sungjin")
    iam.put_group_policy(GroupName="admins", PolicyName="Everything", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    iam.put_group_policy(GroupName="admins", PolicyName="RequireMFA", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{
            "Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny", "NotAction": list(ch02.MFA_SETUP_ACTIONS),
            "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}))
    grade = lab.grade("2.6")
    assert not grade.done and "its condition Bool on aws:MultiFactorAuthPresent does not hold" in grade.message


def test_a_policy_typo_is_explained(lab):
    with pytest.raises(ClientError) as caught:
        lab.client("iam").put_group_policy(GroupName="developers", PolicyName="p", PolicyDocument="{bad json")
    assert "json.dumps" in explain(caught.value) or "exact names" in explain(caught.value)


def test_an_unknown_user_is_explained(lab):
    with pytest.raises(ClientError) as caught:
        lab.client("iam").get_user(UserName="sungjn")
    assert "case-sensitive" in explain(caught.value)


# chapter 01 --------------------------------------------------------------------------------------

@pytest.fixture
def lab01(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    return labs.start("01")


def test_the_duties_grader_names_the_duties_still_wrong(lab01):
    table = ch01.duties_table(answers=True)
    assert lab01.grade("1.1", table).done
    table.loc["guest_os", "RDS"] = "Customer"
    grade = lab01.grade("1.1", table)
    assert not grade.done and "(the one you would SSH into) (RDS)" in grade.message and "1 of 63" in grade.message
    assert not lab01.grade("1.1", ch01.duties_table()).done
    assert "DataFrame" in lab01.grade("1.1", "AWS").message


def test_spot_the_misconfiguration(lab01):
    sg = lab01.client("ec2").describe_security_groups(GroupNames=["legacy-web"])["SecurityGroups"][0]["GroupId"]
    bucket = f"community-app-images-{lab01.account_id}"
    assert lab01.grade("1.2", [bucket, "<root_account>", "minho", sg]).done
    grade = lab01.grade("1.2", [bucket, "jiyoung"])
    assert not grade.done and "1 of 4" in grade.message and "jiyoung" in grade.message and "security group" in grade.message
    assert not lab01.grade("1.2", 42).done


def test_the_misconfiguration_table_comes_from_the_checks():
    table = ch01.misconfiguration_table()
    assert len(table["misconfiguration"].str.match(r"\d+\. ").pipe(lambda m: table[m])["misconfiguration"].unique()) == 11
    assert set(labs.checks.all_checks()) <= set(table["check_id"])
    dangling = table[table["misconfiguration"].str.contains("dangling")]
    assert list(dangling["check_id"]) == ["-"]
