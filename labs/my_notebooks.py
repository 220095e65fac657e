"""A learner's own notebooks: copies in my-notebooks/<lang>/, which git ignores and which neither the
generator (`labs notebooks`) nor the sync test ever touches, the way nbgrader hands each student a copy.

- `prepare(lang)` (run by `labs lab`, so by `make lab`) copies every chapter of that language, and its
  solution (my-notebooks/<lang>/solutions/), that the learner does not have yet. A copy the learner
  never changed (its cells still hash to the generator's marker, labs/notebooks.py) is brought up to
  date when the lab's version changes; a copy with the learner's work in it is never replaced.
- `fetch(chapter, lang)` (`labs fetch NN`) gives a fresh copy of one chapter; a copy with the
  learner's work in it is first kept aside as NN-slug.before-<time>.ipynb, beside it.
- `jupyter_command(...)` is how `labs lab` starts JupyterLab: rooted in my-notebooks/, on the
  language's welcome chapter, with the lab's JupyterLab settings (no news pop-up), --allow-root when
  run as root, then whatever JupyterLab arguments the learner added (`make lab ARGS="--port 8899"`).
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from labs.errors import LabError, excerpt
from labs.korean import josa
from labs.notebooks import LANGUAGES, SOLUTIONS_FOLDER, is_as_generated, marker

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FOLDER = ROOT / "my-notebooks"
SETTINGS = Path(__file__).resolve().parent / "jupyterlab_settings"
"""The lab's JupyterLab application settings: overrides.json turns the news pop-up and update check off."""
WELCOME = "00-welcome.ipynb"


@dataclass
class Prepared:
    folder: Path
    lang: str
    copied: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    behind: list[Path] = field(default_factory=list)
    """The learner's changed copies of chapters the lab has changed since: `labs fetch` gets the new version."""


def language_from_locale(environ=None) -> str:
    """ko when the first of LC_ALL, LC_MESSAGES, LANG that is set starts with ko (as the Makefile decides), else en."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def _lab_notebooks(lang: str, notebooks: Path) -> list[Path]:
    """The lab's notebooks of one language, relative to notebooks/<lang>: chapters, then solutions."""
    base = Path(notebooks) / lang
    found = sorted(base.glob("*.ipynb")) + sorted((base / SOLUTIONS_FOLDER).glob("*.ipynb"))
    return [path.relative_to(base) for path in found]


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise LabError(f"The lab's notebooks are in {' and '.join(LANGUAGES)}, not {excerpt(lang)}; use --lang en or "
                       "--lang ko.",
                       f"실습 노트북은 {', '.join(LANGUAGES)}만 있고 {josa(excerpt(lang), '은')} 없습니다. "
                       "--lang ko 또는 --lang en을 쓰세요.")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def prepare(lang: str, folder: Path = FOLDER, notebooks: Path = NOTEBOOKS) -> Prepared:
    """Make my-notebooks/<lang>/ hold every chapter (and solution) of `lang`, never replacing the learner's work."""
    _check_language(lang)
    folder, notebooks = Path(folder), Path(notebooks)
    if not (notebooks / lang / WELCOME).is_file():
        raise LabError(f"The lab's notebooks are not in {excerpt(str(notebooks), 80)}; run this from the lab's folder "
                       "(a clone of its repository), where notebooks/ is.",
                       f"{excerpt(str(notebooks), 80)}에 실습 노트북이 없습니다. notebooks/가 있는 실습 폴더(저장소를 clone한 "
                       "폴더)에서 실행하세요.")
    prepared = Prepared(folder, lang)
    for relative in _lab_notebooks(lang, notebooks):
        source, target = notebooks / lang / relative, folder / lang / relative
        if not target.exists():
            _copy(source, target)
            prepared.copied.append(target)
        elif target.read_bytes() == source.read_bytes():
            continue
        elif is_as_generated(target):
            _copy(source, target)  # the learner never changed it: nothing of theirs is lost
            prepared.updated.append(target)
        elif (marker(target) or {}).get("cells") != (marker(source) or {}).get("cells"):
            prepared.behind.append(target)
    return prepared


