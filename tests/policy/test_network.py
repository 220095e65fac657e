"""Security group rules as address sets (Amazon VPC User Guide, "Security group rules")."""

import pytest

from labs.policy.network import Rule, open_to_internet, sources_for


def rule(protocol="tcp", low=22, high=22, cidrs=(), v6=(), groups=()):
    return Rule.from_permission({
        "IpProtocol": protocol, **({"FromPort": low, "ToPort": high} if low is not None else {}),
        "IpRanges": [{"CidrIp": c} for c in cidrs], "Ipv6Ranges": [{"CidrIpv6": c} for c in v6],
        "UserIdGroupPairs": [{"GroupId": g} for g in groups],
    })


CASES = [
    ("anywhere", [rule(cidrs=["0.0.0.0/0"])], ["0.0.0.0/0"]),
    ("anywhere IPv6", [rule(v6=["::/0"])], ["::/0"]),
    ("two halves", [rule(cidrs=["0.0.0.0/1", "128.0.0.0/1"])], ["0.0.0.0/1", "128.0.0.0/1"]),
    ("two halves in two rules", [rule(cidrs=["0.0.0.0/1"]), rule(low=0, high=65535, cidrs=["128.0.0.0/1"])],
     ["0.0.0.0/1", "128.0.0.0/1"]),
    ("IPv6 halves", [rule(v6=["::/1", "8000::/1"])], ["::/1", "8000::/1"]),
    ("one half", [rule(cidrs=["0.0.0.0/1"])], ["0.0.0.0/1"]),
    ("a /7", [rule(cidrs=["2.0.0.0/7"])], ["2.0.0.0/7"]),
    ("an office /32", [rule(cidrs=["203.0.113.10/32"])], []),
    ("the VPC", [rule(cidrs=["10.0.0.0/8"])], []),
    ("all protocols", [rule("-1", None, None, cidrs=["0.0.0.0/0"])], ["0.0.0.0/0"]),
    ("protocol number 6", [rule("6", 22, 22, cidrs=["0.0.0.0/0"])], ["0.0.0.0/0"]),
    ("a range around 22", [rule(low=0, high=1024, cidrs=["0.0.0.0/0"])], ["0.0.0.0/0"]),
    ("another port", [rule(low=443, high=443, cidrs=["0.0.0.0/0"])], []),
    ("UDP 22", [rule("udp", 22, 22, cidrs=["0.0.0.0/0"])], []),
    ("GRE, no ports", [rule("47", None, None, cidrs=["0.0.0.0/0"])], []),
    ("a security group", [rule(groups=["sg-0abc"])], []),
]


@pytest.mark.parametrize("name, rules, expected", CASES, ids=[c[0] for c in CASES])
def test_open_to_the_internet_on_tcp_22(name, rules, expected):
    assert open_to_internet(rules, "tcp", 22) == expected


def test_sources_for_a_port_include_security_groups():
    rules = [rule(groups=["sg-bastion"]), rule(low=80, high=80, cidrs=["0.0.0.0/0"])]
    assert sources_for(rules, "tcp", 22) == ["sg-bastion"]
