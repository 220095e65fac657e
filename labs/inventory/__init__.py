"""Collecting the account's state, separate from judging it (as Prowler separates services from
checks). Each service module turns API answers into plain dataclasses; checks read only those."""

from __future__ import annotations

from dataclasses import dataclass

from labs.inventory import s3 as s3_inventory


@dataclass
class AccountState:
    account_id: str
    region: str
    s3: s3_inventory.S3State | None = None


COLLECTORS = {"s3": s3_inventory.collect}


def collect(aws, services) -> AccountState:
    """The state of `services` in the account `aws` (anything with client(), account_id, region)."""
    state = AccountState(account_id=aws.account_id, region=aws.region)
    for service in sorted(set(services)):
        setattr(state, service, COLLECTORS[service](aws))
    return state
