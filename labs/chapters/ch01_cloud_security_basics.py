"""Chapter 01: cloud security basics. The shared responsibility model per service, the common
misconfigurations of the talk (CSA Top Threats 2024) mapped to the lab's checks, and a first look
at an account with planted problems.

Chapter 01 is not part of the story's account (`in_story=False`): its planted problems are a
preview, taught properly in the chapters that own them, so later chapters do not start from it.
"""

from __future__ import annotations

from labs import company
from labs.chapters import Chapter, Exercise
from labs.language import both

SERVICES = ("EC2", "RDS", "S3")
ANSWERS = ("AWS", "Customer", "n/a")
A, C, N = ANSWERS

# duty id: (English, Korean, EC2, RDS, S3). "n/a": the service has no such thing.
DUTIES = {
    "physical_security": ("Physical security of the data centres", "데이터 센터의 물리 보안", A, A, A),
    "hardware": ("Servers, disks and network hardware, and replacing them when they fail",
                 "서버, 디스크, 네트워크 장비와 고장 시 교체", A, A, A),
    "hypervisor": ("The hypervisor that keeps one customer's machines apart from another's",
                   "고객끼리 서로의 머신을 분리하는 하이퍼바이저", A, A, A),
    "global_network": ("The network between Regions and Availability Zones", "리전과 가용 영역 사이의 네트워크", A, A, A),
    "host_os": ("Patching the host operating system the hypervisor runs on", "하이퍼바이저가 도는 호스트 운영체제 패치", A, A, A),
    "guest_os": ("Patching the guest operating system (the one you would SSH into)",
                 "게스트 운영체제 패치(SSH로 접속하는 그 운영체제)", C, A, N),
    "db_engine": ("Patching the database engine (MySQL, PostgreSQL, ...)",
                  "데이터베이스 엔진(MySQL, PostgreSQL 등) 패치", C, A, N),
    "server_hardening": ("Hardening the server: SSH settings, the OS firewall, antivirus",
                         "서버 보안 강화: SSH 설정, 운영체제 방화벽, 백신", C, A, N),
    "application": ("Installing and updating your application on the server", "서버에 애플리케이션 설치와 업데이트", C, N, N),
    "durability": ("Keeping stored bytes durable across disks (copies inside the service)",
                   "저장된 데이터를 여러 디스크에 복제해 내구성 유지(서비스 내부 복제)", A, A, A),
    "capacity": ("Choosing and growing storage capacity (volume size, allocated storage)",
                 "스토리지 용량 선택과 증설(볼륨 크기, 할당 스토리지)", C, C, A),
    "multi_az": ("Surviving the loss of an Availability Zone (choosing Multi-AZ)",
                 "가용 영역 하나의 장애 견디기(다중 AZ 선택)", C, C, A),
    "network_rules": ("Network rules in front of the resource: security groups and network ACLs",
                      "리소스 앞의 네트워크 규칙: 보안 그룹과 네트워크 ACL", C, C, N),
    "bucket_policies": ("Bucket policies, ACLs and Block Public Access", "버킷 정책, ACL, 퍼블릭 액세스 차단", N, N, C),
    "iam": ("IAM users, roles and policies that may use the resource", "리소스를 쓸 수 있는 IAM 사용자, 역할, 정책", C, C, C),
    "encryption_at_rest": ("Encryption settings for data at rest (turning it on, choosing the KMS key)",
                           "저장 데이터 암호화 설정(켜기, KMS 키 선택)", C, C, C),
    "encryption_in_transit": ("Requiring TLS for every connection", "모든 연결에 TLS 요구하기", C, C, C),
    "backups": ("Turning on backups and choosing how long to keep them (snapshots, retention, versioning)",
                "백업 켜기와 보관 기간 정하기(스냅샷, 보존 기간, 버전 관리)", C, C, C),
    "admin_credentials": ("Administrator credentials: key pairs, the database master password",
                          "관리자 자격 증명: 키 페어, 데이터베이스 마스터 비밀번호", C, C, N),
    "logging": ("Turning on logs of who did what (CloudTrail, database and access logs)",
                "누가 무엇을 했는지 남기는 로그 켜기(CloudTrail, 데이터베이스 로그, 액세스 로그)", C, C, C),
    "data": ("The data itself: what is stored, whose it is, how sensitive it is",
             "데이터 자체: 무엇을 저장하고, 누구의 것이며, 얼마나 민감한지", C, C, C),
}


