"""The actions IAM knows, per service: policyuniverse's copy of the Service Authorization Reference
(a well-kept list; the lab does not keep its own). Names are in lower case, as IAM compares them."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=64)
def of_service(prefix: str) -> tuple[str, ...]:
    """Every action of one service ("s3" -> ("s3:abortmultipartupload", ...)), sorted."""
    from policyuniverse import all_permissions

    start = prefix.lower() + ":"
    return tuple(sorted(a for a in all_permissions if a.startswith(start)))
