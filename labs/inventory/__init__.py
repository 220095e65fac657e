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


def collect(aws, services, threads: int = 1) -> AccountState:
    """The state of `services` in the account `aws` (anything with client(), account_id, region).

    With `threads` > 1 the services are collected side by side (`labs check`, whose emulator is
    another process: while it answers one service's request, this process reads another's)."""
    state = AccountState(account_id=aws.account_id, region=aws.region)
    chosen = sorted(set(services))
    if threads > 1 and len(chosen) > 1:
        from concurrent.futures import ThreadPoolExecutor

        collectors = [collector(service) for service in chosen]  # imported here, not in the threads
        with ThreadPoolExecutor(max_workers=threads) as pool:
            collected = list(pool.map(lambda collect_one: collect_one(aws), collectors))
        for service, value in zip(chosen, collected, strict=True):
            setattr(state, service, value)
        return state
    for service in chosen:
        setattr(state, service, collector(service)(aws))
    return state
