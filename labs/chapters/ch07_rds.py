"""Chapter 07: the database moves to RDS (the talk's architecture v0.4). In the talk's order: password
management, encryption, network traffic control, the audit log; then backups, deletion protection
and the master user's name.

"The app" is its configuration in Parameter Store (labs.company.APP_CONFIG_*: the endpoint, the
secret) and the learner's own function that reads the password at run time. Every exercise judges
the instance the app's configuration points at, so moving the app to a new instance (7.3, 7.9)
moves the exercises with it. Each exercise lists what its text asks for (labs.grading)."""

from __future__ import annotations

import csv
import json
import secrets
from pathlib import Path

from labs import company
from labs.chapters import Chapter, Exercise
from labs.checks.lib.rds import encryption_key, is_default_admin, port_sources
from labs.grading import Requirement, check_passes, fails, holds
from labs.language import both
from labs.korean import josa, particle

ROTATION_DAYS = 7
COLLEAGUE_SNAPSHOT = "community-app-db-before-go-live"
AUDIT_COLUMNS = ("timestamp", "serverhost", "username", "host", "connectionid", "queryid", "operation",
                 "database", "object", "retcode")
"""The ten fields of a MariaDB audit plugin line (server_audit.log), in order."""
COMPANY_AUDIT_LOG = Path(__file__).resolve().parents[1] / "sample_logs" / "community-db-01_server_audit.log"
"""The on-premises server's audit log, written for the lab (the night the staging database disappeared)."""
MARIADB_TEST_LOG = Path(__file__).resolve().parents[2] / "data" / "mariadb-audit" / "server_audit_mariadb_testsuite.log"
"""Real audit plugin output from MariaDB's own tests (data/ATTRIBUTION.md)."""


def _app_db(aws) -> str:
    return company.app_database(aws)


def _app_secret(aws) -> str:
    """The name of the app's database's managed secret (rds!db-...)."""
    name = company.app_database(aws)
    instance = company.db_instance(aws, name)
    arn = ((instance or {}).get("MasterUserSecret") or {}).get("SecretArn")
    if not arn:
        return f"the managed secret of {name}"
    return aws.client("secretsmanager").describe_secret(SecretId=arn)["Name"]


def _instance(lab, state):
    """The app's instance in the collected RDS state, or the Verdict that says it is gone."""
    name = company.app_database(lab)
    instance = state.rds.instance(name)
    if instance is None:
        return None, fails(
            f"The app's configuration ({company.APP_CONFIG_HOST}) points at no DB instance of this account; point it "
            "at the database's endpoint, or run the labs.start(...) cell again.",
            f"앱 구성({company.APP_CONFIG_HOST})이 이 계정의 어떤 DB 인스턴스도 가리키지 않습니다. 데이터베이스 "
            "엔드포인트를 가리키게 하거나 labs.start(...) 셀을 다시 실행하세요.",
        )
    return instance, None


def _config(lab) -> dict:
    from labs.inventory.ssm import collect_parameters

    return collect_parameters(lab, company.APP_CONFIG_PREFIX)


def _secret_passwords(lab, secret_arn: str) -> set[str]:
    """Every password any version of the secret holds (the current one and the ones before)."""
    manager = lab.client("secretsmanager")
    found = set()
    for version in manager.list_secret_version_ids(SecretId=secret_arn).get("Versions", []):
        try:
            text = manager.get_secret_value(SecretId=secret_arn, VersionId=version["VersionId"]).get("SecretString")
            value = json.loads(text or "{}")
        except (ValueError, manager.exceptions.ResourceNotFoundException):
            continue
        if isinstance(value, dict) and value.get("password"):
            found.add(str(value["password"]))
    return found


# --- password management -------------------------------------------------------------------------------

def _managed_password(lab, state):
    instance, missing = _instance(lab, state)
    if missing:
        return missing
    if not instance.master_user_secret_arn:
        return fails(
            f"DB instance {instance.id}'s master password is self-managed again: nobody rotates it, and it lives "
            "wherever someone typed it. Let RDS manage it in Secrets Manager.",
            f"DB 인스턴스 {instance.id}의 마스터 비밀번호가 다시 자체 관리로 바뀌었습니다. 아무도 교체하지 않고, 누군가 "
            "입력한 곳마다 남습니다. RDS가 Secrets Manager에서 관리하게 하세요.",
        )
    return holds(f"RDS manages {instance.id}'s master password in Secrets Manager.",
                 f"RDS가 {instance.id}의 마스터 비밀번호를 Secrets Manager에서 관리합니다.")


