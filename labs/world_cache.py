"""A chapter's starting world, built once and restored on every later start.

`labs.start("08")` builds chapter 08's world call by call: every earlier chapter's resources and
mistakes, each fixed, then chapter 08's own (about 290 calls; 3 to 4 s in a new process, measured
in benchmarks/). Restarting a chapter, which learners do whenever they get lost and the tests do for
every mutation case, rebuilds exactly the same world. moto keeps an account's state as Python
objects in its backends (`moto.core.base_backend.BackendDict`), so the lab pickles them once the
world is built and unpickles them on the next start of the same chapter, with the lab's own state
beside them (the root-user model, the story's dates, CloudTrail's event history and pending
deliveries).

The bytes are kept in the process (a kernel: the two latest chapters) and on disk, in the lab's
cache folder (labs/disk_cache.py), so a new kernel starts from the world an earlier one built. A
world on disk is named by a key that changes with anything that could change it (`_disk_key`: the
lab's code and data by content, the libraries' versions, the chapter, the day), so a changed lab
never starts from an old world, and a world's dates are today's.

Only where moto runs in this process (the `moto` backend, and the `moto-server` backend's own
server): an emulator elsewhere (LABS_SERVER_URL, LocalStack) is always built call by call. Set
LABS_WORLD_CACHE=0 to build every time, LABS_DISK_CACHE=0 to keep worlds in the process only.
"""
from __future__ import annotations

import copy
import copyreg
import io
import os
import pickle
import sys
import functools
import threading
from collections import defaultdict
from dataclasses import dataclass

KEEP = 2
"""How many chapters' worlds one process keeps (a learner moving between two chapters)."""
LAB_ATTRIBUTES_NOT_COPIED = {"chapter", "backend", "lang", "region", "account_id", "_graded", "started_in_seconds",
                             "solution"}  # whose grades count is the caller's, never the world's


@dataclass
class _Snapshot:
    pickled: bytes | None = None
    """The world as bytes (`_dumps`): restored by unpickling, faster than a deep copy and a tenth of
    its memory (measured in benchmarks/); the only form saved on disk."""
    moto: dict | None = None
    lab: dict | None = None
    lab_state: dict | None = None
    """A deep copy, for a world that cannot be pickled (none today; kept so that one never fails a start)."""


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
    """Keep a copy of the world just built for `lab`'s chapter, in this process and on disk."""
    key = _key(lab)
    if key is None or not enabled():
        return
    lab_attributes = {k: v for k, v in lab.__dict__.items() if k not in LAB_ATTRIBUTES_NOT_COPIED}
    try:
        snapshot = _Snapshot(pickled=_dumps(_backend_dicts(), lab_attributes, _lab_state()))
    except Exception:  # something pickle cannot write: a deep copy, kept in this process only
        snapshot = _Snapshot(moto=_copy_moto(_backend_dicts()), lab=copy.deepcopy(lab_attributes),
                             lab_state=copy.deepcopy(_lab_state()))
    _keep(key, snapshot)
    if snapshot.pickled is not None:
        disk_key = _disk_key(lab)
        if disk_key:
            from labs import disk_cache

            disk_cache.write("world", disk_key, snapshot.pickled)


def _keep(key, snapshot: _Snapshot) -> None:
    _worlds.pop(key, None)
    _worlds[key] = snapshot
    while len(_worlds) > KEEP:
        _worlds.pop(next(iter(_worlds)))


def _from_disk(lab) -> _Snapshot | None:
    disk_key = _disk_key(lab)
    if not disk_key:
        return None
    from labs import disk_cache

    data = disk_cache.read("world", disk_key)
    return _Snapshot(pickled=data) if data else None


def restore(lab) -> bool:
    """Put back the world kept for `lab`'s chapter (in this process, or on disk by an earlier one)
    into the freshly reset emulator; False when none is kept."""
    from moto.core.base_backend import BackendDict, backend_lock

    key = _key(lab)
    if key is None or not enabled():
        return False
    snapshot = _worlds.get(key)
    from_disk = snapshot is None
    if from_disk:
        snapshot = _from_disk(lab)
        if snapshot is None:
            return False
    if snapshot.pickled is not None:
        try:
            fresh, lab_attributes, lab_state = _loads(snapshot.pickled)
        except Exception:  # a file from another version of a library the key does not name: build
            if from_disk:
                return False
            raise
        if from_disk:
            _keep(key, snapshot)
    else:
        fresh = _copy_moto(None, snapshot.moto)
        lab_attributes, lab_state = copy.deepcopy(snapshot.lab), copy.deepcopy(snapshot.lab_state)
    with backend_lock:
        for live, contents in fresh.values():
            dict.clear(live)
            dict.update(live, contents)
            if live not in BackendDict._instances:
                BackendDict._instances.append(live)
    lab.__dict__.update(lab_attributes)
    _put_lab_state(lab_state)
    return True


def forget() -> None:
    """Forget the worlds this process keeps (the ones on disk stay: LABS_DISK_CACHE=0 leaves them unread)."""
    _worlds.clear()


# --- the key of a world on disk --------------------------------------------------------------------

def _disk_key(lab) -> str | None:
    """A name that changes whenever the world built for `lab` could: the lab's code and data (every
    file of labs/ and data/, by content), the versions of Python and of the libraries that hold or
    make the world, moto's settings, the chapter and the mistakes it builds (chapter 11 picks them
    from a seed and its options), account and region, and the day (a world's dates stay today's, as
    a kernel's own copy does)."""
    import datetime as dt
    import hashlib
    import platform

    import boto3
    import botocore
    import cryptography
    import moto

    code = _code_digest()
    if code is None:
        return None
    parts = [code, platform.python_version(), platform.python_implementation(), moto.__version__,
             botocore.__version__, boto3.__version__, cryptography.__version__, lab.chapter.stem, lab.backend.name,
             *lab.chapter.scenarios, lab.account_id, lab.region, dt.date.today().isoformat(),
             *sorted(f"{k}={v}" for k, v in os.environ.items() if k.startswith("MOTO_"))]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest() + ".pickle"


