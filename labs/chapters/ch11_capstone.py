"""Chapter 11: the capstone. The whole company account at architecture v1.0 (every earlier chapter's
world, fixed), with mistakes drawn from every chapter's scenarios by a seed: the same seed builds the
same world for a whole room, another seed another world, and a learner can replay one.

    labs.start("11", seed=7, difficulty="hard")          # or count=..., hidden=..., mistakes=[...]

No exercise names the mistakes. The learner finds them (boto3 and pandas first, then the lab's
checks), fixes them and proves it, and is graded three ways:

- 11.1 found: the (check id, resource) pairs the learner names before running the checks, judged
  against the planted set, with a sentence per miss and per false alarm;
- 11.2 fixed: every planted mistake's checks pass, and the fix is real: each mistake is judged by the
  requirements of the chapter that taught it (`TAUGHT`), so Block Public Access over a public grant,
  two /1 halves of the internet or an archived finding over an open share are not fixes;
- 11.3 broke nothing: the app's calls from chapter 09's recorded week are still allowed by the policy
  engine, the SSM agent keeps its permissions, the trail still logs and delivers, the site and the
  database still answer, and every check that passed on the account before the mistakes were made
  passes still.

The pool of mistakes is every earlier chapter's scenarios (so a new chapter's join when it lands),
minus the ones that cannot be made again on a fixed v1.0 account (`DOES_NOT_FIT`, each with its
reason), plus the capstone's own: one visible (SSH opened on the app server for debugging) and the
hidden ones (`HIDDEN`), which no check of the lab's sees: an object ACL on one image and a test
server in another Region. tests/test_capstone.py holds every pool member to the rule: made on the
clean v1.0 account it fails exactly its pairs, its chapter's requirements fail, and its reference fix
makes all of them hold again.

A timed workshop (facilitator guide): the same seed for the room and a deadline, from the options or
from the hub's environment (LABS_CAPSTONE_SEED, LABS_CAPSTONE_DIFFICULTY, LABS_CAPSTONE_DEADLINE);
after the deadline a grade is not done, and the class view (labs/classroom.py) shows the room as it
stood at the deadline.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import os
import pkgutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from labs import company
from labs.chapters import Chapter, Exercise
from labs.errors import LabError, excerpt
from labs.grading import Requirement, fails, holds
from labs.korean import josa
from labs.checks.lib.cloudwatch import CONTROLS as CIS_ALARMS
from labs.language import LANGUAGES, both

NUMBER = "11"
STEM = "11-capstone"
DEFAULT_SEED = 11
DIFFICULTIES = {"easy": (4, 0), "normal": (7, 1), "hard": (10, 2)}
"""difficulty -> (how many visible mistakes, how many hidden ones)."""
DEFAULT_DIFFICULTY = "normal"
ENVIRONMENT = {"seed": "LABS_CAPSTONE_SEED", "difficulty": "LABS_CAPSTONE_DIFFICULTY",
               "deadline": "LABS_CAPSTONE_DEADLINE", "mistakes": "LABS_CAPSTONE_MISTAKES"}
"""What a workshop's hub sets for every learner (deploy/): an option given to labs.start wins."""

OWN_VISIBLE = ("ec2_app_server_ssh_open_for_debugging",)
HIDDEN = ("s3_image_object_public_acl", "ec2_test_instance_in_another_region")
HIDDEN_NAMES = {
    "s3_image_object_public_acl": "s3_bucket_public_access",
    "ec2_test_instance_in_another_region": "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
}
"""The control a hidden mistake breaks, which the learner names it by (no check of the lab's sees it)."""

DOES_NOT_FIT = {
    "s3_cloudtrail_bucket_without_object_lock": both(
        "Object Lock cannot be turned off once a bucket has it: the v1.0 log bucket cannot lose it.",
        "객체 잠금은 한 번 켜면 끌 수 없어 v1.0 로그 버킷에서 없앨 수 없습니다."),
    "ec2_launch_wizard_group_open_to_internet": both(
        "it lives on the bastion host, which chapter 06 retired; ec2_app_server_ssh_open_for_debugging opens SSH on "
        "the v1.0 app server instead.",
        "챕터 06에서 없앤 베스천 호스트의 실수입니다. 대신 ec2_app_server_ssh_open_for_debugging이 v1.0 앱 서버의 "
        "SSH를 엽니다."),
    "ec2_app_instance_not_managed_by_ssm": both(
        "its fix gives the server chapter 06's role back, not v1.0's least-privilege role (chapter 09).",
        "이 실수의 수정은 v1.0의 최소 권한 역할(챕터 09)이 아니라 챕터 06의 역할을 되돌려 놓습니다."),
    "rds_db_master_user_admin": both(
        "fixed only by replacing the database (snapshot, restore, switch the app): chapter 07's exercise, longer than "
        "the capstone allows.",
        "데이터베이스를 교체해야만(스냅샷, 복원, 앱 전환) 고칠 수 있습니다. 챕터 07의 실습이며 종합 실습에는 너무 깁니다."),
    "rds_db_storage_not_encrypted": both(
        "fixed only by a migration (snapshot, encrypted copy, restore, switch the app): chapter 07's exercise, longer "
        "than the capstone allows.",
        "마이그레이션(스냅샷, 암호화 사본, 복원, 앱 전환)으로만 고칠 수 있습니다. 챕터 07의 실습이며 종합 실습에는 너무 "
        "깁니다."),
    "iam_app_user_with_access_key": both(
        "the mistake is a key's age, the story's past (labs/credential_report.py): a key made today is not old.",
        "이 실수는 키의 나이, 즉 이야기 속 과거입니다(labs/credential_report.py). 오늘 만든 키는 오래되지 않았습니다."),
    "iam_developer_prototype_key_unused": both(
        "the mistake is a key's age, the story's past (labs/credential_report.py): a key made today is not old.",
        "이 실수는 키의 나이, 즉 이야기 속 과거입니다(labs/credential_report.py). 오늘 만든 키는 오래되지 않았습니다."),
    "ec2_app_server_access_key_in_user_data": both(
        "it writes the key of the app's IAM user, which v1.0 retired with its key (chapter 09): there is no key to write.",
        "v1.0에서 키와 함께 없앤 앱 IAM 사용자의 키를 쓰는 실수입니다(챕터 09). 쓸 키가 없습니다."),
    "incident_trail_stopped": both(
        "it is the last call of chapter 10's night, played once with the whole incident; on v1.0 the night is answered "
        "and over. cloudtrail_trail_stopped_logging stops the trail instead.",
        "챕터 10의 밤에 나온 마지막 호출로, 사고 전체와 함께 한 번만 재생됩니다. v1.0에서는 그 밤에 이미 대응을 마쳤습니다. "
        "대신 cloudtrail_trail_stopped_logging이 추적을 중지합니다."),
    "incident_bastion_ssh_opened": both(
        "it is a call of chapter 10's night, played once with the whole incident, on the bastion host that v1.0 has "
        "retired; ec2_app_server_ssh_open_for_debugging opens SSH on the v1.0 app server instead.",
        "챕터 10의 밤에 사고 전체와 함께 한 번만 재생되는 호출이고, 대상인 베스천 호스트는 v1.0에서 없앴습니다. 대신 "
        "ec2_app_server_ssh_open_for_debugging이 v1.0 앱 서버의 SSH를 엽니다."),
}
"""Earlier chapters' scenarios the capstone does not draw, and why (tests/test_capstone.py)."""

