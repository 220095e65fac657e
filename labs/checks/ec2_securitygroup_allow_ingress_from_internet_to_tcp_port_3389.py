"""No security group admits the whole internet to Remote Desktop, port 3389 (CIS 5.3/5.4, FSBP EC2.14).

Windows servers are administered with Remote Desktop (RDP), and an RDP port open to 0.0.0.0/0 or
::/0 is one of the most common ways into a company, by password guessing and by RDP's own
vulnerabilities. The same answer as for SSH: no administration port open to the internet.
"""

from labs.checks import CheckMetadata
from labs.checks.ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22 import findings_for_port

METADATA = CheckMetadata(
    id="ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389",
    service="ec2",
    severity="high",
    title={
        "en": "No security group admits 0.0.0.0/0 or ::/0 to Remote Desktop (TCP 3389)",
        "ko": "보안 그룹이 0.0.0.0/0이나 ::/0에서 원격 데스크톱(TCP 3389)으로 들어오는 트래픽을 허용하지 않습니다",
    },
    hint={
        "en": "Read the group's inbound rules: which one covers port 3389 with a source of 0.0.0.0/0 or "
        "::/0? Remove that source (both the IPv4 and the IPv6 one).",
        "ko": "보안 그룹의 인바운드 규칙을 읽어 보세요. 포트 3389를 포함하면서 소스가 0.0.0.0/0이나 ::/0인 규칙은 "
        "무엇인가요? 그 소스를 없애세요(IPv4와 IPv6 둘 다).",
    },
    remediation=(
        'group = ec2.describe_security_groups(GroupIds=["{group_id}"])["SecurityGroups"][0]\n'
        'for p in group["IpPermissions"]:\n'
        '    if p["IpProtocol"] == "-1" or p.get("FromPort", 0) <= 3389 <= p.get("ToPort", 65535):\n'
        '        ranges = [r for r in p.get("IpRanges", []) if r["CidrIp"] == "0.0.0.0/0"]\n'
        '        ranges6 = [r for r in p.get("Ipv6Ranges", []) if r["CidrIpv6"] == "::/0"]\n'
        '        if ranges or ranges6:\n'
        '            ports = {{"FromPort": p["FromPort"], "ToPort": p["ToPort"]}} if "FromPort" in p else {{}}\n'
        '            ec2.revoke_security_group_ingress(GroupId="{group_id}", IpPermissions=[{{'
        '"IpProtocol": p["IpProtocol"], **ports, "IpRanges": ranges, "Ipv6Ranges": ranges6}}])'
    ),
)

PORT = 3389


def check(account):
    return findings_for_port(METADATA, account, PORT, "RDP")
