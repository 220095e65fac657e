"""Chapter 09: keys off the server, least privilege from what the app really does (the talk's "EC2
IAM role" and its architecture v1.0). Each exercise lists what its text asks for (labs.grading); who
may do what is always asked of the policy engine, for the app's calls (labs.community_app) and for
the calls it never made."""

from __future__ import annotations

from labs import company
from labs.chapters import Chapter, Exercise
from labs.checks.lib.iam import administrative
from labs.grading import Requirement, check_passes, fails, holds
from labs.language import both
from labs.policy import Caller, can, service
from labs.korean import josa, particle

ADMINISTRATOR_ACCESS = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
MIN_REASON = 10


def _app_instance(aws):
    return company.instance_id(aws)


def _account(aws):
    return aws.account_id


def _image_bucket(aws):
    return company.image_bucket_name(aws.account_id)


# --- the app server's role, as the engine sees it ---------------------------------------------------

def _app_server(lab, state):
    """(instance, None) or (None, the failing verdict)."""
    instance = next((i for i in state.ec2.instances if i.id == company.instance_id(lab)), None)
    if instance is None:
        return None, fails(f"The app server {company.APP_INSTANCE} no longer exists; run the labs.start(...) cell again.",
                           f"앱 서버 {josa(company.APP_INSTANCE, '이')} 더 이상 없습니다. labs.start(...) 셀을 다시 실행하세요.")
    if not instance.role_name:
        return None, fails(
            f"The app server {instance.label} has no role yet (exercise 9.2): an instance profile with a role that "
            "EC2 may assume, associated with the instance.",
            f"앱 서버 {instance.label}에 아직 역할이 없습니다(실습 9.2). EC2가 수임할 수 있는 역할을 담은 인스턴스 "
            "프로파일을 인스턴스에 연결하세요.")
    return instance, None


def _session(lab, instance) -> Caller:
    return Caller("AWS", f"arn:aws:sts::{lab.account_id}:assumed-role/{instance.role_name}/{instance.id}", lab.account_id)


def _short(resource: str) -> str:
    return resource.replace("arn:aws:s3:::", "s3://")


def _app_calls_allowed(lab, state):
    """Every call of the app's week (labs.community_app.week_calls) is allowed for the role's session,
    its permissions boundary included."""
    from labs.community_app import week_calls

    instance, missing = _app_server(lab, state)
    if missing:
        return missing
    caller = _session(lab, instance)
    calls = week_calls(lab)
    for call in calls:
        for action, resource, context in call.needs:
            decision = can(caller, action, resource, identity=instance.role_policies, boundary=instance.role_boundary,
                           context={"aws:SecureTransport": "true", **context})
            if not decision.allowed:
                by = ("the permissions boundary" if decision.outcome == "implicit deny" and instance.role_boundary
                      and can(caller, action, resource, identity=instance.role_policies,
                              context={"aws:SecureTransport": "true", **context}).allowed else None)
                why = f"{by} does not allow it" if by else decision.explain("en")
                why_ko = "권한 경계가 허용하지 않습니다" if by else decision.explain("ko")
                named = f" (IAM's action for {call.operation} is {call.action})" if call.action and \
                    call.action.split(":")[1] != call.operation else ""
                named_ko = f"({call.operation}에 필요한 IAM 작업은 {call.action}입니다)" if named else ""
                return fails(
                    f"The app's call {call.operation} on {_short(call.resource)} would fail: it needs {action} on "
                    f"{_short(resource)}, and {why}{named}.",
                    f"앱의 {_short(call.resource)}에 대한 {call.operation} 호출이 실패합니다. {_short(resource)}에 대한 "
                    f"{josa(action, '이')} 필요한데, {why_ko}{named_ko}.",
                )
    return holds(f"The role {instance.role_name} allows every call the app makes ({len(calls)} different calls).",
                 f"역할 {josa(instance.role_name, '은')} 앱이 하는 모든 호출({len(calls)}가지)을 허용합니다.")


APP_CALLS = Requirement(both("The role allows every call the app makes", "역할이 앱의 모든 호출을 허용함"),
                        _app_calls_allowed, ("ec2",))


def _ssm_agent_works(lab, state):
    instance, missing = _app_server(lab, state)
    if missing:
        return missing
    refused = [a for a in company.SSM_AGENT_ACTIONS if not instance.role_allows(a)]
    if refused:
        return fails(
            f"The SSM agent on the app server can no longer {', '.join(refused[:3])}: Session Manager (chapter 06) "
            "would lose the server. Keep AmazonSSMManagedInstanceCore on the role (and inside its boundary).",
            f"앱 서버의 SSM 에이전트가 더 이상 {josa(', '.join(refused[:3]), '을')} 할 수 없습니다. 세션 관리자(챕터 06)가 "
            "서버에 연결할 수 없게 됩니다. 역할에 AmazonSSMManagedInstanceCore를 (권한 경계 안에서도) 유지하세요.",
        )
    return holds("The SSM agent keeps what it needs for Session Manager.",
                 "SSM 에이전트는 세션 관리자에 필요한 권한을 그대로 가집니다.")


