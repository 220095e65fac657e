"""The `labs` command: `labs notebooks`, `labs progress`, `labs chapters`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from labs.errors import LabError

ROOT = Path(__file__).resolve().parents[1]


def _notebooks(args) -> int:
    from labs.notebooks import generate

    written = generate(Path(args.solutions), Path(args.out))
    print(f"{len(written)} learner notebooks in {args.out} (from {args.solutions}).")
    return 0


def _progress(args) -> int:
    from labs.chapters import all_chapters
    from labs.progress import progress_file, summary_rows

    rows = summary_rows(all_chapters())
    width = max(len(r["chapter"]) for r in rows)
    print(f"{'chapter':<{width}}  done  remaining")
    for row in rows:
        print(f"{row['chapter']:<{width}}  {row['done']}/{row['total']:<3} {row['remaining']}")
    print(f"(saved in {progress_file()})")
    return 0


def _chapters(args) -> int:
    from labs.chapters import all_chapters
    from labs.language import pick

    for chapter in all_chapters():
        print(f"{chapter.stem:<20} {pick(chapter.title, args.lang)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="labs", description="AWS Security 101 Lab")
    commands = parser.add_subparsers(dest="command", required=True)
    notebooks = commands.add_parser("notebooks", help="regenerate notebooks/en and notebooks/ko from solutions/")
    notebooks.add_argument("--solutions", default=str(ROOT / "solutions"))
    notebooks.add_argument("--out", default=str(ROOT / "notebooks"))
    notebooks.set_defaults(run=_notebooks)
    progress = commands.add_parser("progress", help="show which exercises you have done, per chapter")
    progress.set_defaults(run=_progress)
    chapters = commands.add_parser("chapters", help="list the chapters")
    chapters.add_argument("--lang", default="en", choices=["en", "ko"])
    chapters.set_defaults(run=_chapters)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except LabError as error:
        print(f"labs: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
