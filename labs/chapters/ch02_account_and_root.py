"""Chapter 02: the account and its root user. Each exercise lists what its text asks for (labs.grading):
the Prowler-style checks are requirements among others. Who can do what is asked of the policy engine
(labs.policy, through labs.checks.lib.iam): "is sungjin an administrator?" is "can he do every action
on every resource?"; "is MFA enforced?" is "what may a request without MFA still do?", for a request
signed with a long-term access key (no aws:MultiFactorAuthPresent at all) and for a console session
without MFA (false)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from labs import company
from labs.chapters import Chapter, Exercise
from labs.checks.lib.iam import (
    ALLOW_EVERYTHING,
    WITH_MFA,
    WITHOUT_MFA,
    allowed_without_mfa,
    cannot_do_everything,
    why_not_denied,
)
from labs.grading import Requirement, Verdict, check_passes, fails, holds
from labs.language import both
from labs.policy import PolicyDocument, can, iam_user
from labs.korean import josa

ADMIN_USER = "sungjin"
TEAM = ("sungjin", "jiyoung", "minho")
# How a Korean (or English) learner may write each person: the notebook's user names, the names in the
# story's contacts, and the Korean given and full names, with or without an honorific.
PEOPLE = {
    "sungjin": ("sungjin", "sungjin hong", "hong sungjin", "성진", "홍성진"),
    "jiyoung": ("jiyoung", "jiyoung lee", "lee jiyoung", "지영", "이지영"),
    "minho": ("minho", "minho kim", "kim minho", "민호", "김민호"),
}
HONORIFICS = ("팀장님", "님", "씨")
KEY_AGE_DAYS = 90
UNUSED_DAYS = 45
REPORT_QUESTIONS = {
    "no_mfa": {"en": "who can sign in without MFA", "ko": "MFA 없이 로그인할 수 있는 사용자"},
    "old_keys": {"en": f"active access keys older than {KEY_AGE_DAYS} days", "ko": f"{KEY_AGE_DAYS}일이 지난 활성 액세스 키"},
    "unused_45_days": {"en": f"credentials unused for {UNUSED_DAYS} days", "ko": f"{UNUSED_DAYS}일 동안 쓰지 않은 자격 증명"},
}
# The self-service MFA calls the documented policy leaves out of its Deny, so that a user without MFA
# can still set one up (IAM User Guide: "Allows MFA-authenticated IAM users to manage their own
# credentials"), with the resource each is authorized on.
MFA_SETUP_ACTIONS = ("iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice")
# What may stay allowed without MFA: the documented policy's exemptions (any call on one's MFA devices,
# one's own user and password, the account's password policy, a session token obtained with MFA).
NO_MFA_EXEMPTIONS = ("iam:*MFADevice*", "iam:GetUser", "iam:ChangePassword", "iam:GetAccountPasswordPolicy",
                     "iam:GetAccountSummary", "iam:ListAccountAliases", "sts:GetSessionToken")
COMPANY_DOMAINS = ("community-app.example.com", "community-app.example")
OFFICE_PHONE = "+82-2-0000-0000"
COMPANY_NAME = "Community App Inc."


def _account(aws):
    return aws.account_id


def _root(aws):
    return aws.root.arn


def _developer(aws):
    return company.DEVELOPER


# --- 2.1 the credential report -------------------------------------------------------------------

def _date(value: str):
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def report_answers(rows: list[dict], now: datetime | None = None) -> dict[str, set]:
    """The three questions of exercise 2.1, answered from the credential report's rows."""
    now = now or datetime.now(timezone.utc)
    answers = {question: set() for question in REPORT_QUESTIONS}
    for row in rows:
        user = row["user"]
        can_sign_in = user == "<root_account>" or row["password_enabled"] == "true"
        if can_sign_in and row["mfa_active"] != "true":
            answers["no_mfa"].add(user)
        credentials = []
        if can_sign_in:
            credentials.append(_date(row["password_last_used"]) or _date(row["user_creation_time"]))
        for number in (1, 2):
            if row[f"access_key_{number}_active"] != "true":
                continue
            rotated = _date(row[f"access_key_{number}_last_rotated"])
            if rotated and now - rotated > timedelta(days=KEY_AGE_DAYS):
                answers["old_keys"].add(user)
            credentials.append(_date(row[f"access_key_{number}_last_used_date"]) or rotated)
        if any(used and now - used > timedelta(days=UNUSED_DAYS) for used in credentials):
            answers["unused_45_days"].add(user)
    return answers


def _user_name(value, account: str) -> str:
    """A report user as the learner wrote it: the root user as <root_account>, "root" or its ARN; an IAM
    user by name or ARN."""
    name = str(value).strip()
    if name.lower() in ("root", "<root_account>", f"arn:aws:iam::{account}:root"):
        return "<root_account>"
    prefix = f"arn:aws:iam::{account}:user/"
    return name[len(prefix):] if name.startswith(prefix) else name


