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


def absent_on(codes, call, **kwargs):
    """The answer of `call(**kwargs)`, or None when AWS answers with one of the error `codes`: what was
    asked for does not exist (a bucket without a policy, a DB instance nobody made)."""
    from botocore.exceptions import ClientError

    try:
        return call(**kwargs)
    except ClientError as error:
        if error.response["Error"]["Code"] in codes:
            return None
        raise


def regional_clients(aws, service: str) -> list[tuple[str, object]]:
    """(region, client) for every region the account uses (labs.inventory.guardduty.regions): the lab's own
    client in its home region, a client of the lab's machinery elsewhere."""
    from labs.cloudtrail.recorder import internal_client
    from labs.inventory.guardduty import regions

    return [(region, aws.client(service) if region == aws.region else internal_client(service, region))
            for region in regions(aws)]


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
