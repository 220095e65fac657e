"""Security Hub as the checks see it: whether the hub is on in each region the account uses. moto
stores the hub (enable, describe, disable) and evaluates no standard (labs.incident.findings models
what Security Hub would show)."""

from __future__ import annotations

from dataclasses import dataclass, field

from botocore.exceptions import ClientError

from labs.inventory.guardduty import regions


@dataclass
class SecurityHubState:
    hubs: dict = field(default_factory=dict)
    """region -> the hub's ARN, or None where Security Hub is off."""


def collect(aws) -> SecurityHubState:
    from labs.cloudtrail.recorder import internal_client

    found = {}
    for region in regions(aws):
        client = aws.client("securityhub") if region == aws.region else internal_client("securityhub", region)
        try:
            found[region] = client.describe_hub().get("HubArn")
        except ClientError:
            found[region] = None
    return SecurityHubState(found)
