"""Elastic Load Balancing security policies: which TLS versions (and ciphers) a listener offers.

The one list the lab judges by. Names and protocol ranges are AWS's own ("Security policies for
your Application Load Balancer", Elastic Load Balancing User Guide). The emulator (moto) stores any
name it is given, real or made up, so the lab looks names up here instead of trusting the API.
"""

from __future__ import annotations

RECOMMENDED = "ELBSecurityPolicy-TLS13-1-2-2021-06"
"""AWS's recommended policy (the console default since 2023): TLS 1.3 and TLS 1.2, modern ciphers."""

OLDEST_TLS = {
    # TLS 1.3 and 1.2 only: current.
    "ELBSecurityPolicy-TLS13-1-3-2021-06": "TLSv1.3",
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09": "TLSv1.3",
    "ELBSecurityPolicy-TLS13-1-2-2021-06": "TLSv1.2",
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09": "TLSv1.2",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06": "TLSv1.2",
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09": "TLSv1.2",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06": "TLSv1.2",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09": "TLSv1.2",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06": "TLSv1.2",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09": "TLSv1.2",
    # TLS 1.2 only, without TLS 1.3: still secure, no longer recommended.
    "ELBSecurityPolicy-TLS-1-2-2017-01": "TLSv1.2",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06": "TLSv1.2",
    "ELBSecurityPolicy-FS-1-2-2019-08": "TLSv1.2",
    "ELBSecurityPolicy-FS-1-2-Res-2019-08": "TLSv1.2",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10": "TLSv1.2",
    # Still accept TLS 1.0 or 1.1, deprecated by RFC 8996 (2021): outdated.
    "ELBSecurityPolicy-TLS13-1-1-2021-06": "TLSv1.1",
    "ELBSecurityPolicy-TLS-1-1-2017-01": "TLSv1.1",
    "ELBSecurityPolicy-FS-1-1-2019-08": "TLSv1.1",
    "ELBSecurityPolicy-TLS13-1-0-2021-06": "TLSv1",
    "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09": "TLSv1",
    "ELBSecurityPolicy-FS-2018-06": "TLSv1",
    "ELBSecurityPolicy-TLS-1-0-2015-04": "TLSv1",
    "ELBSecurityPolicy-2016-08": "TLSv1",
    "ELBSecurityPolicy-2015-05": "TLSv1",
}
SECURE_OLDEST = ("TLSv1.2", "TLSv1.3")

OUTDATED_EXAMPLE = "ELBSecurityPolicy-2016-08"
"""The console's default for years, so the policy of many listeners made before 2023: TLS 1.0 too."""


def oldest_tls(policy_name: str | None) -> str | None:
    """The oldest TLS version the policy accepts; None for a name AWS does not have."""
    return OLDEST_TLS.get(policy_name or "")


def is_secure(policy_name: str | None) -> bool:
    return oldest_tls(policy_name) in SECURE_OLDEST
