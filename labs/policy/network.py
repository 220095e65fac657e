"""Network rules read as address sets (Python's `ipaddress`), as the Amazon VPC User Guide's
"Security group rules" describe them: a rule admits a protocol (`-1` is every protocol), a port
range (TCP and UDP; `-1` or no ports with protocol `-1` is every port), from CIDR blocks, IPv6
CIDR blocks, other security groups or prefix lists.

"Open to the internet" is judged on what the sources cover together, not on how they are written:
`0.0.0.0/1` + `128.0.0.0/1` is the whole IPv4 internet, and so is any union that covers it. A
single public block broader than /8 (IPv4) or /32 (IPv6) also counts as the internet: it is the
threshold S3 applies to aws:SourceIp ("The meaning of public"), and no office or VPN needs more.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

ALL_V4 = ipaddress.ip_network("0.0.0.0/0")
ALL_V6 = ipaddress.ip_network("::/0")
BROADEST_PRIVATE_OK = {4: 8, 6: 32}
PRIVATE = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
                                             "fc00::/7", "fe80::/10")]
PROTOCOL_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}


def protocol_name(value) -> str:
    text = str(value).lower()
    return PROTOCOL_NAMES.get(text, text)


@dataclass(frozen=True)
class Rule:
    """One security group permission (inbound or outbound), as EC2 returns it in IpPermissions."""

    protocol: str
    from_port: int | None = None
    to_port: int | None = None
    cidrs: tuple = ()
    ipv6_cidrs: tuple = ()
    groups: tuple = ()
    prefix_lists: tuple = ()
    rule_ids: tuple = field(default=(), compare=False)

    @classmethod
    def from_permission(cls, permission: dict) -> Rule:
        def port(value):
            try:
                return int(value)
            except (TypeError, ValueError):
                return None

        return cls(
            protocol=protocol_name(permission.get("IpProtocol", "-1")),
            from_port=port(permission.get("FromPort")),
            to_port=port(permission.get("ToPort")),
            cidrs=tuple(r.get("CidrIp") for r in permission.get("IpRanges", []) if r.get("CidrIp")),
            ipv6_cidrs=tuple(r.get("CidrIpv6") for r in permission.get("Ipv6Ranges", []) if r.get("CidrIpv6")),
            groups=tuple(g.get("GroupId") for g in permission.get("UserIdGroupPairs", []) if g.get("GroupId")),
            prefix_lists=tuple(p.get("PrefixListId") for p in permission.get("PrefixListIds", [])
                               if p.get("PrefixListId")),
        )

    @property
    def every_port(self) -> bool:
        if self.protocol == "-1":
            return True
        if self.protocol not in ("tcp", "udp"):
            return False
        low, high = self.from_port, self.to_port
        return low in (None, -1) or (low <= 0 and (high is None or high >= 65535))

    def covers(self, protocol: str, port: int | None = None) -> bool:
        """Whether the rule admits `protocol` ("tcp", "udp", "icmp", ...) on `port`."""
        if self.protocol == "-1":
            return True
        if self.protocol != protocol_name(protocol):
            return False
        if port is None or self.protocol not in ("tcp", "udp"):
            return True
        if self.from_port in (None, -1):
            return True
        high = self.to_port if self.to_port not in (None, -1) else self.from_port
        return self.from_port <= port <= high

    def covers_tcp_port(self, port: int) -> bool:
        return self.covers("tcp", port)

    @property
    def sources(self) -> tuple:
        return self.cidrs + self.ipv6_cidrs + self.groups + self.prefix_lists

    def describe(self, lang: str = "en") -> str:
        ko = lang == "ko"
        if self.protocol == "-1":
            return "모든 트래픽" if ko else "all traffic"
        if self.protocol in ("tcp", "udp"):
            if self.every_port:
                return f"{self.protocol.upper()} {'전체 포트' if ko else 'all ports'}"
            if self.from_port == self.to_port or self.to_port is None:
                return f"{self.protocol.upper()} {self.from_port}"
            return f"{self.protocol.upper()} {self.from_port}-{self.to_port}"
        return f"{'프로토콜' if ko else 'protocol'} {self.protocol}"


def networks(cidrs) -> list:
    """The valid networks among CIDR strings (an invalid one is left out)."""
    found = []
    for cidr in cidrs:
        try:
            found.append(ipaddress.ip_network(str(cidr), strict=False))
        except ValueError:
            continue
    return found


def _private(network) -> bool:
    return any(network.version == p.version and network.subnet_of(p) for p in PRIVATE)


def covers_everything(cidrs, version: int) -> bool:
    """Whether the CIDRs of one IP version together cover every address of that version."""
    whole = ALL_V4 if version == 4 else ALL_V6
    collapsed = list(ipaddress.collapse_addresses(n for n in networks(cidrs) if n.version == version))
    return collapsed == [whole]


def internet_wide(cidrs) -> list[str]:
    """The CIDRs that open a rule to the internet, alone or together: all of them when together they
    cover the whole IPv4 or IPv6 space, else each public block broader than /8 (IPv4) or /32 (IPv6)."""
    found = []
    for version in (4, 6):
        mine = [c for c in cidrs if any(n.version == version for n in networks([c]))]
        if covers_everything(mine, version):
            found += mine
            continue
        for cidr in mine:
            network = networks([cidr])[0]
            if not _private(network) and network.prefixlen < BROADEST_PRIVATE_OK[version]:
                found.append(cidr)
    return found


def open_to_internet(rules, protocol: str = "tcp", port: int | None = None) -> list[str]:
    """The sources of `rules` that, together, let the internet reach `protocol`/`port`."""
    cidrs = [c for rule in rules if rule.covers(protocol, port) for c in rule.cidrs + rule.ipv6_cidrs]
    return sorted(set(internet_wide(cidrs)), key=cidrs.index)


def sources_for(rules, protocol: str = "tcp", port: int | None = None) -> list[str]:
    """Every source (CIDR, IPv6 CIDR, security group, prefix list) admitted to `protocol`/`port`."""
    found = []
    for rule in rules:
        if rule.covers(protocol, port):
            found += [s for s in rule.sources if s not in found]
    return found