MANAGED_PASSWORD = Requirement(both("RDS manages the master password in Secrets Manager",
                                    "RDS가 마스터 비밀번호를 Secrets Manager에서 관리"), _managed_password, ("rds",))


def _config_names_the_secret(lab, state):
    instance, missing = _instance(lab, state)
    if missing:
        return missing
    if not instance.master_user_secret_arn:
        return fails(f"DB instance {instance.id} has no managed secret for the app to read.",
                     f"DB 인스턴스 {instance.id}에는 앱이 읽을 관리형 시크릿이 없습니다.")
    secret = state.secretsmanager.secret(instance.master_user_secret_arn)
    named = _config(lab).get(company.APP_CONFIG_SECRET)
    wanted = {instance.master_user_secret_arn, secret.name if secret else None}
    if named is None or named.value not in wanted:
        what = f"names {named.value}" if named else "does not exist"
        what_ko = f"{josa(named.value, '을')} 가리킵니다" if named else "없습니다"
        return fails(
            f"The app's configuration {company.APP_CONFIG_SECRET} {what}: make it name {instance.id}'s secret "
            f"({secret.name if secret else instance.master_user_secret_arn}), so the app knows where to read "
            "the password.",
            f"앱 구성 {josa(company.APP_CONFIG_SECRET, '이')} {what_ko}. 앱이 비밀번호를 읽을 곳을 알 수 있도록 "
            f"{instance.id}의 시크릿({secret.name if secret else instance.master_user_secret_arn})을 가리키게 하세요.",
        )
    return holds(f"The app's configuration names {instance.id}'s secret.",
                 f"앱 구성이 {instance.id}의 시크릿을 가리킵니다.")


CONFIG_NAMES_THE_SECRET = Requirement(
    both(f"The app's configuration names the database's secret ({company.APP_CONFIG_SECRET})",
         f"앱 구성이 데이터베이스의 시크릿을 가리킴({company.APP_CONFIG_SECRET})"),
    _config_names_the_secret, ("rds", "secretsmanager"))


def _no_password_in_config(lab, state):
    instance, missing = _instance(lab, state)
    if missing:
        return missing
    passwords = _secret_passwords(lab, instance.master_user_secret_arn) if instance.master_user_secret_arn else set()
    copies = [p for p in _config(lab).values()
              if "password" in p.name.rsplit("/", 1)[-1].lower() or (p.value and p.value in passwords)]
    if copies:
        names = ", ".join(f"{p.name} ({p.type})" for p in copies)
        return fails(
            f"The app's configuration still holds the password: {names}. A copy is typed in by hand, read by "
            "whoever reads the configuration, and wrong after the next rotation, encrypted or not: delete it.",
            f"앱 구성에 아직 비밀번호가 있습니다: {names}. 복사본은 손으로 입력해야 하고, 구성을 읽는 누구나 볼 수 "
            "있으며, 암호화하든 안 하든 다음 교체 뒤에는 틀린 값이 됩니다. 삭제하세요.",
        )
    return holds("No parameter of the app's configuration holds the password.",
                 "앱 구성의 어떤 파라미터에도 비밀번호가 없습니다.")


NO_PASSWORD_IN_CONFIG = Requirement(both("No copy of the password in the app's configuration",
                                         "앱 구성에 비밀번호 복사본 없음"), _no_password_in_config, ("rds",))


def _rotates_weekly(lab, state):
    instance, missing = _instance(lab, state)
    if missing:
        return missing
    secret = state.secretsmanager.secret(instance.master_user_secret_arn or "-")
    if secret is None:
        return fails(f"DB instance {instance.id} has no managed secret to rotate.",
                     f"DB 인스턴스 {instance.id}에는 교체할 관리형 시크릿이 없습니다.")
    if not secret.rotation_enabled:
        return fails(f"Turn its rotation on again, every {ROTATION_DAYS} days (RotationRules).",
                     f"교체를 {ROTATION_DAYS}일마다로 다시 켜세요(RotationRules).")
    days = secret.rotation_days
    if days is None:
        return fails(
            f"Secret {secret.name} rotates on a schedule the lab cannot read ({secret.rotation_rules}); give it "
            f"rate({ROTATION_DAYS} days) or AutomaticallyAfterDays={ROTATION_DAYS}.",
            f"시크릿 {secret.name}의 교체 일정({secret.rotation_rules})을 실습 환경이 읽을 수 없습니다. "
            f"rate({ROTATION_DAYS} days)나 {josa(f'AutomaticallyAfterDays={ROTATION_DAYS}', '으로')} 정하세요.",
        )
    if days > ROTATION_DAYS:
        return fails(
            f"Secret {secret.name} rotates every {days} days; the talk's schedule, and RDS's own default, is every "
            f"{ROTATION_DAYS} days.",
            f"시크릿 {josa(secret.name, '은')} {days}일마다 교체됩니다. 발표의 교체 일정이자 RDS의 기본값은 "
            f"{ROTATION_DAYS}일입니다.",
        )
    return holds(f"Secret {secret.name} rotates every {days} days.", f"시크릿 {josa(secret.name, '은')} {days}일마다 교체됩니다.")


