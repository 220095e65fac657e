"""GuardDuty is on in every region the account uses (FSBP GuardDuty.1).

GuardDuty reads CloudTrail's management and S3 data events, VPC flow logs and DNS queries, and
reports what looks like an attack: a key used from a known-bad address or from Kali Linux, a trail
stopped, instances talking to a mining pool. It is regional: a detector in ap-northeast-2 sees
nothing of miners in us-east-1, which is where attackers go, because nobody looks there.

Prowler's check of the same id looks at every enabled region; the lab's account uses two, its own
and us-east-1 (the incident's), and the check judges those. moto stores detectors and produces no
findings: what GuardDuty would have found in the incident is the lab's model
(labs/incident/findings.py).
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="guardduty_is_enabled",
    service="guardduty",
    severity="medium",
    title={"en": "GuardDuty is enabled in every region the account uses",
           "ko": "계정이 쓰는 모든 리전에서 GuardDuty가 활성화되어 있습니다"},
    hint={"en": "GuardDuty works region by region: list the detectors of each region and read their status.",
          "ko": "GuardDuty는 리전마다 따로 동작합니다. 리전마다 탐지기 목록과 상태를 확인하세요."},
    remediation='guardduty.create_detector(Enable=True, FindingPublishingFrequency="FIFTEEN_MINUTES")',
)


def check(account):
    findings = []
    for region, detectors in account.guardduty.detectors.items():
        enabled = [d for d, status in detectors if status == "ENABLED"]
        if enabled:
            findings.append(passed(METADATA, region, f"GuardDuty is enabled in {region} (detector {enabled[0]}).",
                                   f"{region} 리전에서 GuardDuty가 활성화되어 있습니다(탐지기 {enabled[0]})."))
        elif detectors:
            findings.append(failed(METADATA, region, f"GuardDuty's detector in {region} is suspended.",
                                   f"{region} 리전의 GuardDuty 탐지기가 일시 중지되어 있습니다."))
        else:
            findings.append(failed(METADATA, region, f"GuardDuty is not enabled in {region}: nothing watches it.",
                                   f"{region} 리전에서 GuardDuty가 활성화되어 있지 않아 아무도 지켜보지 않습니다."))
    return findings