def _names(value, account: str) -> set | None:
    """The names in an answer: a list, set or tuple of names, a pandas Series or Index of them, or the
    report's rows themselves (a DataFrame with its user column)."""
    if hasattr(value, "columns"):
        if "user" not in value.columns:
            return None
        value = value["user"]
    if isinstance(value, (str, bytes)):
        value = [value.decode() if isinstance(value, bytes) else value]
    if isinstance(value, dict):
        return None
    try:
        return {_user_name(v, account) for v in value}
    except TypeError:
        return None


def grade_credential_report(lab, answer):
    from labs.credential_report import report_rows

    if not isinstance(answer, dict) or set(answer) != set(REPORT_QUESTIONS):
        keys = ", ".join(repr(k) for k in REPORT_QUESTIONS)
        return False, both(
            f"Give a dict with exactly the keys {keys}, each a list of user names from the report's user column.",
            f"키가 정확히 {keys}인 dict를 주세요. 값은 각각 보고서 user 열의 사용자 이름 목록입니다.",
        )
    truth = report_answers(report_rows(lab))
    wrong_en, wrong_ko = [], []
    for question, expected in truth.items():
        given = _names(answer[question], lab.account_id)
        if given is None:
            wrong_en.append(f"{question} is not a list of user names")
            wrong_ko.append(f"{josa(question, '이')} 사용자 이름 목록이 아닙니다")
            continue
        extra, missing = sorted(given - expected), len(expected - given)
        if extra:
            wrong_en.append(f"{question}: {', '.join(extra)} should not be there")
            wrong_ko.append(f"{question}: {josa(', '.join(extra), '은')} 해당하지 않습니다")
        if missing:
            wrong_en.append(f"{question}: {missing} more to find")
            wrong_ko.append(f"{question}: {missing}명을 더 찾아야 합니다")
    if wrong_en:
        return False, both("Not yet: " + "; ".join(wrong_en) + ".", "아직 맞지 않습니다: " + "; ".join(wrong_ko) + ".")
    counts = ", ".join(f"{q} {len(v)}" for q, v in truth.items())
    return True, both(f"All three answers match the report ({counts}).",
                      f"세 답 모두 보고서와 일치합니다({counts}).")


# --- 2.4 who holds the root factors --------------------------------------------------------------

def _person(value) -> str:
    text = " ".join(str(value).split()).lower()
    for honorific in HONORIFICS:
        text = text.removesuffix(honorific).strip()
    return next((person for person, names in PEOPLE.items() if text in names), text)