SSM_AGENT = Requirement(both("The SSM agent still registers (Session Manager)", "SSM 에이전트가 계속 등록됨(세션 관리자)"),
                        _ssm_agent_works, ("ec2",))


def _trusted_by_ec2_only(lab, state):
    from labs.checks.lib.access import policy_shares

    instance, missing = _app_server(lab, state)
    if missing:
        return missing
    role_arn = f"arn:aws:iam::{lab.account_id}:role/{instance.role_name}"
    trust = instance.role_trust_policy
    if not can(service("ec2.amazonaws.com"), "sts:AssumeRole", role_arn, resource_policy=trust).allowed:
        return fails(f"The role {instance.role_name} does not trust ec2.amazonaws.com, so the instance gets no "
                     "credentials from it: its trust policy must let the EC2 service assume it.",
                     f"역할 {josa(instance.role_name, '이')} ec2.amazonaws.com을 신뢰하지 않아 인스턴스가 자격 증명을 받지 "
                     "못합니다. 신뢰 정책이 EC2 서비스의 역할 수임을 허용해야 합니다.")
    outsiders = policy_shares(trust, role_arn, "AWS::IAM::Role", lab.account_id)
    if outsiders:
        return fails(f"The role {instance.role_name} also trusts {outsiders[0].who['en']}: only EC2 should assume it.",
                     f"역할 {josa(instance.role_name, '이')} {outsiders[0].who['ko']}도 신뢰합니다. EC2만 수임해야 합니다.")
    return holds(f"Only EC2 may assume {instance.role_name}.", f"{josa(instance.role_name, '은')} EC2만 수임할 수 있습니다.")


TRUSTED_BY_EC2 = Requirement(both("The role trusts EC2 and nobody else", "역할이 EC2만 신뢰함"), _trusted_by_ec2_only, ("ec2",))


def _role_not_admin(lab, state):
    instance, missing = _app_server(lab, state)
    if missing:
        return missing
    for document in instance.role_policies:
        why = administrative(document, lab.account_id)
        if why:
            return fails(f"The role's policy {document.name or '(inline)'}: {why['en']}. Start broad if you must, "
                         "but not with administrator rights: PowerUserAccess leaves IAM out.",
                         f"역할의 {josa(f'정책 {document.name}' if document.name else '인라인 정책', '은')} {why['ko']}. "
                         "넓게 시작하더라도 관리자 권한은 안 됩니다. PowerUserAccess는 IAM을 제외합니다.")
    return holds("No policy of the role grants administrator rights.", "역할의 어떤 정책도 관리자 권한을 주지 않습니다.")


ROLE_NOT_ADMIN = Requirement(both("No administrator rights on the role", "역할에 관리자 권한 없음"), _role_not_admin, ("ec2",))


def never_calls(lab) -> list[tuple[str, str, str, str]]:
    """Calls the app never made in its week, which a least-privilege role must not allow:
    (action, resource, why in English, why in Korean)."""
    account, region = lab.account_id, lab.region
    bucket = company.image_bucket_name(account)
    trail_bucket = company.cloudtrail_bucket_name(account)
    sessions = company.session_log_bucket_name(account)
    image_key = company.image_key_arn(lab) or f"arn:aws:kms:{region}:{account}:key/image-key"
    trail_key = company.find_key_id(lab, company.CLOUDTRAIL_KEY_ALIAS) or "trail-key"
    return [
        ("s3:DeleteBucket", f"arn:aws:s3:::{bucket}", "deleting the image bucket", "이미지 버킷 삭제"),
        ("s3:PutBucketPolicy", f"arn:aws:s3:::{bucket}", "rewriting the image bucket's policy", "이미지 버킷 정책 변경"),
        ("s3:PutObjectAcl", f"arn:aws:s3:::{bucket}/{company.UPLOADS_PREFIX}user-42-cat.png",
         "making an image public with an ACL", "ACL로 이미지를 퍼블릭으로 만들기"),
        ("s3:GetObject", f"arn:aws:s3:::{trail_bucket}/AWSLogs/{account}/CloudTrail/log.json.gz",
         "reading the CloudTrail log files", "CloudTrail 로그 파일 읽기"),
        ("s3:ListBucket", f"arn:aws:s3:::{sessions}", "listing the session log bucket", "세션 로그 버킷 목록 보기"),
        ("s3:ListAllMyBuckets", "*", "listing every bucket", "모든 버킷 목록 보기"),
        ("iam:CreateUser", f"arn:aws:iam::{account}:user/backdoor", "creating IAM users", "IAM 사용자 만들기"),
        ("iam:AttachRolePolicy", f"arn:aws:iam::{account}:role/{company.APP_ROLE}",
         "attaching policies to its own role", "자기 역할에 정책 연결하기"),
        ("ec2:RunInstances", f"arn:aws:ec2:{region}:{account}:instance/*", "launching instances", "인스턴스 시작"),
        ("kms:ScheduleKeyDeletion", image_key, "deleting the image key", "이미지 키 삭제"),
        ("kms:Decrypt", f"arn:aws:kms:{region}:{account}:key/{trail_key}", "decrypting with the CloudTrail key",
         "CloudTrail 키로 복호화"),
    ]


