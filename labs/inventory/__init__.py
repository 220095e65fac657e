"""Collecting the account's state, separate from judging it (as Prowler separates services from
checks). Each module here is named after one service and has `collect(aws)`, which turns API
answers into plain dataclasses; checks read only those."""

from __future__ import annotations

import importlib
import pkgutil


class AccountState:
    """The account as the checks see it: `account_id`, `region`, and one attribute per collected
    service (`state.s3`, ...), each the dataclass that service's inventory module returns."""

    def __init__(self, account_id: str, region: str, **services):
        self.account_id = account_id
        self.region = region
        self.__dict__.update(services)


def collector(service: str):
    return importlib.import_module(f"{__name__}.{service}").collect


def services() -> list[str]:
    return [info.name for info in pkgutil.iter_modules(__path__)]


def collect(aws, services) -> AccountState:
    """The state of `services` in the account `aws` (anything with client(), account_id, region)."""
    state = AccountState(account_id=aws.account_id, region=aws.region)
    for service in sorted(set(services)):
        setattr(state, service, collector(service)(aws))
    return state
