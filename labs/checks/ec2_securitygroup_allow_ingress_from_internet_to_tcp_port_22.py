"""No security group admits the whole internet to SSH, port 22 (CIS 5.3/5.4, FSBP EC2.13).

An SSH port open to 0.0.0.0/0 (every IPv4 address), ::/0 (every IPv6 address), or ranges that
add up to them (0.0.0.0/1 with 128.0.0.0/1), is found by internet-wide scanners within minutes and
tried with leaked keys and guessed passwords all day.
Administrators reach servers another way: from one known address, through a bastion host's
security group, or with no open port at all (Session Manager).

Prowler's check of the same id looks for 0.0.0.0/0 and ::/0 written as such; the lab reads sources as
address sets (labs.policy.network), so halves of the internet, or a public block broader than /8,
count as the internet too.
"""

from labs.checks import CheckMetadata
from labs.checks.lib.ec2 import findings_for_port, revoke_internet_remediation

METADATA = CheckMetadata(
    id="ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
    service="ec2",
    severity="high",
    title={
        "en": "No security group admits 0.0.0.0/0 or ::/0 to SSH (TCP 22)",
        "ko": "보안 그룹이 0.0.0.0/0이나 ::/0에서 SSH(TCP 22)로 들어오는 트래픽을 허용하지 않습니다",
    },
    hint={
        "en": "Read the group's inbound rules: which ones cover port 22, and do their sources, together, "
        "cover the internet (0.0.0.0/0, ::/0, or ranges that add up to them)? Remove those sources, IPv4 and IPv6.",
        "ko": "보안 그룹의 인바운드 규칙을 읽어 보세요. 포트 22를 포함하는 규칙은 무엇이고, 그 소스를 모두 "
        "합치면 인터넷 전체(0.0.0.0/0, ::/0, 또는 합쳐서 그만큼이 되는 범위)가 되나요? 그 소스를 IPv4와 IPv6 모두 없애세요.",
    },
    remediation=revoke_internet_remediation(22),
)

PORT = 22


def check(account):
    return findings_for_port(METADATA, account, PORT, "SSH")