def _never_calls_denied(lab, state):
    instance, missing = _app_server(lab, state)
    if missing:
        return missing
    caller = _session(lab, instance)
    for action, resource, why_en, why_ko in never_calls(lab):
        decision = can(caller, action, resource, identity=instance.role_policies, boundary=instance.role_boundary,
                       context={"aws:SecureTransport": "true"})
        if decision.allowed:
            where = decision.deciding[0].where
            return fails(
                f"The role can still {action} on {_short(resource)} ({why_en}), which the app never did in its week: "
                f"{where['en']} allows it. Allow only the actions and resources the records show.",
                f"역할이 아직 {_short(resource)}에 대해 {action}({why_ko}){particle(action, '을')} 할 수 있습니다. 앱은 일주일 "
                "동안 이 호출을 "
                f"한 번도 하지 않았습니다. {josa(where['ko'], '이')} 허용합니다. 기록에 나온 작업과 리소스만 허용하세요.",
            )
    tried = len(never_calls(lab))
    return holds(f"Every call the app never made is denied ({tried} tried, from deleting the bucket to creating users).",
                 f"앱이 한 번도 하지 않은 호출은 모두 거부됩니다(버킷 삭제부터 사용자 생성까지 {tried}가지 확인).")


NEVER_CALLS = Requirement(both("Calls the app never made are denied", "앱이 하지 않은 호출은 거부됨"),
                          _never_calls_denied, ("ec2",))


def _has_boundary(lab, state):
    instance, missing = _app_server(lab, state)
    if missing:
        return missing
    if instance.role_boundary is None:
        return fails(f"The role {instance.role_name} has no permissions boundary yet.",
                     f"역할 {instance.role_name}에 아직 권한 경계가 없습니다.")
    if not instance.role_boundary.statements:
        return fails(f"The role's permissions boundary {instance.role_boundary.name} cannot be read (was the policy "
                     "deleted?): a boundary that allows nothing leaves the role nothing.",
                     f"역할의 권한 경계 {josa(instance.role_boundary.name, '을')} 읽을 수 없습니다(정책을 삭제했나요?). 아무것도 "
                     "허용하지 않는 경계는 역할에 아무 권한도 남기지 않습니다.")
    return holds(f"The role's permissions boundary is {instance.role_boundary.name}.",
                 f"역할의 권한 경계는 {instance.role_boundary.name}입니다.")


HAS_BOUNDARY = Requirement(both("The role has a permissions boundary", "역할에 권한 경계가 있음"), _has_boundary, ("ec2",))


def _boundary_holds_admin(lab, state):
    instance, missing = _app_server(lab, state)
    if missing:
        return missing
    if instance.role_boundary is None:
        return fails("Without a permissions boundary, AdministratorAccess attached to the role tomorrow would give it "
                     "everything.", "권한 경계가 없으면 내일 누군가 역할에 AdministratorAccess를 연결하는 순간 모든 권한이 "
                     "생깁니다.")
    caller = _session(lab, instance)
    for action, resource, why_en, why_ko in never_calls(lab):
        if can(caller, action, resource, identity=[ADMINISTRATOR_ACCESS], boundary=instance.role_boundary,
               context={"aws:SecureTransport": "true"}).allowed:
            return fails(
                f"Even inside the boundary {instance.role_boundary.name}, the role could {action} on {_short(resource)} "
                f"({why_en}) the day someone attaches AdministratorAccess to it: the boundary allows it.",
                f"권한 경계 {instance.role_boundary.name} 안에서도, 누군가 역할에 AdministratorAccess를 연결하면 "
                f"{_short(resource)}에 대해 {action}({why_ko}){particle(action, '을')} 할 수 있습니다. 경계가 그것을 허용합니다.",
            )
    return holds("Even with AdministratorAccess attached, the boundary keeps the role to the app's calls.",
                 "AdministratorAccess를 연결해도 권한 경계가 역할을 앱의 호출 안에 묶어 둡니다.")


BOUNDARY_HOLDS = Requirement(both("The boundary holds even under AdministratorAccess",
                                  "AdministratorAccess가 붙어도 경계가 유지됨"), _boundary_holds_admin, ("ec2",))


# --- keys off the server --------------------------------------------------------------------------

