import json

from labs import company
from labs.chapters import Chapter, Exercise
from labs.language import both


def _launch_wizard_group(aws):
    return company.security_group_id(aws, "launch-wizard-1")


def _app_instance(aws):
    return company.instance_id(aws)


def _default_group(aws):
    groups = aws.client("ec2").describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [company.vpc_id(aws)]}, {"Name": "group-name", "Values": ["default"]}])
    return groups["SecurityGroups"][0]["GroupId"]


def _session_preferences(aws):
    from labs.inventory.ssm import PREFERENCES_DOCUMENT

    return PREFERENCES_DOCUMENT


def grade_bastion_path(lab, answer):
    """SSH reaches the app server only from the bastion's security group, and the bastion only from
    known addresses."""
    ec2 = lab.client("ec2")
    app_group = company.security_group_id(lab, company.APP_SECURITY_GROUP)
    bastion_group = company.security_group_id(lab, company.BASTION_SECURITY_GROUP)
    if answer != app_group:
        return False, both(f"Pass the app servers' security group id ({company.APP_SECURITY_GROUP}): {app_group}.",
                           f"앱 서버 보안 그룹({company.APP_SECURITY_GROUP})의 ID {app_group}을(를) 넘기세요.")

    def ssh_sources(group_id):
        group = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
        sources = []
        for p in group["IpPermissions"]:
            if p["IpProtocol"] == "-1" or p.get("FromPort", 0) <= 22 <= p.get("ToPort", 65535):
                sources += [r["CidrIp"] for r in p.get("IpRanges", [])]
                sources += [r["CidrIpv6"] for r in p.get("Ipv6Ranges", [])]
                sources += [g["GroupId"] for g in p.get("UserIdGroupPairs", [])]
        return sources

    app_sources = ssh_sources(app_group)
    if bastion_group not in app_sources:
        return False, both(
            f"The app servers' group does not admit SSH (TCP 22) from the bastion's group {bastion_group} yet.",
            f"앱 서버 보안 그룹이 아직 베스천 호스트 보안 그룹 {bastion_group}에서 오는 SSH(TCP 22)를 허용하지 "
            "않습니다.",
        )
    others = [s for s in app_sources if s != bastion_group]
    if others:
        return False, both(f"The app servers' group also admits SSH from {', '.join(others)}: only the bastion should.",
                           f"앱 서버 보안 그룹이 {', '.join(others)}에서 오는 SSH도 허용합니다. 베스천 호스트만 "
                           "허용해야 합니다.")
    open_bastion = [s for s in ssh_sources(bastion_group) if s in ("0.0.0.0/0", "::/0")]
    if open_bastion:
        return False, both(f"The bastion itself admits SSH from {', '.join(open_bastion)}.",
                           f"베스천 호스트 자체가 {', '.join(open_bastion)}에서 오는 SSH를 허용합니다.")
    return True, both(
        f"SSH reaches the app servers only through the bastion's group {bastion_group}, and the bastion only "
        f"from {', '.join(ssh_sources(bastion_group)) or 'nowhere'}.",
        f"SSH는 베스천 호스트 보안 그룹 {bastion_group}을(를) 거쳐서만 앱 서버에 닿고, 베스천 호스트에는 "
        f"{', '.join(ssh_sources(bastion_group)) or '어디서도'}에서만 닿습니다.",
    )


def _as_list(value):
    return value if isinstance(value, list) else [value]


def grade_instance_connect_policy(lab, answer):
    """A customer managed policy that allows ec2-instance-connect:SendSSHPublicKey on the app
    server's ARN only (no wildcard), for one OS user."""
    iam = lab.client("iam")
    if not isinstance(answer, str) or not answer.startswith("arn:"):
        return False, both("Pass the policy's ARN, as create_policy returned it.",
                           "create_policy가 돌려준 정책 ARN을 넘기세요.")
    try:
        policy = iam.get_policy(PolicyArn=answer)["Policy"]
    except iam.exceptions.NoSuchEntityException:
        return False, both(f"There is no policy {answer}.", f"정책 {answer}이(가) 없습니다.")
    document = iam.get_policy_version(PolicyArn=answer, VersionId=policy["DefaultVersionId"])["PolicyVersion"]["Document"]
    if isinstance(document, str):
        document = json.loads(document)
    statements = [s for s in _as_list(document.get("Statement", [])) if s.get("Effect") == "Allow"
                  and any(a.lower() in ("ec2-instance-connect:sendsshpublickey", "ec2-instance-connect:*", "*")
                          for a in _as_list(s.get("Action", [])))]
    if not statements:
        return False, both("No Allow statement for ec2-instance-connect:SendSSHPublicKey.",
                           "ec2-instance-connect:SendSSHPublicKey를 허용(Allow)하는 문이 없습니다.")
    instance_arn = f"arn:aws:ec2:{lab.region}:{lab.account_id}:instance/{company.instance_id(lab)}"
    for statement in statements:
        resources = _as_list(statement.get("Resource", []))
        wide = [r for r in resources if "*" in r]
        if wide:
            return False, both(f"The statement allows {', '.join(wide)}: scope it to the app server, {instance_arn}.",
                               f"문이 {', '.join(wide)}을(를) 허용합니다. 앱 서버 {instance_arn}로 좁히세요.")
        if instance_arn not in resources:
            return False, both(f"The statement does not name the app server, {instance_arn}.",
                               f"문에 앱 서버 {instance_arn}이(가) 없습니다.")
        if "ec2:osuser" not in json.dumps(statement.get("Condition", {})):
            return False, both("Also limit the OS user with the condition key ec2:osuser (ec2-user).",
                               "조건 키 ec2:osuser(ec2-user)로 OS 사용자도 제한하세요.")
    return True, both(f"{policy['PolicyName']} lets its holder push a key to {instance_arn} only, as one OS user.",
                      f"{policy['PolicyName']}은(는) {instance_arn}에만, 한 OS 사용자로만 키를 보낼 수 있게 합니다.")


