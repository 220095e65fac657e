"""No security group admits the whole internet to SSH, port 22 (CIS 5.3/5.4, FSBP EC2.13).

An SSH port open to 0.0.0.0/0 (every IPv4 address) or ::/0 (every IPv6 address) is found by
internet-wide scanners within minutes and tried with leaked keys and guessed passwords all day.
Administrators reach servers another way: from one known address, through a bastion host's
security group, or with no open port at all (Session Manager).
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
    service="ec2",
    severity="high",
    title={
        "en": "No security group admits 0.0.0.0/0 or ::/0 to SSH (TCP 22)",
        "ko": "보안 그룹이 0.0.0.0/0이나 ::/0에서 SSH(TCP 22)로 들어오는 트래픽을 허용하지 않습니다",
    },
    hint={
        "en": "Read the group's inbound rules: which one covers port 22 with a source of 0.0.0.0/0 or "
        "::/0? Remove that source (both the IPv4 and the IPv6 one).",
        "ko": "보안 그룹의 인바운드 규칙을 읽어 보세요. 포트 22를 포함하면서 소스가 0.0.0.0/0이나 ::/0인 규칙은 "
        "무엇인가요? 그 소스를 없애세요(IPv4와 IPv6 둘 다).",
    },
    remediation=(
        'group = ec2.describe_security_groups(GroupIds=["{group_id}"])["SecurityGroups"][0]\n'
        'for p in group["IpPermissions"]:\n'
        '    if p["IpProtocol"] == "-1" or p.get("FromPort", 0) <= 22 <= p.get("ToPort", 65535):\n'
        '        ranges = [r for r in p.get("IpRanges", []) if r["CidrIp"] == "0.0.0.0/0"]\n'
        '        ranges6 = [r for r in p.get("Ipv6Ranges", []) if r["CidrIpv6"] == "::/0"]\n'
        '        if ranges or ranges6:\n'
        '            ports = {{"FromPort": p["FromPort"], "ToPort": p["ToPort"]}} if "FromPort" in p else {{}}\n'
        '            ec2.revoke_security_group_ingress(GroupId="{group_id}", IpPermissions=[{{'
        '"IpProtocol": p["IpProtocol"], **ports, "IpRanges": ranges, "Ipv6Ranges": ranges6}}])'
    ),
)

PORT = 22


def internet_sources(group, port: int) -> list[str]:
    """The internet-wide sources (0.0.0.0/0, ::/0) of the group's inbound rules that cover TCP `port`."""
    return sorted({cidr for rule in group.inbound if rule.covers_tcp_port(port) for cidr in rule.from_internet})


def findings_for_port(metadata, account, port: int, service: str):
    findings = []
    for group in account.ec2.security_groups:
        sources = internet_sources(group, port)
        if sources:
            findings.append(failed(
                metadata, group.id,
                f"Security group {group.id} ({group.name}) admits {' and '.join(sources)} to {service} (TCP {port}).",
                f"보안 그룹 {group.id}({group.name})이(가) {' 및 '.join(sources)}에서 {service}(TCP {port})로 "
                "들어오는 트래픽을 허용합니다.",
            ))
        else:
            findings.append(passed(
                metadata, group.id,
                f"Security group {group.id} ({group.name}) does not admit the internet to {service} (TCP {port}).",
                f"보안 그룹 {group.id}({group.name})은(는) 인터넷에서 {service}(TCP {port})로 들어오는 트래픽을 "
                "허용하지 않습니다.",
            ))
    return findings


def check(account):
    return findings_for_port(METADATA, account, PORT, "SSH")
