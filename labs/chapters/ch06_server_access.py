"""Chapter 06: the five ways into the app server. Each exercise lists what its text asks for
(labs.grading): security groups are read as address sets and IAM policies by the policy engine
(labs.policy), so a grader asks what AWS would let through, not which field is set."""

from __future__ import annotations

from labs import company, inventory
from labs.chapters import Chapter, Exercise
from labs.checks.ec2_instance_managed_by_ssm import AGENT_ACTIONS, path_problems
from labs.grading import every_finding_passes
from labs.checks.lib.ec2 import rules_of, sources_outside
from labs.grading import Requirement, fails, holds, judge
from labs.language import both
from labs.policy import can, iam_user, service
from labs.policy.network import sources_for
from labs.korean import josa

EC2_SERVICE = "ec2.amazonaws.com"
SEND_KEY = "ec2-instance-connect:SendSSHPublicKey"
OS_USER = "ec2-user"
OTHER_OS_USERS = ("root", "ubuntu", "admin")
"""OS users the Instance Connect policy must not allow: root is the account an intruder wants."""
NOT_INSTANCE_CONNECT = ("ec2:TerminateInstances", "iam:CreateUser", "ssm:StartSession", "s3:GetObject")
"""Actions an Instance Connect policy has no business allowing (probes, asked of the policy engine)."""
NOT_FOR_THE_AGENT = ("iam:CreateUser", "iam:PutRolePolicy", "ec2:TerminateInstances")
"""Actions the app server's role must not allow: an administrator's role on a server is an
administrator's role for whoever gets into the server."""
MAX_HOP_LIMIT = 1


def _app_instance(aws):
    return company.instance_id(aws)


def _session_preferences(aws):
    from labs.inventory.ssm import PREFERENCES_DOCUMENT

    return PREFERENCES_DOCUMENT


def _instance(lab, state, name=company.APP_INSTANCE):
    wanted = company.instance_id(lab, name)
    return next((i for i in state.ec2.instances if i.id == wanted), None)


def _no_app_server(lab):
    return fails(
        f"The app server {company.APP_INSTANCE} no longer runs; run the labs.start(...) cell again.",
        f"앱 서버 {josa(company.APP_INSTANCE, '이')} 더 이상 실행 중이지 않습니다. labs.start(...) 셀을 다시 실행하세요.",
    )


# 6.1 ----------------------------------------------------------------------------------------------

NO_INTERNET_SSH = every_finding_passes(
    "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
    both("No security group lets the internet reach SSH (TCP 22)",
         "어떤 보안 그룹도 인터넷에서 SSH(TCP 22) 접속을 허용하지 않음"),
    both("No security group lets the internet reach SSH (TCP 22).",
         "어떤 보안 그룹도 인터넷에서 SSH(TCP 22)로 들어오는 트래픽을 허용하지 않습니다."))
NO_INTERNET_RDP = every_finding_passes(
    "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389",
    both("No security group lets the internet reach RDP (TCP 3389)",
         "어떤 보안 그룹도 인터넷에서 RDP(TCP 3389) 접속을 허용하지 않음"),
    both("No security group lets the internet reach Remote Desktop (TCP 3389).",
         "어떤 보안 그룹도 인터넷에서 원격 데스크톱(TCP 3389)으로 들어오는 트래픽을 허용하지 않습니다."))


# 6.2 ----------------------------------------------------------------------------------------------

def _app_groups(lab, state):
    """The app servers' group, and every group of the app server (an SSH rule may hide in another)."""
    ids = [company.security_group_id(lab, company.APP_SECURITY_GROUP)]
    instance = _instance(lab, state)
    ids += [g for g in (instance.group_ids if instance else []) if g not in ids]
    return [state.ec2.group(g) for g in ids if state.ec2.group(g) is not None]


def _bastion_groups(lab, state):
    """Every group of the bastion host (or its own group, once the instance is gone)."""
    instance = _instance(lab, state, company.BASTION_INSTANCE)
    ids = instance.group_ids if instance else [company.security_group_id(lab, company.BASTION_SECURITY_GROUP)]
    return [state.ec2.group(g) for g in ids if state.ec2.group(g) is not None]


def _named(state, sources) -> str:
    """Sources with the names of the security groups among them."""
    def name(source):
        group = state.ec2.group(source)
        return f"{source} ({group.name})" if group else source
    return ", ".join(name(s) for s in sources)


