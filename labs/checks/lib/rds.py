"""RDS judgments shared by checks and graders: how a DB instance is exposed to the internet, which
logs its engine must publish, which master user names are the defaults, which key encrypts it.

Security group sources are read as address sets by the policy engine (labs.policy.network):
0.0.0.0/1 with 128.0.0.0/1 is the internet, as 0.0.0.0/0 is.
"""

from __future__ import annotations

from labs.korean import josa
from labs.policy.network import open_to_internet, sources_for

DEFAULT_ADMIN_NAMES = ("admin", "postgres", "root")
"""Master user names a password-guessing script tries first: RDS's defaults (admin; postgres for
PostgreSQL) and the name MariaDB and MySQL give their own superuser (root)."""

REQUIRED_LOGS = {
    # FSBP RDS.9: the logs each engine must publish to CloudWatch Logs.
    "mariadb": ("audit", "error", "general", "slowquery"),
    "mysql": ("audit", "error", "general", "slowquery"),
    "postgres": ("postgresql",),
    "oracle-ee": ("alert", "audit", "trace", "listener"),
    "sqlserver-ee": ("error", "agent"),
}


# The log types as the Korean console's log exports name them; the value AWS takes follows in brackets.
LOG_NAMES_KO = {
    "audit": "감사", "error": "오류", "general": "일반", "slowquery": "느린 쿼리", "iam-db-auth-error": "IAM DB 인증 오류",
    "postgresql": "PostgreSQL", "upgrade": "업그레이드", "alert": "알림", "trace": "트레이스", "listener": "리스너",
    "agent": "에이전트",
}


def log_names_ko(logs) -> str:
    """Log types for a Korean sentence: "감사(audit), 오류(error)"; a type the lab does not know stays as AWS writes it."""
    return ", ".join(f"{LOG_NAMES_KO[log]}({log})" if log in LOG_NAMES_KO else str(log) for log in logs)


def required_logs(engine: str) -> tuple:
    """The log types FSBP RDS.9 asks this engine to publish; for an engine it does not list, any one."""
    return REQUIRED_LOGS.get(str(engine).lower(), ())


def missing_logs(instance) -> list[str]:
    required = required_logs(instance.engine)
    if not required:
        return [] if instance.log_exports else ["any log"]
    return [log for log in required if log not in instance.log_exports]


def is_default_admin(name: str) -> bool:
    return str(name or "").strip().lower() in DEFAULT_ADMIN_NAMES


def public_subnets(instance, ec2) -> list[str]:
    """The instance's subnets (its DB subnet group's) with a route to an internet gateway, as labels."""
    found = []
    for subnet_id in instance.subnet_ids:
        subnet = ec2.subnet(subnet_id)
        if subnet is not None and subnet.route_to_internet:
            found.append(f"{subnet.id} ({subnet.name})" if subnet.name else subnet.id)
    return found


def internet_sources(instance, ec2) -> list[tuple[str, str]]:
    """(security group label, source) pairs through which the internet reaches the instance's port."""
    found = []
    for group_id in instance.security_group_ids:
        group = ec2.group(group_id)
        if group is None:
            continue
        for source in open_to_internet(group.inbound, "tcp", instance.port):
            found.append((f"{group.id} ({group.name})", source))
    return found


def port_sources(instance, ec2) -> list[str]:
    """Every source (CIDR, security group, prefix list) admitted to the instance's port by its groups."""
    found = []
    for group_id in instance.security_group_ids:
        group = ec2.group(group_id)
        if group is not None:
            found += [s for s in sources_for(group.inbound, "tcp", instance.port) if s not in found]
    return found


def exposure(instance, ec2) -> dict:
    """Why the instance can be reached from the internet, one reason per way, in each language:
    the PubliclyAccessible flag, subnets routed to an internet gateway, security group rules that
    admit the internet to its port. Empty when none applies."""
    reasons = {"en": [], "ko": []}
    if instance.publicly_accessible:
        reasons["en"].append("it is publicly accessible (it gets a public address)")
        reasons["ko"].append("퍼블릭 액세스가 가능하도록 설정되어 퍼블릭 주소를 받습니다")
    subnets = public_subnets(instance, ec2) if ec2 is not None else []
    if subnets:
        reasons["en"].append(f"its DB subnet group has public subnets ({', '.join(subnets)})")
        reasons["ko"].append(f"DB 서브넷 그룹에 퍼블릭 서브넷({', '.join(subnets)})이 있습니다")
    sources = internet_sources(instance, ec2) if ec2 is not None else []
    if sources:
        listed = ", ".join(f"{source} in {group}" for group, source in sources)
        listed_ko = ", ".join(f"{group}의 {source}" for group, source in sources)
        reasons["en"].append(f"its security groups admit the internet to port {instance.port} ({listed})")
        reasons["ko"].append(f"보안 그룹이 인터넷에서 포트 {josa(instance.port, '으로')} 들어오는 트래픽을 "
                             f"허용합니다({listed_ko})")
    return reasons


def encryption_key(instance, kms) -> tuple[str, object]:
    """("none" | "aws" | "customer" | "unknown", the KMS key or None): who manages the key that
    encrypts the instance's storage."""
    if not instance.storage_encrypted:
        return "none", None
    key = kms.key(instance.kms_key_id) if kms is not None else None
    if key is None:
        return "unknown", None
    return ("aws" if key.manager == "AWS" else "customer"), key