def duties_table(lang: str = "en", answers: bool = False):
    """The duties as a DataFrame indexed by duty id: the duty in one language, then one column per
    service, "?" to fill in (or, with answers=True, the lab's answer)."""
    import pandas as pd

    from labs.findings_table import table

    rows = []
    for duty_id, (en, ko, *owners) in DUTIES.items():
        row = {"duty": ko if lang == "ko" else en}
        row.update({service: owner if answers else "?" for service, owner in zip(SERVICES, owners, strict=True)})
        rows.append(pd.Series(row, name=duty_id))
    return table(pd.DataFrame(rows), lang)


SYNONYMS = {"aws": A, "customer": C, "고객": C, "n/a": N, "na": N, "-": N, "none": N, "not applicable": N,
            "해당 없음": N, "해당없음": N}
"""What a learner may write for each answer, in English or Korean (case and spacing do not matter)."""


def _normalise(value) -> str:
    text = " ".join(str(value).split()).lower()
    return SYNONYMS.get(text, text)


def grade_duties(lab, answer):
    import pandas as pd

    if isinstance(answer, dict):
        answer = pd.DataFrame(answer)
    if not isinstance(answer, pd.DataFrame) or not set(SERVICES) <= set(answer.columns):
        return False, both(
            "Give the duties table as a DataFrame with the columns EC2, RDS and S3 (the one the cell above made).",
            "위 셀이 만든 것처럼 EC2, RDS, S3 열이 있는 DataFrame으로 책임 표를 주세요.",
        )
    missing_rows = [d for d in DUTIES if d not in answer.index]
    if missing_rows:
        return False, both(f"The table has lost the duty {missing_rows[0]!r}; make it again from the cell above.",
                           f"표에서 {missing_rows[0]!r} 책임 행이 사라졌습니다. 위 셀로 표를 다시 만드세요.")
    wrong = {}
    for duty_id, (_en, _ko, *owners) in DUTIES.items():
        for service, owner in zip(SERVICES, owners, strict=True):
            if _normalise(answer.loc[duty_id, service]) != owner:
                wrong.setdefault(duty_id, []).append(service)
    if wrong:
        lines_en = [f"{DUTIES[d][0]} ({', '.join(s)})" for d, s in wrong.items()]
        lines_ko = [f"{DUTIES[d][1]} ({', '.join(s)})" for d, s in wrong.items()]
        cells = sum(len(s) for s in wrong.values())
        return False, both(
            f"{cells} of {len(DUTIES) * len(SERVICES)} cells are not right yet (each is AWS, Customer or n/a): "
            + "; ".join(lines_en) + ".",
            f"{len(DUTIES) * len(SERVICES)}칸 중 {cells}칸이 아직 틀렸습니다(각 칸은 AWS, Customer, n/a 중 하나): "
            + "; ".join(lines_ko) + ".",
        )
    return True, both(f"All {len(DUTIES)} duties are assigned right for EC2, RDS and S3.",
                      f"책임 {len(DUTIES)}개를 EC2, RDS, S3 모두 바르게 나눴습니다.")


