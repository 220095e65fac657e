"""Security Hub as the checks see it: whether the hub is on in each region the account uses. moto
stores the hub (enable, describe, disable) and evaluates no standard (labs.incident.findings models
what Security Hub would show)."""

from __future__ import annotations

from dataclasses import dataclass, field

from botocore.exceptions import ClientError

from labs.inventory import regional_clients


@dataclass
class SecurityHubState:
    hubs: dict = field(default_factory=dict)
    """region -> the hub's ARN, or None where Security Hub is off."""


def collect(aws) -> SecurityHubState:
    found = {}
    for region, client in regional_clients(aws, "securityhub"):
        try:
            found[region] = client.describe_hub().get("HubArn")
        except ClientError:
            found[region] = None
    return SecurityHubState(found)