ROTATES_WEEKLY = Requirement(both(f"The secret rotates at least every {ROTATION_DAYS} days",
                                  f"시크릿이 {ROTATION_DAYS}일 이내 주기로 교체됨"), _rotates_weekly,
                             ("rds", "secretsmanager"))


def _call(function):
    """(value, None) or (None, Verdict) when the learner's function raised."""
    try:
        return function(), None
    except Exception as error:  # the learner's code: whatever it raises becomes one sentence
        return None, fails(
            f"database_credentials() raised {type(error).__name__}: {str(error)[:200]}",
            f"database_credentials()에서 {type(error).__name__} 예외가 났습니다: {str(error)[:200]}",
        )


def _password_of(value):
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get("password")
    return None


def grade_reads_at_run_time(lab, function):
    """The app reads the password from the database's secret every time it connects: the function
    returns the secret's current password, and the new one after a rotation."""
    if not callable(function):
        return False, both(
            "Pass the function itself, database_credentials (without parentheses), so the lab can call it.",
            "함수 자체(괄호 없이 database_credentials)를 넘겨야 실습 환경이 호출할 수 있습니다.",
        )
    from labs import inventory

    state = inventory.collect(lab, {"rds", "secretsmanager"})
    named = _config_names_the_secret(lab, state)
    if not named.ok:
        return False, named.message
    instance, _ = _instance(lab, state)
    manager = lab.client("secretsmanager")
    current = json.loads(manager.get_secret_value(SecretId=instance.master_user_secret_arn)["SecretString"])
    value, raised = _call(function)
    if raised:
        return False, raised.message
    if _password_of(value) != current.get("password"):
        return False, both(
            "database_credentials() does not return the password in the database's secret now (a dict with "
            "'username' and 'password', as the secret holds it): is it reading a copy?",
            "database_credentials()가 데이터베이스 시크릿에 지금 들어 있는 비밀번호를 돌려주지 않습니다(시크릿처럼 "
            "'username'과 'password'가 있는 dict). 복사본을 읽고 있지 않나요?",
        )
    # RDS rotates the password (what it does every 7 days): a new value becomes AWSCURRENT.
    rotated = {**current, "password": "rotated-by-rds-" + secrets.token_urlsafe(18)}
    manager.put_secret_value(SecretId=instance.master_user_secret_arn, SecretString=json.dumps(rotated))
    value, raised = _call(function)
    if raised:
        return False, raised.message
    if _password_of(value) != rotated["password"]:
        return False, both(
            "The lab rotated the secret, as RDS does every 7 days, and database_credentials() still returns the "
            "old password: the app would fail to connect. Read the secret inside the function, every time.",
            "실습 환경이 RDS처럼 시크릿을 교체했는데 database_credentials()는 여전히 예전 비밀번호를 돌려줍니다. "
            "앱이 연결에 실패합니다. 함수 안에서 매번 시크릿을 읽으세요.",
        )
    return True, both(
        "database_credentials() returns the secret's password, and the new one after a rotation (the lab rotated "
        "the secret once to find out).",
        "database_credentials()가 시크릿의 비밀번호를, 교체 뒤에는 새 비밀번호를 돌려줍니다(확인하려고 실습 환경이 "
        "시크릿을 한 번 교체했습니다).",
    )


# --- encryption ----------------------------------------------------------------------------------------