# --- the talk's common misconfigurations (CSA Top Threats 2024, "Misconfiguration & inadequate change control") ---
# Each maps to the chapters that teach it and to check-id prefixes: every check in the lab whose id
# starts with one of them is listed, so the table grows by itself as chapters add checks.
MISCONFIGURATIONS = (
    ("secrets management", "시크릿 관리", ("02", "07", "09"),
     ("secretsmanager_", "kms_", "iam_no_root_access_key", "iam_rotate_access_key", "iam_user_accesskey",
      "iam_user_no_setup_initial_access_key", "iam_password_policy_")),
    ("disabled monitoring and logging", "모니터링과 로깅 비활성화", ("03", "04", "10"),
     ("cloudtrail_", "cloudwatch_", "vpc_flow_logs", "rds_instance_integration_cloudwatch_logs", "elbv2_logging",
      "guardduty_", "securityhub_", "budgets_")),
    ("ICMP left open", "열려 있는 ICMP", ("06",), ("ec2_securitygroup_allow_ingress_from_internet_to_all", "ec2_networkacl_")),
    ("insecure automated backups", "안전하지 않은 자동 백업", ("07",),
     ("rds_instance_backup_enabled", "rds_snapshots_public_access", "s3_bucket_object_versioning", "s3_bucket_object_lock")),
    ("storage access", "스토리지 접근", ("08",),
     ("s3_bucket_public_access", "s3_bucket_level_public_access_block", "s3_account_level_public_access_blocks",
      "s3_bucket_acl_prohibited", "s3_bucket_policy_public_write", "s3_bucket_public_write", "rds_instance_no_public_access")),
    ("lack of validation", "검증 부족", ("03", "11"), ("cloudtrail_log_file_validation_enabled",)),
    ("unlimited access to non-HTTPS/HTTP ports", "HTTP/HTTPS가 아닌 포트로의 무제한 접근", ("05", "06", "07"),
     ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_", "elbv2_", "acm_", "rds_instance_no_public_access")),
    ("overly permissive access to virtual machines, containers and hosts", "가상 머신, 컨테이너, 호스트에 대한 과도한 접근 허용",
     ("06",), ("ec2_instance_", "ssm_", "ec2_securitygroup_default_restrict_traffic")),
    ("too many cloud access permissions (least privilege)", "과도한 클라우드 접근 권한(최소 권한)", ("02", "09"),
     ("iam_", "accessanalyzer_")),
    ("subdomain hijacking (dangling DNS)", "서브도메인 하이재킹(dangling DNS)", (), ("route53_",)),
    ("misconfigurations specific to the provider, like S3 buckets", "S3 버킷처럼 클라우드 제공자 고유의 잘못된 구성",
     ("02", "08"),
     ("s3_", "account_")),
)


def misconfiguration_table(lang: str = "en"):
    """One row per (misconfiguration, check in the lab today), from the checks' own metadata; a
    misconfiguration no check covers yet gets one row saying so. Shown with Korean headers and severities
    in Korean; the data keeps its English columns, which the notebook's code reads."""
    from labs.findings_table import table

    from labs.chapters import all_chapters
    from labs.checks import all_checks
    from labs.language import pick

    taught_in = {}
    for chapter in all_chapters():
        if chapter.in_story:
            for check_id in chapter.checks:
                taught_in.setdefault(check_id, chapter.number)
    rows = []
    for number, (en, ko, chapters, prefixes) in enumerate(MISCONFIGURATIONS, start=1):
        name = f"{number}. {ko if lang == 'ko' else en}"
        planned = ", ".join(chapters) or "-"
        matched = [c for c in sorted(all_checks().values(), key=lambda c: c.id) if c.id.startswith(prefixes)]
        for check in matched:
            rows.append({"misconfiguration": name, "chapters": planned, "check_id": check.id,
                         "title": pick(check.metadata.title, lang), "taught in": taught_in.get(check.id) or "-",
                         "severity": check.metadata.severity})
        if not matched:
            rows.append({"misconfiguration": name, "chapters": planned, "check_id": "-",
                         "title": "아직 이 실습의 점검 없음" if lang == "ko" else "no check in the lab yet",
                         "taught in": "-", "severity": "-"})
    # A check added later that no item above names still shows up, so the table never hides one.
    listed = {row["check_id"] for row in rows}
    for check in sorted(all_checks().values(), key=lambda c: c.id):
        if check.id not in listed:
            rows.append({"misconfiguration": "기타" if lang == "ko" else "other", "chapters": "-", "check_id": check.id,
                         "title": pick(check.metadata.title, lang), "taught in": taught_in.get(check.id) or "-",
                         "severity": check.metadata.severity})
    return table(rows, lang)


# --- spot the misconfiguration --------------------------------------------------------------------

def planted(lab) -> dict[str, set[str]]:
    """What chapter 01 planted, by kind, with every name a learner may reasonably use for it."""
    ec2 = lab.client("ec2")
    groups = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [company.LEGACY_SECURITY_GROUP]}])
    group_ids = {g["GroupId"] for g in groups["SecurityGroups"]}
    return {
        "S3 bucket": {company.image_bucket_name(lab.account_id), f"arn:aws:s3:::{company.image_bucket_name(lab.account_id)}"},
        "root user": {"<root_account>", "root", lab.root.arn},
        "IAM user": {company.DEVELOPER, f"arn:aws:iam::{lab.account_id}:user/{company.DEVELOPER}"},
        "security group": {company.LEGACY_SECURITY_GROUP, *group_ids,
                           *(f"arn:aws:ec2:{lab.region}:{lab.account_id}:security-group/{g}" for g in group_ids)},
    }