def _app_uses_the_role(lab, state):
    from labs.community_app import CommunityApp

    credentials = CommunityApp(lab).credentials()
    if credentials.source == "instance-role":
        return holds(f"The app gets its credentials from {credentials.describe()['en']}.",
                     f"앱은 {credentials.describe()['ko']}에서 자격 증명을 받습니다.")
    if credentials.source in ("config", "environment"):
        return fails(f"The app still uses {credentials.describe()['en']}: the SDK finds that before the instance role. "
                     "Remove the key from the user data (both places), with the instance stopped.",
                     f"앱이 아직 {josa(credentials.describe()['ko'], '을')} 씁니다. SDK는 인스턴스 역할보다 이것을 먼저 "
                     "찾습니다. "
                     "인스턴스를 중지한 상태에서 사용자 데이터의 키를 (두 곳 모두) 지우세요.")
    return fails(f"The app has {credentials.describe()['en']}.", f"앱에 {credentials.describe()['ko']}.")


APP_ON_ROLE = Requirement(both("The app gets its credentials from the instance role", "앱이 인스턴스 역할에서 자격 증명을 받음"),
                          _app_uses_the_role, ("ec2",))


def _app_server_running(lab, state):
    instance = next((i for i in state.ec2.instances if i.id == company.instance_id(lab)), None)
    if instance is None:
        return fails(f"The app server {company.APP_INSTANCE} no longer exists; run the labs.start(...) cell again.",
                     f"앱 서버 {josa(company.APP_INSTANCE, '이')} 더 이상 없습니다. labs.start(...) 셀을 다시 실행하세요.")
    if instance.state != "running":
        return fails(f"The app server {instance.label} is {instance.state}: start it again, the users are waiting.",
                     f"앱 서버 {josa(instance.label, '이')} {instance.state} 상태입니다. 사용자들이 기다리고 있으니 다시 "
                     "시작하세요.")
    return holds(f"The app server {instance.label} is running.", f"앱 서버 {josa(instance.label, '이')} 실행 중입니다.")


APP_RUNNING = Requirement(both("The app server is running", "앱 서버가 실행 중"), _app_server_running, ("ec2",))


def _app_key_deleted(lab, state):
    user = state.iam.user(company.APP_USER)
    if user is None:
        return holds(f"The app's IAM user {company.APP_USER} and its key are gone.",
                     f"앱의 IAM 사용자 {josa(company.APP_USER, '과')} 그 키가 없어졌습니다.")
    if user.access_keys:
        key, status = user.access_keys[0]
        if status == "Inactive":
            return fails(f"The app's key {key} is deactivated, not deleted: one call makes it active again. Delete it "
                         "once the app has shown it no longer needs it.",
                         f"앱의 키 {josa(key, '은')} 삭제된 것이 아니라 비활성화된 상태입니다. 호출 한 번이면 다시 활성화됩니다. "
                         "앱에 필요 없다는 것을 확인했으면 삭제하세요.")
        return fails(f"The app's key {key} is still {status}.", f"앱의 키 {josa(key, '이')} 아직 {status} 상태입니다.")
    return holds(f"The app's IAM user {company.APP_USER} has no access key left.",
                 f"앱의 IAM 사용자 {company.APP_USER}에게 남은 액세스 키가 없습니다.")


APP_KEY_DELETED = Requirement(both("The app's access key is deleted", "앱의 액세스 키가 삭제됨"), _app_key_deleted, ("iam",))


def _every_finding_passes(check_ids, text_en, text_ko):
    def test(lab, state):
        from labs.checks import all_checks

        failing = [f for c in check_ids for f in all_checks()[c].run(state) if f.status == "FAIL"]
        if failing:
            return fails(" ".join(dict.fromkeys(f.message["en"] for f in failing[:3])),
                         " ".join(dict.fromkeys(f.message["ko"] for f in failing[:3])),
                         hint=all_checks()[failing[0].check_id].metadata.hint)
        return holds(text_en, text_ko)

    return test


NO_OLD_KEYS = Requirement(
    both("No access key unused for 45 days or older than 90", "45일 넘게 안 쓰거나 90일 넘은 액세스 키 없음"),
    _every_finding_passes(("iam_user_accesskey_unused", "iam_rotate_access_key_90_days"),
                          "No user has an active access key unused for 45 days or older than 90 days.",
                          "45일 넘게 쓰지 않았거나 만든 지 90일이 넘은 활성 액세스 키를 가진 사용자가 없습니다."),
    ("iam",))


# --- 9.1: find the key ---------------------------------------------------------------------------

def _answer_fields(answer) -> tuple[str | None, str | None]:
    try:
        import pandas as pd

        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    if not isinstance(answer, dict):
        return None, None
    key = answer.get("access_key_id") or answer.get("AccessKeyId")
    user = answer.get("user") or answer.get("UserName")
    return (str(key).strip() if key else None), (str(user).strip() if user else None)