def _app_admits_the_bastion(lab, state):
    bastion = company.security_group_id(lab, company.BASTION_SECURITY_GROUP)
    groups = _app_groups(lab, state)
    if not groups:
        return fails(f"The app servers' group {company.APP_SECURITY_GROUP} no longer exists; run the labs.start(...) "
                     "cell again.",
                     f"앱 서버 보안 그룹 {josa(company.APP_SECURITY_GROUP, '이')} 더 이상 없습니다. labs.start(...) 셀을 다시 "
                     "실행하세요.")
    if bastion not in sources_for(rules_of(groups), "tcp", 22):
        return fails(
            f"The app servers' group does not admit SSH (TCP 22) from the bastion's group {bastion} yet: add an "
            "inbound rule whose source is that group (UserIdGroupPairs).",
            f"앱 서버 보안 그룹이 아직 베스천 호스트 보안 그룹 {bastion}에서 오는 SSH(TCP 22)를 허용하지 않습니다. "
            "소스가 그 보안 그룹인 인바운드 규칙(UserIdGroupPairs)을 추가하세요.",
        )
    return holds(f"The app servers admit SSH from the bastion's group {bastion}.",
                 f"앱 서버는 베스천 호스트 보안 그룹 {bastion}에서 오는 SSH를 허용합니다.")


def _app_admits_only_the_bastion(lab, state):
    bastion = company.security_group_id(lab, company.BASTION_SECURITY_GROUP)
    others = [s for s in sources_for(rules_of(_app_groups(lab, state)), "tcp", 22) if s != bastion]
    if others:
        return fails(
            f"The app servers also admit SSH from {_named(state, others)}: an address or range lets in whatever "
            "gets that address, not only the bastion. Keep the bastion's group as the only source.",
            f"앱 서버가 {_named(state, others)}에서 오는 SSH도 허용합니다. 주소나 주소 범위는 베스천 호스트가 아니라 그 "
            "주소를 가진 누구에게나 열립니다. 베스천 호스트 보안 그룹만 소스로 남기세요.",
        )
    return holds("Nothing else may SSH to the app servers.", "그 밖에는 누구도 앱 서버에 SSH로 접속할 수 없습니다.")


def _describe_ko(rule) -> str:
    if rule.protocol == "-1":
        return "모든 프로토콜과 포트"
    if rule.every_port:
        return f"{rule.protocol.upper()} 전체 포트"
    return rule.describe()


def _bastion_reaches_ssh_only(lab, state):
    bastion = company.security_group_id(lab, company.BASTION_SECURITY_GROUP)
    wide = [rule for rule in rules_of(_app_groups(lab, state)) if bastion in rule.groups
            and not (rule.protocol == "tcp" and rule.from_port == 22 and rule.to_port in (22, None))]
    if wide:
        what = ", ".join(dict.fromkeys(rule.describe() for rule in wide))
        what_ko = ", ".join(dict.fromkeys(_describe_ko(rule) for rule in wide))
        return fails(
            f"The app servers admit {what} from the bastion's group: a compromised bastion would reach every one "
            "of those ports. Admit TCP 22 only.",
            f"앱 서버가 베스천 호스트 보안 그룹에서 오는 접속을 {what_ko}에 대해 허용합니다. 베스천 호스트가 뚫리면 "
            "그 포트 모두에 접근할 수 있습니다. TCP 22만 허용하세요.",
        )
    return holds("From the bastion's group, the app servers admit TCP 22 only.",
                 "베스천 호스트 보안 그룹에서는 TCP 22만 허용합니다.")


def _bastion_from_the_office(lab, state):
    groups = _bastion_groups(lab, state)
    sources = sources_for(rules_of(groups), "tcp", 22)
    office = company.OFFICE_CIDR
    if not sources:
        return fails(
            f"Nothing may SSH to the bastion any more, so nobody reaches the app either: keep the office's "
            f"address, {office}, as the bastion's SSH source.",
            f"이제 베스천 호스트에 SSH로 들어올 수 있는 소스가 없어 앱 서버에도 아무도 접속할 수 없습니다. 사무실 "
            f"주소 {josa(office, '을')} 베스천 호스트의 SSH 소스로 남기세요.",
        )
    outside = sources_outside(sources, office)
    if outside:
        holding = [g.name for g in groups if set(outside) & set(sources_for(g.inbound, "tcp", 22))]
        return fails(
            f"The bastion also admits SSH from {_named(state, outside)} (security group {', '.join(holding)}): "
            f"only the office, {office}, should reach it. Half of the internet is still the internet.",
            f"베스천 호스트가 {_named(state, outside)}에서 오는 SSH도 허용합니다(보안 그룹 {', '.join(holding)}). "
            f"사무실 주소 {office}만 접속할 수 있어야 합니다. 인터넷의 절반도 인터넷입니다.",
        )
    return holds(f"The bastion admits SSH from the office only ({', '.join(sources)}).",
                 f"베스천 호스트는 사무실({', '.join(sources)})에서 오는 SSH만 허용합니다.")


