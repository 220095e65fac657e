"""Files the lab keeps to start faster next time, in LABS_HOME/cache/ (default
~/.aws-security-101-lab/cache/): each named by a key that changes when what it was made from
changes, so a stale file is never read, only left behind (the oldest are removed). Deleting the
folder is always safe; LABS_DISK_CACHE=0 turns it off.

Only the learner writes there (the folder is the learner's own, mode 700): what is read back may
be a pickle (labs/world_cache.py), which must never come from anyone else.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

KEEP_PER_KIND = 24
"""Files kept for one kind of cache (the newest): old keys' files are removed as new ones are written."""


def enabled() -> bool:
    return os.environ.get("LABS_DISK_CACHE", "1").strip().lower() not in ("0", "false", "no", "off")


def folder() -> Path:
    from labs.progress import home

    return home() / "cache"


def _safe(path: Path) -> bool:
    """Ours and nobody else's: owned by this user, not writable by group or others (POSIX)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        info = path.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(kind: str, key: str) -> bytes | None:
    """The bytes saved for `kind` under `key`, or None (none saved, unreadable, or not safely ours)."""
    if not enabled():
        return None
    path = folder() / f"{kind}-{key}"
    if not (_safe(path.parent) and _safe(path)):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def write(kind: str, key: str, data: bytes) -> bool:
    """Save `data` for `kind` under `key` (atomically: a reader sees the whole file or none); False
    when it could not be written, which only means the next start does the work again."""
    if not enabled():
        return False
    where = folder()
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _safe(where):
            return False
        handle, temporary = tempfile.mkstemp(dir=where, prefix=f".{kind}-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, where / f"{kind}-{key}")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(where, kind)
        return True
    except OSError:
        return False


def _prune(where: Path, kind: str) -> None:
    files = sorted(where.glob(f"{kind}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_PER_KIND:]:
        old.unlink(missing_ok=True)