NEEDS = {
    "s3_image_bucket_public_policy": ("s3_account_public_access_block_off", "s3_image_bucket_public_access_block_off"),
    "s3_image_bucket_public_acl": ("s3_image_bucket_acls_enabled", "s3_account_public_access_block_off",
                                   "s3_image_bucket_public_access_block_off"),
    "cloudtrail_log_bucket_public_read": ("s3_account_public_access_block_off",),
    "s3_image_object_public_acl": ("s3_image_bucket_acls_enabled",),
}
"""Mistakes that only exist with others: S3 refuses a public policy while Block Public Access is on,
and an ACL while ACLs are disabled. Drawn together, in the pool's order."""

CIS_ALARM_CHECKS = tuple(CIS_ALARMS)
SHARED_CHECKS = ("accessanalyzer_enabled_without_findings", *CIS_ALARM_CHECKS)
"""Checks whose one finding several mistakes turn red (the account's Access Analyzer findings, the CIS
4.x alarms a stopped trail no longer feeds): a
mistake is not named by them, naming them is no false alarm, and they are green again once the
mistakes are fixed (11.2)."""


DESCRIPTIONS = {
    "iam_root_without_mfa": both("The root user signs in with a password alone, without MFA",
                                 "루트 사용자가 MFA 없이 비밀번호만으로 로그인합니다"),
    "iam_root_access_key_created": both("The root user has an access key", "루트 사용자에게 액세스 키가 있습니다"),
    "iam_developer_without_mfa": both("Minho signs in to the console without MFA",
                                      "민호 씨가 MFA 없이 콘솔에 로그인합니다"),
    "iam_developer_policy_attached_to_user": both("A policy is attached to Minho himself, not to a group",
                                                  "정책이 그룹이 아니라 민호 씨 사용자에게 직접 연결되어 있습니다"),
    "iam_password_policy_weak": both("The password policy is weaker than CIS asks (length, reuse)",
                                     "비밀번호 정책이 CIS 기준보다 약합니다(길이, 재사용 방지)"),
    "account_contact_details_outdated": both("The account's contact information is a person's, not the company's",
                                             "계정의 연락처 정보가 회사가 아니라 개인의 것입니다"),
    "account_security_contact_missing": both("No security contact is registered for the account",
                                             "계정에 보안 연락처가 등록되어 있지 않습니다"),
    "cloudtrail_trail_without_log_file_validation": both("The trail no longer validates its log files",
                                                         "추적이 로그 파일 검증을 하지 않습니다"),
    "cloudtrail_trail_not_encrypted": both("The trail's log files are not encrypted with the company's KMS key",
                                           "추적의 로그 파일이 회사의 KMS 키로 암호화되지 않습니다"),
    "kms_cloudtrail_key_rotation_off": both("The CloudTrail key no longer rotates",
                                            "CloudTrail 키의 자동 교체가 꺼져 있습니다"),
    "cloudtrail_log_bucket_public_read": both("The log bucket lets anyone read the company's logs",
                                              "로그 버킷이 누구에게나 회사의 로그 읽기를 허용합니다"),
    "cloudtrail_trail_stopped_logging": both("The trail is stopped, and covers one Region only",
                                             "추적이 중지되었고 리전 하나만 다룹니다"),
    "budgets_no_monthly_cost_budget": both("No monthly cost budget: nobody hears about the bill before it arrives",
                                           "월별 비용 예산이 없어 청구서가 오기 전에는 아무도 모릅니다"),
    "budgets_zero_spend_budget_without_recipients": both("The zero-spend budget alerts nobody",
                                                         "제로 지출 예산의 알림을 받는 사람이 없습니다"),
    "acm_app_certificate_expiring": both("The app's certificate expires within days",
                                         "앱의 인증서가 며칠 안에 만료됩니다"),
    "elbv2_alb_serves_plain_http": both("The load balancer serves the app over plain HTTP",
                                        "로드 밸런서가 평문 HTTP로 앱을 제공합니다"),
    "elbv2_https_listener_outdated_policy": both("The HTTPS listener still accepts TLS 1.0 and 1.1",
                                                 "HTTPS 리스너가 아직 TLS 1.0과 1.1을 허용합니다"),
    "ec2_default_security_group_allows_traffic": both("The VPC's default security group admits traffic",
                                                      "VPC의 기본 보안 그룹이 트래픽을 허용합니다"),
    "ec2_app_instance_imdsv1_allowed": both("The app server answers IMDSv1 requests (no session token)",
                                            "앱 서버가 세션 토큰 없는 IMDSv1 요청에 응답합니다"),
    "ssm_session_logging_off": both("Session Manager sessions are logged nowhere",
                                    "세션 관리자 세션이 어디에도 기록되지 않습니다"),
    "rds_db_instance_public": both("The database is reachable from the internet",
                                   "데이터베이스에 인터넷에서 접근할 수 있습니다"),
    "secretsmanager_db_secret_rotation_off": both("The database password no longer rotates",
                                                  "데이터베이스 비밀번호가 더 이상 교체되지 않습니다"),
    "rds_db_audit_log_off": both("The database's audit log is off", "데이터베이스 감사 로그가 꺼져 있습니다"),
    "rds_db_backups_off": both("The database keeps no backups", "데이터베이스 백업이 없습니다"),
    "rds_db_deletion_protection_off": both("The database can be deleted in one call",
                                           "데이터베이스를 호출 한 번으로 삭제할 수 있습니다"),
    "rds_db_snapshot_public": both("A database snapshot is shared with every AWS account",
                                   "DB 스냅샷이 모든 AWS 계정에 공유되어 있습니다"),
    "s3_image_bucket_public_policy": both("The image bucket's policy lets anyone read every image",
                                          "이미지 버킷 정책이 누구에게나 모든 이미지 읽기를 허용합니다"),
    "s3_image_bucket_acls_enabled": both("The image bucket honours ACLs again (Object Ownership: object writer)",
                                         "이미지 버킷이 다시 ACL을 따릅니다(객체 소유권: 객체 작성자)"),
    "s3_image_bucket_public_acl": both("The image bucket's ACL lets everyone list it",
                                       "이미지 버킷 ACL이 모든 사람에게 목록 보기를 허용합니다"),
    "s3_image_bucket_public_access_block_off": both("Block Public Access is off for the image bucket",
                                                    "이미지 버킷의 퍼블릭 액세스 차단이 꺼져 있습니다"),
    "s3_account_public_access_block_off": both("Block Public Access is off for the account",
                                               "계정 수준 퍼블릭 액세스 차단이 꺼져 있습니다"),
    "s3_image_bucket_sse_s3_only": both("The image bucket encrypts with S3's keys, not the image key",
                                        "이미지 버킷이 이미지 키가 아니라 S3 관리형 키로 암호화합니다"),
    "s3_image_bucket_allows_plain_http": both("The image bucket accepts plain HTTP",
                                              "이미지 버킷이 평문 HTTP 요청을 받습니다"),
    "iam_app_user_administrator_access": both("AdministratorAccess is attached to the app's IAM user",
                                              "앱의 IAM 사용자에 AdministratorAccess가 연결되어 있습니다"),
    "iam_deploy_policy_allows_all_of_iam": both("The developers' deploy policy allows all of IAM",
                                                "개발자 배포 정책이 IAM 전체를 허용합니다"),
    "iam_manager_inline_policy_allows_everything": both(
        "Jiyoung's inline policy allows everything but deleting the trail",
        "지영 팀장님의 인라인 정책이 추적 삭제만 빼고 모든 것을 허용합니다"),
    "accessanalyzer_not_enabled": both("IAM Access Analyzer is off", "IAM Access Analyzer가 꺼져 있습니다"),
    "accessanalyzer_external_access_findings": both("Resources are shared outside the account, unreviewed",
                                                    "계정 밖에 공유된 리소스가 검토되지 않은 채 남아 있습니다"),
    "cloudwatch_cis_alarms_missing": both("The trail no longer sends its events to CloudWatch Logs: no CIS alarm can "
                                          "fire", "추적이 이벤트를 CloudWatch Logs로 보내지 않아 CIS 경보가 울릴 수 "
                                          "없습니다"),
    "guardduty_not_enabled": both("GuardDuty is off in Seoul", "서울 리전의 GuardDuty가 꺼져 있습니다"),
    "securityhub_not_enabled": both("Security Hub is off in Seoul", "서울 리전의 Security Hub가 꺼져 있습니다"),
    "ec2_app_server_ssh_open_for_debugging": both("SSH to the app server is open to the internet (debug-ssh)",
                                                  "앱 서버의 SSH가 인터넷에 열려 있습니다(debug-ssh)"),
    "s3_image_object_public_acl": both("One image is public through its own object ACL",
                                       "이미지 하나가 자기 객체 ACL로 퍼블릭입니다"),
    "ec2_test_instance_in_another_region": both("A test server runs in us-east-1 with SSH open to the internet",
                                                "us-east-1에서 테스트 서버가 SSH를 인터넷에 연 채 실행 중입니다"),
}


