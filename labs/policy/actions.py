"""The actions IAM knows, per service: policyuniverse's copy of the Service Authorization Reference
(a well-kept list; the lab does not keep its own). Names are in lower case, as IAM compares them."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from labs import disk_cache


def of_service(prefix: str) -> tuple[str, ...]:
    """Every action of one service ("s3" -> ("s3:abortmultipartupload", ...)), sorted."""
    return by_service().get(prefix.lower(), ())


@lru_cache(maxsize=1)
def by_service() -> dict[str, tuple[str, ...]]:
    """Every action IAM knows, by service prefix (lower case; actions are case-insensitive).

    Importing policyuniverse reads its 8 MB data file (a quarter of a second, measured), for the
    action names alone: the names are kept in the lab's disk cache (labs/disk_cache.py), keyed on
    that data file, and read from there by later processes."""
    key = _data_file_key()
    if key:
        saved = disk_cache.read("iam-actions", key)
        if saved is not None:
            try:
                return {service: tuple(actions) for service, actions in json.loads(saved).items()}
            except (ValueError, AttributeError, TypeError):
                pass
    from policyuniverse import all_permissions

    services: dict[str, list[str]] = {}
    for action in sorted(all_permissions):
        services.setdefault(action.partition(":")[0], []).append(action)
    if key:
        disk_cache.write("iam-actions", key, json.dumps(services).encode())
    return {service: tuple(actions) for service, actions in services.items()}


def _data_file_key() -> str | None:
    """policyuniverse's data file, by size and modification time (found without importing it)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("policyuniverse")
        data = Path(spec.origin).with_name("data.json").stat()
    except (ImportError, AttributeError, TypeError, OSError):
        return None
    return f"{data.st_size}-{data.st_mtime_ns}.json"


@lru_cache(maxsize=256)
def _known(pattern: str) -> tuple[str, ...]:
    from labs.policy.matching import action_matches

    service = pattern.partition(":")[0].lower()
    services = by_service()
    pool = services.get(service, ()) if not any(c in service for c in "*?") else \
        [a for actions in services.values() for a in actions]
    return tuple(a for a in pool if action_matches(pattern, a))


def known_actions(patterns) -> list[str]:
    """The actions IAM knows that any of the patterns matches ("iam:*MFADevice*" -> 11 actions)."""
    return list(dict.fromkeys(a for p in patterns if p != "*" for a in _known(p)))
