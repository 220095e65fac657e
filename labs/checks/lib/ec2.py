"""EC2 judgments shared by checks and graders: which security groups let the internet reach a port.

Sources are read as address sets by the policy engine (labs.policy.network): "the internet" is any
set of sources that together cover every IPv4 or IPv6 address (0.0.0.0/0, or 0.0.0.0/1 with
128.0.0.0/1), or a public block broader than /8 (IPv4) or /32 (IPv6). Prowler's checks of the same
ids look for 0.0.0.0/0 and ::/0 only; the lab also catches the halves a learner may try instead.
"""

from __future__ import annotations

from labs.checks import failed, passed
from labs.policy.network import BROADEST_PRIVATE_OK, PRIVATE, networks, open_to_internet
from labs.korean import particle


def _quoted(blocks) -> list[str]:
    return [f'"{block}"' for block in blocks]


def revoke_internet_remediation(port: int) -> str:
    """boto3 code that revokes every source of the rules covering TCP `port` that the check reads as
    the internet: a public block broader than /8 (IPv6: /32), which 0.0.0.0/0, ::/0 and their halves
    are. Written without `ipaddress`'s is_private, whose answer for 0.0.0.0/0 changed in Python 3.12.4
    (before it, 0.0.0.0/0 counted as private); the office's /32 stays. The private blocks and the
    widths are labs.policy.network's, so the printed code and the check cannot disagree."""
    widest = BROADEST_PRIVATE_OK
    return (
        'import ipaddress\n'
        f'PRIVATE = [ipaddress.ip_network(n) for n in ({", ".join(_quoted(PRIVATE))})]\n'
        '\n'
        'def is_internet(cidr):\n'
        '    net = ipaddress.ip_network(cidr)\n'
        '    private = any(net.version == block.version and net.subnet_of(block) for block in PRIVATE)\n'
        f'    return not private and net.prefixlen < ({widest[4]} if net.version == 4 else {widest[6]})\n'
        '\n'
        'group = ec2.describe_security_groups(GroupIds=["{group_id}"])["SecurityGroups"][0]\n'
        'for p in group["IpPermissions"]:\n'
        f'    if p["IpProtocol"] == "-1" or p.get("FromPort", 0) <= {port} <= p.get("ToPort", 65535):\n'
        '        ranges = [r for r in p.get("IpRanges", []) if is_internet(r["CidrIp"])]\n'
        '        ranges6 = [r for r in p.get("Ipv6Ranges", []) if is_internet(r["CidrIpv6"])]\n'
        '        if ranges or ranges6:\n'
        '            ports = {{"FromPort": p["FromPort"], "ToPort": p["ToPort"]}} if "FromPort" in p else {{}}\n'
        '            ec2.revoke_security_group_ingress(GroupId="{group_id}", IpPermissions=[{{'
        '"IpProtocol": p["IpProtocol"], **ports, "IpRanges": ranges, "Ipv6Ranges": ranges6}}])'
    )


def internet_sources(group, port: int) -> list[str]:
    """The sources of the group's inbound rules that, together, let the internet reach TCP `port`."""
    return open_to_internet(group.inbound, "tcp", port)


def findings_for_port(metadata, account, port: int, service: str):
    findings = []
    for group in account.ec2.security_groups:
        sources = internet_sources(group, port)
        if sources:
            findings.append(failed(
                metadata, group.id,
                f"Security group {group.id} ({group.name}) admits the internet ({', '.join(sources)}) to {service} "
                f"(TCP {port}).",
                f"보안 그룹 {group.id}({group.name}){particle(group.id, '이')} 인터넷({', '.join(sources)})에서 {service}(TCP "
                f"{port})로 "
                "들어오는 트래픽을 허용합니다.",
            ))
        else:
            findings.append(passed(
                metadata, group.id,
                f"Security group {group.id} ({group.name}) does not admit the internet to {service} (TCP {port}).",
                f"보안 그룹 {group.id}({group.name}){particle(group.id, '은')} 인터넷에서 {service}(TCP {port})로 들어오는 "
                "트래픽을 "
                "허용하지 않습니다.",
            ))
    return findings


def admits(rules, protocol: str, port: int, *, groups=(), address: str | None = None) -> bool:
    """Whether a rule covering `protocol`/`port` admits one of the security `groups`, or the IP
    `address` (a CIDR source that contains it), read as address sets by the policy engine."""
    wanted = networks([address]) if address else []
    for rule in rules:
        if not rule.covers(protocol, port):
            continue
        if set(rule.groups) & set(groups):
            return True
        if wanted and any(wanted[0].version == n.version and wanted[0].subnet_of(n)
                          for n in networks(rule.cidrs + rule.ipv6_cidrs)):
            return True
    return False


def sources_outside(sources, allowed_cidr: str) -> list[str]:
    """The sources (CIDRs, security groups, prefix lists) that are not inside `allowed_cidr`."""
    allowed = networks([allowed_cidr])[0]
    outside = []
    for source in sources:
        found = networks([source]) if not str(source).startswith(("sg-", "pl-")) else []
        if not found or found[0].version != allowed.version or not found[0].subnet_of(allowed):
            outside.append(source)
    return outside


def rules_of(groups) -> list:
    """Every inbound rule of the given security groups (labs.inventory.ec2.SecurityGroup), in order."""
    return [rule for group in groups if group is not None for rule in group.inbound]