def _holders(value) -> list[str]:
    """One person, or several (a list): each as a team member's user name when it is one."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_person(v) for v in value]
    return [_person(value)]


def grade_custodians(lab, answer):
    if not isinstance(answer, dict) or set(answer) != {"root_password", "root_mfa_device"}:
        return False, both(
            "Give a dict with the keys 'root_password' and 'root_mfa_device', each the name of one person on the team.",
            "키가 'root_password'와 'root_mfa_device'인 dict를 주세요. 값은 각각 팀원 한 명의 이름입니다.",
        )
    password, device = _holders(answer["root_password"]), _holders(answer["root_mfa_device"])
    if not password or not device:
        return False, both("Name someone for each of the two: nobody holds one of them now.",
                           "두 가지 모두 보관할 사람을 정하세요. 지금은 한쪽을 보관하는 사람이 없습니다.")
    unknown = [p for p in password + device if p not in TEAM]
    if unknown:
        return False, both(f"{unknown[0]!r} is not on the team; the team is {', '.join(TEAM)}.",
                           f"{josa(repr(unknown[0]), '은')} 팀원이 아닙니다. 팀원은 {', '.join(TEAM)}입니다.")
    both_factors = [p for p in dict.fromkeys(password) if p in device]
    if both_factors:
        person = both_factors[0]
        return False, both(
            f"{person} would hold both the password and the MFA device: one stolen bag, one "
            "person gone rogue or one holiday, and the account is lost or unreachable.",
            f"{josa(person, '이')} 비밀번호와 MFA 디바이스를 모두 갖게 됩니다. 가방 하나를 잃어버리거나, "
            "한 사람이 마음을 바꾸거나, 휴가를 가면 계정을 잃거나 쓸 수 없게 됩니다.",
        )
    holders, devices = list(dict.fromkeys(password)), list(dict.fromkeys(device))
    verb = "holds" if len(holders) == 1 else "hold"
    holders_en, devices_en = _and(holders), _and(devices)
    holders, devices = ", ".join(holders), ", ".join(devices)
    return True, both(
        f"{holders_en} {verb} the root password and {devices_en} the MFA device: signing in as root takes "
        "two people.",
        f"{josa(holders, '이')} 루트 비밀번호를, {josa(devices, '이')} MFA 디바이스를 보관합니다. 루트로 로그인하려면 두 "
        "사람이 필요합니다.",
    )


# --- IAM users, judged with the policy engine ---------------------------------------------------

def _no_user(name: str) -> Verdict:
    return fails(f"There is no IAM user {name} yet: create it, with a console password.",
                 f"아직 IAM 사용자 {josa(name, '이')} 없습니다. 콘솔 비밀번호와 함께 만드세요.")


def _caller(lab, name: str):
    return iam_user(lab.account_id, name)


def _groups_of(iam, user):
    return [g for g in iam.groups if g.name in user.groups]


def _is_admin(lab, name, documents) -> bool:
    return cannot_do_everything(_caller(lab, name), documents, lab.account_id, lab.region) is None


def _allows_of(documents) -> list[PolicyDocument]:
    return [PolicyDocument(statements=tuple(s for s in d.statements if s.effect == "Allow"), name=d.name)
            for d in documents]


def admin_groups(lab, iam, user) -> list:
    """The user's groups whose Allow statements let a member do every action on every resource (signed in
    with MFA): the groups that make the user an administrator, whatever they deny."""
    return [g for g in _groups_of(iam, user) if _is_admin(lab, user.name, _allows_of(iam.group_policies(g)))]


def _with_user(name: str):
    """A requirement test that receives the user (or fails with one sentence when it does not exist)."""
    def wrap(test):
        def run(lab, state):
            user = state.iam.user(name)
            return _no_user(name) if user is None else test(lab, state.iam, user)
        return run
    return wrap


@_with_user(ADMIN_USER)
def _admin_console(lab, iam, user):
    if not user.console_access:
        return fails(f"{user.name} has no console password (a login profile): an administrator signs in to the console.",
                     f"{user.name}에게 콘솔 비밀번호(로그인 프로필)가 없습니다. 관리자는 콘솔에 로그인합니다.")
    return holds(f"{user.name} has a console password.", f"{user.name}에게 콘솔 비밀번호가 있습니다.")


def _mfa_device(lab, iam, user):
    if not user.mfa_devices:
        return fails(
            f"{user.name} has no MFA device enabled: create a virtual one and enable it with two consecutive codes "
            "(a device that is only created does not count).",
            f"{user.name}에게 활성화된 MFA 디바이스가 없습니다. 가상 디바이스를 만들고 연속된 코드 두 개로 "
            "활성화하세요(만들기만 한 디바이스는 세지 않습니다).",
        )
    return holds(f"{user.name} has an MFA device.", f"{user.name}에게 MFA 디바이스가 있습니다.")


@_with_user(ADMIN_USER)
def _admin_no_keys(lab, iam, user):
    if user.access_keys:
        listed = ", ".join(f"{key} ({status})" for key, status in user.access_keys)
        return fails(
            f"{user.name} has access keys: {listed}. An administrator gets none: a long-term key never asks for MFA; "
            "delete it (a deactivated key is still a key anyone with IAM rights can turn back on).",
            f"{user.name}에게 액세스 키가 있습니다: {listed}. 관리자에게는 키를 주지 않습니다. 장기 키는 MFA를 "
            "묻지 않습니다. 삭제하세요(비활성화한 키도 IAM 권한이 있는 누구나 다시 켤 수 있는 키입니다).",
        )
    return holds(f"{user.name} has no access keys.", f"{user.name}에게 액세스 키가 없습니다.")


def _no_own_policies(lab, iam, user):
    own = user.attached_policies + [f"{name} (inline)" for name in user.inline_policies]
    if own:
        return fails(
            f"{user.name} has policies of its own ({', '.join(own)}): permissions come from a group (CIS 1.14); "
            "take them off the user.",
            f"{user.name}에게 직접 연결된 정책이 있습니다({', '.join(own)}). 권한은 그룹에서 받아야 합니다(CIS 1.14). "
            "사용자에게서 분리하거나 삭제하세요.",
        )
    return holds(f"{user.name} has no policies of its own.", f"{user.name}에게 직접 연결된 정책이 없습니다.")


@_with_user(ADMIN_USER)
def _admin_through_group(lab, iam, user):
    groups = _groups_of(iam, user)
    if not groups:
        return fails(f"{user.name} is in no group: put him in a group whose policy allows everything.",
                     f"{josa(user.name, '이')} 어떤 그룹에도 없습니다. 모든 것을 허용하는 정책이 있는 그룹에 넣으세요.")
    documents = [d for g in groups for d in iam.group_policies(g)]
    gap = cannot_do_everything(_caller(lab, user.name), documents, lab.account_id, lab.region)
    names = ", ".join(g.name for g in groups)
    if gap is not None:
        return fails(
            f"Through his groups ({names}), {user.name} is not an administrator, even signed in with MFA: "
            f"{gap.explain('en')}",
            f"그룹({names})으로 받는 권한으로는 MFA로 로그인해도 {josa(user.name, '이')} 관리자가 아닙니다. "
            f"{gap.explain('ko')}",
        )
    return holds(f"{user.name} can do every action on every resource through the group {names}.",
                 f"{josa(user.name, '은')} 그룹 {josa(names, '을')} 통해 모든 리소스에 모든 작업을 할 수 있습니다.")


ADMIN_EXISTS_WITH_CONSOLE = Requirement(both("sungjin signs in to the console with a password",
                                             "sungjin이 비밀번호로 콘솔에 로그인함"), _admin_console, ("iam",))
ADMIN_MFA = Requirement(both("sungjin has an MFA device", "sungjin에게 MFA 디바이스가 있음"),
                        _with_user(ADMIN_USER)(_mfa_device), ("iam",))
ADMIN_NO_KEYS = Requirement(both("sungjin has no access keys", "sungjin에게 액세스 키가 없음"), _admin_no_keys, ("iam",))
ADMIN_NO_OWN = Requirement(both("sungjin has no policies of his own", "sungjin에게 직접 연결된 정책이 없음"),
                           _with_user(ADMIN_USER)(_no_own_policies), ("iam",))
ADMIN_THROUGH_GROUP = Requirement(both("sungjin can do everything, through a group",
                                       "sungjin이 그룹을 통해 모든 작업을 할 수 있음"), _admin_through_group, ("iam",))


# --- 2.6 MFA enforced ---------------------------------------------------------------------------

def _admin_groups_or_problem(lab, iam, user):
    groups = _groups_of(iam, user)
    if not groups:
        return None, fails(f"{user.name} is in no group yet; exercise 2.5 comes first.",
                           f"{josa(user.name, '은')} 아직 어떤 그룹에도 없습니다. 실습 2.5를 먼저 하세요.")
    admins = admin_groups(lab, iam, user)
    if not admins:
        return None, fails(
            f"None of {user.name}'s groups ({', '.join(g.name for g in groups)}) allows everything yet: exercise 2.5 "
            "comes first.",
            f"{user.name}의 그룹({', '.join(g.name for g in groups)}) 중 모든 작업을 허용하는 그룹이 아직 없습니다. "
            "실습 2.5를 먼저 하세요.",
        )
    return admins, None


@_with_user(ADMIN_USER)
def _mfa_enforced(lab, iam, user):
    """For each group that makes sungjin an administrator: even if another policy allowed everything,
    the group's own policies deny every request without MFA (but the MFA set-up calls)."""
    admins, problem = _admin_groups_or_problem(lab, iam, user)
    if problem:
        return problem
    for group in admins:
        documents = iam.group_policies(group) + [ALLOW_EVERYTHING]
        leaks = allowed_without_mfa(_caller(lab, user.name), documents, lab.account_id, lab.region,
                                    exempt=NO_MFA_EXEMPTIONS)
        if not leaks:
            continue
        action, how, decision = leaks[0]
        why = why_not_denied(decision)
        why_en, why_ko = (f" ({why['en']})", f"({why['ko']})") if why else ("", "")
        signed = {h["en"] for _, h, _ in leaks}
        tip_en = tip_ko = ""
        if signed == {WITHOUT_MFA[0][0]["en"]}:
            tip_en = (" Requests signed without MFA in the console are denied, but a request with no "
                      "aws:MultiFactorAuthPresent key at all is not: Bool does not match a missing key; the "
                      "...IfExists form of the operator does.")
            tip_ko = (" 콘솔에서 MFA 없이 보낸 요청은 거부되지만, aws:MultiFactorAuthPresent 키가 아예 없는 요청은 "
                      "거부되지 않습니다. Bool은 없는 키와 일치하지 않고, ...IfExists 형태의 연산자는 일치합니다.")
        others = list(dict.fromkeys(a for a, _, _ in leaks if a != action))
        more_en = f" (also {', '.join(others[:4])})" if others else ""
        more_ko = f"({', '.join(others[:4])}도 마찬가지입니다)" if others else ""
        elsewhere_en = elsewhere_ko = ""
        if not allowed_without_mfa(_caller(lab, user.name), iam.identity_policies(user) + [ALLOW_EVERYTHING],
                                   lab.account_id, lab.region, exempt=NO_MFA_EXEMPTIONS, limit=1):
            elsewhere_en = (f" Your Deny is on {user.name} or another group of his, not on {group.name}: an "
                            f"administrator added to {group.name} tomorrow would not need MFA.")
            elsewhere_ko = (f" Deny가 {josa(group.name, '이')} 아니라 {josa(user.name, '이나')} 다른 그룹에 있습니다. 내일 "
                            f"{group.name}에 추가되는 관리자는 MFA 없이도 일할 수 있습니다.")
        return fails(
            f"MFA is not enforced for the group {group.name}: for {how['en']}, a member may still call {action}"
            f"{more_en} whenever another policy allows it; no policy of {group.name} denies it{why_en}."
            + tip_en + elsewhere_en,
            f"그룹 {group.name}에 MFA가 강제되지 않습니다. {how['ko']}이라면, 다른 정책이 허용하는 한 멤버가 여전히 "
            f"{josa(action, '을')} 호출할 수 있습니다{more_ko}. {group.name}의 어떤 정책도 이를 거부하지 않습니다"
            f"{why_ko}." + tip_ko + elsewhere_ko,
        )
    names = ", ".join(g.name for g in admins)
    return holds(
        f"Without MFA, the group {names} denies everything but setting up MFA, whatever else allows it.",
        f"MFA가 없으면 그룹 {josa(names, '이')} MFA 설정 외에는 모두 거부합니다. 다른 정책이 무엇을 허용하든 마찬가지입니다.",
    )