BASTION_PATH = (
    Requirement(both("The app servers admit SSH from the bastion's group", "앱 서버가 베스천 호스트 보안 그룹의 SSH 허용"),
                _app_admits_the_bastion, ("ec2",)),
    Requirement(both("The app servers admit SSH from nothing else", "앱 서버가 그 밖의 SSH는 허용하지 않음"),
                _app_admits_only_the_bastion, ("ec2",)),
    Requirement(both("From the bastion's group, TCP 22 only", "베스천 호스트 보안 그룹에서는 TCP 22만"),
                _bastion_reaches_ssh_only, ("ec2",)),
    Requirement(both("The bastion admits SSH from the office only", "베스천 호스트는 사무실에서 오는 SSH만 허용"),
                _bastion_from_the_office, ("ec2",)),
)


def grade_bastion_path(lab, answer):
    """SSH reaches the app servers only from the bastion's security group (TCP 22, nothing more), and
    the bastion only from the office's address: judged on every group of both instances, read as
    address sets (labs.policy.network)."""
    app_group = company.security_group_id(lab, company.APP_SECURITY_GROUP)
    if not isinstance(answer, str) or answer not in (app_group, company.APP_SECURITY_GROUP):
        return False, both(f"Pass the app servers' security group id ({company.APP_SECURITY_GROUP}): {app_group}.",
                           f"앱 서버 보안 그룹({company.APP_SECURITY_GROUP})의 ID {josa(app_group, '을')} 넘기세요.")
    outcome = judge(lab, BASTION_PATH)
    if outcome.done:
        bastion = company.security_group_id(lab, company.BASTION_SECURITY_GROUP)
        return True, both(
            f"SSH reaches the app servers only through the bastion's group {bastion}, and the bastion only from "
            f"the office ({company.OFFICE_CIDR}).",
            f"SSH는 베스천 호스트 보안 그룹 {josa(bastion, '을')} 거쳐서만 앱 서버에 들어오고, 베스천 호스트에는 사무실"
            f"({company.OFFICE_CIDR})에서만 들어올 수 있습니다.",
        )
    return False, outcome.message


# 6.3 ----------------------------------------------------------------------------------------------

def _instance_arn(lab, instance_id: str) -> str:
    return f"arn:aws:ec2:{lab.region}:{lab.account_id}:instance/{instance_id}"


def grade_instance_connect_policy(lab, answer):
    """A customer managed policy, judged by what it lets its holder do (the policy engine): push a key
    to the app server as ec2-user; not to another instance, not as another OS user, nothing else."""
    if not isinstance(answer, str) or not answer.startswith("arn:"):
        return False, both("Pass the policy's ARN, as create_policy returned it.",
                           "create_policy가 돌려준 정책 ARN을 넘기세요.")
    if ":aws:policy/" in answer:
        return False, both(f"{answer} is an AWS managed policy: create your own (iam.create_policy).",
                           f"{josa(answer, '은')} AWS 관리형 정책입니다. 직접 만드세요(iam.create_policy).")
    document = inventory.collect(lab, {"iam"}).iam.customer_policies.get(answer)
    if document is None:
        return False, both(f"There is no policy {answer}.", f"정책 {josa(answer, '이')} 없습니다.")
    holder = iam_user(lab.account_id, "instance-connect-user")
    app_arn = _instance_arn(lab, company.instance_id(lab))

    def allowed(action, resource, user=OS_USER):
        return can(holder, action, resource, identity=[document], context={"ec2:osuser": user})

    problems_en, problems_ko = [], []
    to_app = allowed(SEND_KEY, app_arn)
    if not to_app:
        if to_app.outcome == "explicit deny":
            where = to_app.deciding[0].where
            why = both(f"{where['en']} denies it.", f"{josa(where['ko'], '이')} 거부합니다.")
        else:
            why = both("No statement allows it.", "허용하는 정책 문(Statement)이 없습니다.")
        problems_en.append(f"It does not let its holder push a key to the app server ({app_arn}) as {OS_USER}: "
                           f"{why['en']}")
        problems_ko.append(f"이 정책을 가진 사용자가 앱 서버({app_arn})에 {OS_USER} 사용자로 키를 보낼 수 없습니다. "
                           f"{why['ko']}")
    bastion = company.instance_id(lab, company.BASTION_INSTANCE)
    others = [_instance_arn(lab, i) for i in (bastion, "i-0123456789abcdef0") if i]
    reached = [arn for arn in others if allowed(SEND_KEY, arn)]
    if reached:
        problems_en.append(f"It also lets its holder push a key to {', '.join(reached)}: name the app server's "
                           "instance ARN as the only Resource, with no wildcard.")
        problems_ko.append(f"이 정책을 가진 사용자가 {', '.join(reached)}에도 키를 보낼 수 있습니다. Resource에는 "
                           "와일드카드 없이 앱 서버의 인스턴스 ARN만 적으세요.")
    users = [user for user in OTHER_OS_USERS if allowed(SEND_KEY, app_arn, user)]
    if users:
        problems_en.append(f"It also lets its holder log in as {', '.join(users)}: a condition on ec2:osuser must "
                           f"allow {OS_USER} only (StringEquals), since root over SSH is what an intruder wants.")
        problems_ko.append(f"이 정책을 가진 사용자가 {', '.join(users)} 사용자로도 로그인할 수 있습니다. ec2:osuser 조건이 "
                           f"{OS_USER}만 허용해야 합니다(StringEquals). SSH로 root가 되는 것이 침입자가 노리는 것입니다.")
    extra = [action for action in NOT_INSTANCE_CONNECT if allowed(action, "*") or allowed(action, app_arn)]
    if extra:
        problems_en.append(f"It also allows {', '.join(extra)}: this policy is for Instance Connect only.")
        problems_ko.append(f"{', '.join(extra)}도 허용합니다. 이 정책은 Instance Connect 전용입니다.")
    if problems_en:
        return False, both(f"{document.name}: " + " ".join(problems_en),
                           f"{document.name}: " + " ".join(problems_ko))
    return True, both(
        f"{document.name} lets its holder push a key to {app_arn} only, as {OS_USER} only.",
        f"{josa(document.name, '은')} {app_arn}에만, {OS_USER} 사용자로만 키를 보낼 수 있게 합니다.",
    )