def _customer_key(lab, state):
    instance, missing = _instance(lab, state)
    if missing:
        return missing
    kind, key = encryption_key(instance, state.kms)
    if kind == "none":
        return fails(f"DB instance {instance.id} is not encrypted.",
                     f"DB 인스턴스 {josa(instance.id, '은')} 암호화되어 있지 않습니다.")
    if kind == "aws":
        return fails(
            f"DB instance {instance.id} is encrypted with the AWS managed key aws/rds: its key policy is AWS's, and a "
            "snapshot encrypted with it cannot be shared with another account. Copy the snapshot with your customer "
            f"managed key ({company.DB_KEY_ALIAS}).",
            f"DB 인스턴스 {josa(instance.id, '은')} AWS 관리형 키 aws/rds로 암호화되어 있습니다. 이 키의 정책은 AWS의 것이고, "
            "이 키로 암호화한 스냅샷은 다른 계정과 공유할 수 없습니다. 고객 관리형 키"
            f"({company.DB_KEY_ALIAS})로 스냅샷을 복사하세요.",
        )
    if kind == "unknown":
        return fails(f"DB instance {instance.id} names a key the lab cannot find in KMS ({instance.kms_key_id}).",
                     f"DB 인스턴스 {josa(instance.id, '이')} KMS에서 찾을 수 없는 키({instance.kms_key_id})를 가리킵니다.")
    if key.state != "Enabled":
        return fails(f"The key {key.label} is {key.state}: RDS cannot use it.",
                     f"키 {josa(key.label, '이')} {key.state} 상태라 RDS가 쓸 수 없습니다.")
    return holds(f"DB instance {instance.id} is encrypted with the customer managed key {key.label}.",
                 f"DB 인스턴스 {josa(instance.id, '은')} 고객 관리형 키 {josa(key.label, '으로')} 암호화되어 있습니다.")


CUSTOMER_KEY = Requirement(both("Encrypted with a customer managed KMS key, not aws/rds",
                                "aws/rds가 아닌 고객 관리형 KMS 키로 암호화"), _customer_key, ("rds", "kms"))


def _app_moved(fixed, what_en: str, what_ko: str):
    """A requirement: the app's configuration points at an instance for which `fixed(instance)` holds
    when one exists (the new one), and names its secret."""

    def test(lab, state):
        instance, missing = _instance(lab, state)
        if missing:
            return missing
        better = [i for i in state.rds.instances if i.id != instance.id and fixed(i)]
        if not fixed(instance) and better:
            new = better[0]
            return fails(
                f"The app's configuration ({company.APP_CONFIG_HOST}) still points at {instance.id}, which is "
                f"{what_en}: point it at {new.id}'s endpoint ({new.endpoint}), and {company.APP_CONFIG_SECRET} at "
                "its secret.",
                f"앱 구성({company.APP_CONFIG_HOST})이 아직 {josa(instance.id, '을')} 가리킵니다. 이 인스턴스는 {what_ko}. "
                f"{new.id}의 엔드포인트({new.endpoint})를 가리키게 하고, {company.APP_CONFIG_SECRET}도 그 시크릿을 "
                "가리키게 하세요.",
            )
        return _config_names_the_secret(lab, state)

    return test


def _no_unencrypted_copy_left(lab, state):
    instance, missing = _instance(lab, state)
    if missing:
        return missing
    others = [i.id for i in state.rds.instances if i.id != instance.id and not i.storage_encrypted]
    if others:
        return fails(
            f"The unencrypted instance {', '.join(others)} still exists: once the app uses the new one, delete it "
            "(its deletion protection first).",
            f"암호화되지 않은 인스턴스 {josa(', '.join(others), '이')} 아직 있습니다. 앱이 새 인스턴스를 쓰게 되었으면 "
            "(삭제 방지를 먼저 끄고) 삭제하세요.",
        )
    plain = [s.id for s in state.rds.snapshots if s.type == "manual" and not s.encrypted and s.id != COLLEAGUE_SNAPSHOT]
    if plain:
        return fails(
            f"The unencrypted snapshot {', '.join(plain)} still holds every row in clear: delete it once its "
            "encrypted copy exists.",
            f"암호화되지 않은 스냅샷 {', '.join(plain)}에 모든 데이터가 평문으로 남아 있습니다. 암호화된 사본을 "
            "만들었으면 삭제하세요.",
        )
    return holds("No unencrypted instance or snapshot of the migration is left.",
                 "이전 작업에서 나온 암호화되지 않은 인스턴스나 스냅샷이 남아 있지 않습니다.")


NO_UNENCRYPTED_LEFT = Requirement(both("The old instance and the unencrypted snapshot deleted",
                                       "예전 인스턴스와 암호화되지 않은 스냅샷 삭제"), _no_unencrypted_copy_left, ("rds",))
APP_ON_ENCRYPTED = Requirement(
    both("The app's configuration points at the encrypted instance and its secret",
         "앱 구성이 암호화된 인스턴스와 그 시크릿을 가리킴"),
    _app_moved(lambda i: i.storage_encrypted, "not encrypted", "암호화되어 있지 않습니다"), ("rds", "secretsmanager"))