def _setup_resource(lab, action: str) -> str:
    if action == "iam:CreateVirtualMFADevice":
        return f"arn:aws:iam::{lab.account_id}:mfa/{ADMIN_USER}-phone"
    return f"arn:aws:iam::{lab.account_id}:user/{ADMIN_USER}"


@_with_user(ADMIN_USER)
def _mfa_setup_allowed(lab, iam, user):
    documents = iam.identity_policies(user)
    for how, context in WITHOUT_MFA:
        for action in MFA_SETUP_ACTIONS:
            decision = can(_caller(lab, user.name), action, _setup_resource(lab, action), identity=documents,
                           context=context)
            if not decision.allowed:
                return fails(
                    f"For {how['en']}, {user.name} could not set up MFA: {decision.explain('en')} The Deny must leave "
                    f"out the calls that set up one's own MFA ({', '.join(MFA_SETUP_ACTIONS)}).",
                    f"{how['ko']}으로는 {josa(user.name, '이')} MFA를 설정할 수 없습니다. {decision.explain('ko')} Deny는 자기 "
                    f"MFA를 설정하는 호출({', '.join(MFA_SETUP_ACTIONS)})을 제외해야 합니다.",
                )
    return holds(f"Without MFA, {user.name} can still set one up.",
                 f"MFA가 없어도 {josa(user.name, '은')} MFA를 설정할 수 있습니다.")