# 6.4 ----------------------------------------------------------------------------------------------

def _app_role(lab, state):
    instance = _instance(lab, state)
    if instance is None:
        return None, _no_app_server(lab)
    if not instance.role_name:
        # ec2_instance_profile_attached says what is missing; nothing more to judge here.
        return None, holds("", "")
    return instance, None


def _role_trusts_ec2(lab, state):
    instance, verdict = _app_role(lab, state)
    if instance is None:
        return verdict
    role = instance.role_name
    decision = can(service(EC2_SERVICE), "sts:AssumeRole", f"arn:aws:iam::{lab.account_id}:role/{role}",
                   resource_policy=instance.role_trust_policy)
    if not decision:
        return fails(
            f"EC2 cannot assume the role {role}: {decision.explain('en')} An instance receives credentials only "
            f"from a role whose trust policy lets the service {EC2_SERVICE} call sts:AssumeRole.",
            f"EC2가 역할 {josa(role, '을')} 수임할 수 없습니다. {decision.explain('ko')} 인스턴스는 신뢰 정책이 서비스 "
            f"{EC2_SERVICE}의 sts:AssumeRole을 허용하는 역할에서만 자격 증명을 받습니다.",
        )
    return holds(f"EC2 can assume the role {role}.", f"EC2가 역할 {josa(role, '을')} 수임할 수 있습니다.")


def _role_serves_the_agent(lab, state):
    instance, verdict = _app_role(lab, state)
    if instance is None:
        return verdict
    missing = [action for action in AGENT_ACTIONS if not instance.role_allows(action)]
    if missing:
        return fails(
            f"The role {instance.role_name} does not allow what the SSM agent calls ({', '.join(missing)}): attach "
            "AmazonSSMManagedInstanceCore.",
            f"역할 {josa(instance.role_name, '이')} SSM 에이전트가 호출하는 작업({', '.join(missing)})을 허용하지 않습니다. "
            "AmazonSSMManagedInstanceCore를 연결하세요.",
        )
    return holds(f"The role {instance.role_name} allows the SSM agent's actions.",
                 f"역할 {josa(instance.role_name, '은')} SSM 에이전트의 작업을 허용합니다.")


def _role_is_not_an_administrator(lab, state):
    instance, verdict = _app_role(lab, state)
    if instance is None:
        return verdict
    extra = [action for action in NOT_FOR_THE_AGENT if instance.role_allows(action)]
    if extra:
        return fails(
            f"The role {instance.role_name} also allows {', '.join(extra)}: whoever gets into the server, or reads "
            "its metadata credentials, gets that too. Give it AmazonSSMManagedInstanceCore only.",
            f"역할 {josa(instance.role_name, '은')} {', '.join(extra)}도 허용합니다. 서버에 들어오거나 메타데이터의 자격 "
            "증명을 읽는 사람도 같은 권한을 얻습니다. AmazonSSMManagedInstanceCore만 연결하세요.",
        )
    return holds(f"The role {instance.role_name} allows nothing an administrator would need.",
                 f"역할 {josa(instance.role_name, '은')} 관리자 권한을 주지 않습니다.")


SSM_ROLE = (
    Requirement(both("EC2 can assume the role (its trust policy)", "EC2가 역할을 수임할 수 있음(신뢰 정책)"),
                _role_trusts_ec2, ("ec2",)),
    Requirement(both("The role allows the SSM agent's actions", "역할이 SSM 에이전트의 작업을 허용"),
                _role_serves_the_agent, ("ec2",)),
    Requirement(both("The role is no administrator", "역할에 관리자 권한이 없음"), _role_is_not_an_administrator, ("ec2",)),
)


