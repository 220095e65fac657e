"""What GuardDuty and Security Hub would have reported for the night: the lab's model.

moto stores GuardDuty detectors and Security Hub's hub but produces no finding (measured, moto
5.2.5). This model reads the incident's records and names the findings AWS documents for the same
behaviour (GuardDuty's finding types, with their documented severities), in the region where each
would be raised: a detector sees only its own region, so the miners in us-east-1 are found only by a
detector there. Security Hub's view is the same findings in its format (ASFF's fields), next to the
account's failing controls. Nothing here is what AWS returned: it is what its documentation says it
would return.
"""

from __future__ import annotations

from labs.incident.plan import DEPLOY_USER, MINER_REGION

# (finding type, severity, what in the records raises it)
TYPES = (
    ("PenTest:IAMUser/KaliLinux", 5.0, "calls signed from Kali Linux (its user agent)"),
    ("Discovery:IAMUser/AnomalousBehavior", 2.0, "ListUsers, DescribeInstances, DescribeRegions from a new address"),
    ("Persistence:IAMUser/AnomalousBehavior", 5.0, "CreateAccessKey for another user"),
    ("Stealth:IAMUser/CloudTrailLoggingDisabled", 2.0, "StopLogging"),
    ("Exfiltration:IAMUser/AnomalousBehavior", 8.0, "a snapshot shared with another account"),
    ("CryptoCurrency:EC2/BitcoinTool.B!DNS", 8.0, "instances querying a mining pool's domain"),
)


def _label(severity: float) -> str:
    return "HIGH" if severity >= 7 else "MEDIUM" if severity >= 4 else "LOW"


def guardduty(records: list[dict], incident, enabled_regions=None):
    """The findings GuardDuty would have raised, as a DataFrame (one row per finding)."""
    import pandas as pd

    ip = incident.plan.attacker_ip
    mine = [r for r in records if r.get("sourceIPAddress") == ip]
    rows = []

    def add(kind, severity, region, resource, evidence):
        if not evidence:
            return
        times = sorted(r["eventTime"] for r in evidence) if isinstance(evidence[0], dict) else []
        rows.append({"type": kind, "severity": severity, "severity_label": _label(severity), "region": region,
                     "resource": resource, "first_seen": times[0] if times else None,
                     "count": len(evidence), "raised": enabled_regions is None or region in enabled_regions})

    home = next((r["awsRegion"] for r in mine if r.get("eventSource") != "iam.amazonaws.com"), "ap-northeast-2")
    key = f"AccessKey {incident.leaked_key} ({DEPLOY_USER})"
    add(TYPES[0][0], TYPES[0][1], home, key, [r for r in mine if "kali" in (r.get("userAgent") or "")])
    add(TYPES[1][0], TYPES[1][1], home, key,
        [r for r in mine if r.get("eventName", "").startswith(("List", "Describe", "GetCallerIdentity"))])
    add(TYPES[2][0], TYPES[2][1], home, key, [r for r in mine if r.get("eventName") == "CreateAccessKey"])
    add(TYPES[3][0], TYPES[3][1], home, key, [r for r in mine if r.get("eventName") == "StopLogging"])
    add(TYPES[4][0], TYPES[4][1], home, key, [r for r in mine if r.get("eventName") == "ModifySnapshotAttribute"])
    for instance in incident.miners:
        add(TYPES[5][0], TYPES[5][1], MINER_REGION, f"Instance {instance}", [{"eventTime": None}])
    frame = pd.DataFrame(rows, columns=["type", "severity", "severity_label", "region", "resource", "first_seen",
                                        "count", "raised"])
    return frame.sort_values(["severity", "first_seen"], ascending=[False, True], na_position="last",
                             ignore_index=True)


def security_hub(findings, failing_checks) -> object:
    """Security Hub's view: GuardDuty's findings in ASFF's terms, then the failing controls."""
    import pandas as pd

    rows = [{"ProductName": "GuardDuty", "Title": row["type"], "Severity.Label": row["severity_label"],
             "Region": row["region"], "Resources": row["resource"],
             "Types": "TTPs/" + row["type"].split(":", 1)[0]} for _, row in findings.iterrows() if row["raised"]]
    for check_id, control, resource in failing_checks:
        rows.append({"ProductName": "Security Hub", "Title": f"{control} ({check_id})", "Severity.Label": "MEDIUM",
                     "Region": "ap-northeast-2", "Resources": resource,
                     "Types": "Software and Configuration Checks/Industry and Regulatory Standards"})
    return pd.DataFrame(rows, columns=["ProductName", "Title", "Severity.Label", "Region", "Resources", "Types"])