@_with_user(ADMIN_USER)
def _admin_with_mfa(lab, iam, user):
    gap = cannot_do_everything(_caller(lab, user.name), iam.identity_policies(user), lab.account_id, lab.region,
                               WITH_MFA)
    if gap is not None:
        return fails(f"Even signed in with MFA, {user.name} is no longer an administrator: {gap.explain('en')}",
                     f"MFA로 로그인해도 {josa(user.name, '이')} 더 이상 관리자가 아닙니다. {gap.explain('ko')}")
    return holds(f"Signed in with MFA, {user.name} can do everything.",
                 f"MFA로 로그인하면 {josa(user.name, '은')} 모든 작업을 할 수 있습니다.")


MFA_ENFORCED = Requirement(both("Without MFA, the admins group denies everything but setting up MFA",
                                "MFA가 없으면 관리자 그룹이 MFA 설정 외에는 모두 거부함"), _mfa_enforced, ("iam",))
MFA_SETUP_ALLOWED = Requirement(both("Without MFA, sungjin can still set up MFA",
                                     "MFA가 없어도 sungjin이 MFA를 설정할 수 있음"), _mfa_setup_allowed, ("iam",))
ADMIN_WITH_MFA = Requirement(both("With MFA, sungjin can do everything", "MFA로 로그인하면 sungjin이 모든 작업을 할 수 있음"),
                             _admin_with_mfa, ("iam",))


# --- 2.7 Minho ------------------------------------------------------------------------------------

# What Minho's prototype work needs (PrototypeFullAccess) and what it never allowed.
PROTOTYPE_WORK = ("s3:ListAllMyBuckets", "s3:PutObject", "s3:GetObject", "ec2:RunInstances", "ec2:DescribeInstances",
                  "rds:CreateDBInstance", "rds:DescribeDBInstances")
BEYOND_PROTOTYPE = ("iam:CreateUser", "iam:AttachUserPolicy", "iam:CreateAccessKey", "kms:Decrypt",
                    "cloudtrail:StopLogging", "organizations:LeaveOrganization", "account:PutAlternateContact")


def _minho_resources(lab, action: str) -> str:
    if action in ("s3:PutObject", "s3:GetObject"):
        return f"arn:aws:s3:::{company.image_bucket_name(lab.account_id)}/uploads/any.png"
    return "*"


MINHO_MFA_CHECK = check_passes("iam_user_mfa_enabled_console_access", _developer)


def _minho_signs_in_with_mfa(lab, state):
    """The check iam_user_mfa_enabled_console_access for minho, who must keep his console password: the
    check does not judge a user without one."""
    user = state.iam.user(company.DEVELOPER)
    if user is None:
        return _no_user(company.DEVELOPER)
    if not user.console_access:
        return fails(
            f"{user.name} can no longer sign in to the console: the exercise asks for MFA on his sign-in, not for "
            "taking his password away.",
            f"{josa(user.name, '이')} 더 이상 콘솔에 로그인할 수 없습니다. 실습은 로그인에 MFA를 더하라는 것이지 비밀번호를 "
            "없애라는 것이 아닙니다.",
        )
    return MINHO_MFA_CHECK.test(lab, state)