# 6.5 ----------------------------------------------------------------------------------------------

def _path_to_ssm(lab, state):
    instance = _instance(lab, state)
    if instance is None:
        return _no_app_server(lab)
    problems = path_problems(state, instance)
    if problems:
        return fails(
            f"The app server cannot reach Systems Manager from its private subnet: "
            f"{'; '.join(en for en, _ in problems)}.",
            f"앱 서버가 프라이빗 서브넷에서 Systems Manager에 연결할 수 없습니다. {'; '.join(ko for _, ko in problems)}.",
        )
    return holds("The app server reaches ssm, ssmmessages and ec2messages through interface endpoints, on 443.",
                 "앱 서버는 인터페이스 엔드포인트를 거쳐 443으로 ssm, ssmmessages, ec2messages에 연결할 수 있습니다.")


PATH_TO_SSM = Requirement(both("Interface endpoints for ssm, ssmmessages, ec2messages the app server can reach",
                               "앱 서버가 연결할 수 있는 ssm, ssmmessages, ec2messages 인터페이스 엔드포인트"),
                          _path_to_ssm, ("ec2",))


# 6.6 ----------------------------------------------------------------------------------------------

def _customer_key_problem(state, key_id, where_en, where_ko):
    """(en, ko) when `key_id` is not an enabled customer managed key of the account, else None."""
    key = state.kms.key(key_id)
    if key is None:
        return (f"{where_en} names {key_id}, which is no KMS key of this account",
                f"{josa(where_ko, '이')} 지정한 {josa(key_id, '은')} 이 계정의 KMS 키가 아님")
    if key.manager != "CUSTOMER" or key.state != "Enabled":
        return (f"{where_en} uses {key.label}, which is not an enabled customer managed key ({key.manager}, {key.state})",
                f"{josa(where_ko, '이')} 쓰는 {josa(key.label, '은')} 활성화된 고객 관리형 키가 아님({key.manager}, {key.state})")
    return None


def _log_bucket_encrypted(lab, state):
    preferences = state.ssm.session_preferences or {}
    name = preferences.get("s3BucketName")
    if not name:
        return holds("", "")  # the check says that the preferences name no bucket
    bucket = state.s3.bucket(name)
    if bucket is None:
        return fails(f"The session log bucket {name} does not exist: Session Manager could not write a single log.",
                     f"세션 로그 버킷 {josa(name, '이')} 없습니다. 세션 관리자는 로그를 하나도 쓸 수 없습니다.")
    rules = [rule.get("ApplyServerSideEncryptionByDefault") or {} for rule in bucket.default_encryption]
    kms = [d for d in rules if str(d.get("SSEAlgorithm", "")).startswith("aws:kms")]
    if not kms:
        algorithm = ", ".join(str(d.get("SSEAlgorithm")) for d in rules)
        return fails(
            f"The session log bucket {name} does not encrypt with a KMS key by default ({algorithm or 'none'}): set its "
            "default encryption to aws:kms with the logs' key. The preferences' s3EncryptionEnabled only makes the "
            "agent refuse an unencrypted bucket; it encrypts nothing.",
            f"세션 로그 버킷 {name}의 기본 암호화가 KMS 키가 아닙니다({algorithm or '없음'}). 기본 암호화를 로그용 키를 쓰는 "
            "aws:kms로 설정하세요. 기본 설정의 s3EncryptionEnabled는 에이전트가 암호화되지 않은 버킷을 거부하게 할 뿐, "
            "직접 암호화하지 않습니다.",
        )
    key_id = kms[0].get("KMSMasterKeyID")
    if not key_id:
        return fails(f"The session log bucket {name} uses aws:kms without naming a key, so S3 uses the AWS managed "
                     "key aws/s3: name the logs' customer managed key.",
                     f"세션 로그 버킷 {josa(name, '은')} 키를 지정하지 않은 aws:kms라 S3가 AWS 관리형 키 aws/s3를 씁니다. "
                     "로그용 고객 관리형 키를 지정하세요.")
    problem = _customer_key_problem(state, key_id, f"The default encryption of {name}", f"{name}의 기본 암호화")
    if problem:
        return fails(problem[0] + ".", problem[1] + ".")
    return holds(f"The session log bucket {name} encrypts with {state.kms.key(key_id).label} by default.",
                 f"세션 로그 버킷 {josa(name, '은')} 기본으로 {josa(state.kms.key(key_id).label, '으로')} 암호화합니다.")


