"""A learner's progress, kept on disk so it survives kernel restarts: which exercises are done.

The file lives in LABS_HOME (default ~/.aws-security-101-lab); `labs progress` prints it.

Never lost:
- Every change loads, modifies and replaces the file while holding a lock (`filelock`, on
  `progress.json.lock`), so kernels grading at the same moment keep each other's grades.
- The file is replaced in one step (written to `progress.json.tmp`, flushed, then renamed), so a
  kernel killed mid-write leaves the old file whole; a leftover `.tmp` is removed by the next write.
- A file that cannot be read (not JSON, JSON of another shape, entries of the wrong type) is copied to
  `progress.json.unreadable-<time>` before anything replaces it, and the grade says so in a sentence;
  what could be read is kept.
- A home that cannot be written (read-only, a file in the way) loses nothing silently: the grade
  says, in a sentence, that it was not saved and what to do.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from labs.korean import josa

LOCK_TIMEOUT_SECONDS = 10
LEFTOVER_AGE_SECONDS = 60


@dataclass
class Loaded:
    data: dict
    note: dict | None = None
    """A sentence in both languages when the file could not be read as it is."""


@dataclass
class Saved:
    saved: bool
    note: dict | None = None
    """A sentence in both languages when the grade was not saved, or the file needed a backup."""

    def __bool__(self) -> bool:
        return self.saved


def home() -> Path:
    configured = os.environ.get("LABS_HOME", "").strip()
    return Path(configured).expanduser() if configured else Path.home() / ".aws-security-101-lab"


def progress_file() -> Path:
    return home() / "progress.json"


def _empty() -> dict:
    return {"chapters": {}}


def parse(raw: bytes) -> tuple[dict, bool]:
    """(what could be read, in the expected shape; whether anything could not be read)."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _empty(), True
    if not isinstance(document, dict) or not isinstance(document.get("chapters"), dict):
        return _empty(), True
    problem = False
    chapters = {}
    for stem, exercises in document["chapters"].items():
        if not isinstance(exercises, dict):
            problem = True
            continue
        kept = {}
        for exercise_id, entry in exercises.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("done", False), bool):
                problem = True
                continue
            kept[exercise_id] = entry
        chapters[stem] = kept
    return {**document, "chapters": chapters}, problem


def read() -> Loaded:
    """The progress as far as it can be read, and a sentence when it could not be read as it is."""
    path = progress_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Loaded(_empty())
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or type(error).__name__
        return Loaded(_empty(), {
            "en": f"Your progress file {path} cannot be read ({why}), so earlier grades are not shown; check its "
            "permissions, or set LABS_HOME to another folder.",
            "ko": f"진행 상황 파일 {josa(path, '을')} 읽을 수 없어({why}) 이전 채점 결과를 보여 줄 수 없습니다. 파일 권한을 "
            "확인하거나 LABS_HOME을 다른 폴더로 설정하세요.",
        })
    data, problem = parse(raw)
    if not problem:
        return Loaded(data)
    return Loaded(data, {
        "en": f"Your progress file {path} could not be read in full; the next grade keeps a copy of it beside it "
        "(progress.json.unreadable-...) and continues with what could be read.",
        "ko": f"진행 상황 파일 {path}의 일부를 읽을 수 없습니다. 다음 채점 때 그 옆에 사본(progress.json.unreadable-...)을 "
        "남기고, 읽을 수 있는 내용으로 계속합니다.",
    })


def load() -> dict:
    """The progress as far as it can be read: {"chapters": {stem: {exercise id: {...}}}}."""
    return read().data


def _not_saved(why: str) -> Saved:
    where = home()
    return Saved(False, {
        "en": f"This grade was not saved, because {where} cannot be written ({why}); set LABS_HOME to a folder you "
        "can write, and grade again.",
        "ko": f"{where}에 쓸 수 없어({why}) 이번 채점 결과를 저장하지 못했습니다. LABS_HOME을 쓸 수 있는 폴더로 설정하고 "
        "다시 채점하세요.",
    })


def record(chapter_stem: str, exercise_id: str, done: bool) -> Saved:
    """Store one grading. A falsy answer, with a sentence, when it could not be saved."""
    from filelock import FileLock, Timeout

    path = progress_file()
    try:
        home().mkdir(parents=True, exist_ok=True)
        with FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS):
            return _record_locked(path, chapter_stem, exercise_id, done)
    except Timeout:
        return Saved(False, {
            "en": f"This grade was not saved: another program has held {path}.lock for {LOCK_TIMEOUT_SECONDS} seconds; "
            "grade again in a moment.",
            "ko": f"이번 채점 결과를 저장하지 못했습니다. 다른 프로그램이 {LOCK_TIMEOUT_SECONDS}초 동안 {path}.lock을 잡고 "
            "있습니다. 잠시 후 다시 채점하세요.",
        })
    except (OSError, ValueError) as error:
        return _not_saved(getattr(error, "strerror", None) or type(error).__name__)


def _record_locked(path: Path, chapter_stem: str, exercise_id: str, done: bool) -> Saved:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError as error:
        # Replacing a file that cannot be read would throw away everything in it.
        return Saved(False, {
            "en": f"This grade was not saved: your progress file {path} cannot be read ({error.strerror}), and the lab "
            "does not replace what it cannot read; check its permissions, or set LABS_HOME to another folder.",
            "ko": f"이번 채점 결과를 저장하지 못했습니다. 진행 상황 파일 {josa(path, '을')} 읽을 수 없고({error.strerror}), 실습 "
            "환경은 읽지 못한 파일을 덮어쓰지 않습니다. 파일 권한을 확인하거나 LABS_HOME을 다른 폴더로 설정하세요.",
        })
    data, problem = parse(raw) if raw is not None else (_empty(), False)
    note = None
    if problem:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        backup = path.with_name(f"{path.name}.unreadable-{stamp}")
        backup.write_bytes(raw)
        note = {
            "en": f"Your progress file could not be read in full, so it was kept as {backup} and the lab continued with "
            "what it could read.",
            "ko": f"진행 상황 파일의 일부를 읽을 수 없어 {josa(backup, '으로')} 보관하고, 읽을 수 있는 내용으로 계속했습니다.",
        }
    entry = data["chapters"].setdefault(str(chapter_stem), {}).setdefault(str(exercise_id), {})
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    entry["done"] = bool(done) or entry.get("done") is True
    entry["last_result"] = "done" if done else "not done"
    entry["last_graded"] = now
    if done and "first_done" not in entry:
        entry["first_done"] = now
    _write(path, data)
    return Saved(True, note)


def _write(path: Path, data: dict) -> None:
    """Write then rename, so a kernel killed mid-write never leaves half a file."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _remove_leftovers(path.parent)


def _remove_leftovers(folder: Path) -> None:
    """`.tmp` files that earlier versions of the lab (tempfile names) left when a kernel was killed."""
    cutoff = time.time() - LEFTOVER_AGE_SECONDS
    for leftover in folder.glob("tmp*.tmp"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            pass


def summary_rows(chapters) -> list[dict]:
    """One row per chapter: exercises done out of the chapter's total."""
    data = load()["chapters"]
    rows = []
    for chapter in chapters:
        recorded = data.get(chapter.stem, {})
        done = [e.id for e in chapter.exercises if recorded.get(e.id, {}).get("done")]
        rows.append({
            "chapter": chapter.stem,
            "done": len(done),
            "total": len(chapter.exercises),
            "remaining": ", ".join(e.id for e in chapter.exercises if e.id not in done) or "-",
        })
    return rows