@_with_user(company.DEVELOPER)
def _minho_keeps_his_work(lab, iam, user):
    documents = iam.identity_policies(user)
    caller = _caller(lab, user.name)
    lost = [(a, can(caller, a, _minho_resources(lab, a), identity=documents, context=WITH_MFA)) for a in PROTOTYPE_WORK]
    lost = [(a, d) for a, d in lost if not d.allowed]
    if lost:
        action, decision = lost[0]
        return fails(
            f"{user.name} can no longer do his work: {decision.explain('en')} Give the group the same permissions "
            "(PrototypeFullAccess) before taking them off him.",
            f"{josa(user.name, '이')} 더 이상 일을 할 수 없습니다. {decision.explain('ko')} 사용자에게서 분리하기 전에 그룹에 "
            "같은 권한(PrototypeFullAccess)을 주세요.",
        )
    extra = [a for a in BEYOND_PROTOTYPE
             if can(caller, a, "*", identity=documents, context=WITH_MFA).allowed]
    if extra:
        return fails(
            f"{user.name} can now also {', '.join(extra[:3])}, which PrototypeFullAccess never allowed: give the group "
            "the same permissions, not more (least privilege).",
            f"{josa(user.name, '이')} 이제 PrototypeFullAccess가 허용한 적 없는 {', '.join(extra[:3])}까지 할 수 있습니다. "
            "그룹에는 더 많은 권한이 아니라 같은 권한을 주세요(최소 권한).",
        )
    groups = ", ".join(user.groups) or "-"
    return holds(f"{user.name} keeps exactly the prototype's permissions, through the group {groups}.",
                 f"{josa(user.name, '은')} 그룹 {josa(groups, '을')} 통해 프로토타입의 권한을 그대로 받습니다.")


MINHO_MFA = Requirement(both("minho signs in to the console with MFA", "minho가 MFA로 콘솔에 로그인함"),
                        _minho_signs_in_with_mfa, ("iam",))
MINHO_NO_OWN = check_passes("iam_policy_attached_only_to_group_or_roles", _developer)
MINHO_SAME_PERMISSIONS = Requirement(both("minho keeps the prototype's permissions, through a group",
                                          "minho가 그룹을 통해 프로토타입의 권한을 그대로 받음"),
                                     _minho_keeps_his_work, ("iam",))


# --- 2.8 the password policy ----------------------------------------------------------------------

TALK_SETTINGS = {
    "RequireUppercaseCharacters": both("upper-case letters", "대문자"),
    "RequireLowercaseCharacters": both("lower-case letters", "소문자"),
    "RequireNumbers": both("numbers", "숫자"),
    "RequireSymbols": both("symbols", "특수 문자"),
    "AllowUsersToChangePassword": both("users may change their own password", "사용자의 자기 비밀번호 변경 허용"),
}


def _talk_settings_kept(lab, state):
    policy = state.iam.password_policy
    if policy is None:
        return fails("With no policy at all, the talk's character rules and self-service password changes are gone too.",
                     "정책이 아예 없으니 발표의 문자 조합 규칙과 자기 비밀번호 변경 허용도 사라졌습니다.")
    lost = [name for name in TALK_SETTINGS if policy.get(name) is not True]
    if lost:
        listed = {lang: ", ".join(f"{n} ({TALK_SETTINGS[n][lang]})" for n in lost) for lang in ("en", "ko")}
        return fails(
            f"The update replaced the whole policy, and these settings of the talk went back to off: {listed['en']}. "
            "Pass the talk's other settings again.",
            f"정책 전체가 교체되어 발표의 설정 중 {listed['ko']} 설정이 꺼졌습니다. 발표의 다른 설정도 다시 넣으세요.",
        )
    return holds("The talk's character rules and self-service password changes are still on.",
                 "발표의 문자 조합 규칙과 사용자의 자기 비밀번호 변경 허용이 그대로 켜져 있습니다.")


TALK_SETTINGS_KEPT = Requirement(both("The talk's other settings are still on", "발표의 다른 설정이 그대로 켜져 있음"),
                                 _talk_settings_kept, ("iam",))


# --- 2.9 the contacts -----------------------------------------------------------------------------

def _digits(phone) -> str:
    digits = re.sub(r"\D", "", str(phone or ""))
    return "0" + digits[2:] if digits.startswith("82") else digits