def _log_group_key_usable(lab, state):
    preferences = state.ssm.session_preferences or {}
    group = state.ssm.log_groups.get(preferences.get("cloudWatchLogGroupName") or "")
    if group is None or not group.kms_key_id:
        return holds("", "")  # the check says what is missing
    problem = _customer_key_problem(state, group.kms_key_id, f"The log group {group.name}", f"로그 그룹 {group.name}")
    if problem:
        return fails(problem[0] + ": CloudWatch Logs could not write the sessions.",
                     problem[1] + ". CloudWatch Logs가 세션을 기록할 수 없습니다.")
    return holds(f"The log group {group.name} is encrypted with an enabled customer managed key.",
                 f"로그 그룹 {josa(group.name, '은')} 활성화된 고객 관리형 키로 암호화됩니다.")


SESSION_LOG_STORAGE = (
    Requirement(both("The session log bucket encrypts with a customer managed KMS key by default",
                     "세션 로그 버킷의 기본 암호화가 고객 관리형 KMS 키"), _log_bucket_encrypted, ("ssm", "s3", "kms")),
    Requirement(both("The log group's key is an enabled customer managed key",
                     "로그 그룹의 키가 활성화된 고객 관리형 키"), _log_group_key_usable, ("ssm", "kms")),
)


# 6.7 ----------------------------------------------------------------------------------------------

def _metadata_service_on(lab, state):
    instance = _instance(lab, state)
    if instance is None:
        return _no_app_server(lab)
    if instance.metadata_options.get("HttpEndpoint") == "disabled":
        return fails(
            "The metadata service is off: the role from 6.4 then gives the server no credentials and the SSM agent "
            "cannot register. Turn it on (HttpEndpoint enabled) with tokens required.",
            "메타데이터 서비스가 꺼져 있습니다. 그러면 6.4의 역할이 서버에 자격 증명을 주지 못하고 SSM 에이전트도 등록할 "
            "수 없습니다. 토큰을 필수로 한 채 켜세요(HttpEndpoint enabled).",
        )
    return holds("The metadata service is on.", "메타데이터 서비스가 켜져 있습니다.")


def _hop_limit_one(lab, state):
    instance = _instance(lab, state)
    if instance is None:
        return _no_app_server(lab)
    limit = instance.metadata_options.get("HttpPutResponseHopLimit", MAX_HOP_LIMIT)
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        return fails(f"The response hop limit cannot be read ({limit!r}); set HttpPutResponseHopLimit to 1.",
                     f"응답 홉 제한을 읽을 수 없습니다({limit!r}). HttpPutResponseHopLimit를 1로 설정하세요.")
    if limit > MAX_HOP_LIMIT:
        return fails(
            f"The response hop limit is {limit}: a token then travels {limit} network hops, out of a container or "
            "through a forwarding proxy on the server. Keep HttpPutResponseHopLimit at 1.",
            f"응답 홉 제한이 {limit}입니다. 그러면 토큰이 네트워크 홉 {limit}개를 건너가, 서버의 컨테이너나 전달 프록시 "
            "밖으로도 나갑니다. HttpPutResponseHopLimit를 1로 두세요.",
        )
    return holds("A token does not leave the instance (hop limit 1).", "토큰이 인스턴스 밖으로 나가지 않습니다(홉 제한 1).")


IMDS_ON = Requirement(both("The metadata service stays on", "메타데이터 서비스가 켜져 있음"), _metadata_service_on, ("ec2",))
HOP_LIMIT = Requirement(both("The response hop limit is 1", "응답 홉 제한이 1"), _hop_limit_one, ("ec2",))


# 6.8 ----------------------------------------------------------------------------------------------

def _which_vpc(lab, finding) -> dict | None:
    """Names the default VPC, which learners forget: it is not the company's."""
    if company.vpc_id(lab) and company.vpc_id(lab) in finding.message["en"]:
        return None
    return both("That VPC is the default VPC AWS made in this region: its default group must be empty too.",
                "이 VPC는 AWS가 이 리전에 만든 기본 VPC입니다. 이 기본 보안 그룹도 비워야 합니다.")


EVERY_DEFAULT_GROUP_EMPTY = every_finding_passes(
    "ec2_securitygroup_default_restrict_traffic",
    both("The default security group of every VPC, the default VPC's too, has no rules",
         "기본 VPC를 포함한 모든 VPC의 기본 보안 그룹에 규칙이 없음"),
    both("The default security group of every VPC allows no traffic.",
         "모든 VPC의 기본 보안 그룹이 어떤 트래픽도 허용하지 않습니다."),
    _which_vpc)


# 6.9 ----------------------------------------------------------------------------------------------

WAYS_IN = ("SSH direct", "Bastion host", "EC2 Instance Connect", "Session Manager", "Third-party")
ASPECTS = ("exposure", "key management", "audit trail", "cost")
WAY_NAMES_KO = {"SSH 직접 접속": "SSH direct", "베스천 호스트": "Bastion host", "세션 관리자": "Session Manager",
                "서드파티 솔루션": "Third-party", "서드파티": "Third-party"}