def grade_found_key(lab, answer):
    """The app's access key id and the IAM user it belongs to, as found in the user data and IAM."""
    iam = lab.client("iam")
    key, user = _answer_fields(answer)
    if key is None or user is None:
        return False, both('Pass a dict: {"access_key_id": "AKIA...", "user": "..."}: the key id from the user data '
                           "and the IAM user it belongs to.",
                           '{"access_key_id": "AKIA...", "user": "..."} 형태의 dict를 넘기세요. 사용자 데이터에서 찾은 '
                           "키 ID와 그 키가 속한 IAM 사용자입니다.")
    if len(key) == 40 and not key.startswith(("AKIA", "ASIA")):
        return False, both("That is a secret access key, not the key's id: never paste a secret anywhere. The id "
                           "starts with AKIA.", "그것은 키 ID가 아니라 보안 액세스 키(secret)입니다. 비밀은 어디에도 붙여 "
                           "넣지 마세요. 키 ID는 AKIA로 시작합니다.")
    try:
        keys = iam.list_access_keys(UserName=company.APP_USER)["AccessKeyMetadata"]
    except iam.exceptions.NoSuchEntityException:
        return False, both(f"The app's IAM user {company.APP_USER} no longer exists, so there is nothing to compare with: "
                           "run the labs.start(...) cell again and grade 9.1 before deleting anything.",
                           f"앱의 IAM 사용자 {josa(company.APP_USER, '이')} 더 이상 없어 비교할 수 없습니다. labs.start(...) "
                           "셀을 "
                           "다시 실행하고, 무엇이든 지우기 전에 9.1을 채점하세요.")
    app_keys = {k["AccessKeyId"]: k for k in keys}
    if key not in app_keys:
        try:
            owner = iam.get_access_key_last_used(AccessKeyId=key)["UserName"]
        except Exception:  # noqa: BLE001 - an unknown key id is an answer, not an error
            owner = None
        if owner:
            return False, both(f"{key} is {owner}'s key, not the one in the app server's user data.",
                               f"{josa(key, '은')} {owner}의 키이며, 앱 서버의 사용자 데이터에 있는 키가 아닙니다.")
        return False, both(f"No access key {key} exists in this account: copy the id from the decoded user data.",
                           f"이 계정에 액세스 키 {josa(key, '이')} 없습니다. 디코딩한 사용자 데이터에서 ID를 복사하세요.")
    if user != company.APP_USER:
        return False, both(f"The key is right, but it belongs to {company.APP_USER}, not {user}: "
                           "get_access_key_last_used names its user.",
                           f"키는 맞지만 {josa(user, '이')} 아니라 {company.APP_USER}의 키입니다. get_access_key_last_used가 "
                           "사용자를 알려 줍니다.")
    return True, both(f"{key} belongs to {company.APP_USER}, is {app_keys[key]['Status']}, and the app used it today for S3.",
                      f"{josa(key, '은')} {company.APP_USER}의 키이고 {app_keys[key]['Status']} 상태이며, 앱이 오늘도 S3에 "
                      "썼습니다.")


# --- 9.6: administrator rights ---------------------------------------------------------------------

ADMIN_CHECKS = ("iam_aws_attached_policy_no_administrative_privileges",
                "iam_customer_attached_policy_no_administrative_privileges",
                "iam_inline_policy_no_administrative_privileges")
NO_ADMIN_POLICIES = Requirement(
    both("No policy attached anywhere allows *:* or all of IAM", "어디에도 *:*나 IAM 전체를 허용하는 정책이 연결되어 있지 않음"),
    _every_finding_passes(ADMIN_CHECKS, "No attached or inline policy grants administrator rights.",
                          "연결된 정책과 인라인 정책 중 관리자 권한을 주는 것이 없습니다."),
    ("iam",))
MANAGER_WRITES = (("iam:CreateUser", "*"), ("iam:AttachUserPolicy", "*"), ("cloudtrail:StopLogging", "*"),
                  ("s3:DeleteBucket", "arn:aws:s3:::any-bucket"), ("ec2:TerminateInstances", "*"),
                  ("kms:ScheduleKeyDeletion", "*"))


def _user_can(lab, state, name: str, action: str, resource: str) -> bool:
    from labs.checks.lib.iam import session_context

    caller = Caller("AWS", f"arn:aws:iam::{lab.account_id}:user/{name}", lab.account_id)
    return can(caller, action, resource, identity=state.iam.policies_of_user(name), context=session_context()).allowed


def _developer_can_deploy(lab, state):
    name = company.DEVELOPER
    if state.iam.user(name) is None:
        return fails(f"The developer {name} no longer exists: take rights away, not people.",
                     f"개발자 {josa(name, '이')} 더 이상 없습니다. 사람이 아니라 권한을 빼세요.")
    bucket = company.image_bucket_name(lab.account_id)
    for action, resource in (("s3:PutObject", f"arn:aws:s3:::{bucket}/{company.UPLOADS_PREFIX}new.png"),
                             ("ec2:RunInstances", "*")):
        if not _user_can(lab, state, name, action, resource):
            return fails(f"{name} can no longer {action}: the developers' own work (PrototypeFullAccess) must stay; "
                         "take away only the administrator part.",
                         f"{josa(name, '이')} 더 이상 {josa(action, '을')} 할 수 없습니다. 개발자 본연의 "
                         "업무(PrototypeFullAccess)는 "
                         "남기고 관리자 권한만 빼세요.")
    return holds(f"{name} can still deploy (S3 and EC2).", f"{josa(name, '은')} 여전히 배포할 수 있습니다(S3와 EC2).")