# --- the pool -------------------------------------------------------------------------------------

def earlier_chapters() -> list[Chapter]:
    """Every in-story chapter before this one (read module by module: this module is one of them)."""
    from labs import chapters

    found = []
    for info in pkgutil.iter_modules(chapters.__path__):
        if info.name.startswith("ch") and info.name != __name__.rsplit(".", 1)[-1]:
            chapter = importlib.import_module(f"{chapters.__name__}.{info.name}").CHAPTER
            if chapter.in_story and chapter.number < NUMBER:
                found.append(chapter)
    return sorted(found, key=lambda c: c.number)


def pool() -> list[str]:
    """Every mistake the capstone may plant, in the order it builds them: by the chapter that teaches
    it (the last one that makes it), in that chapter's order; the capstone's own last."""
    chapters = earlier_chapters()
    teacher = {name: index for index, chapter in enumerate(chapters) for name in chapter.scenarios}
    names = [(teacher[n], chapters[teacher[n]].scenarios.index(n), n) for n in teacher if n not in DOES_NOT_FIT]
    return [n for _, _, n in sorted(names)] + [n for n in OWN_VISIBLE + HIDDEN if n not in teacher]


def visible_pool() -> list[str]:
    return [n for n in pool() if n not in HIDDEN]


def chapter_of(name: str) -> str:
    """The stem of the chapter that teaches a mistake (the last that makes it; the capstone's own: 11-capstone)."""
    stems = [chapter.stem for chapter in earlier_chapters() if name in chapter.scenarios]
    return stems[-1] if stems else STEM


def _needs(name: str) -> list[str]:
    """A mistake's prerequisites, themselves first (transitively), without duplicates."""
    order: list[str] = []
    for needed in NEEDS.get(name, ()):
        for each in _needs(needed) + [needed]:
            if each not in order:
                order.append(each)
    return order


def _rank(seed, name: str) -> str:
    return hashlib.sha256(f"{seed}:{name}".encode()).hexdigest()


def pick(seed, count: int, hidden: int) -> tuple[str, ...]:
    """The mistakes a seed plants: `count` visible ones (prerequisites included) and `hidden` hidden ones
    (with theirs), each chosen by its rank under the seed, built in the pool's order."""
    chosen: list[str] = []
    for name in sorted(visible_pool(), key=lambda n: _rank(seed, n)):
        if len(chosen) >= count:
            break
        group = [n for n in _needs(name) + [name] if n not in chosen]
        if len(chosen) + len(group) <= count:
            chosen += group
    for name in sorted(HIDDEN, key=lambda n: _rank(seed, n))[:hidden]:
        chosen += [n for n in _needs(name) + [name] if n not in chosen]
    order = pool()
    return tuple(sorted(chosen, key=order.index))


def with_needs(names) -> tuple[str, ...]:
    chosen: list[str] = []
    for name in names:
        chosen += [n for n in _needs(name) + [name] if n not in chosen]
    order = pool()
    return tuple(sorted(chosen, key=order.index))


# --- what a mistake must satisfy to be fixed (its chapter's requirements) ----------------------------

def taught() -> dict:
    """Per mistake, the requirements of the chapter that taught it beyond its checks: what makes a fix real."""
    from labs.chapters import ch02_account_and_root as ch02
    from labs.chapters import ch03_cloudtrail as ch03
    from labs.chapters import ch04_budgets_and_costs as ch04
    from labs.chapters import ch05_network_tls as ch05
    from labs.chapters import ch06_server_access as ch06
    from labs.chapters import ch07_rds as ch07
    from labs.chapters import ch08_s3 as ch08
    from labs.chapters import ch09_iam_roles as ch09
    from labs.chapters import ch10_detection_and_response as ch10

    guardduty, securityhub = ch10.CHAPTER.exercise("10.14").requirements
    return {
        "iam_root_without_mfa": (),
        "iam_root_access_key_created": (),
        "cloudtrail_trail_without_log_file_validation": (),
        "kms_cloudtrail_key_rotation_off": (),
        "ec2_default_security_group_allows_traffic": (),
        "rds_db_backups_off": (),
        "rds_db_deletion_protection_off": (),
        "s3_image_bucket_acls_enabled": (),
        "s3_image_bucket_public_access_block_off": (),
        "s3_account_public_access_block_off": (),
        "s3_image_bucket_allows_plain_http": (),
        "iam_app_user_administrator_access": (),
        "accessanalyzer_not_enabled": (),
        "iam_developer_without_mfa": (ch02.MINHO_MFA,),
        "iam_developer_policy_attached_to_user": (ch02.MINHO_SAME_PERMISSIONS,),
        "iam_password_policy_weak": (ch02.TALK_SETTINGS_KEPT,),
        "account_contact_details_outdated": (ch02.REGISTERED_TO_COMPANY, ch02.GROUP_MAILBOXES),
        "account_security_contact_missing": (ch02.REGISTERED_TO_COMPANY, ch02.GROUP_MAILBOXES),
        "cloudtrail_trail_not_encrypted": (ch03.CLOUDTRAIL_MAY_USE_THE_KEY,),
        "cloudtrail_log_bucket_public_read": (ch03.NO_PUBLIC_STATEMENT, ch03.BLOCK_PUBLIC_ACCESS_ON,
                                              ch03.CLOUDTRAIL_CAN_DELIVER, ch03.REFUSES_PLAIN_HTTP),
        "cloudtrail_trail_stopped_logging": (ch03.THE_TRAIL_LOGS_EVERY_REGION, ch03.RECORDS_MANAGEMENT_EVENTS),
        "budgets_no_monthly_cost_budget": (ch04.MONTHLY_100, ch04.MONTHLY_ALERTS),
        "budgets_zero_spend_budget_without_recipients": (ch04.ZERO_SPEND_ALERT,),
        "acm_app_certificate_expiring": (ch05.SERVES_THE_APP, ch05.NO_CERTIFICATE_EXPIRING),
        "elbv2_alb_serves_plain_http": (ch05.REDIRECTS, ch05.NOTHING_IN_CLEAR_TEXT),
        "elbv2_https_listener_outdated_policy": (ch05.HTTPS_KEPT, ch05.CURRENT_TLS_ONLY),
        "ec2_app_instance_imdsv1_allowed": (ch06.IMDS_ON, ch06.HOP_LIMIT),
        "ssm_session_logging_off": tuple(ch06.SESSION_LOG_STORAGE),
        "rds_db_instance_public": (ch07.ONLY_THE_APP_SERVERS,),
        "secretsmanager_db_secret_rotation_off": (ch07.MANAGED_PASSWORD, ch07.ROTATES_WEEKLY, ch07.NO_PASSWORD_IN_CONFIG,
                                                  ch07.CONFIG_NAMES_THE_SECRET),
        "rds_db_audit_log_off": (ch07.AUDIT_PLUGIN,),
        "rds_db_snapshot_public": (ch07.NO_PUBLIC_SNAPSHOT,),
        "s3_image_bucket_public_policy": (ch08.NO_PUBLIC_POLICY,),
        "s3_image_bucket_public_acl": (ch08.NO_PUBLIC_ACL,),
        "s3_image_bucket_sse_s3_only": (ch08.IMAGE_KEY,),
        "iam_deploy_policy_allows_all_of_iam": (ch09.DEVELOPER_DEPLOYS,),
        "iam_manager_inline_policy_allows_everything": (ch09.MANAGER_READS,),
        "accessanalyzer_external_access_findings": (ch09.AGENCY_CLOSED, ch09.PROTOTYPE_CLOSED, ch09.SNAPSHOT_PRIVATE,
                                                    ch09.VENDOR_ARCHIVED),
        "cloudwatch_cis_alarms_missing": (),
        "guardduty_not_enabled": (guardduty,),
        "securityhub_not_enabled": (securityhub,),
        "ec2_app_server_ssh_open_for_debugging": (ch06.NO_INTERNET_SSH,),
        "s3_image_object_public_acl": (ch08.NO_PUBLIC_OBJECT,),
        "ec2_test_instance_in_another_region": (OTHER_REGION_SSH_CLOSED, OTHER_REGION_NOTHING_RUNS),
    }


