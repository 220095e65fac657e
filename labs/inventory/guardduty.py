"""GuardDuty as the checks see it: the detector of each region the account uses. moto stores
detectors (create, list, get) and produces no findings (labs.incident.findings models them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from botocore.exceptions import ClientError

from labs.incident.plan import MINER_REGION


def regions(aws) -> list[str]:
    """The regions the lab's account uses: its own, and us-east-1 (where the incident's miners ran)."""
    return list(dict.fromkeys([aws.region, MINER_REGION]))


@dataclass
class GuardDutyState:
    detectors: dict = field(default_factory=dict)
    """region -> [(detector id, status)]."""


def _client(aws, region: str):
    if region == aws.region:
        return aws.client("guardduty")
    from labs.cloudtrail.recorder import internal_client

    return internal_client("guardduty", region)


def collect(aws) -> GuardDutyState:
    found = {}
    for region in regions(aws):
        client = _client(aws, region)
        detectors = []
        try:
            for detector in client.list_detectors().get("DetectorIds", []):
                detectors.append((detector, client.get_detector(DetectorId=detector).get("Status", "ENABLED")))
        except ClientError:
            pass
        found[region] = detectors
    return GuardDutyState(found)
