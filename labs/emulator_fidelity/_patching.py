"""How a correction changes moto: it replaces an attribute of one of moto's classes or modules, or adds
a botocore handler; both are recorded per correction, so that a test can see moto's own answer again
(`without`, `unhandled`) and notice the day moto gives the right one by itself."""

from __future__ import annotations

import contextlib
import uuid

import botocore.handlers
from botocore.awsrequest import AWSResponse

_MISSING = object()
_replaced: dict = {}
"""(owner, attribute) -> (what the owner itself had there, or _MISSING; what moto answered for it, inherited
included; the replacement; the correction's module name)"""
_handlers: list = []
"""(event, handler, the correction's module name), as appended to botocore's BUILTIN_HANDLERS"""


def replace(correction: str, owner, attribute: str, replacement) -> None:
    """Put `replacement` at `owner.attribute` (a class or a module of moto's), once."""
    if (owner, attribute) in _replaced:
        return
    _replaced[(owner, attribute)] = (vars(owner).get(attribute, _MISSING), getattr(owner, attribute, _MISSING),
                                     replacement, correction)
    setattr(owner, attribute, replacement)


def original(owner, attribute: str):
    """What moto itself has at `owner.attribute` (for a test that calls moto's own code)."""
    found = _replaced[(owner, attribute)][1]
    if found is _MISSING:
        raise AttributeError(f"moto itself has no {attribute} on {owner.__name__}")
    return found


def handle(correction: str, event: str, handler) -> None:
    """Register `handler` for `event` on every botocore client made from now on, once."""
    if any(known == event and registered is handler for known, registered, _ in _handlers):
        return
    _handlers.append((event, handler, correction))
    botocore.handlers.BUILTIN_HANDLERS.append((event, handler))


def _put(owner, attribute: str, value) -> None:
    if value is _MISSING:
        if attribute in vars(owner):
            delattr(owner, attribute)
    else:
        setattr(owner, attribute, value)


@contextlib.contextmanager
def without(correction: str):
    """moto as it is without `correction`'s replacements (its handlers: see `unhandled`)."""
    mine = [(owner, attribute, own, replacement) for (owner, attribute), (own, _, replacement, name) in _replaced.items()
            if name == correction]
    for owner, attribute, moto, _ in mine:
        _put(owner, attribute, moto)
    try:
        yield
    finally:
        for owner, attribute, _, replacement in mine:
            setattr(owner, attribute, replacement)


def unhandled(client, correction: str):
    """`client` without `correction`'s handlers: it gets moto's own answers."""
    for event, handler, name in _handlers:
        if name == correction:
            client.meta.events.unregister(event, handler)
    return client


def corrections_applied() -> set[str]:
    return {entry[-1] for entry in _replaced.values()} | {name for _, _, name in _handlers}


def refusal(service: str, code: str, message: str):
    """What a `before-call` handler returns to answer a call with AWS's error (HTTP 400) before it
    reaches the emulator: botocore raises it as a ClientError, and CloudTrail records a failed call."""
    metadata = {"RequestId": str(uuid.uuid4()), "HTTPStatusCode": 400, "HTTPHeaders": {}, "RetryAttempts": 0}
    return (AWSResponse(f"https://{service}.amazonaws.com/", 400, {}, None),
            {"Error": {"Code": code, "Message": message}, "ResponseMetadata": metadata})