DEVELOPER_DEPLOYS = Requirement(both("The developers can still deploy", "개발자는 여전히 배포할 수 있음"),
                                _developer_can_deploy, ("iam",))


def _manager_reads_the_bill(lab, state):
    name = company.MANAGER
    user = state.iam.user(name)
    if user is None or not user.console_access:
        return fails(f"{name} can no longer sign in: she is the manager. Change her permissions, not her user.",
                     f"{josa(name, '이')} 더 이상 로그인할 수 없습니다. 팀장님입니다. 사용자가 아니라 권한을 바꾸세요.")
    if not _user_can(lab, state, name, "ce:GetCostAndUsage", "*"):
        return fails(f"{name} asked to see the bill and can no longer read it: allow her Cost Explorer's and Budgets' "
                     "read calls (ce:GetCostAndUsage, budgets:ViewBudget).",
                     f"{josa(name, '은')} 청구서를 보고 싶다고 했는데 이제 읽을 수 없습니다. Cost Explorer와 예산의 읽기 호출"
                     "(ce:GetCostAndUsage, budgets:ViewBudget)을 허용하세요.")
    for action, resource in MANAGER_WRITES:
        if _user_can(lab, state, name, action, resource):
            return fails(f"{name} can still {action}: she asked to read the bill, not to change the account.",
                         f"{josa(name, '이')} 아직 {josa(action, '을')} 할 수 있습니다. 청구서를 읽고 싶다고 했지, 계정을 "
                         "바꾸겠다고 한 "
                         "것이 아닙니다.")
    return holds(f"{name} reads the bill and changes nothing.", f"{josa(name, '은')} 청구서를 읽고, 아무것도 바꾸지 못합니다.")


MANAGER_READS = Requirement(both("Jiyoung reads the bill, and only that", "지영 팀장님은 청구서만 읽음"),
                            _manager_reads_the_bill, ("iam",))


# --- 9.7 and 9.8: what the account shares outside itself ---------------------------------------------

def _resources_of(answer) -> list[str] | None:
    try:
        import pandas as pd

        if isinstance(answer, pd.DataFrame):
            if "resource" not in answer.columns:
                return None
            answer = answer["resource"].tolist()
        elif isinstance(answer, pd.Series):
            answer = answer.tolist()
    except ImportError:  # pragma: no cover
        pass
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set, frozenset)):
        return None
    return [str(a).strip() for a in answer]


def grade_external_shares(lab, answer):
    """The resources the account shares outside itself, as the learner's own engine-based finder lists them."""
    from labs.access_analyzer import external_shares

    found = _resources_of(answer)
    if found is None:
        return False, both("Pass the resources you found: a list of ARNs, or a DataFrame with a 'resource' column.",
                           "찾은 리소스를 넘기세요. ARN 목록이나 'resource' 열이 있는 DataFrame입니다.")
    shares = external_shares(lab)
    truth = {s.resource: s for s in shares}
    missing = [r for r in truth if r not in set(found)]
    extra = [r for r in dict.fromkeys(found) if r not in truth]
    if missing:
        share = truth[missing[0]]
        return False, both(f"{len(missing)} shared resources are missing, for example {missing[0]}, which lets in "
                           f"{share.who['en']} ({', '.join(share.actions)}).",
                           f"공유된 리소스 {len(missing)}개가 빠졌습니다. 예를 들어 {josa(missing[0], '은')} "
                           f"{share.who['ko']}에게 "
                           f"({', '.join(share.actions)}) 열려 있습니다.")
    if extra:
        return False, both(f"{extra[0]} lets nobody outside the account in: the engine finds no outside principal that "
                           "its policy or sharing allows (a service acting for the account, or a condition that pins the "
                           "caller to this account, is not outside).",
                           f"{josa(extra[0], '은')} 계정 밖의 누구도 들이지 않습니다. 엔진이 정책이나 공유 설정에서 허용되는 "
                           "외부 "
                           "주체를 찾지 못했습니다(계정을 위해 일하는 서비스나, 호출자를 이 계정으로 고정하는 조건은 외부가 "
                           "아닙니다).")
    return True, both(f"All {len(truth)} resources shared outside the account: {', '.join(sorted(truth))}.",
                      f"계정 밖에 공유된 리소스 {len(truth)}개를 모두 찾았습니다: {', '.join(sorted(truth))}.")


def _shares(lab):
    from labs.access_analyzer import external_shares

    return external_shares(lab)


