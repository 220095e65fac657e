"""A chapter's starting world, built once per process and restored on every later start.

`labs.start("08")` builds chapter 08's world call by call: every earlier chapter's resources and
mistakes, each fixed, then chapter 08's own (about 400 calls; 0.7 s warm, measured in benchmarks/).
Restarting a chapter, which learners do whenever they get lost and the tests do for every mutation
case, rebuilds exactly the same world. moto keeps an account's state as Python objects in its
backends (`moto.core.base_backend.BackendDict`), so the lab copies them once the world is built and
copies them back on the next start of the same chapter, with the lab's own state beside them (the
root-user model, the story's dates, CloudTrail's event history and pending deliveries).

Only where moto runs in this process (the `moto` backend, and the `moto-server` backend's own
server): an emulator elsewhere (LABS_SERVER_URL, LocalStack) is always built call by call. The copy
lives as long as the process (a kernel); nothing is written to disk, so the world's dates stay
today's. Set LABS_WORLD_CACHE=0 to build every time.
"""

from __future__ import annotations

import copy
import copyreg
import os
import threading
from dataclasses import dataclass

KEEP = 2
"""How many chapters' worlds one process keeps (a learner moving between two chapters)."""
LAB_ATTRIBUTES_NOT_COPIED = {"chapter", "backend", "lang", "region", "account_id", "_graded", "started_in_seconds",
                             "solution"}  # whose grades count is the caller's, never the world's


@dataclass
class _Snapshot:
    moto: dict
    lab: dict
    lab_state: dict


_worlds: dict = {}


def enabled() -> bool:
    return os.environ.get("LABS_WORLD_CACHE", "1").strip() not in ("0", "false", "no")


def _key(lab):
    from labs.backends import MotoInProcess, MotoServer

    backend = lab.backend
    in_process = isinstance(backend, MotoInProcess) or (isinstance(backend, MotoServer) and backend._server is not None)
    if not in_process:
        return None
    # A chapter's world is its stem and the mistakes it builds (chapter 11 picks them from a seed).
    return (lab.chapter.stem, tuple(lab.chapter.scenarios), backend.name, id(backend), lab.account_id, lab.region)


def _backend_dicts() -> list:
    from moto.core.base_backend import BackendDict

    return list(BackendDict._instances)


def _copy_moto(dicts, state: dict | None = None) -> dict:
    """A deep copy of moto's backends (their accounts and regions) in one pass, so references between
    backends are kept; a reference to a BackendDict itself stays the live one."""
    from moto.core.base_backend import BackendDict

    from moto.core.model_instances import model_data

    _register_copiers()
    source = state if state is not None else {id(d): (d, dict(d)) for d in dicts}
    # moto tracks every model object it ever made (BaseModel.__new__), and a reset disposes every
    # tracked S3 object (its data is closed): copies must stay out of that list, or the next reset
    # empties the objects of the copy kept for later.
    tracked = {cls: len(cls.instances_tracked) for models in list(model_data.values()) for cls in list(models.values())}
    BackendDict.__deepcopy__ = lambda self, memo: self
    try:
        return copy.deepcopy(source)
    finally:
        del BackendDict.__deepcopy__
        for cls, count in tracked.items():
            del cls.instances_tracked[count:]


def _lab_state() -> dict:
    from labs.cloudtrail import delivery, event_history, eventbridge, recorder

    return {
        "events": event_history._events,
        "delivery_state": delivery._state,
        "delivery_pending": delivery._pending,
        "delivery_errors": delivery._errors,
        "eventbridge": eventbridge._rules_by_region,
        "recorder_state": {k: v for k, v in recorder._state.items() if k not in ("installed", "enabled")},
        "story": recorder._story,
    }


def _put_lab_state(saved: dict) -> None:
    from labs.cloudtrail import delivery, event_history, eventbridge, recorder

    event_history._events[:] = saved["events"]
    delivery._state.clear()
    delivery._state.update(saved["delivery_state"])
    delivery._pending.clear()
    delivery._pending.update(saved["delivery_pending"])
    delivery._errors[:] = saved["delivery_errors"]
    eventbridge._rules_by_region.clear()
    eventbridge._rules_by_region.update(saved["eventbridge"])
    recorder._state.update(saved["recorder_state"])
    recorder._story.update(saved["story"])
    recorder._IDENTITY_BLOCKS.clear()


def save(lab) -> None:
    """Keep a copy of the world just built for `lab`'s chapter."""
    key = _key(lab)
    if key is None or not enabled():
        return
    lab_attributes = {k: v for k, v in lab.__dict__.items() if k not in LAB_ATTRIBUTES_NOT_COPIED}
    snapshot = _Snapshot(
        moto=_copy_moto(_backend_dicts()),
        lab=copy.deepcopy(lab_attributes),
        lab_state=copy.deepcopy(_lab_state()),
    )
    _worlds.pop(key, None)
    _worlds[key] = snapshot
    while len(_worlds) > KEEP:
        _worlds.pop(next(iter(_worlds)))


def restore(lab) -> bool:
    """Put back the world kept for `lab`'s chapter, into the freshly reset emulator; False when none is kept."""
    from moto.core.base_backend import BackendDict, backend_lock

    key = _key(lab)
    snapshot = _worlds.get(key) if key is not None and enabled() else None
    if snapshot is None:
        return False
    fresh = _copy_moto(None, snapshot.moto)
    with backend_lock:
        for live, contents in fresh.values():
            dict.clear(live)
            dict.update(live, contents)
            if live not in BackendDict._instances:
                BackendDict._instances.append(live)
    lab.__dict__.update(copy.deepcopy(snapshot.lab))
    _put_lab_state(copy.deepcopy(snapshot.lab_state))
    return True


def forget() -> None:
    _worlds.clear()


def _parameter_dict(parameters):
    """moto's SSM ParameterDict needs its account and region to be made again."""
    return (type(parameters), (parameters.account_id, parameters.region_name), dict(parameters.__dict__), None,
            iter(dict(parameters).items()))


def _fresh_condition(_condition):
    """moto's SQS queue guards its messages with a threading.Condition: a copy gets its own, unlocked."""
    return (threading.Condition, ())


def _register_copiers() -> None:
    from moto.ssm.models import ParameterDict

    copyreg.pickle(ParameterDict, _parameter_dict)
    copyreg.pickle(threading.Condition, _fresh_condition)