ASPECT_NAMES_KO = {"노출": "exposure", "키 관리": "key management", "감사 기록": "audit trail", "비용": "cost"}
WAYS_IN_KO = ("SSH 직접 접속", "베스천 호스트", "EC2 Instance Connect", "세션 관리자", "서드파티 솔루션")
ASPECTS_KO = tuple(ASPECT_NAMES_KO)
_SHOWN_KO = {**dict(zip(WAYS_IN, WAYS_IN_KO, strict=True)), **dict(zip(ASPECTS, ASPECTS_KO, strict=True))}
PLACEHOLDERS = {"todo", "tbd", "xxx", "none?", "채우기", "작성"}


def _canonical(label) -> str:
    """A row or column label as the grader knows it: a way in or an aspect, in any case, in English or
    Korean; anything else as written (spaces tidied)."""
    text = " ".join(str(label).split())
    known = {name.lower(): name for name in WAYS_IN + ASPECTS}
    known.update({name.lower(): canonical for name, canonical in {**WAY_NAMES_KO, **ASPECT_NAMES_KO}.items()})
    return known.get(text.lower(), text)


def _filled(value) -> bool:
    """A cell holds an answer when it has a letter or a digit (Hangul counts: "무료", "없음") and is no placeholder."""
    import pandas as pd

    try:
        if pd.isna(value):
            return False
    except (TypeError, ValueError):
        pass
    text = " ".join(str(value).split())
    return any(ch.isalnum() for ch in text) and text.lower() not in PLACEHOLDERS


def grade_comparison(lab, answer):
    """A filled comparison table: the five ways in as rows, the four aspects as columns (Korean labels
    and a transposed table too), every cell an answer in any language, however short."""
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        return False, both("Pass the comparison table, a pandas DataFrame.", "비교표(pandas DataFrame)를 넘기세요.")
    table = answer.copy()
    table.index = [_canonical(i) for i in table.index]
    table.columns = [_canonical(c) for c in table.columns]
    if sum(w in table.columns for w in WAYS_IN) > sum(w in table.index for w in WAYS_IN):
        table = table.T
    missing_rows = [w for w in WAYS_IN if w not in table.index]
    missing_columns = [a for a in ASPECTS if a not in table.columns]
    if missing_rows or missing_columns:
        en, ko = [], []
        if missing_rows:
            en.append(f"The rows must be the five ways in; missing: {', '.join(missing_rows)}.")
            ko.append(f"행은 다섯 가지 접속 방법이어야 합니다. 빠진 행: {', '.join(_SHOWN_KO[w] for w in missing_rows)}.")
        if missing_columns:
            en.append(f"The columns must be {', '.join(ASPECTS)}; missing: {', '.join(missing_columns)}.")
            ko.append(f"열 이름은 {', '.join(ASPECTS_KO)}(또는 {', '.join(ASPECTS)})여야 합니다. "
                      f"빠진 열: {', '.join(_SHOWN_KO[a] for a in missing_columns)}.")
        return False, both(" ".join(en), " ".join(ko))
    table = table.loc[~table.index.duplicated(), ~table.columns.duplicated()]
    empty = [f"{way} / {aspect}" for way in WAYS_IN for aspect in ASPECTS if not _filled(table.loc[way, aspect])]
    if empty:
        return False, both(f"{len(empty)} cells are still empty, for example {', '.join(empty[:3])}.",
                           f"아직 빈 칸이 {len(empty)}개 있습니다. 예: "
                           f"{', '.join(' / '.join(_SHOWN_KO[p] for p in cell.split(' / ')) for cell in empty[:3])}.")
    cells = {" ".join(str(table.loc[way, aspect]).split()).lower() for way in WAYS_IN for aspect in ASPECTS}
    if len(cells) == 1:
        return False, both(f"Every cell says the same thing ({next(iter(cells))!r}): compare the ways in, cell by cell.",
                           f"모든 칸이 같은 내용입니다({next(iter(cells))!r}). 접속 방법을 칸마다 비교해 적으세요.")
    return True, both("All five ways in compared on exposure, key management, audit trail and cost.",
                      "다섯 가지 접속 방법을 노출, 키 관리, 감사 기록, 비용으로 모두 비교했습니다.")


