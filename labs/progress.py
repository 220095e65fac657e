"""A learner's progress, kept on disk so it survives kernel restarts: which exercises are done.

The file lives in LABS_HOME (default ~/.aws-security-101-lab); `labs progress` prints it.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path


def home() -> Path:
    configured = os.environ.get("LABS_HOME", "").strip()
    return Path(configured).expanduser() if configured else Path.home() / ".aws-security-101-lab"


def progress_file() -> Path:
    return home() / "progress.json"


def load() -> dict:
    try:
        data = json.loads(progress_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"chapters": {}}
    return data if isinstance(data.get("chapters"), dict) else {"chapters": {}}


def record(chapter_stem: str, exercise_id: str, done: bool) -> bool:
    """Store one grading; returns False when the progress file cannot be written (read-only home)."""
    data = load()
    entry = data["chapters"].setdefault(chapter_stem, {}).setdefault(exercise_id, {})
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    entry["done"] = bool(done) or bool(entry.get("done"))
    entry["last_result"] = "done" if done else "not done"
    entry["last_graded"] = now
    if done and "first_done" not in entry:
        entry["first_done"] = now
    try:
        home().mkdir(parents=True, exist_ok=True)
        # Write then rename, so a kernel killed mid-write never leaves half a file.
        with tempfile.NamedTemporaryFile("w", dir=home(), delete=False, suffix=".tmp", encoding="utf-8") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
        os.replace(f.name, progress_file())
    except OSError:
        return False
    return True


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
