"""Chapter 02: the account and its root user. Graders for what a check cannot judge: the credential
report read with pandas, who holds the root credentials, the admin IAM user and its MFA policy."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from labs import company
from labs.chapters import Chapter, Exercise
from labs.language import both

ADMIN_USER = "sungjin"
TEAM = ("sungjin", "jiyoung", "minho")
KEY_AGE_DAYS = 90
UNUSED_DAYS = 45
REPORT_QUESTIONS = {
    "no_mfa": {"en": "who can sign in without MFA", "ko": "MFA 없이 로그인할 수 있는 사용자"},
    "old_keys": {"en": f"active access keys older than {KEY_AGE_DAYS} days", "ko": f"{KEY_AGE_DAYS}일이 지난 활성 액세스 키"},
    "unused_45_days": {"en": f"credentials unused for {UNUSED_DAYS} days", "ko": f"{UNUSED_DAYS}일 동안 쓰지 않은 자격 증명"},
}
# The self-service MFA actions the documented policy leaves out of its Deny, so that a user without
# MFA can still set one up (IAM user guide: "Allows MFA-authenticated IAM users to manage their own
# credentials").
MFA_SETUP_ACTIONS = ("iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice")


def _account(aws):
    return aws.account_id


def _root(aws):
    return aws.root.arn


def _developer(aws):
    return company.DEVELOPER


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


def _names(value) -> set | None:
    if isinstance(value, str):
        return {value.strip()}
    try:
        return {str(v).strip() for v in value}
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
        given = _names(answer[question])
        if given is None:
            wrong_en.append(f"{question} is not a list of names")
            wrong_ko.append(f"{question}은(는) 이름 목록이 아닙니다")
            continue
        extra, missing = sorted(given - expected), len(expected - given)
        if extra:
            wrong_en.append(f"{question}: {', '.join(extra)} should not be there")
            wrong_ko.append(f"{question}: {', '.join(extra)}은(는) 해당하지 않습니다")
        if missing:
            wrong_en.append(f"{question}: {missing} more to find")
            wrong_ko.append(f"{question}: {missing}개 더 찾아야 합니다")
    if wrong_en:
        return False, both("Not yet: " + "; ".join(wrong_en) + ".", "아직입니다. " + "; ".join(wrong_ko) + ".")
    counts = ", ".join(f"{q} {len(v)}" for q, v in truth.items())
    return True, both(f"All three answers match the report ({counts}).",
                      f"세 답 모두 보고서와 일치합니다({counts}).")


def grade_custodians(lab, answer):
    if not isinstance(answer, dict) or set(answer) != {"root_password", "root_mfa_device"}:
        return False, both(
            "Give a dict with the keys 'root_password' and 'root_mfa_device', each the name of one person on the team.",
            "키가 'root_password'와 'root_mfa_device'인 dict를 주세요. 값은 각각 팀원 한 명의 이름입니다.",
        )
    people = {key: str(value).strip().lower() for key, value in answer.items()}
    unknown = [p for p in people.values() if p not in TEAM]
    if unknown:
        return False, both(f"{unknown[0]!r} is not on the team; the team is {', '.join(TEAM)}.",
                           f"{unknown[0]!r}은(는) 팀원이 아닙니다. 팀원은 {', '.join(TEAM)}입니다.")
    if people["root_password"] == people["root_mfa_device"]:
        return False, both(
            f"{people['root_password']} would hold both the password and the MFA device: one stolen bag, one "
            "person gone rogue or one holiday, and the account is lost or unreachable.",
            f"{people['root_password']}이(가) 비밀번호와 MFA 디바이스를 모두 갖게 됩니다. 가방 하나를 잃어버리거나, "
            "한 사람이 마음을 바꾸거나, 휴가를 가면 계정을 잃거나 쓸 수 없게 됩니다.",
        )
    return True, both(
        f"{people['root_password']} holds the root password and {people['root_mfa_device']} the MFA device: "
        "signing in as root takes both of them.",
        f"{people['root_password']}이(가) 루트 비밀번호를, {people['root_mfa_device']}이(가) MFA 디바이스를 "
        "보관합니다. 루트로 로그인하려면 두 사람이 모두 있어야 합니다.",
    )


def _statements(document: dict) -> list[dict]:
    statements = document.get("Statement", [])
    statements = [statements] if isinstance(statements, dict) else statements
    return [s for s in statements if isinstance(s, dict)]


def _as_list(value) -> list:
    return [value] if isinstance(value, str) else list(value or [])


def _group_documents(state, group) -> list[tuple[str, dict]]:
    documents = list(group.inline_policies.items())
    documents += [(name, state.customer_policies.get(arn, {})) for name, arn in group.attached_policies]
    return documents


def _grants_everything(document: dict) -> bool:
    return any(s.get("Effect") == "Allow" and "*" in _as_list(s.get("Action")) and "*" in _as_list(s.get("Resource"))
               for s in _statements(document))


def _admin_groups(state, user):
    return [g for g in state.groups if g.name in user.groups
            and any(_grants_everything(d) for _, d in _group_documents(state, g))]


def _admin_user(lab):
    from labs import inventory

    state = inventory.collect(lab, {"iam"}).iam
    user = state.user(ADMIN_USER)
    if user is None:
        return state, None, both(
            f"There is no IAM user {ADMIN_USER} yet: create it, with a console password.",
            f"아직 IAM 사용자 {ADMIN_USER}이(가) 없습니다. 콘솔 비밀번호와 함께 만드세요.",
        )
    return state, user, None


def grade_admin_user(lab, answer=None):
    state, user, problem = _admin_user(lab)
    if problem:
        return False, problem
    problems_en, problems_ko = [], []
    if not user.console_access:
        problems_en.append("it has no console password (a login profile)")
        problems_ko.append("콘솔 비밀번호(로그인 프로필)가 없습니다")
    if not _admin_groups(state, user):
        problems_en.append("it is in no group whose policy allows every action (\"*\") on every resource")
        problems_ko.append("모든 리소스에 모든 작업(\"*\")을 허용하는 정책이 있는 그룹에 속해 있지 않습니다")
    if user.attached_policies or user.inline_policies:
        problems_en.append("it has policies of its own: its permissions must come from the group")
        problems_ko.append("직접 붙은 정책이 있습니다. 권한은 그룹에서 받아야 합니다")
    if not user.mfa_devices:
        problems_en.append("it has no MFA device")
        problems_ko.append("MFA 디바이스가 없습니다")
    if problems_en:
        return False, both(f"User {ADMIN_USER}: " + "; ".join(problems_en) + ".",
                           f"사용자 {ADMIN_USER}: " + "; ".join(problems_ko) + ".")
    groups = ", ".join(g.name for g in _admin_groups(state, user))
    return True, both(f"{ADMIN_USER} signs in with a password and MFA, and is an administrator through the group {groups}.",
                      f"{ADMIN_USER}은(는) 비밀번호와 MFA로 로그인하고, 그룹 {groups}을(를) 통해 관리자 권한을 받습니다.")


def mfa_enforcement_problem(statement: dict) -> dict | None:
    """Why a Deny statement does not enforce MFA as the documented pattern does, or None when it does."""
    if "Action" in statement and "NotAction" not in statement:
        return both(
            "the Deny lists Action; it needs NotAction, so that it denies everything except the few calls that "
            "set up MFA",
            "Deny에 Action이 있습니다. MFA 설정에 필요한 몇 가지 호출만 빼고 모두 거부하려면 NotAction이어야 합니다",
        )
    not_action = _as_list(statement.get("NotAction"))
    if "*" in not_action:
        return both("NotAction \"*\" exempts every action, so the Deny denies nothing",
                    "NotAction \"*\"은(는) 모든 작업을 예외로 하므로 아무것도 거부하지 않습니다")
    missing = [a for a in MFA_SETUP_ACTIONS if a not in not_action]
    if missing:
        return both(f"NotAction leaves out {', '.join(missing)}: without them a user without MFA cannot set one up",
                    f"NotAction에 {', '.join(missing)}이(가) 없습니다. 이것이 없으면 MFA가 없는 사용자가 "
                    "MFA를 설정할 수 없습니다")
    if "*" not in _as_list(statement.get("Resource")):
        return both("the Deny must cover every resource (\"Resource\": \"*\")",
                    "Deny는 모든 리소스(\"Resource\": \"*\")에 적용되어야 합니다")
    condition = statement.get("Condition") or {}
    if "BoolIfExists" in condition and str(condition["BoolIfExists"].get("aws:MultiFactorAuthPresent")).lower() == "false":
        return None
    if "Bool" in condition and "aws:MultiFactorAuthPresent" in condition["Bool"]:
        return both(
            "the condition uses Bool: requests made with long-term access keys carry no aws:MultiFactorAuthPresent "
            "at all, and Bool then does not match, so they are not denied; use BoolIfExists",
            "조건이 Bool입니다. 장기 액세스 키로 보낸 요청에는 aws:MultiFactorAuthPresent 키 자체가 없어서 Bool이 "
            "일치하지 않고, 거부되지 않습니다. BoolIfExists를 쓰세요",
        )
    return both("the Deny needs the condition BoolIfExists aws:MultiFactorAuthPresent \"false\"",
                "Deny에 BoolIfExists aws:MultiFactorAuthPresent \"false\" 조건이 필요합니다")


def grade_mfa_policy(lab, answer=None):
    state, user, problem = _admin_user(lab)
    if problem:
        return False, problem
    groups = [g for g in state.groups if g.name in user.groups]
    if not groups:
        return False, both(f"{ADMIN_USER} is in no group yet; exercise 2.5 comes first.",
                           f"{ADMIN_USER}은(는) 아직 어떤 그룹에도 없습니다. 실습 2.5를 먼저 하세요.")
    reasons = []
    for group in groups:
        for name, document in _group_documents(state, group):
            for statement in _statements(document):
                if statement.get("Effect") != "Deny":
                    continue
                reason = mfa_enforcement_problem(statement)
                if reason is None:
                    sid = statement.get("Sid") or "a Deny statement"
                    return True, both(
                        f"Policy {name} on group {group.name} denies everything but setting up MFA ({sid}) unless the "
                        "request was signed in with MFA.",
                        f"그룹 {group.name}의 정책 {name}이(가) MFA로 로그인하지 않은 요청은 MFA 설정 외에 모두 "
                        f"거부합니다({sid}).",
                    )
                reasons.append((name, reason))
    if reasons:
        name, reason = reasons[0]
        return False, both(f"In policy {name}, {reason['en']}.", f"정책 {name}에서, {reason['ko']}.")
    names = ", ".join(g.name for g in groups)
    return False, both(f"No policy on {ADMIN_USER}'s groups ({names}) has a Deny statement yet.",
                       f"{ADMIN_USER}의 그룹({names})에 붙은 정책에 아직 Deny 문이 없습니다.")


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
            hint={
                "en": f"User {ADMIN_USER} with a console password, in a group whose policy allows everything, with a "
                "virtual MFA device enabled by two consecutive codes; nothing attached to the user itself.",
                "ko": f"콘솔 비밀번호가 있는 사용자 {ADMIN_USER}을(를) 모든 권한을 허용하는 정책이 있는 그룹에 넣고, 연속된 "
                "코드 두 개로 가상 MFA 디바이스를 활성화하세요. 사용자 자체에는 정책을 붙이지 않습니다.",
            },
            grader=grade_admin_user,
        ),
        Exercise(
            id="2.6",
            title={"en": "Enforce MFA for the administrators", "ko": "관리자에게 MFA 강제하기"},
            hint={
                "en": "One Deny statement: NotAction listing the calls that set up one's own MFA, Resource \"*\", and "
                "a condition on aws:MultiFactorAuthPresent that also matches when the key is absent.",
                "ko": "Deny 문 하나입니다. NotAction에 자기 MFA를 설정하는 호출을 나열하고, Resource는 \"*\", "
                "aws:MultiFactorAuthPresent 키가 없을 때도 일치하는 조건을 붙이세요.",
            },
            grader=grade_mfa_policy,
        ),
        Exercise(
            id="2.7",
            title={"en": "Minho: permissions through a group, and MFA", "ko": "민호: 그룹으로 권한 받기, 그리고 MFA"},
            checks=("iam_user_mfa_enabled_console_access", "iam_policy_attached_only_to_group_or_roles"),
            resource=_developer,
        ),
        Exercise(
            id="2.8",
            title={"en": "A password policy stronger than the talk's", "ko": "발표보다 강한 비밀번호 정책"},
            checks=("iam_password_policy_minimum_length_14", "iam_password_policy_reuse_24"),
            resource=_account,
        ),
        Exercise(
            id="2.9",
            title={"en": "The company's contact details and alternate contacts", "ko": "회사 연락처 정보와 대체 연락처"},
            checks=("account_maintain_current_contact_details", "account_security_contact_information_is_registered"),
            resource=_account,
        ),
    ),
)