CHAPTER = Chapter(
    number="06",
    stem="06-server-access",
    title={"en": "Server access: five ways in", "ko": "서버 접근 제어: 다섯 가지 접속 방법"},
    services=("ec2", "elbv2", "ssm", "logs", "iam", "kms", "s3", "sts"),
    build_company=(company.create_network, company.create_app_server, company.create_load_balancer,
                   company.create_bastion_host),
    wrap_up=(company.retire_bastion_host,),
    scenarios=(
        "ec2_launch_wizard_group_open_to_internet",
        "ec2_default_security_group_allows_traffic",
        "ec2_app_instance_imdsv1_allowed",
        "ec2_app_instance_not_managed_by_ssm",
        "ssm_session_logging_off",
    ),
    checks=(
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389",
        "ec2_securitygroup_default_restrict_traffic",
        "ec2_instance_imdsv2_enabled",
        "ec2_instance_profile_attached",
        "ec2_instance_managed_by_ssm",
        "ssm_session_manager_logging_enabled",
    ),
    exercises=(
        Exercise(
            id="6.1",
            title={"en": "Close SSH and RDP to the internet", "ko": "인터넷에 열린 SSH와 RDP 닫기"},
            requirements=(NO_INTERNET_SSH, NO_INTERNET_RDP),
        ),
        Exercise(
            id="6.2",
            title={"en": "SSH to the app only through the bastion", "ko": "베스천 호스트를 거쳐서만 앱에 SSH 접속"},
            hint={
                "en": "An inbound rule's source can be another security group instead of an address range: "
                "give the app servers' group a rule for TCP 22 whose source is the bastion's group, and keep the "
                "office's address as the bastion's only SSH source.",
                "ko": "인바운드 규칙의 소스로 주소 범위 대신 다른 보안 그룹을 지정할 수 있습니다. 앱 서버 보안 그룹에 "
                "소스가 베스천 호스트 보안 그룹인 TCP 22 규칙을 추가하고, 베스천 호스트의 SSH 소스는 사무실 주소 "
                "하나로 두세요.",
            },
            grader=grade_bastion_path,
            needs_answer=True,
        ),
        Exercise(
            id="6.3",
            title={"en": "An Instance Connect policy for one server", "ko": "서버 하나만을 위한 Instance Connect 정책"},
            hint={
                "en": "One Allow statement: the action ec2-instance-connect:SendSSHPublicKey, the app server's "
                "instance ARN as the resource, and a StringEquals condition on ec2:osuser.",
                "ko": "Allow 정책 문(Statement) 하나: 작업 ec2-instance-connect:SendSSHPublicKey, 리소스는 앱 서버 "
                "인스턴스 ARN, 그리고 ec2:osuser에 대한 StringEquals 조건입니다.",
            },
            grader=grade_instance_connect_policy,
            needs_answer=True,
        ),
        Exercise(
            id="6.4",
            title={"en": "Give the app server a role for SSM", "ko": "앱 서버에 SSM용 역할 연결하기"},
            checks=("ec2_instance_profile_attached",),
            resource=_app_instance,
            requirements=SSM_ROLE,
        ),
        Exercise(
            id="6.5",
            title={"en": "VPC endpoints so the private server reaches SSM",
                   "ko": "프라이빗 서버가 SSM에 연결되도록 VPC 엔드포인트 만들기"},
            requirements=(PATH_TO_SSM,),
            hint={
                "en": "From a private subnet, the agent needs one interface endpoint for each of ssm, ssmmessages "
                "and ec2messages, with private DNS on and a security group that admits TCP 443 from the app server.",
                "ko": "프라이빗 서브넷의 에이전트에는 ssm, ssmmessages, ec2messages마다 인터페이스 엔드포인트가 하나씩 "
                "필요합니다. 프라이빗 DNS를 켜고, 보안 그룹이 앱 서버의 TCP 443 접속을 허용해야 합니다.",
            },
        ),
        Exercise(
            id="6.6",
            title={"en": "Log every session, encrypted", "ko": "모든 세션을 암호화해 기록하기"},
            checks=("ssm_session_manager_logging_enabled",),
            resource=_session_preferences,
            requirements=SESSION_LOG_STORAGE,
        ),
        Exercise(
            id="6.7",
            title={"en": "Require IMDSv2 on the app server", "ko": "앱 서버에 IMDSv2 필수로 설정하기"},
            checks=("ec2_instance_imdsv2_enabled",),
            resource=_app_instance,
            requirements=(IMDS_ON, HOP_LIMIT),
        ),
        Exercise(
            id="6.8",
            title={"en": "Empty the default security groups", "ko": "기본 보안 그룹 비우기"},
            requirements=(EVERY_DEFAULT_GROUP_EMPTY,),
        ),
        Exercise(
            id="6.9",
            title={"en": "Compare the five ways in", "ko": "다섯 가지 접속 방법 비교하기"},
            hint={
                "en": "Rows: " + ", ".join(WAYS_IN) + ". Columns: " + ", ".join(ASPECTS) + ". A few words per cell.",
                "ko": "행: " + ", ".join(WAYS_IN_KO) + ". 열: " + ", ".join(ASPECTS_KO) + ". 칸마다 몇 단어면 됩니다. "
                "한국어로 짧게 써도 됩니다(예: 무료, 없음). 영어 이름(" + ", ".join(ASPECTS) + ")도 됩니다.",
            },
            grader=grade_comparison,
            needs_answer=True,
        ),
    ),
)