KINDS_KO = {"S3 bucket": "S3 버킷", "root user": "루트 사용자", "IAM user": "IAM 사용자", "security group": "보안 그룹"}


def grade_spotted(lab, answer):
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return False, both(
            "Give a list of the resources you found misconfigured: bucket names, user names (the report's "
            "<root_account> for root), security group ids.",
            "잘못 구성된 리소스의 목록을 주세요. 버킷 이름, 사용자 이름(루트는 보고서의 <root_account>), 보안 그룹 ID입니다.",
        )
    given = {str(item).strip() for item in answer}
    kinds = planted(lab)
    found = [kind for kind, names in kinds.items() if given & names]
    every_name = set().union(*kinds.values())
    extra = sorted(given - every_name)
    missing = [kind for kind in kinds if kind not in found]
    if missing or extra:
        en = f"You found {len(found)} of {len(kinds)}."
        ko = f"{len(kinds)}개 중 {len(found)}개를 찾았습니다."
        if extra:
            en += f" Not planted problems: {', '.join(extra)}."
            ko += f" 심어 둔 문제가 아닌 것: {', '.join(extra)}."
        if missing:
            en += f" Still hidden: one {' and one '.join(missing)}."
            ko += f" 아직 숨어 있는 것: {', '.join(KINDS_KO[k] for k in missing)} 하나씩."
        return False, both(en, ko)
    return True, both(f"All {len(kinds)} found: {', '.join(kinds)}. Now compare with lab.check().",
                      f"{len(kinds)}개를 모두 찾았습니다: {', '.join(KINDS_KO[k] for k in kinds)}. "
                      "이제 lab.check()와 비교해 보세요.")


CHAPTER = Chapter(
    number="01",
    stem="01-cloud-security-basics",
    title={"en": "Cloud security basics", "ko": "클라우드 보안의 이해"},
    build_company=(company.create_image_bucket, company.create_team_users, company.create_legacy_security_group),
    scenarios=(
        "s3_image_bucket_public_policy",
        "iam_root_access_key_created",
        "iam_developer_without_mfa",
        "iam_developer_policy_attached_to_user",
    ),
    checks=(
        "s3_bucket_public_access",
        "iam_no_root_access_key",
        "iam_user_mfa_enabled_console_access",
        "iam_policy_attached_only_to_group_or_roles",
    ),
    exercises=(
        Exercise(
            id="1.1",
            title={"en": "Who does what: AWS or you, per service", "ko": "누가 무엇을: 서비스별 AWS와 고객의 책임"},
            hint={
                "en": "Ask of each duty: can you even reach it from your account? You cannot touch what AWS runs "
                "below your resource; whatever you configure is yours. The more managed the service, the more "
                "moves to AWS, but never your data, your access rules or your settings.",
                "ko": "책임마다 물어보세요. 내 계정에서 그것을 건드릴 수나 있나요? 리소스 아래에서 AWS가 운영하는 것은 "
                "건드릴 수 없고, 내가 설정하는 것은 모두 내 책임입니다. 관리형 서비스일수록 AWS의 몫이 늘지만, 데이터와 "
                "접근 규칙과 설정은 끝까지 고객의 몫입니다.",
            },
            grader=grade_duties,
            needs_answer=True,
        ),
        Exercise(
            id="1.2",
            title={"en": "Spot the misconfigurations", "ko": "잘못된 구성 찾기"},
            hint={
                "en": "Look at four kinds of things: bucket policies, the credential report, policies attached to "
                "users, and security group rules open to 0.0.0.0/0.",
                "ko": "네 가지를 보세요. 버킷 정책, 자격 증명 보고서, 사용자에게 직접 연결된 정책, 0.0.0.0/0에 열린 "
                "보안 그룹 규칙입니다.",
            },
            grader=grade_spotted,
            needs_answer=True,
        ),
    ),
    in_story=False,
)