def requirements_of(name: str) -> tuple:
    """A mistake's chapter requirements: `taught()`, else those of its chapter's exercises whose checks
    it breaks (a new chapter's scenario, until it is listed)."""
    listed = taught()
    if name in listed:
        return listed[name]
    from labs import scenarios

    breaks = set(scenarios.load(name).BREAKS)
    chapter = next((c for c in earlier_chapters() if c.stem == chapter_of(name)), None)
    found = []
    if chapter is None:
        return ()
    for exercise in chapter.exercises:
        if exercise.grader is None and breaks & ({*exercise.checks} | {r.check for r in exercise.requirements}):
            found += [r for r in exercise.requirements if r.check is None and r not in found]
    return tuple(found)


# --- the world as it was built: the clean account, and where each mistake was made ------------------

@dataclass
class Planted:
    name: str
    hidden: bool
    pairs: tuple
    """((check id, resource), ...): what the learner names it by."""
    side: tuple
    """((check id, resource), ...) it also turns red."""
    aliases: tuple
    """Other names of its resources (a group's name, an instance's Name tag)."""

    def live_pairs(self, lab) -> tuple:
        """The pairs with their resources as they are now, where a mistake's resource moves (`LIVE_RESOURCES`)."""
        live = LIVE_RESOURCES.get(self.name)
        now = live(lab) if live else None
        return tuple((c, now) for c, _ in self.pairs) if now else self.pairs

    @property
    def description(self) -> dict:
        if self.name in DESCRIPTIONS:
            return DESCRIPTIONS[self.name]
        return _check_title(self.pairs[0][0]) if self.pairs else both(self.name, self.name)


def _database_secret(lab) -> str | None:
    """The name of the database's master user secret now (a replaced database has a new one); reads only."""
    from labs.cloudtrail import recorder

    with recorder.unrecorded():
        instance = company.db_instance(lab)
        arn = ((instance or {}).get("MasterUserSecret") or {}).get("SecretArn")
        if not arn:
            return None
        try:
            return lab.client("secretsmanager").describe_secret(SecretId=arn)["Name"]
        except Exception:  # noqa: BLE001 - a secret deleted with its database: nothing to follow
            return None


LIVE_RESOURCES = {"secretsmanager_db_secret_rotation_off": _database_secret}
"""Mistakes whose resource moves when another mistake (or its fix) replaces the database."""


def _check_title(check_id: str) -> dict:
    from labs.checks import all_checks

    return all_checks()[check_id].metadata.title


@dataclass
class World:
    planted: list
    baseline: dict
    """(check id, resource) -> status, on the clean v1.0 account before any mistake."""

    def entry(self, name: str) -> Planted:
        return next(p for p in self.planted if p.name == name)

    def pairs(self) -> set:
        return {pair for p in self.planted for pair in p.pairs}

    def side_pairs(self) -> set:
        return {pair for p in self.planted for pair in p.side} - self.pairs()


def checks_of_the_account() -> tuple:
    """Every check an earlier chapter teaches, in the chapters' order: the capstone runs them all."""
    ids: list[str] = []
    for chapter in earlier_chapters():
        ids += [c for c in chapter.checks if c not in ids]
    return tuple(ids)


def findings(lab, check_ids=None) -> dict:
    """(check id, resource) -> Finding, for the checks given (default: all of the account's)."""
    from labs import inventory
    from labs.checks import all_checks
    from labs.cloudtrail import recorder

    checks = all_checks()
    ids = list(check_ids or checks_of_the_account())
    with recorder.unrecorded():
        state = inventory.collect(lab, {s for c in ids for s in checks[c].metadata.services})
    return {(f.check_id, f.resource): f for c in ids for f in checks[c].run(state)}


@dataclass(frozen=True)
class RecordTheWorld:
    """A build step of the capstone's world, before its mistakes: where each one will be made, and
    every finding of the clean v1.0 account (the baseline 11.3 compares with). Kept with the world
    (`lab.capstone_world`), so a restored world carries it."""

    planted: tuple

    def __call__(self, lab) -> None:
        from labs import scenarios
        from labs.cloudtrail import recorder

        entries = []
        with recorder.unrecorded():
            for name in self.planted:
                scenario = scenarios.load(name)
                resource = scenario.resource(lab)
                checks = scenario.BREAKS or ((HIDDEN_NAMES[name],) if name in HIDDEN_NAMES else ())
                also = tuple((c, fn(lab)) for c, fn in getattr(scenario, "ALSO_BREAKS", ()))
                pairs = tuple((c, resource) for c in checks) + tuple(p for p in also if p[0] not in SHARED_CHECKS)
                side = tuple(p for p in also if p[0] in SHARED_CHECKS)
                entries.append(Planted(name, name in HIDDEN, pairs, side, _aliases(lab, name, resource)))
        lab.capstone_world = World(planted=entries, baseline={k: f.status for k, f in findings(lab).items()})