APP_ON_OWN_NAME = Requirement(
    both("The app's configuration points at the new instance and its secret",
         "앱 구성이 새 인스턴스와 그 시크릿을 가리킴"),
    _app_moved(lambda i: not is_default_admin(i.master_username), "still the one with the default master user name",
               "아직 기본 마스터 사용자 이름을 쓰는 인스턴스입니다"), ("rds", "secretsmanager"))


# --- network -------------------------------------------------------------------------------------------

def _only_the_app_servers(lab, state):
    instance, missing = _instance(lab, state)
    if missing:
        return missing
    app_group = company.security_group_id(lab, company.APP_SECURITY_GROUP)
    sources = port_sources(instance, state.ec2)
    others = [s for s in sources if s != app_group]
    if app_group not in sources:
        return fails(
            f"No security group of {instance.id} admits the app servers' group ({app_group}) to port "
            f"{instance.port}: the app can no longer reach its database.",
            f"{instance.id}의 어떤 보안 그룹도 앱 서버 보안 그룹({app_group})에서 포트 {josa(instance.port, '으로')} 들어오는 "
            "트래픽을 허용하지 않습니다. 앱이 데이터베이스에 연결할 수 없습니다.",
        )
    if others:
        return fails(
            f"Port {instance.port} of {instance.id} also admits {', '.join(others)}: only the app servers' group "
            f"({app_group}) needs the database.",
            f"{instance.id}의 포트 {josa(instance.port, '이')} {', '.join(others)}도 허용합니다. 데이터베이스가 필요한 "
            f"것은 앱 서버 보안 그룹({app_group})뿐입니다.",
        )
    return holds(f"Port {instance.port} of {instance.id} admits the app servers' group only.",
                 f"{instance.id}의 포트 {josa(instance.port, '은')} 앱 서버 보안 그룹만 허용합니다.")


ONLY_THE_APP_SERVERS = Requirement(both("MariaDB's port admits the app servers' security group only",
                                        "MariaDB 포트는 앱 서버 보안 그룹만 허용"), _only_the_app_servers, ("rds", "ec2"))


def _no_public_snapshot(lab, state):
    public = [s.id for s in state.rds.snapshots if s.public]
    if public:
        return fails(
            f"Snapshot {', '.join(public)} is still public: any AWS account can restore it.",
            f"스냅샷 {josa(', '.join(public), '이')} 아직 퍼블릭입니다. 어떤 AWS 계정이든 복원할 수 있습니다.",
        )
    return holds("No snapshot of the account is public.", "계정의 어떤 스냅샷도 퍼블릭이 아닙니다.")


NO_PUBLIC_SNAPSHOT = Requirement(both("No public DB snapshot", "퍼블릭 DB 스냅샷 없음"), _no_public_snapshot, ("rds",))


# --- audit log -----------------------------------------------------------------------------------------

def _audit_plugin(lab, state):
    instance, missing = _instance(lab, state)
    if missing:
        return missing
    plugins = [(g, g.options[company.AUDIT_PLUGIN]) for name in instance.option_groups
               if (g := state.rds.option_group(name)) and company.AUDIT_PLUGIN in g.options]
    if not plugins:
        return fails(
            f"{instance.id}'s option group ({', '.join(instance.option_groups)}) has no {company.AUDIT_PLUGIN}: "
            "without the plugin MariaDB writes no audit log, and exporting 'audit' exports nothing.",
            f"{instance.id}의 옵션 그룹({', '.join(instance.option_groups)})에 {josa(company.AUDIT_PLUGIN, '이')} 없습니다. "
            "플러그인이 없으면 MariaDB는 감사 로그를 쓰지 않고, 'audit'을 내보내도 내보낼 것이 없습니다.",
        )
    group, settings = plugins[0]
    events = {e.strip().upper() for e in str(settings.get("SERVER_AUDIT_EVENTS") or "CONNECT,QUERY").split(",") if e.strip()}
    lacking = []
    if "CONNECT" not in events:
        lacking.append(("connections (CONNECT)", "연결(CONNECT)"))
    if "QUERY" not in events and not {"QUERY_DDL", "QUERY_DCL"} <= events:
        lacking.append(("DROP and CREATE USER statements (QUERY, or QUERY_DDL with QUERY_DCL)",
                        "DROP과 CREATE USER 문(QUERY, 또는 QUERY_DDL과 QUERY_DCL)"))
    if lacking:
        return fails(
            f"The audit plugin of {group.name} records {', '.join(sorted(events)) or 'nothing'}: it misses "
            f"{' and '.join(en for en, _ in lacking)}.",
            f"{group.name}의 감사 플러그인은 {', '.join(sorted(events)) or '아무것도'} 기록합니다. "
            f"{josa(', '.join(ko for _, ko in lacking), '이')} 빠져 있습니다.",
        )
    excluded = [u.strip() for u in str(settings.get("SERVER_AUDIT_EXCL_USERS") or "").split(",") if u.strip()]
    if instance.master_username in excluded:
        return fails(
            f"The audit plugin of {group.name} leaves out the master user {instance.master_username} "
            "(SERVER_AUDIT_EXCL_USERS): the account that can do everything is the one to record.",
            f"{group.name}의 감사 플러그인이 마스터 사용자 {josa(instance.master_username, '을')} 빼고 기록합니다"
            "(SERVER_AUDIT_EXCL_USERS). 무엇이든 할 수 있는 계정이야말로 기록해야 합니다.",
        )
    return holds(f"{instance.id} runs the audit plugin ({group.name}: {', '.join(sorted(events))}).",
                 f"{instance.id}에서 감사 플러그인이 동작합니다({group.name}: {', '.join(sorted(events))}).")