WAYS_IN = ("SSH direct", "Bastion host", "EC2 Instance Connect", "Session Manager", "Third-party")
ASPECTS = ("exposure", "key management", "audit trail", "cost")
MIN_ANSWER_LENGTH = 3


def grade_comparison(lab, answer):
    """A filled comparison table: the five ways in as rows, the four aspects as columns."""
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        return False, both("Pass the comparison table, a pandas DataFrame.", "비교표(pandas DataFrame)를 넘기세요.")
    table = answer.copy()
    table.index = [str(i).strip() for i in table.index]
    table.columns = [str(c).strip().lower() for c in table.columns]
    missing_rows = [w for w in WAYS_IN if w not in table.index]
    missing_columns = [a for a in ASPECTS if a not in table.columns]
    if missing_rows or missing_columns:
        return False, both(
            f"The table needs the rows {', '.join(missing_rows) or '(all there)'} and the columns "
            f"{', '.join(missing_columns) or '(all there)'}.",
            f"표에 행 {', '.join(missing_rows) or '(모두 있음)'}과(와) 열 {', '.join(missing_columns) or '(모두 있음)'}이(가) "
            "필요합니다.",
        )
    empty = [f"{way} / {aspect}" for way in WAYS_IN for aspect in ASPECTS
             if len(str(table.loc[way, aspect]).strip()) < MIN_ANSWER_LENGTH or pd.isna(table.loc[way, aspect])]
    if empty:
        return False, both(f"{len(empty)} cells are still empty, for example {', '.join(empty[:3])}.",
                           f"아직 빈 칸이 {len(empty)}개 있습니다. 예: {', '.join(empty[:3])}.")
    return True, both("All five ways in compared on exposure, key management, audit trail and cost.",
                      "다섯 가지 접속 방법을 노출, 키 관리, 감사 기록, 비용으로 모두 비교했습니다.")


CHAPTER = Chapter(
    number="06",
    stem="06-server-access",
    title={"en": "Server access: five ways in", "ko": "서버 접근 제어: 다섯 가지 접속 방법"},
    services=("ec2", "elbv2", "ssm", "logs", "iam", "kms", "s3", "sts"),
    build_company=(company.create_network, company.create_app_server, company.create_load_balancer,
                   company.create_bastion_host),
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
            checks=("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
                    "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389"),
            resource=_launch_wizard_group,
        ),
        Exercise(
            id="6.2",
            title={"en": "SSH to the app only through the bastion", "ko": "베스천 호스트를 거쳐서만 앱에 SSH 접속"},
            hint={
                "en": "An inbound rule's source can be another security group instead of an address range: "
                "give the app servers' group a rule for TCP 22 whose source is the bastion's group.",
                "ko": "인바운드 규칙의 소스로 주소 범위 대신 다른 보안 그룹을 지정할 수 있습니다. 앱 서버 보안 그룹에 "
                "소스가 베스천 호스트 보안 그룹인 TCP 22 규칙을 추가하세요.",
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
                "ko": "Allow 문 하나: 작업 ec2-instance-connect:SendSSHPublicKey, 리소스는 앱 서버 인스턴스 ARN, "
                "그리고 ec2:osuser에 대한 StringEquals 조건입니다.",
            },
            grader=grade_instance_connect_policy,
            needs_answer=True,
        ),
        Exercise(
            id="6.4",
            title={"en": "Give the app server a role for SSM", "ko": "앱 서버에 SSM용 역할 연결하기"},
            checks=("ec2_instance_profile_attached",),
            resource=_app_instance,
        ),
        Exercise(
            id="6.5",
            title={"en": "VPC endpoints so the private server reaches SSM",
                   "ko": "프라이빗 서버가 SSM에 닿도록 VPC 엔드포인트 만들기"},
            checks=("ec2_instance_managed_by_ssm",),
            resource=_app_instance,
        ),
        Exercise(
            id="6.6",
            title={"en": "Log every session, encrypted", "ko": "모든 세션을 암호화해 기록하기"},
            checks=("ssm_session_manager_logging_enabled",),
            resource=_session_preferences,
        ),
        Exercise(
            id="6.7",
            title={"en": "Require IMDSv2 on the app server", "ko": "앱 서버에 IMDSv2 필수로 설정하기"},
            checks=("ec2_instance_imdsv2_enabled",),
            resource=_app_instance,
        ),
        Exercise(
            id="6.8",
            title={"en": "Empty the default security group", "ko": "기본 보안 그룹 비우기"},
            checks=("ec2_securitygroup_default_restrict_traffic",),
            resource=_default_group,
        ),
        Exercise(
            id="6.9",
            title={"en": "Compare the five ways in", "ko": "다섯 가지 접속 방법 비교하기"},
            hint={
                "en": "Rows: " + ", ".join(WAYS_IN) + ". Columns: " + ", ".join(ASPECTS) + ". A few words per cell.",
                "ko": "행: " + ", ".join(WAYS_IN) + ". 열: " + ", ".join(ASPECTS) + ". 칸마다 몇 단어면 됩니다.",
            },
            grader=grade_comparison,
            needs_answer=True,
        ),
    ),
)