def _chapter_files(chapter: str, lang: str, notebooks: Path) -> list[Path]:
    wanted = str(chapter).strip()
    chapters = [path.relative_to(notebooks / lang) for path in sorted((notebooks / lang).glob("*.ipynb"))]
    matches = [path for path in chapters if path.stem == wanted or path.stem.split("-", 1)[0] == wanted.zfill(2)]
    if len(matches) != 1:
        names = ", ".join(path.stem for path in chapters)
        raise LabError(f"There is no chapter {excerpt(chapter)}; give its number or name, one of: {names}.",
                       f"{josa(excerpt(chapter), '이라는')} 챕터는 없습니다. 다음 중 하나의 번호나 이름을 주세요: {names}.")
    solution = Path(SOLUTIONS_FOLDER) / matches[0].name
    return [matches[0]] + ([solution] if (notebooks / lang / solution).is_file() else [])


@dataclass
class Fetched:
    fresh: Path
    kept: Path | None
    """Where the learner's changed copy now is, or None when there was nothing of theirs to keep."""


def fetch(chapter: str, lang: str, folder: Path = FOLDER, notebooks: Path = NOTEBOOKS, now=None) -> list[Fetched]:
    """A fresh copy of one chapter (and its solution) in my-notebooks/<lang>/; the learner's changed copy is
    kept aside beside it first, never deleted."""
    _check_language(lang)
    folder, notebooks = Path(folder), Path(notebooks)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    fetched = []
    for relative in _chapter_files(chapter, lang, notebooks):
        source, target = notebooks / lang / relative, folder / lang / relative
        kept = None
        if target.exists() and target.read_bytes() != source.read_bytes() and not is_as_generated(target):
            kept = target.with_name(f"{target.stem}.before-{stamp}{target.suffix}")
            target.rename(kept)
        _copy(source, target)
        fetched.append(Fetched(target, kept))
    return fetched


def jupyter_command(lang: str, folder: Path = FOLDER, extra=(), is_root: bool | None = None) -> list[str]:
    """The JupyterLab command `labs lab` runs; `extra` (the learner's JupyterLab arguments) come last and win."""
    if is_root is None:
        is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    command = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={Path(folder)}",
        f"--LabApp.default_url=/lab/tree/{lang}/{WELCOME}",
        f"--LabApp.app_settings_dir={SETTINGS}",
    ]
    # Jupyter refuses to run as root unless told; in a container root is normal.
    if is_root and "--allow-root" not in extra:
        command.append("--allow-root")
    return command + list(extra)


def _names(paths: list[Path], folder: Path) -> str:
    return ", ".join(path.relative_to(folder).as_posix() for path in paths)


def prepared_lines(prepared: Prepared, lang: str) -> list[str]:
    """What `labs lab` tells the learner about their copies, in their language (`lang`)."""
    base, ko = prepared.folder / prepared.lang, lang == "ko"
    if prepared.folder.resolve() == FOLDER.resolve():
        lines = [f"내 노트북은 {base}에 있습니다. git이 무시하는 폴더이고, `make notebooks`도 건드리지 않습니다." if ko else
                 f"Your own notebooks are in {base}: git ignores that folder and `make notebooks` never touches it."]
    else:
        lines = [f"내 노트북은 {base}에 있습니다." if ko else f"Your own notebooks are in {base}."]
    if prepared.copied:
        names = _names(prepared.copied, base)
        lines.append(f"새로 복사한 노트북 {len(prepared.copied)}개: {names}" if ko else
                     f"Copied {len(prepared.copied)} new: {names}")
    if prepared.updated:
        names = _names(prepared.updated, base)
        lines.append(f"고치지 않은 노트북 {len(prepared.updated)}개를 실습의 새 버전으로 바꿨습니다: {names}" if ko else
                     f"Brought {len(prepared.updated)} you had not changed up to date: {names}")
    for path in prepared.behind:
        name, fetch = path.relative_to(base).as_posix(), f"labs fetch {path.stem.split('-', 1)[0]} --lang {prepared.lang}"
        lines.append(f"{josa(name, '은')} 실습에 새 버전이 있지만, 내가 고친 그대로 두었습니다. 새 버전은 "
                     f"{josa(f'`{fetch}`', '으로')} 받습니다(내 노트북은 옆에 보관됩니다)." if ko else
                     f"Kept your {name} as you left it, though the lab has a newer version; `{fetch}` gets it (yours is "
                     "kept beside it).")
    return lines


def fetched_lines(fetched: list[Fetched], lang: str) -> list[str]:
    lines = []
    for item in fetched:
        if lang == "ko":
            lines.append(f"새 사본: {item.fresh}" + (f" (내가 고친 노트북은 {josa(item.kept.name, '으로')} 보관했습니다)"
                                                     if item.kept else ""))
        else:
            lines.append(f"Fresh copy: {item.fresh}" + (f" (your changed one is kept as {item.kept.name})"
                                                        if item.kept else ""))
    return lines