def _aliases(lab, name: str, resource: str) -> tuple:
    names = []
    if resource.startswith("sg-") and name != "ec2_test_instance_in_another_region":
        groups = lab.client("ec2").describe_security_groups(GroupIds=[resource])["SecurityGroups"]
        names += [g["GroupName"] for g in groups]
    if name == "ec2_test_instance_in_another_region":
        from labs.scenarios import ec2_test_instance_in_another_region as region

        names += [region.GROUP, region.INSTANCE_NAME, region.REGION]
    return tuple(names)


def world(lab) -> World | None:
    return getattr(lab, "capstone_world", None)


# --- a learner's session: when it started, the deadline, what was named ------------------------------

@dataclass
class Session:
    seed: object
    difficulty: str
    started_at: datetime
    deadline: datetime | None = None
    answers: list = field(default_factory=list)
    """Each 11.1 answer graded: (when, found names, false alarms); the first one is the score."""
    named: set = field(default_factory=set)

    def late(self, now: datetime | None = None) -> timedelta | None:
        now = now or datetime.now(timezone.utc)
        if self.deadline is not None and now > self.deadline:
            return now - self.deadline
        return None


def session(lab) -> Session:
    """The session of this start (labs.start makes a chapter, and a session, per start)."""
    return lab.chapter.session


def _clock(at: datetime) -> str:
    return at.astimezone().strftime("%H:%M")


def _before_the_deadline(lab, state):
    late = session(lab).late()
    if late is None:
        deadline = session(lab).deadline
        if deadline is None:
            return holds("", "")
        return holds(f"Before the deadline ({_clock(deadline)}).", f"마감 시간({_clock(deadline)}) 전입니다.")
    minutes = int(late.total_seconds() // 60)
    return fails(
        f"Time is up: the workshop's deadline was {_clock(session(lab).deadline)}, {minutes} minutes ago. This grade "
        "counts as not done for the room; start again with deadline=False to go on for yourself.",
        f"시간이 다 되었습니다. 워크숍 마감은 {_clock(session(lab).deadline)}였고 {minutes}분이 지났습니다. 이 채점은 "
        "수업에서 완료되지 않은 것으로 기록됩니다. 혼자 계속하려면 deadline=False로 다시 시작하세요.",
    )


BEFORE_THE_DEADLINE = Requirement(both("Graded before the workshop's deadline", "워크숍 마감 전에 채점"),
                                  _before_the_deadline)


# --- 11.1: found --------------------------------------------------------------------------------------

def _pairs_of(answer):
    """[(check id, resource)] from a DataFrame, a list of pairs or of dicts; None when it is none of them."""
    try:
        import pandas as pd

        if isinstance(answer, pd.DataFrame):
            if not {"check_id", "resource"} <= set(answer.columns):
                return None
            return [(str(c).strip(), str(r).strip()) for c, r in zip(answer["check_id"], answer["resource"], strict=True)]
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (list, tuple, set, frozenset)):
        return None
    pairs = []
    for item in answer:
        if isinstance(item, dict):
            check, resource = item.get("check_id"), item.get("resource")
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            check, resource = item
        else:
            return None
        if not isinstance(check, str) or resource is None:
            return None
        pairs.append((check.strip(), str(resource).strip()))
    return pairs