def _share_closed(kind: str, principal_account: str | None, en: str, ko: str, public: bool = False):
    def test(lab, state):
        open_ = [s for s in _shares(lab) if s.resource_type == kind
                 and (s.public if public else s.principal.get("AWS") == principal_account)]
        if open_:
            share = open_[0]
            note_en = note_ko = ""
            if kind == "AWS::KMS::Key":
                key = next((k for k in state.kms.keys if k.arn == share.resource), None)
                if key is not None and key.state == "PendingDeletion":
                    note_en = " A key pending deletion comes back with one cancel_key_deletion call."
                    note_ko = " 삭제 대기 중인 키는 cancel_key_deletion 호출 한 번이면 돌아옵니다."
            archived = [f for f in state.accessanalyzer.findings if f["resource"] == share.resource
                        and f["status"] == "ARCHIVED" and f["principal"] == share.principal]
            if archived:
                note_en += " Archiving the finding hides it; it does not close the share."
                note_ko += " 결과를 보관하면 가려질 뿐, 공유가 닫히지는 않습니다."
            return fails(f"{en}: {share.resource} still lets in {share.who['en']} ({', '.join(share.actions)}).{note_en}",
                         f"{ko}: {josa(share.resource, '이')} 아직 {share.who['ko']}에게 열려 있습니다"
                         f"({', '.join(share.actions)}).{note_ko}")
        return holds(f"{en}: closed.", f"{ko}: 닫혔습니다.")

    return test


AGENCY_CLOSED = Requirement(both("The agency can no longer read the uploads", "에이전시가 더 이상 업로드를 읽지 못함"),
                            _share_closed("AWS::S3::Bucket", company.AGENCY_ACCOUNT, "The agency's share",
                                          "에이전시 공유"), ("accessanalyzer",))
PROTOTYPE_CLOSED = Requirement(both("The prototype account can no longer use the backup key",
                                    "프로토타입 계정이 더 이상 백업 키를 쓰지 못함"),
                               _share_closed("AWS::KMS::Key", company.PROTOTYPE_ACCOUNT, "The prototype account's grant",
                                             "프로토타입 계정 권한"), ("accessanalyzer", "kms"))
SNAPSHOT_PRIVATE = Requirement(both("No public snapshot", "퍼블릭 스냅샷 없음"),
                               _share_closed("AWS::EC2::Snapshot", None, "The public snapshot", "퍼블릭 스냅샷", public=True),
                               ("accessanalyzer",))


def _vendor_kept_and_archived(lab, state):
    role_arn = f"arn:aws:iam::{lab.account_id}:role/{company.MONITORING_ROLE}"
    role = state.iam.role(company.MONITORING_ROLE)
    if role is None:
        return fails(f"The monitoring role {company.MONITORING_ROLE} is gone, and with it the monitoring the company "
                     "pays for: that share was agreed. Archive its finding, with the reason, instead.",
                     f"모니터링 역할 {josa(company.MONITORING_ROLE, '이')} 없어져, 회사가 비용을 내는 모니터링도 멈췄습니다. "
                     "합의된 공유이니 결과를 이유와 함께 보관하세요.")
    vendor = Caller("AWS", f"arn:aws:iam::{company.MONITORING_VENDOR_ACCOUNT}:root", company.MONITORING_VENDOR_ACCOUNT)
    if not can(vendor, "sts:AssumeRole", role_arn, identity=[ADMINISTRATOR_ACCESS], resource_policy=role.trust_policy,
               resource_account=lab.account_id, context={"sts:ExternalId": company.MONITORING_EXTERNAL_ID}).allowed:
        return fails(f"The monitoring vendor ({company.MONITORING_VENDOR_ACCOUNT}) can no longer assume "
                     f"{company.MONITORING_ROLE}: that share was agreed; archive its finding instead.",
                     f"모니터링 업체({company.MONITORING_VENDOR_ACCOUNT})가 더 이상 {josa(company.MONITORING_ROLE, '을')} 수임할 "
                     "수 없습니다. 합의된 공유이니 결과를 보관하세요.")
    findings = [f for f in state.accessanalyzer.findings if f["resource"] == role_arn]
    if not findings:
        return fails("Access Analyzer has no finding for the monitoring role yet: is an analyzer enabled?",
                     "Access Analyzer에 아직 모니터링 역할에 대한 결과가 없습니다. 분석기를 활성화했나요?")
    finding = findings[0]
    if finding["status"] != "ARCHIVED":
        return fails(f"The monitoring role's finding is {finding['status']}: it is intended, so archive it, with the reason.",
                     f"모니터링 역할의 결과가 {finding['status']} 상태입니다. 의도한 공유이니 이유와 함께 보관하세요.")
    reason = finding.get("reason") or ""
    if len(reason) < MIN_REASON:
        return fails("The monitoring role's finding is archived without a reason: write down why it is intended "
                     "(who, which contract, what protects it), so the next person need not guess.",
                     "모니터링 역할의 결과가 이유 없이 보관되었습니다. 왜 의도한 공유인지(누구, 어떤 계약, 무엇이 보호하는지) "
                     "적어 두어야 다음 사람이 추측하지 않습니다.")
    return holds(f"The monitoring vendor keeps its role; the finding is archived: \"{reason}\".",
                 f"모니터링 업체는 역할을 유지하고, 결과는 보관되었습니다: \"{reason}\".")


VENDOR_ARCHIVED = Requirement(both("The vendor's agreed share stays, archived with a reason",
                                   "합의된 업체 공유는 유지하고 이유와 함께 보관함"),
                              _vendor_kept_and_archived, ("accessanalyzer", "iam"))
