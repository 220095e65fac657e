"""Elastic Load Balancing security policies: which TLS versions a listener offers.

The one table the lab judges by, `PROTOCOLS`: every predefined policy of the Elastic Load Balancing
User Guide's page "Security policies for your Application Load Balancer"
(https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html),
with the TLS versions it offers, spelled as `describe_ssl_policies` spells them (`SslProtocols`).
Read in November 2026 and cross-checked against two copies AWS keeps in code: the `SslPolicy` enum
of the AWS CDK (aws-cdk-lib/aws-elasticloadbalancingv2, which states each policy's TLS versions)
and moto's `moto/elbv2/ssl_policies.py` (18 of them, with their `SslProtocols`). The RFC 9151
policies are the page's, from their names: `TLS13-1-2` offers TLS 1.2 and 1.3, `TLS13-1-3` TLS 1.3
only, as for every `TLS13-` policy.

The emulator (moto) stores any name `create_listener` is given, real or made up, and its
`modify_listener` knows only its 18 (the lab corrects that, labs/emulator_fidelity/elbv2_security_policies.py), so the lab
looks names up here instead of trusting the API.
"""

from __future__ import annotations

TLS10, TLS11, TLS12, TLS13 = "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"
_ONLY_13 = (TLS13,)
_12_13 = (TLS12, TLS13)
_11_13 = (TLS11, TLS12, TLS13)
_10_13 = (TLS10, TLS11, TLS12, TLS13)
_ONLY_12 = (TLS12,)
_11_12 = (TLS11, TLS12)
_10_12 = (TLS10, TLS11, TLS12)

PROTOCOLS: dict[str, tuple[str, ...]] = {
    # TLS 1.3 policies (2021): the number after TLS13 is the oldest version offered.
    "ELBSecurityPolicy-TLS13-1-3-2021-06": _ONLY_13,
    "ELBSecurityPolicy-TLS13-1-2-2021-06": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06": _12_13,
    "ELBSecurityPolicy-TLS13-1-1-2021-06": _11_13,
    "ELBSecurityPolicy-TLS13-1-0-2021-06": _10_13,
    # Post-quantum (PQ) policies (2025): the same, with hybrid ML-KEM key exchange.
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09": _ONLY_13,
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09": _12_13,
    "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09": _10_13,
    # FIPS policies (2023): FIPS 140 validated cryptography.
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04": _ONLY_13,
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04": _12_13,
    "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04": _11_13,
    "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04": _10_13,
    # FIPS and post-quantum policies (2025).
    "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09": _ONLY_13,
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09": _12_13,
    "ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09": _11_13,
    "ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09": _10_13,
    # RFC 9151 (CNSA 1.0) FIPS policies (2023): strict ones and INTEROP ones for the transition.
    "ELBSecurityPolicy-TLS13-1-3-RFC9151-FIPS-2023-07": _ONLY_13,
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-Ext0-RFC9151-FIPS-2023-07": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07": _12_13,
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07": _12_13,
    # TLS 1.2 without TLS 1.3: still secure, no longer recommended.
    "ELBSecurityPolicy-TLS-1-2-2017-01": _ONLY_12,
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06": _ONLY_12,
    "ELBSecurityPolicy-FS-1-2-2019-08": _ONLY_12,
    "ELBSecurityPolicy-FS-1-2-Res-2019-08": _ONLY_12,
    "ELBSecurityPolicy-FS-1-2-Res-2020-10": _ONLY_12,
    # Still TLS 1.0 or 1.1, deprecated by RFC 8996 (2021): outdated.
    "ELBSecurityPolicy-TLS-1-1-2017-01": _11_12,
    "ELBSecurityPolicy-FS-1-1-2019-08": _11_12,
    "ELBSecurityPolicy-FS-2018-06": _10_12,
    "ELBSecurityPolicy-TLS-1-0-2015-04": _10_12,
    "ELBSecurityPolicy-2016-08": _10_12,
    "ELBSecurityPolicy-2015-05": _10_12,  # the same as 2016-08
}
"""Policy name -> the TLS versions it offers, oldest first."""

VERSION_ORDER = (TLS10, TLS11, TLS12, TLS13)
SECURE_OLDEST = (TLS12, TLS13)

RECOMMENDED = "ELBSecurityPolicy-TLS13-1-2-2021-06"
"""AWS's recommended policy for general use: TLS 1.3 and TLS 1.2, modern ciphers."""

OUTDATED_EXAMPLE = "ELBSecurityPolicy-2016-08"
"""The console's default for years, so the policy of many listeners made before 2023: TLS 1.0 too."""


def is_known(policy_name: str | None) -> bool:
    return (policy_name or "") in PROTOCOLS


def protocols(policy_name: str | None) -> tuple[str, ...] | None:
    """The TLS versions the policy offers; None for a name not in the table."""
    return PROTOCOLS.get(policy_name or "")


def oldest_tls(policy_name: str | None) -> str | None:
    """The oldest TLS version the policy accepts; None for a name not in the table."""
    offered = protocols(policy_name)
    return offered[0] if offered else None


def is_secure(policy_name: str | None) -> bool:
    return oldest_tls(policy_name) in SECURE_OLDEST