def _registered_to_company(lab, state):
    info = state.account.contact_information
    problems_en, problems_ko = [], []
    company_name = " ".join(re.sub(r"[^\w ]", " ", str(info.get("CompanyName", ""))).lower().split())
    if not company_name:
        problems_en.append(f"there is no company name ({COMPANY_NAME!r})")
        problems_ko.append(f"회사 이름({COMPANY_NAME!r})이 없습니다")
    elif "community app" not in company_name:
        problems_en.append(f"the company name is {info.get('CompanyName')!r}, not {COMPANY_NAME!r}")
        problems_ko.append(f"회사 이름이 {josa(repr(COMPANY_NAME), '이')} 아니라 {info.get('CompanyName')!r}입니다")
    if _digits(info.get("PhoneNumber")) != _digits(OFFICE_PHONE):
        problems_en.append(f"the phone is {info.get('PhoneNumber')!r}, not the office's {OFFICE_PHONE}")
        problems_ko.append(f"전화번호가 사무실 번호 {josa(OFFICE_PHONE, '이')} 아니라 {info.get('PhoneNumber')!r}입니다")
    if problems_en:
        return fails(
            "The account is not the company's yet: " + "; ".join(problems_en) + ". AWS verifies and calls whoever these "
            "details name: register the company, with a number the company answers.",
            "계정이 아직 회사 명의가 아닙니다. " + " ".join(p + "." for p in problems_ko) + " AWS는 여기 적힌 사람을 "
            "확인하고 연락합니다. 회사 이름과 회사가 받는 번호로 등록하세요.",
        )
    return holds(f"The account is registered to {info.get('CompanyName')}, with the office phone.",
                 f"계정이 {info.get('CompanyName')} 명의이고, 사무실 전화번호가 등록되어 있습니다.")


def _personal_mailbox(address: str) -> dict | None:
    """Why an address is one person's rather than a company group mailbox, or None."""
    local, _, domain = str(address).strip().lower().rpartition("@")
    if not local:
        return both("it is not an email address", "이메일 주소가 아닙니다")
    if not any(domain == d or domain.endswith("." + d) for d in COMPANY_DOMAINS):
        return both(f"{domain} is not the company's domain ({COMPANY_DOMAINS[0]}): a private mailbox leaves with its owner",
                    f"{josa(domain, '은')} 회사 도메인({COMPANY_DOMAINS[0]})이 아닙니다. 개인 메일함은 주인과 함께 떠납니다")
    tokens = set(re.split(r"[^a-z0-9]+", local))
    person = next((p for p in TEAM if p in tokens or local.startswith(p) or local.endswith(p)), None)
    if person:
        return both(f"it is {person}'s own mailbox: when {person} is away or leaves, nobody reads it",
                    f"{person} 한 사람의 메일함입니다. {josa(person, '이')} 자리를 비우거나 떠나면 아무도 읽지 않습니다")
    return None


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


CONTACT_KINDS = {"BILLING": both("billing", "결제"), "OPERATIONS": both("operations", "운영"),
                 "SECURITY": both("security", "보안")}


def _group_mailboxes(lab, state):
    alternates = state.account.alternate_contacts
    wrong: dict = {}
    for kind in CONTACT_KINDS:
        address = (alternates.get(kind) or {}).get("EmailAddress", "")
        reason = _personal_mailbox(address) if kind in alternates else None
        if reason:
            wrong.setdefault((address, reason["en"]), (reason, []))[1].append(kind)
    if wrong:
        en, ko = [], []
        for (address, _), (reason, kinds) in wrong.items():
            en.append(f"{_and([CONTACT_KINDS[k]['en'] for k in kinds])} ({address}): {reason['en']}")
            ko.append(f"{', '.join(CONTACT_KINDS[k]['ko'] for k in kinds)} 대체 연락처({address}): {reason['ko']}.")
        return fails("Use the company's group mailboxes for the alternate contacts: " + "; ".join(en) + ".",
                     "대체 연락처에는 회사 그룹 메일을 쓰세요. " + " ".join(ko))
    present = [k for k in CONTACT_KINDS if k in alternates]
    if not present:
        return fails("There is no alternate contact yet.", "아직 대체 연락처가 없습니다.")
    return holds(f"The {_and([CONTACT_KINDS[k]['en'] for k in present])} contacts are company group mailboxes.",
                 f"{', '.join(CONTACT_KINDS[k]['ko'] for k in present)} 대체 연락처가 회사 그룹 메일입니다.")


REGISTERED_TO_COMPANY = Requirement(both("The account is registered to the company, with the office phone",
                                         "계정이 회사 명의이고 사무실 전화번호가 등록됨"),
                                    _registered_to_company, ("account",))
GROUP_MAILBOXES = Requirement(both("The alternate contacts are company group mailboxes",
                                   "대체 연락처가 회사 그룹 메일임"), _group_mailboxes, ("account",))


