"""GuardDuty as the checks see it: the detector of each region the account uses. moto stores
detectors (create, list, get) and produces no findings (labs.incident.findings models them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from botocore.exceptions import ClientError

from labs.incident.plan import MINER_REGION
from labs.inventory import regional_clients


def regions(aws) -> list[str]:
    """The regions the lab's account uses: its own, and us-east-1 (where the incident's miners ran)."""
    return list(dict.fromkeys([aws.region, MINER_REGION]))


@dataclass
class GuardDutyState:
    detectors: dict = field(default_factory=dict)
    """region -> [(detector id, status)]."""


def collect(aws) -> GuardDutyState:
    found = {}
    for region, client in regional_clients(aws, "guardduty"):
        detectors = []
        try:
            for detector in client.list_detectors().get("DetectorIds", []):
                detectors.append((detector, client.get_detector(DetectorId=detector).get("Status", "ENABLED")))
        except ClientError:
            pass
        found[region] = detectors
    return GuardDutyState(found)