@functools.lru_cache(maxsize=1)
def _code_digest() -> str | None:
    """Every file of the lab's package and its data folder, by path and content (about 5 MB, a few ms)."""
    import hashlib
    from pathlib import Path

    root = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=16)
    try:
        for folder in (root, root.parent / "data"):
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*")):
                if "__pycache__" in path.parts or not path.is_file():
                    continue
                digest.update(str(path.relative_to(root.parent)).encode() + b"\0")
                digest.update(path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


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


# --- the world as bytes: pickled, for the process's copy and for the disk -------------------------

class _WorldPickler(pickle.Pickler):
    """moto's backends and the lab's state as bytes. A BackendDict (moto's registry of one service)
    is written as its name and found again by name, as the deep copy keeps it live; what moto or the
    lab keep that pickle cannot write (cryptography's keys and certificates, the lab's KMS keys made
    on demand, a defaultdict made with a lambda) is written as what makes it again."""

    def __init__(self, file, names: dict):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._names = names

    def persistent_id(self, obj):
        if type(obj).__name__ == "BackendDict" and id(obj) in self._names:
            return self._names[id(obj)]
        return None

    def reducer_override(self, obj):
        kind = type(obj)
        if kind.__name__ == "PrivateKeyOnDemand" and kind.__module__ == "labs.emulator_fidelity.kms_private_keys_on_demand":
            # not made yet: made again on demand; made: the key itself (the stand-in only forwarded to it)
            return (_private_key_on_demand, (obj._key_spec,)) if obj._key is None else (_same, (obj._key,))
        if kind.__module__.startswith("cryptography."):
            return _cryptography_reducer(obj)
        if isinstance(obj, defaultdict) and obj.default_factory is not None \
                and "<" in getattr(obj.default_factory, "__qualname__", ""):
            return (_defaultdict_of, (_factory_of(obj.default_factory),), None, None, iter(obj.items()))
        return NotImplemented


class _WorldUnpickler(pickle.Unpickler):
    def __init__(self, file, live: dict):
        super().__init__(file)
        self._live = live

    def persistent_load(self, name):
        return self._live[name]


def _same(obj):
    return obj


def _private_key_on_demand(key_spec):
    from moto.kms import models

    return models.generate_private_key(key_spec)  # made on first use (labs/emulator_fidelity/kms_private_keys_on_demand.py)


def _cryptography_reducer(obj):
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    if isinstance(obj, x509.Certificate):
        return (_load_der, ("certificate", obj.public_bytes(serialization.Encoding.DER)))
    if hasattr(obj, "private_bytes"):
        der = obj.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        return (_load_der, ("private key", der))
    if hasattr(obj, "public_bytes") and hasattr(obj, "verify"):
        der = obj.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        return (_load_der, ("public key", der))
    raise pickle.PicklingError(f"the world holds a {type(obj).__qualname__}, which it cannot save")


def _load_der(kind: str, der: bytes):
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    if kind == "certificate":
        return x509.load_der_x509_certificate(der)
    if kind == "private key":
        return serialization.load_der_private_key(der, None)
    return serialization.load_der_public_key(der)


def _factory_of(factory):
    """What a lambda given to defaultdict makes, as something pickle can write: moto's
    `defaultdict(lambda: defaultdict(dict))` becomes partial(defaultdict, dict)."""
    sample = factory()
    if type(sample) in (dict, list, set, int, str) and not sample:
        return type(sample)
    if isinstance(sample, defaultdict) and not sample and "<" not in getattr(sample.default_factory, "__qualname__", "<"):
        return functools.partial(defaultdict, sample.default_factory)
    raise pickle.PicklingError(f"a defaultdict's factory {factory.__qualname__} cannot be saved")


def _defaultdict_of(factory):
    return defaultdict(factory)


def _backend_dict_names() -> dict:
    """Every moto BackendDict by id, named as (module, attribute) where the module holds it."""
    from moto.core.base_backend import BackendDict

    names = {}
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("moto.") or module is None:
            continue
        for attribute, value in list(vars(module).items()):
            if isinstance(value, BackendDict):
                names.setdefault(id(value), (module_name, attribute))
    return names


def _dumps(dicts, lab_attributes: dict, lab_state: dict) -> bytes:
    """The world as bytes (raises when something in it cannot be written)."""
    _register_copiers()
    names = _backend_dict_names()
    moto = [(names[id(d)], dict(d)) for d in dicts]  # a BackendDict nobody can name again raises KeyError
    buffer = io.BytesIO()
    _WorldPickler(buffer, names).dump((moto, lab_attributes, lab_state))
    return buffer.getvalue()


def _loads(data: bytes):
    """(moto's contents by live BackendDict, lab attributes, lab state) from `_dumps`'s bytes. Objects
    made here stay out of moto's list of every model object (see `_copy_moto`)."""
    import importlib

    from moto.core.model_instances import model_data

    class Live(dict):
        def __missing__(self, name):
            module, attribute = name
            self[name] = getattr(importlib.import_module(module), attribute)
            return self[name]

    live = Live()
    tracked = {cls: len(cls.instances_tracked) for models in list(model_data.values()) for cls in list(models.values())}
    try:
        moto, lab_attributes, lab_state = _WorldUnpickler(io.BytesIO(data), live).load()
    finally:
        for cls, count in tracked.items():
            del cls.instances_tracked[count:]
    return {id(live[name]): (live[name], contents) for name, contents in moto}, lab_attributes, lab_state