AUDIT_PLUGIN = Requirement(both("The audit plugin records connections and queries (option group)",
                                "감사 플러그인이 연결과 쿼리를 기록(옵션 그룹)"), _audit_plugin, ("rds",))


def read_audit_log(path) -> list[dict]:
    """The lab's reading of a MariaDB audit log: one dict per line with AUDIT_COLUMNS. The query is
    the object between the 8th comma and the last one, quoted with ' and escaped with \\."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.count(",") < 9:
            continue
        fields = next(csv.reader([line], quotechar="'", escapechar="\\"))
        if len(fields) != len(AUDIT_COLUMNS):
            head = line.split(",", 8)
            query, _, retcode = head[8].rpartition(",")
            fields = head[:8] + [query.strip("'"), retcode]
        rows.append(dict(zip(AUDIT_COLUMNS, [f.strip() for f in fields], strict=True)))
    return rows


def _the_drop():
    for row in read_audit_log(COMPANY_AUDIT_LOG):
        if row["operation"] == "QUERY" and row["retcode"] == "0" and \
                row["object"].upper().startswith("DROP DATABASE"):
            return row
    return None


ANSWER_KEYS = {"user": ("user", "username", "who"), "host": ("host", "address", "ip", "from", "where"),
               "time": ("time", "timestamp", "when")}


def grade_who_dropped_it(lab, answer):
    """Who dropped the database (the database user), from which address, and when (to the second)."""
    import pandas as pd

    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if isinstance(answer, pd.DataFrame) and len(answer) == 1:
        answer = answer.iloc[0].to_dict()
    if not isinstance(answer, dict):
        return False, both(
            'Pass a dict: {"user": ..., "host": ..., "time": ...}, read from the log line that dropped the database.',
            '데이터베이스를 삭제한 로그 줄에서 읽은 값으로 dict를 넘기세요: {"user": ..., "host": ..., "time": ...}.',
        )
    given = {str(k).strip().lower(): v for k, v in answer.items()}
    picked = {}
    for key, names in ANSWER_KEYS.items():
        found = next((given[n] for n in names if n in given), None)
        if found is None:
            return False, both(f'The answer has no "{key}".', f'답에 "{key}"{particle(key, "이")} 없습니다.')
        picked[key] = found
    truth = _the_drop()
    rows = read_audit_log(COMPANY_AUDIT_LOG)
    try:
        when = pd.Timestamp(picked["time"]) if not isinstance(picked["time"], str) else \
            pd.to_datetime(picked["time"].strip(), format="mixed")
    except (ValueError, TypeError):
        return False, both(f"The lab cannot read {picked['time']!r} as a time: give it as the log writes it "
                           "(20251118 23:41:07) or as a pandas Timestamp.",
                           f"{josa(repr(picked['time']), '을')} 시각으로 읽을 수 없습니다. 로그에 적힌 대로(20251118 23:41:07) "
                           "쓰거나 pandas Timestamp로 넘기세요.")
    matches = [r for r in rows if pd.to_datetime(r["timestamp"], format="%Y%m%d %H:%M:%S") == when]
    true_time = pd.to_datetime(truth["timestamp"], format="%Y%m%d %H:%M:%S")
    if when != true_time:
        line = next((r for r in matches if r["operation"] == "QUERY"), None)
        if line and line["retcode"] != "0":
            return False, both(
                f"At {when} someone tried ({line['object']}) and failed: retcode {line['retcode']} (the database did "
                "not exist). Look for the DROP DATABASE that succeeded (retcode 0).",
                f"{when}에는 시도({line['object']})가 실패했습니다. retcode {line['retcode']}(데이터베이스가 없음). "
                "성공한(retcode 0) DROP DATABASE를 찾으세요.",
            )
        if line and not line["object"].upper().startswith("DROP DATABASE"):
            return False, both(
                f"The line at {when} runs {line['object'][:60]!r}: the words DROP DATABASE may appear inside it, but "
                "it is not the statement that dropped the database. Look at what each query starts with.",
                f"{when}의 줄은 {josa(repr(line['object'][:60]), '을')} 실행합니다. 그 안에 DROP DATABASE라는 글자가 있을 수는 "
                "있지만, 데이터베이스를 삭제한 쿼리는 아닙니다. 각 쿼리가 무엇으로 시작하는지 보세요.",
            )
        return False, both(f"Nothing dropped the database at {when}: find the line whose query is DROP DATABASE.",
                           f"{when}에는 데이터베이스를 삭제한 줄이 없습니다. 쿼리가 DROP DATABASE인 줄을 찾으세요.")
    if str(picked["host"]).strip().split(":")[0] != truth["host"]:
        return False, both(f"The time is right; the address is not {picked['host']}: read the host field of that line.",
                           f"시각은 맞습니다. 주소는 {josa(picked['host'], '이')} 아닙니다. 그 줄의 host 필드를 읽으세요.")
    if str(picked["user"]).strip() != truth["username"]:
        return False, both(f"The time and the address are right; the user is not {picked['user']}.",
                           f"시각과 주소는 맞습니다. 사용자는 {josa(picked['user'], '이')} 아닙니다.")
    return True, both(
        f"{truth['username']} from {truth['host']} dropped {truth['object'].split()[-1]} at {true_time}. "
        f"{truth['username']} is a database account, not a person: whoever knew its password.",
        f"{josa(truth['username'], '이')} {truth['host']}에서 {true_time}에 {josa(truth['object'].split()[-1], '을')} "
        f"삭제했습니다. {josa(truth['username'], '은')} 사람이 아니라 데이터베이스 계정입니다. 그 비밀번호를 아는 "
        "누구나일 수 있습니다.",
    )


# --- the master user's name ------------------------------------------------------------------------------

def _no_default_admin_left(lab, state):
    old = [f"{i.id} ({i.master_username})" for i in state.rds.instances if is_default_admin(i.master_username)]
    if old:
        return fails(
            f"{', '.join(old)} still exists: once the app uses the new instance, delete the old one (with a final "
            "snapshot if you want one, encrypted).",
            f"{josa(', '.join(old), '이')} 아직 있습니다. 앱이 새 인스턴스를 쓰게 되었으면 예전 인스턴스를 삭제하세요"
            "(원하면 최종 스냅샷을 남기세요).",
        )
    return holds("No instance with a default master user name is left.",
                 "기본 마스터 사용자 이름을 쓰는 인스턴스가 남아 있지 않습니다.")


NO_DEFAULT_ADMIN_LEFT = Requirement(both("The old instance with the default name deleted",
                                         "기본 이름을 쓰던 예전 인스턴스 삭제"), _no_default_admin_left, ("rds",))


def _check(check_id):
    return check_passes(check_id, _app_db)


def _secret_check():
    return check_passes("secretsmanager_automatic_rotation_enabled", _app_secret)


CHAPTER = Chapter(
    number="07",
    stem="07-rds",
    title={"en": "RDS: the database moves to the cloud", "ko": "RDS: 데이터베이스를 클라우드로"},
    build_company=(company.create_network, company.create_app_server, company.create_database),
    services=("rds", "secretsmanager", "ec2", "kms", "ssm", "sts"),
    scenarios=(
        "rds_db_master_user_admin",
        "rds_db_storage_not_encrypted",
        "rds_db_instance_public",
        "secretsmanager_db_secret_rotation_off",
        "rds_db_audit_log_off",
        "rds_db_backups_off",
        "rds_db_deletion_protection_off",
        "rds_db_snapshot_public",
    ),
    checks=(
        "secretsmanager_automatic_rotation_enabled",
        "rds_instance_storage_encrypted",
        "rds_instance_no_public_access",
        "rds_snapshots_public_access",
        "rds_instance_integration_cloudwatch_logs",
        "rds_instance_backup_enabled",
        "rds_instance_deletion_protection",
        "rds_instance_default_admin",
    ),
    exercises=(
        Exercise(
            id="7.1",
            title={"en": "The app reads the password at run time", "ko": "앱이 실행 중에 비밀번호 읽기"},
            hint={
                "en": f"Put the secret's ARN (MasterUserSecret of the instance) in {company.APP_CONFIG_SECRET}; the "
                "function reads that parameter and asks Secrets Manager for the secret's value each time it is called.",
                "ko": f"시크릿의 ARN(인스턴스의 MasterUserSecret)을 {company.APP_CONFIG_SECRET}에 넣으세요. 함수는 "
                "호출될 때마다 그 파라미터를 읽고 Secrets Manager에 시크릿 값을 요청합니다.",
            },
            grader=grade_reads_at_run_time,
            needs_answer=True,
        ),
        Exercise(
            id="7.2",
            title={"en": "Rotation back on, no password in the configuration",
                   "ko": "교체 다시 켜기, 구성에서 비밀번호 없애기"},
            checks=("secretsmanager_automatic_rotation_enabled",),
            resource=_app_secret,
            requirements=(MANAGED_PASSWORD, ROTATES_WEEKLY, NO_PASSWORD_IN_CONFIG, CONFIG_NAMES_THE_SECRET),
        ),
        Exercise(
            id="7.3",
            title={"en": "Encrypt the database: snapshot, encrypted copy, restore",
                   "ko": "데이터베이스 암호화: 스냅샷, 암호화된 사본, 복원"},
            checks=("rds_instance_storage_encrypted",),
            resource=_app_db,
            requirements=(APP_ON_ENCRYPTED, CUSTOMER_KEY, MANAGED_PASSWORD, NO_UNENCRYPTED_LEFT),
        ),
        Exercise(
            id="7.4",
            title={"en": "A private database: private subnets, MariaDB from the app servers only",
                   "ko": "프라이빗 데이터베이스: 프라이빗 서브넷, 앱 서버에서만 MariaDB 접속"},
            checks=("rds_instance_no_public_access",),
            resource=_app_db,
            requirements=(ONLY_THE_APP_SERVERS,),
        ),
        Exercise(
            id="7.5",
            title={"en": "Close the public snapshot", "ko": "퍼블릭 스냅샷 닫기"},
            requirements=(NO_PUBLIC_SNAPSHOT,),
            hint={
                "en": "A snapshot's restore attribute lists who may restore it; 'all' is everyone. Remove 'all', or "
                "delete the snapshot if nobody needs it.",
                "ko": "스냅샷의 restore 속성은 복원할 수 있는 대상을 나열합니다. 'all'은 모두를 뜻합니다. 'all'을 "
                "빼거나, 아무도 필요로 하지 않으면 스냅샷을 삭제하세요.",
            },
        ),
        Exercise(
            id="7.6",
            title={"en": "Turn the audit log on and export the logs", "ko": "감사 로그 켜고 로그 내보내기"},
            checks=("rds_instance_integration_cloudwatch_logs",),
            resource=_app_db,
            requirements=(AUDIT_PLUGIN,),
        ),
        Exercise(
            id="7.7",
            title={"en": "Who dropped the database?", "ko": "누가 데이터베이스를 삭제했을까?"},
            hint={
                "en": "Read the log with csv.reader(..., quotechar=\"'\", escapechar=\"\\\\\") into a DataFrame with "
                "the ten columns; keep QUERY lines whose query starts with DROP DATABASE and whose retcode is 0.",
                "ko": "csv.reader(..., quotechar=\"'\", escapechar=\"\\\\\")로 로그를 읽어 열 10개짜리 DataFrame을 "
                "만드세요. 쿼리가 DROP DATABASE로 시작하고 retcode가 0인 QUERY 줄만 남기세요.",
            },
            grader=grade_who_dropped_it,
            needs_answer=True,
        ),
        Exercise(
            id="7.8",
            title={"en": "Quick wins: backups and deletion protection", "ko": "빠른 개선: 백업과 삭제 방지"},
            checks=("rds_instance_backup_enabled", "rds_instance_deletion_protection"),
            resource=_app_db,
        ),
        Exercise(
            id="7.9",
            title={"en": "A master user name of its own: the database built right",
                   "ko": "기본값이 아닌 마스터 사용자 이름: 처음부터 제대로 만든 데이터베이스"},
            checks=("rds_instance_default_admin", "rds_instance_storage_encrypted", "rds_instance_no_public_access",
                    "rds_instance_integration_cloudwatch_logs", "rds_instance_backup_enabled",
                    "rds_instance_deletion_protection"),
            resource=_app_db,
            requirements=(APP_ON_OWN_NAME, NO_DEFAULT_ADMIN_LEFT, CUSTOMER_KEY, ONLY_THE_APP_SERVERS, AUDIT_PLUGIN,
                          MANAGED_PASSWORD, ROTATES_WEEKLY),
        ),
    ),
)