TLS_KEPT = check_passes("s3_bucket_secure_transport_policy", _image_bucket,
                        both("The image bucket still refuses plain HTTP", "이미지 버킷이 여전히 평문 HTTP를 거부함"))


CHAPTER = Chapter(
    number="09",
    stem="09-iam-roles",
    title={"en": "IAM roles: keys off the server, least privilege", "ko": "IAM 역할: 서버에서 키 없애기, 최소 권한"},
    services=("ec2", "iam", "sts", "s3", "kms", "cloudtrail", "ssm"),
    build_company=(company.create_s3_gateway_endpoint, company.log_image_data_events,
                   company.create_monitoring_role),
    scenarios=(
        "iam_app_user_with_access_key",
        "iam_app_user_administrator_access",
        "ec2_app_server_access_key_in_user_data",
        "iam_deploy_policy_allows_all_of_iam",
        "iam_manager_inline_policy_allows_everything",
        "iam_developer_prototype_key_unused",
        "accessanalyzer_not_enabled",
        "accessanalyzer_external_access_findings",
    ),
    checks=(
        "ec2_instance_secrets_user_data",
        "iam_user_accesskey_unused",
        "iam_rotate_access_key_90_days",
        "ec2_instance_profile_attached",
        "iam_aws_attached_policy_no_administrative_privileges",
        "iam_customer_attached_policy_no_administrative_privileges",
        "iam_inline_policy_no_administrative_privileges",
        "accessanalyzer_enabled",
        "accessanalyzer_enabled_without_findings",
    ),
    exercises=(
        Exercise(
            id="9.1",
            title={"en": "Find the key on the server", "ko": "서버에 있는 키 찾기"},
            hint={
                "en": "describe_instance_attribute(Attribute='userData') returns base64: decode it. The key id starts "
                "with AKIA; IAM's get_access_key_last_used names the user it belongs to.",
                "ko": "describe_instance_attribute(Attribute='userData')는 base64를 돌려줍니다. 디코딩하세요. 키 ID는 "
                "AKIA로 시작하고, IAM의 get_access_key_last_used가 키의 사용자를 알려 줍니다.",
            },
            grader=grade_found_key,
            needs_answer=True,
        ),
        Exercise(
            id="9.2",
            title={"en": "Give the app a role", "ko": "앱에 역할 주기"},
            checks=("ec2_instance_profile_attached", "ec2_instance_imdsv2_enabled"),
            resource=_app_instance,
            requirements=(TRUSTED_BY_EC2, APP_CALLS, SSM_AGENT, ROLE_NOT_ADMIN),
        ),
        Exercise(
            id="9.3",
            title={"en": "Take the key off the server", "ko": "서버에서 키 없애기"},
            checks=("ec2_instance_secrets_user_data",),
            resource=_app_instance,
            requirements=(APP_ON_ROLE, APP_RUNNING, APP_CALLS, APP_KEY_DELETED, NO_OLD_KEYS),
        ),
        Exercise(
            id="9.4",
            title={"en": "Least privilege from the app's week", "ko": "앱의 일주일로 만드는 최소 권한"},
            requirements=(APP_CALLS, NEVER_CALLS, SSM_AGENT),
        ),
        Exercise(
            id="9.5",
            title={"en": "A permissions boundary as the guard rail", "ko": "안전장치로서의 권한 경계"},
            requirements=(HAS_BOUNDARY, APP_CALLS, SSM_AGENT, BOUNDARY_HOLDS),
        ),
        Exercise(
            id="9.6",
            title={"en": "No administrator rights for people and the deploy", "ko": "사람과 배포에서 관리자 권한 없애기"},
            requirements=(NO_ADMIN_POLICIES, DEVELOPER_DEPLOYS, MANAGER_READS),
        ),
        Exercise(
            id="9.7",
            title={"en": "Find what the account shares outside itself", "ko": "계정 밖에 공유된 것 찾기"},
            hint={
                "en": "For each bucket policy, role trust policy and key policy, ask the engine whether a caller from "
                "another account (or anyone) can act; snapshots are shared by their createVolumePermission attribute.",
                "ko": "버킷 정책, 역할 신뢰 정책, 키 정책마다 다른 계정의 호출자(또는 누구나)가 작업할 수 있는지 엔진에 "
                "물어보세요. 스냅샷은 createVolumePermission 속성으로 공유됩니다.",
            },
            grader=grade_external_shares,
            needs_answer=True,
        ),
        Exercise(
            id="9.8",
            title={"en": "Decide each finding: close it or archive it", "ko": "결과마다 결정하기: 닫거나 보관하거나"},
            checks=("accessanalyzer_enabled", "accessanalyzer_enabled_without_findings"),
            resource=_account,
            requirements=(AGENCY_CLOSED, TLS_KEPT, PROTOTYPE_CLOSED, SNAPSHOT_PRIVATE, VENDOR_ARCHIVED),
        ),
    ),
)
