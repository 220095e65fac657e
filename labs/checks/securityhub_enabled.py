"""Security Hub is on in every region the account uses (CIS 4.16).

Security Hub gathers findings (GuardDuty's, Access Analyzer's, Inspector's) in one format (ASFF) and
runs the standards' controls on the account: the FSBP and CIS controls this lab's checks are named
after. Like GuardDuty it is regional.

Prowler's check of the same id looks at every enabled region; the lab's account uses two, its own
and us-east-1, and the check judges those. moto stores the hub (enable, describe) and evaluates no
standard: what Security Hub would have shown in the incident is the lab's model
(labs/incident/findings.py).
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="securityhub_enabled",
    service="securityhub",
    severity="medium",
    title={"en": "Security Hub is enabled in every region the account uses",
           "ko": "계정이 쓰는 모든 리전에서 Security Hub가 활성화되어 있습니다"},
    hint={"en": "Security Hub works region by region: ask each region for its hub.",
          "ko": "Security Hub는 리전마다 따로 동작합니다. 리전마다 허브가 있는지 확인하세요."},
    remediation="securityhub.enable_security_hub(EnableDefaultStandards=True)",
)


def check(account):
    findings = []
    for region, hub in account.securityhub.hubs.items():
        if hub:
            findings.append(passed(METADATA, region, f"Security Hub is enabled in {region}.",
                                   f"{region} 리전에서 Security Hub가 활성화되어 있습니다."))
        else:
            findings.append(failed(METADATA, region, f"Security Hub is not enabled in {region}.",
                                   f"{region} 리전에서 Security Hub가 활성화되어 있지 않습니다."))
    return findings