def _plain(resource: str) -> str:
    text = resource.strip()
    for prefix in ("s3://", "arn:aws:s3:::"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    return text.rstrip("/")


def same_resource(named: str, actual: str, aliases=()) -> bool:
    """Whether the learner's name for a resource is the finding's: its id, ARN, s3:// URL, its last path
    part (a key, a policy's name), or one of its aliases (a security group's name)."""
    a, b = _plain(named), _plain(actual)
    if not a:
        return False
    return (a == b or b.endswith(("/" + a, ":" + a)) or a.endswith(("/" + b, ":" + b))
            or a in {_plain(x) for x in aliases})


def _where(pair) -> str:
    return f"{pair[0]} on {pair[1]}"


def grade_found(lab, answer):
    """The mistakes the learner names before running the checks, against the planted set."""
    from labs.checks import all_checks

    built = world(lab)
    if built is None:
        return False, _NO_WORLD
    pairs = _pairs_of(answer)
    if pairs is None:
        return False, both(
            "Pass what you found as a list of (check id, resource) pairs, e.g. [(\"s3_bucket_public_access\", "
            "\"community-app-images-…\")], or a DataFrame with the columns check_id and resource. lab.checks() lists "
            "the check ids without running them.",
            "찾은 것을 (점검 ID, 리소스) 쌍의 목록으로 넘기세요. 예: [(\"s3_bucket_public_access\", "
            "\"community-app-images-…\")]. check_id와 resource 열이 있는 DataFrame도 됩니다. 점검 ID는 lab.checks로 "
            "볼 수 있고, 점검은 실행되지 않습니다.")
    if not pairs:
        return False, both("You named nothing: the account has planted mistakes; look again with boto3.",
                           "아무것도 적지 않았습니다. 계정에는 심어 둔 실수가 있습니다. boto3로 다시 살펴보세요.")
    checks = all_checks()
    found, alarms, notes = set(), [], []
    side = built.side_pairs()
    for check_id, resource in dict.fromkeys(pairs):
        if check_id not in checks:
            alarms.append(both(f"There is no check {excerpt(check_id)}: lab.checks() lists them.",
                               f"{josa(excerpt(check_id), '이라는')} 점검은 없습니다. lab.checks()로 목록을 보세요."))
            continue
        matched = [p.name for p in built.planted if any(
            c == check_id and same_resource(resource, r, p.aliases + _live_aliases(lab, p.name))
            for c, r in p.pairs + p.live_pairs(lab))]
        if matched:
            found.update(matched)
            continue
        if any(c == check_id and same_resource(resource, r) for c, r in side):
            notes.append(both(f"{check_id} on {resource} fails because of a planted mistake: name the mistake itself.",
                              f"{resource}의 {check_id}는 심어 둔 실수 때문에 실패합니다. 그 실수 자체를 적으세요."))
            continue
        known = [k for k, status in built.baseline.items() if k[0] == check_id and same_resource(resource, k[1])]
        if any(built.baseline[k] == "FAIL" for k in known):
            notes.append(both(f"{check_id} on {resource} fails, but it is not planted: it failed on the clean account "
                              "too (a gap the lab's world keeps on purpose).",
                              f"{resource}의 {check_id}는 실패하지만 심어 둔 실수가 아닙니다. 깨끗한 계정에서도 실패하던 "
                              "것입니다(실습 환경이 일부러 남긴 부분)."))
            continue
        if known:
            alarms.append(both(f"{check_id} on {resource} passed when you started: it is not a planted mistake. What "
                               "did you see? Read that resource again.",
                               f"{resource}의 {check_id}는 시작할 때 통과했습니다. 심어 둔 실수가 아닙니다. 무엇을 보았나요? "
                               "그 리소스를 다시 읽어 보세요."))
        else:
            alarms.append(both(f"{check_id} judges no resource called {excerpt(resource)} in this account.",
                               f"{check_id} 점검이 판정하는 리소스 중에 {josa(excerpt(resource), '은')} 이 계정에 없습니다."))
    planted = built.planted
    missed = [p for p in planted if p.name not in found]
    state = session(lab)
    state.answers.append((datetime.now(timezone.utc), sorted(found), len(alarms)))
    state.named |= found
    hidden_total = sum(p.hidden for p in planted)
    hidden_found = sum(p.hidden and p.name in found for p in planted)
    score = both(
        f"Found {len(found)} of {len(planted)} planted mistakes ({hidden_found} of {hidden_total} hidden), "
        f"{len(alarms)} false alarm{'s' if len(alarms) != 1 else ''}.",
        f"심어 둔 실수 {len(planted)}개 중 {len(found)}개를 찾았습니다(숨은 것 {hidden_total}개 중 {hidden_found}개). "
        f"잘못 짚은 것 {len(alarms)}개.")
    sentences = [score]
    for entry in missed:
        where = entry.pairs[0] if entry.pairs else ("?", "?")
        if entry.hidden:
            sentences.append(both(f"Missed (hidden, no check sees it): {entry.description['en']} ({_where(where)}).",
                                  f"놓쳤습니다(숨은 실수, 어떤 점검도 보지 못함): {entry.description['ko']} "
                                  f"({where[1]}의 {where[0]})."))
        else:
            sentences.append(both(f"Missed: {entry.description['en']} ({_where(where)}).",
                                  f"놓쳤습니다: {entry.description['ko']} ({where[1]}의 {where[0]})."))
    sentences += alarms + notes
    late = session(lab).late()
    if late is not None:
        sentences.insert(0, _before_the_deadline(lab, None).message)
    done = not missed and not alarms and late is None
    return done, {lang: " ".join(s[lang] for s in sentences) for lang in LANGUAGES}


def _live_aliases(lab, name: str) -> tuple:
    if name != "ec2_test_instance_in_another_region":
        return ()
    from labs.scenarios import ec2_test_instance_in_another_region as region

    return tuple(region.instances(lab, states=("pending", "running", "stopping", "stopped", "shutting-down",
                                                "terminated")))


_NO_WORLD = both("This account was not built by labs.start(\"11\"): run the start cell again.",
                 "이 계정은 labs.start(\"11\")로 만든 것이 아닙니다. 시작 셀을 다시 실행하세요.")


# --- 11.2: fixed, for real ------------------------------------------------------------------------------

def _pair_verdicts(state, pairs) -> list[dict]:
    """The failing sentences of the checks for these (check, resource) pairs; a resource that is gone is fixed."""
    from labs.checks import all_checks

    checks = all_checks()
    failing = []
    for check_id, resource in pairs:
        failing += [f.message for f in checks[check_id].run(state) if f.resource == resource and f.status == "FAIL"]
    return failing


def _services(check_ids, requirements) -> tuple:
    from labs.checks import all_checks

    checks = all_checks()
    services = {s for c in check_ids for s in checks[c].metadata.services}
    services |= {s for r in requirements for s in r.services}
    return tuple(sorted(services))


def mistake_fixed(name: str) -> Requirement:
    """One planted mistake: its checks pass for its resources, and its chapter's requirements hold."""
    from labs import scenarios

    scenario = scenarios.load(name)
    checks = list(scenario.BREAKS) + [c for c, _ in getattr(scenario, "ALSO_BREAKS", ()) if c not in SHARED_CHECKS]
    extra = requirements_of(name)
    description = DESCRIPTIONS.get(name) or both(name, name)

    def test(lab, state):
        built = world(lab)
        if built is None:
            return fails(_NO_WORLD["en"], _NO_WORLD["ko"])
        entry = built.entry(name)
        failing = [] if entry.hidden else _pair_verdicts(state, entry.live_pairs(lab))
        failing += [v.message for v in (r.test(lab, state) for r in extra) if not v.ok]
        if not failing:
            return holds(f"Fixed: {description['en']}.", f"고쳤습니다: {description['ko']}.")
        if entry.hidden and name not in session(lab).named:
            return fails("A hidden mistake is still there: no check of the lab's sees it. Look beyond the checks: every "
                         "object, every Region.",
                         "숨은 실수가 아직 남아 있습니다. 실습 환경의 어떤 점검도 보지 못합니다. 점검 너머를 보세요. 모든 "
                         "객체, 모든 리전입니다.")
        first = dict.fromkeys(m["en"] for m in failing)
        first_ko = dict.fromkeys(m["ko"] for m in failing)
        return fails(f"{description['en']}: {' '.join(first)}", f"{description['ko']}: {' '.join(first_ko)}")

    return Requirement(text=description, test=test, services=_services(checks, extra))


def _side_effects_gone(lab, state):
    built = world(lab)
    if built is None:
        return fails(_NO_WORLD["en"], _NO_WORLD["ko"])
    failing = _pair_verdicts(state, sorted(built.side_pairs()))
    if failing:
        return fails(" ".join(dict.fromkeys(m["en"] for m in failing)), " ".join(dict.fromkeys(m["ko"] for m in failing)))
    return holds("Nothing the mistakes turned red on the side is red any more.",
                 "실수 때문에 함께 빨갛게 된 것도 이제 모두 초록입니다.")


def side_effects_gone(planted) -> Requirement:
    return Requirement(both("What the mistakes also turned red is green again", "실수 때문에 함께 실패한 점검도 통과"),
                       _side_effects_gone, _services(SHARED_CHECKS, ()))


# --- the other Region (the hidden test server) ----------------------------------------------------------

def _other_region_groups(lab):
    from labs.cloudtrail import recorder
    from labs.scenarios import ec2_test_instance_in_another_region as region

    with recorder.unrecorded():
        return region.ec2(lab).describe_security_groups()["SecurityGroups"]


def _other_region_ssh_closed(lab, state):
    from labs.policy.network import Rule, open_to_internet
    from labs.scenarios.ec2_test_instance_in_another_region import REGION

    open_groups = []
    for group in _other_region_groups(lab):
        rules = [Rule.from_permission(p) for p in group.get("IpPermissions", [])]
        if open_to_internet(rules, "tcp", 22):
            open_groups.append(f"{group['GroupName']} ({group['GroupId']})")
    if open_groups:
        return fails(f"In {REGION}, {', '.join(open_groups)} still lets the internet reach SSH (TCP 22).",
                     f"{REGION}에서 {josa(', '.join(open_groups), '이')} 아직 인터넷에서 SSH(TCP 22) 접속을 허용합니다.")
    return holds(f"No security group in {REGION} lets the internet reach SSH.",
                 f"{REGION}의 어떤 보안 그룹도 인터넷에서 SSH 접속을 허용하지 않습니다.")


def _other_region_nothing_runs(lab, state):
    from labs.cloudtrail import recorder
    from labs.scenarios import ec2_test_instance_in_another_region as region

    with recorder.unrecorded():
        running = region.instances(lab, states=("pending", "running"))
    if running:
        return fails(f"The test server {', '.join(running)} still runs in {region.REGION}, on the company's bill: nobody "
                     "uses it. Stop or terminate it.",
                     f"테스트 서버 {josa(', '.join(running), '이')} {region.REGION}에서 아직 실행 중이고 회사가 비용을 냅니다. "
                     "아무도 쓰지 않으니 중지하거나 종료하세요.")
    return holds(f"Nothing of the test runs in {region.REGION} any more.",
                 f"{region.REGION}에서 테스트로 띄운 것은 더 이상 실행되지 않습니다.")


OTHER_REGION_SSH_CLOSED = Requirement(both("No SSH open to the internet in us-east-1", "us-east-1에 인터넷으로 열린 SSH 없음"),
                                      _other_region_ssh_closed)
OTHER_REGION_NOTHING_RUNS = Requirement(
    both("The forgotten test server no longer runs", "잊힌 테스트 서버가 더 이상 실행되지 않음"), _other_region_nothing_runs)


# --- 11.3: broke nothing -----------------------------------------------------------------------------------

def _still_open(lab, state, mistakes) -> list:
    """The planted mistakes not fixed yet, judged once per collected state."""
    if not hasattr(state, "_capstone_open"):
        state._capstone_open = [r.text for r in mistakes if not r.test(lab, state).ok]
    return state._capstone_open


def everything_fixed(planted) -> Requirement:
    mistakes = [mistake_fixed(name) for name in planted]

    def test(lab, state):
        still = _still_open(lab, state, mistakes)
        if still:
            return fails(f"Broke-nothing is judged on the finished account: {len(still)} planted mistakes are still open "
                         "(exercise 11.2 names them).",
                         f"'아무것도 망가뜨리지 않음'은 다 고친 계정에서 판정합니다. 심어 둔 실수 {len(still)}개가 아직 "
                         "남아 있습니다(실습 11.2가 알려 줍니다).")
        return holds("Every planted mistake is fixed.", "심어 둔 실수를 모두 고쳤습니다.")

    services = tuple(sorted({s for r in mistakes for s in r.services}))
    return Requirement(both("Every planted mistake is fixed first (11.2)", "먼저 심어 둔 실수를 모두 고침(11.2)"), test, services)


def _site_reaches_the_app(lab, state):
    from labs.policy.network import sources_for

    app_group = company.security_group_id(lab, company.APP_SECURITY_GROUP)
    alb_group = company.security_group_id(lab, company.ALB_SECURITY_GROUP)
    group = state.ec2.group(app_group) if app_group else None
    if group is None:
        return fails(f"The app servers' security group {company.APP_SECURITY_GROUP} is gone: the load balancer has "
                     "nothing to send visitors to.",
                     f"앱 서버 보안 그룹 {josa(company.APP_SECURITY_GROUP, '이')} 없어졌습니다. 로드 밸런서가 방문자를 보낼 곳이 "
                     "없습니다.")
    if alb_group not in sources_for(group.inbound, "tcp", company.APP_PORT):
        return fails(f"The app servers' group no longer admits the load balancer's group ({alb_group}) on port "
                     f"{company.APP_PORT}: every visitor gets a 502.",
                     f"앱 서버 보안 그룹이 더 이상 로드 밸런서 보안 그룹({alb_group})의 포트 {company.APP_PORT} 접속을 허용하지 "
                     "않습니다. 모든 방문자가 502를 받습니다.")
    return holds(f"The load balancer reaches the app servers on port {company.APP_PORT}.",
                 f"로드 밸런서가 앱 서버의 포트 {company.APP_PORT}에 연결됩니다.")


SITE_REACHES_APP = Requirement(both("The load balancer still reaches the app servers", "로드 밸런서가 여전히 앱 서버에 연결됨"),
                               _site_reaches_the_app, ("ec2",))


def nothing_else_red(check_ids) -> Requirement:
    def test(lab, state):
        from labs.checks import all_checks

        built = world(lab)
        if built is None:
            return fails(_NO_WORLD["en"], _NO_WORLD["ko"])
        planted = built.pairs() | built.side_pairs()
        checks = all_checks()
        now = {(f.check_id, f.resource): f for c in check_ids for f in checks[c].run(state)}
        broken = [now[k] for k, status in built.baseline.items()
                  if status == "PASS" and k not in planted and k in now and now[k].status == "FAIL"]
        if broken:
            first = broken[:3]
            more = len(broken) - len(first)
            tail_en = f" ({more} more)" if more else ""
            tail_ko = f"(그 밖에 {more}개 더)" if more else ""
            return fails("Something that passed before the mistakes fails now: "
                         + " ".join(f"{f.check_id}: {f.message['en']}" for f in first) + tail_en,
                         "실수 전에 통과하던 것이 지금 실패합니다. "
                         + " ".join(f"{f.check_id}: {f.message['ko']}" for f in first) + tail_ko)
        passing = sum(status == "PASS" for status in built.baseline.values())
        return holds(f"Every check that passed before the mistakes still passes ({passing} findings).",
                     f"실수 전에 통과하던 점검은 모두 여전히 통과합니다(결과 {passing}개).")

    return Requirement(both("Nothing that was green before the mistakes is red", "실수 전에 초록이던 것 중 빨간 것 없음"),
                       test, _services(check_ids, ()))


def broke_nothing(planted, check_ids) -> tuple:
    from labs.chapters import ch03_cloudtrail as ch03
    from labs.chapters import ch05_network_tls as ch05
    from labs.chapters import ch07_rds as ch07
    from labs.chapters import ch09_iam_roles as ch09

    first = everything_fixed(planted)
    mistakes = [mistake_fixed(name) for name in planted]

    def once_fixed(requirement: Requirement) -> Requirement:
        """Judged on the finished account: while a planted mistake is open, 11.2's sentence is the one to read."""

        def test(lab, state):
            if _still_open(lab, state, mistakes):
                return holds("", "")
            return requirement.test(lab, state)

        return Requirement(requirement.text, test, tuple(sorted({*requirement.services, *first.services})),
                           requirement.check)

    rest = (ch09.APP_RUNNING, ch09.APP_CALLS, ch09.SSM_AGENT, ch03.THE_TRAIL_LOGS_EVERY_REGION,
            ch03.RECORDS_MANAGEMENT_EVENTS, ch03.CLOUDTRAIL_CAN_DELIVER, ch05.HTTPS_KEPT, ch05.REDIRECTS,
            SITE_REACHES_APP, ch07.ONLY_THE_APP_SERVERS, nothing_else_red(check_ids))
    return (first, *(once_fixed(r) for r in rest))


# --- the chapter, and its options --------------------------------------------------------------------------

def _option_error(en: str, ko: str) -> LabError:
    return LabError(en, ko)


def _seed(value):
    if value is None:
        value = os.environ.get(ENVIRONMENT["seed"], "").strip() or DEFAULT_SEED
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise _option_error(f"{ENVIRONMENT['seed']} is {excerpt(value)}: a whole number, e.g. 2026.",
                                f"{josa(ENVIRONMENT['seed'], '이')} {excerpt(value)}입니다. 2026 같은 정수여야 합니다.") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _option_error(f"seed={excerpt(value)}: a seed is a whole number, e.g. seed=2026 (the same seed, the same "
                            "world).",
                            f"seed={excerpt(value)}: 시드는 정수입니다. 예: seed=2026(같은 시드, 같은 환경).")
    return value


def _difficulty(value):
    if value is None:
        value = os.environ.get(ENVIRONMENT["difficulty"], "").strip() or DEFAULT_DIFFICULTY
    if not isinstance(value, str) or value.strip().lower() not in DIFFICULTIES:
        raise _option_error(f"difficulty={excerpt(value)}: choose {', '.join(DIFFICULTIES)}.",
                            f"difficulty={excerpt(value)}: {', '.join(DIFFICULTIES)} 중에서 고르세요.")
    return value.strip().lower()


def _count(value, default: int, most: int, name: str) -> int:
    if value is None:
        return min(default, most)
    if value is True:
        return most
    if value is False:
        return 0
    if not isinstance(value, int) or not 0 <= value <= most:
        raise _option_error(f"{name}={excerpt(value)}: a whole number from 0 to {most}.",
                            f"{name}={excerpt(value)}: 0부터 {most} 사이의 정수여야 합니다.")
    return value


def _mistakes(value):
    if value is None:
        text = os.environ.get(ENVIRONMENT["mistakes"], "").strip()
        if not text:
            return None
        value = "all" if text == "all" else [n.strip() for n in text.split(",") if n.strip()]
    if value == "all":
        return tuple(pool())
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, (list, tuple)) or not names:
        raise _option_error("mistakes=[...]: a list of scenario names (capstone.pool() lists them), or \"all\".",
                            "mistakes=[...]: 시나리오 이름의 목록(capstone.pool()이 보여 줌)이나 \"all\"이어야 합니다.")
    known = pool()
    for name in names:
        if name not in known:
            raise _option_error(f"There is no mistake {excerpt(name)} in the capstone's pool; capstone.pool() lists them.",
                                f"종합 실습에는 {josa(excerpt(name), '이라는')} 실수가 없습니다. capstone.pool()로 목록을 "
                                "보세요.")
    return with_needs(names)


