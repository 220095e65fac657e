"""The sentences chapter 02 shows at their edge values (0, none, empty), in both languages: the
password-reuse check said "하나도 막습니다" (prevents one of them) for 0; the attached-policy check's
console words (연결/분리); the credential-report grader's Korean opening and counts; the custodians'
and the contacts' sentences when something is missing."""

from types import SimpleNamespace

import pytest

from labs.chapters import ch02_account_and_root as ch02
from labs.checks import iam_password_policy_minimum_length_14 as length_check
from labs.checks import iam_password_policy_reuse_24 as reuse_check
from labs.checks import iam_policy_attached_only_to_group_or_roles as attached_check
from labs.inventory import AccountState
from labs.inventory.account import AccountContacts
from labs.inventory.iam import IamState, Root, User

ACCOUNT = "123456789012"


def iam_state(password_policy=None, users=()):
    return AccountState(ACCOUNT, "ap-northeast-2", iam=IamState(
        users=list(users), groups=[], password_policy=password_policy, root=Root(f"arn:aws:iam::{ACCOUNT}:root", False, []),
        credential_report=[]))


@pytest.mark.parametrize("policy, english, korean", [
    (None, "has no password policy, so nothing prevents", "비밀번호 정책이 없어서 이전 비밀번호 재사용을 전혀 막지 않습니다"),
    ({}, "does not prevent reusing earlier passwords at all", "재사용을 전혀 막지 않습니다"),
    ({"PasswordReusePrevention": 0}, "does not prevent reusing earlier passwords at all", "재사용을 전혀 막지 않습니다"),
    ({"PasswordReusePrevention": None}, "does not prevent reusing earlier passwords at all", "재사용을 전혀 막지 않습니다"),
    ({"PasswordReusePrevention": 1}, "only the last 1 password;", "최근 비밀번호 1개의 재사용만 막습니다"),
    ({"PasswordReusePrevention": 5}, "only the last 5 passwords;", "최근 비밀번호 5개의 재사용만 막습니다"),
])
def test_the_reuse_check_says_what_is_prevented_at_every_edge(policy, english, korean):
    [finding] = reuse_check.check(iam_state(policy))
    assert finding.status == "FAIL"
    assert english in finding.message["en"] and korean in finding.message["ko"]
    assert "하나도 막습니다" not in finding.message["ko"]


def test_the_reuse_check_passes_at_24_and_says_so():
    [finding] = reuse_check.check(iam_state({"PasswordReusePrevention": 24}))
    assert finding.status == "PASS" and "최근 비밀번호 24개의 재사용을 막습니다" in finding.message["ko"]


@pytest.mark.parametrize("policy, english", [(None, "no password policy"), ({}, "accepts 0 characters")])
def test_the_length_check_without_a_length(policy, english):
    [finding] = length_check.check(iam_state(policy))
    assert finding.status == "FAIL" and english in finding.message["en"]


def test_the_attached_policy_check_uses_the_consoles_words():
    alone = User("minho", f"arn:aws:iam::{ACCOUNT}:user/minho", True)
    own = User("sungjin", f"arn:aws:iam::{ACCOUNT}:user/sungjin", True, attached_policies=["Admin"],
               inline_policies=["Mine"])
    by_user = {f.resource: f for f in attached_check.check(iam_state(users=[alone, own]))}
    assert by_user["minho"].message["ko"].endswith("직접 연결된 정책이 없습니다(그룹: 없음).")
    assert "no group" in by_user["minho"].message["en"]
    assert "직접 연결된 정책이 있습니다: Admin, Mine (inline)" in by_user["sungjin"].message["ko"]
    for text in (attached_check.METADATA.title["ko"], attached_check.METADATA.hint["ko"]):
        assert "붙" not in text and "떼어" not in text
    assert "분리하세요" in attached_check.METADATA.hint["ko"]


def _lab():
    return SimpleNamespace(account_id=ACCOUNT, region="ap-northeast-2")


def test_the_credential_report_grader_at_its_edges(monkeypatch):
    monkeypatch.setattr("labs.credential_report.report_rows", lambda lab: [])
    done, message = ch02.grade_credential_report(_lab(), {"no_mfa": [], "old_keys": set(), "unused_45_days": ()})
    assert done and "no_mfa 0, old_keys 0, unused_45_days 0" in message["en"]
    done, message = ch02.grade_credential_report(_lab(), {"no_mfa": ["minho"], "old_keys": [], "unused_45_days": []})
    assert not done and message["ko"].startswith("아직 맞지 않습니다: ") and "아직입니다" not in message["ko"]
    done, message = ch02.grade_credential_report(_lab(), {"no_mfa": None, "old_keys": [], "unused_45_days": []})
    assert not done and "no_mfa is not a list of user names" in message["en"] and "목록이 아닙니다" in message["ko"]


def test_the_custodians_grader_with_nobody_or_nothing():
    for answer in ({"root_password": [], "root_mfa_device": "jiyoung"}, {"root_password": "", "root_mfa_device": "x"}):
        done, message = ch02.grade_custodians(_lab(), answer)
        assert not done and message["ko"]
    done, message = ch02.grade_custodians(_lab(), {})
    assert not done and "root_password" in message["en"]


def contacts(information=None, alternates=None):
    return AccountState(ACCOUNT, "ap-northeast-2", account=AccountContacts(information or {}, alternates or {}))


def test_the_contact_requirements_with_nothing_registered():
    registered = ch02._registered_to_company(_lab(), contacts())
    assert not registered.ok and "there is no company name" in registered.message["en"]
    assert "회사 이름('Community App Inc.')이 없습니다" in registered.message["ko"]
    mailboxes = ch02._group_mailboxes(_lab(), contacts())
    assert not mailboxes.ok and "no alternate contact" in mailboxes.message["en"]
    empty = ch02._group_mailboxes(_lab(), contacts(alternates={"SECURITY": {"EmailAddress": ""}}))
    assert not empty.ok and "not an email address" in empty.message["en"] and "이메일 주소가 아닙니다" in empty.message["ko"]


def test_the_talk_settings_requirement_with_no_policy_and_an_empty_one():
    for policy, fragment in ((None, "With no policy at all"), ({}, "RequireUppercaseCharacters (upper-case letters)")):
        verdict = ch02._talk_settings_kept(_lab(), iam_state(policy))
        assert not verdict.ok and fragment in verdict.message["en"] and verdict.message["ko"]
