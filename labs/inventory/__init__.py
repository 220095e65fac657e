"""Collecting the account's state, separate from judging it (as Prowler separates services from
checks). Each service module turns API answers into plain dataclasses; checks read only those."""

from __future__ import annotations

from dataclasses import dataclass

import boto3

from labs.inventory import s3 as s3_inventory


@dataclass
class AccountState:
    account_id: str
    region: str
    s3: s3_inventory.S3State | None = None


COLLECTORS = {"s3": s3_inventory.collect}


def collect(services) -> AccountState:
    session = boto3.session.Session()
    account_id = session.client("sts").get_caller_identity()["Account"]
    state = AccountState(account_id=account_id, region=session.region_name)
    for service in sorted(set(services)):
        setattr(state, service, COLLECTORS[service](session, account_id))
    return state