def parse_deadline(value, now: datetime | None = None) -> datetime | None:
    """None or False: no deadline. Minutes from now (a number), a datetime, an ISO time with its offset
    ("2026-12-01T15:30+09:00") or a clock time today in the kernel's time zone ("15:30")."""
    now = now or datetime.now(timezone.utc)
    if value is None:
        value = os.environ.get(ENVIRONMENT["deadline"], "").strip() or None
        if value is None:
            return None
    if value is False:
        return None
    when = None
    if isinstance(value, bool):
        when = None
    elif isinstance(value, (int, float)):
        when = now + timedelta(minutes=value) if 0 < value <= 24 * 60 else None
    elif isinstance(value, datetime):
        when = value if value.tzinfo else value.astimezone()
    elif isinstance(value, str):
        text = value.strip()
        try:
            if len(text) <= 5 and ":" in text:
                hours, minutes = (int(x) for x in text.split(":"))
                local = now.astimezone()
                when = local.replace(hour=hours, minute=minutes, second=0, microsecond=0)
            else:
                parsed = datetime.fromisoformat(text)
                when = parsed if parsed.tzinfo else parsed.astimezone()
        except ValueError:
            when = None
    if when is None:
        raise _option_error(
            f"deadline={excerpt(value)}: give minutes from now (90), a clock time today (\"15:30\") or a time with its "
            "offset (\"2026-12-01T15:30+09:00\"); False for none.",
            f"deadline={excerpt(value)}: 지금부터의 분(90), 오늘의 시각(\"15:30\"), 시간대가 붙은 시각"
            "(\"2026-12-01T15:30+09:00\") 중 하나로 주세요. 없으면 False입니다.")
    if when <= now:
        raise _option_error(f"The deadline {when.isoformat(timespec='minutes')} has already passed.",
                            f"마감 시간 {josa(when.isoformat(timespec='minutes'), '이')} 이미 지났습니다.")
    return when.astimezone(timezone.utc)


