"""The Korean text a learner reads, gathered for the Korean tests (tests/test_korean_*.py): every ko
Markdown cell and ko code comment of every notebook in solutions/ (so a new chapter is held from the
day its notebook lands), and every Korean sentence in the engine's source (labs/)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LANGUAGE_COMMENT = re.compile(r"^\s*# (en|ko):(.*)$")


def notebooks() -> list[Path]:
    return sorted(SOLUTIONS.glob("*.ipynb"))


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return text if isinstance(text, str) else "".join(text)


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def korean_markdown(path: Path) -> list[tuple[str, str]]:
    """(cell id, text) of every Markdown cell a Korean learner reads (tagged ko, or untagged)."""
    return [(cell.get("id", "?"), source(cell)) for cell in _cells(path)
            if cell["cell_type"] == "markdown" and "en" not in tags(cell)]


def markdown(path: Path) -> list[tuple[str, str]]:
    """(cell id, text) of every Markdown cell, in either language."""
    return [(cell.get("id", "?"), source(cell)) for cell in _cells(path) if cell["cell_type"] == "markdown"]


def korean_code(path: Path) -> list[tuple[str, str]]:
    """(cell id, code) of every code cell as the Korean notebook has it: `# en:` lines dropped."""
    found = []
    for cell in _cells(path):
        if cell["cell_type"] != "code" or "en" in tags(cell):
            continue
        lines = [line for line in source(cell).split("\n") if not (_LANGUAGE_COMMENT.match(line)
                                                                    and _LANGUAGE_COMMENT.match(line)[1] == "en")]
        found.append((cell.get("id", "?"), "\n".join(lines)))
    return found


def korean_comments(path: Path) -> list[tuple[str, str]]:
    """(cell id, comment) of every comment line a Korean learner reads."""
    found = []
    for cell_id, code in korean_code(path):
        for line in code.split("\n"):
            stripped = line.strip()
            if stripped.startswith("#") and not stripped.startswith(("### BEGIN", "### END", "# stub:")):
                found.append((cell_id, stripped))
    return found


def engine_korean() -> list[tuple[str, str]]:
    """(file:line, text) of every string constant with Hangul in labs/ (f-strings' literal parts included),
    docstrings aside: they are for whoever reads the code."""
    found = []
    for path in sorted((ROOT / "labs").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if id(node) in docstrings:
                continue
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            else:
                continue
            if HANGUL.search(text):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
    return found