CHAPTER = Chapter(
    number="02",
    stem="02-account-and-root",
    title={"en": "The account and its root user", "ko": "계정과 루트 사용자 보안"},
    build_company=(company.create_team_users,),
    scenarios=(
        "iam_root_without_mfa",
        "iam_root_access_key_created",
        "iam_developer_without_mfa",
        "iam_developer_policy_attached_to_user",
        "iam_password_policy_weak",
        "account_contact_details_outdated",
        "account_security_contact_missing",
    ),
    checks=(
        "iam_root_mfa_enabled",
        "iam_no_root_access_key",
        "iam_user_mfa_enabled_console_access",
        "iam_policy_attached_only_to_group_or_roles",
        "iam_password_policy_minimum_length_14",
        "iam_password_policy_reuse_24",
        "account_maintain_current_contact_details",
        "account_security_contact_information_is_registered",
    ),
    exercises=(
        Exercise(
            id="2.1",
            title={"en": "Audit the account with the credential report", "ko": "자격 증명 보고서로 계정 감사하기"},
            hint={
                "en": "Read the report into a DataFrame, turn the date columns into dates (pd.to_datetime with "
                "errors='coerce': N/A and no_information become NaT), and compare them with now minus 90 or 45 days. "
                "The root user counts as able to sign in.",
                "ko": "보고서를 DataFrame으로 읽고, 날짜 열을 날짜로 바꾸세요(pd.to_datetime에 errors='coerce'를 주면 "
                "N/A와 no_information은 NaT가 됩니다). 그리고 지금으로부터 90일, 45일 전과 비교하세요. 루트 사용자도 "
                "로그인할 수 있는 사용자로 셉니다.",
            },
            grader=grade_credential_report,
            needs_answer=True,
        ),
        Exercise(
            id="2.2",
            title={"en": "Turn on MFA for the root user", "ko": "루트 사용자에 MFA 켜기"},
            checks=("iam_root_mfa_enabled",),
            resource=_root,
        ),
        Exercise(
            id="2.3",
            title={"en": "Delete the root user's access key", "ko": "루트 사용자의 액세스 키 삭제하기"},
            checks=("iam_no_root_access_key",),
            resource=_root,
        ),
        Exercise(
            id="2.4",
            title={"en": "Separate the root password from the MFA device",
                   "ko": "루트 비밀번호와 MFA 디바이스의 관리 주체 분리하기"},
            hint={
                "en": "Two people, each holding one of the two factors: no single person can sign in as root alone.",
                "ko": "두 요소를 각각 다른 사람이 보관합니다. 누구도 혼자서는 루트로 로그인할 수 없어야 합니다.",
            },
            grader=grade_custodians,
            needs_answer=True,
        ),
        Exercise(
            id="2.5",
            title={"en": "An administrator IAM user instead of root", "ko": "루트 대신 쓸 관리자 IAM 사용자 만들기"},
            requirements=(ADMIN_EXISTS_WITH_CONSOLE, ADMIN_THROUGH_GROUP, ADMIN_NO_OWN, ADMIN_MFA, ADMIN_NO_KEYS),
            hint={
                "en": f"User {ADMIN_USER} with a console password, in a group whose policy allows everything, with a "
                "virtual MFA device enabled by two consecutive codes; nothing attached to the user itself, and no "
                "access keys.",
                "ko": f"콘솔 비밀번호가 있는 사용자 {josa(ADMIN_USER, '을')} 모든 권한을 허용하는 정책이 있는 그룹에 넣고, "
                      "연속된 "
                "코드 두 개로 가상 MFA 디바이스를 활성화하세요. 사용자 자체에는 정책을 연결하지 않고, 액세스 키도 "
                "만들지 않습니다.",
            },
        ),
        Exercise(
            id="2.6",
            title={"en": "Enforce MFA for the administrators", "ko": "관리자에게 MFA 강제하기"},
            requirements=(MFA_ENFORCED, MFA_SETUP_ALLOWED, ADMIN_WITH_MFA),
            hint={
                "en": "One Deny statement on the admins group: NotAction listing the calls that set up one's own MFA, "
                "Resource \"*\", and a condition on aws:MultiFactorAuthPresent that also matches when the key is absent.",
                "ko": "admins 그룹에 Deny 정책 문(Statement) 하나를 둡니다. NotAction에 자기 MFA를 설정하는 호출을 "
                "나열하고, Resource는 \"*\", aws:MultiFactorAuthPresent 키가 없을 때도 일치하는 조건을 추가하세요.",
            },
        ),
        Exercise(
            id="2.7",
            title={"en": "Minho: permissions through a group, and MFA", "ko": "민호 씨: 그룹으로 권한 받기, 그리고 MFA"},
            requirements=(MINHO_MFA, MINHO_NO_OWN, MINHO_SAME_PERMISSIONS),
            hint={
                "en": "The same permissions on a group he belongs to, then none on him; and a virtual MFA device "
                "enabled with two consecutive codes, next to his console password.",
                "ko": "같은 권한을 민호가 속한 그룹에 주고, 민호에게서는 분리하세요. 그리고 콘솔 비밀번호는 그대로 두고 "
                "연속된 코드 두 개로 가상 MFA 디바이스를 활성화하세요.",
            },
        ),
        Exercise(
            id="2.8",
            title={"en": "A password policy stronger than the talk's", "ko": "발표보다 강한 비밀번호 정책"},
            checks=("iam_password_policy_minimum_length_14", "iam_password_policy_reuse_24"),
            resource=_account,
            requirements=(TALK_SETTINGS_KEPT,),
        ),
        Exercise(
            id="2.9",
            title={"en": "The company's contact details and alternate contacts", "ko": "회사 연락처 정보와 대체 연락처"},
            checks=("account_maintain_current_contact_details", "account_security_contact_information_is_registered"),
            resource=_account,
            requirements=(REGISTERED_TO_COMPANY, GROUP_MAILBOXES),
        ),
    ),
)