@dataclass(frozen=True)
class CapstoneChapter(Chapter):
    """Chapter 11, with the options it was started with (labs.start passes them to `with_options`)."""

    options: dict = field(default_factory=dict)
    session: Session | None = None

    def with_options(self, seed=None, difficulty=None, count=None, hidden=None, mistakes=None, deadline=None,
                     **unknown) -> CapstoneChapter:
        if unknown:
            name = sorted(unknown)[0]
            raise _option_error(
                f"Chapter 11 has no option {excerpt(name, quote=False)}: it takes seed, difficulty, count, hidden, "
                "mistakes and deadline.",
                f"챕터 11에는 {excerpt(name, quote=False)} 옵션이 없습니다. seed, difficulty, count, hidden, mistakes, "
                "deadline을 쓸 수 있습니다.")
        return build_chapter(seed=seed, difficulty=difficulty, count=count, hidden=hidden, mistakes=mistakes,
                             deadline=deadline)


def build_chapter(seed=None, difficulty=None, count=None, hidden=None, mistakes=None, deadline=None) -> CapstoneChapter:
    seed = _seed(seed)
    difficulty = _difficulty(difficulty)
    visible_default, hidden_default = DIFFICULTIES[difficulty]
    count = _count(count, visible_default, len(visible_pool()), "count")
    hidden = _count(hidden, hidden_default, len(HIDDEN), "hidden")
    chosen = _mistakes(mistakes)
    planted = chosen if chosen is not None else pick(seed, count, hidden)
    started = datetime.now(timezone.utc)
    when = parse_deadline(deadline, started)
    options = {"seed": seed, "difficulty": difficulty, "count": count, "hidden": hidden,
               "mistakes": list(chosen) if chosen is not None else None}
    return dataclasses.replace(
        CHAPTER_TEMPLATE,
        build_company=(RecordTheWorld(planted),),
        scenarios=planted,
        checks=checks_of_the_account(),
        exercises=_exercises(planted, timed=when is not None),
        options=options,
        session=Session(seed=seed, difficulty=difficulty, started_at=started, deadline=when),
    )


def _exercises(planted, timed: bool) -> tuple:
    check_ids = checks_of_the_account()
    clock = (BEFORE_THE_DEADLINE,) if timed else ()
    return (
        Exercise(
            id="11.1",
            title={"en": "Name what is wrong, before the checks", "ko": "점검 전에 잘못된 것 적기"},
            hint=both("Read the account with boto3 and pandas, service by service (IAM and the root user, CloudTrail, "
                      "budgets, the load balancer, servers and security groups, the database, S3, Access Analyzer, the "
                      "alarms, GuardDuty and Security Hub), and look beyond: every object's ACL, every Region. "
                      "lab.checks() lists the check ids to name them by.",
                      "boto3와 pandas로 서비스마다 계정을 읽으세요(IAM과 루트 사용자, CloudTrail, 예산, 로드 밸런서, "
                      "서버와 보안 그룹, 데이터베이스, S3, Access Analyzer, 경보, GuardDuty와 Security Hub). 그 너머도 "
                      "보세요. 모든 객체의 ACL, 모든 리전입니다. lab.checks()가 이름 붙일 때 쓸 점검 ID를 보여 줍니다."),
            grader=grade_found,
            needs_answer=True,
        ),
        Exercise(
            id="11.2",
            title={"en": "Fix every mistake, for real", "ko": "모든 실수를 제대로 고치기"},
            requirements=tuple(mistake_fixed(name) for name in planted) + (side_effects_gone(planted), *clock),
        ),
        Exercise(
            id="11.3",
            title={"en": "Prove you broke nothing", "ko": "아무것도 망가뜨리지 않았음을 증명하기"},
            requirements=broke_nothing(planted, check_ids) + clock,
        ),
    )


CHAPTER_TEMPLATE = CapstoneChapter(
    number=NUMBER,
    stem=STEM,
    title={"en": "Capstone: the whole account at v1.0, and a report for the manager",
           "ko": "종합 실습: v1.0 계정 전체, 그리고 팀장님께 드릴 보고서"},
    services=("s3", "s3control", "kms", "sts", "ec2", "iam", "cloudtrail", "ssm", "logs", "rds", "secretsmanager",
              "elbv2", "acm", "budgets", "account", "events", "sqs", "cloudwatch", "sns", "guardduty", "securityhub",
              "ce"),
)


CHAPTER = build_chapter(seed=DEFAULT_SEED, difficulty=DEFAULT_DIFFICULTY, deadline=False)
"""The default world (seed 11, normal); every labs.start builds its own through with_options."""
