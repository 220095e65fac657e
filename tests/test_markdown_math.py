"""No Markdown cell holds text that JupyterLab would typeset as math ("$46.53 spent and $80.34 forecast"
shown as italic math with the dollars gone).

How JupyterLab decides, read from its source (@jupyterlab/rendermime and the MathJax 3 extension): the
cell's Markdown is rendered to HTML (a backslash escape, `\\$`, is gone by then), and MathJax then
searches the rendered text for $...$, $$...$$, \\(...\\) and \\[...\\] and \\begin{...}. It searches each
run of text between two element boundaries on its own (emphasis, links, code, table cells and
paragraphs end a run, a line break does not) and skips code. So two dollar signs in one run are math,
escaped or not; one per run is a dollar sign.

The Markdown is parsed with markdown-it-py (CommonMark, as JupyterLab's marked), and, for the same text
in Jupyter Book and MyST, with mdit-py-plugins' dollarmath, which Jupyter Book uses.
"""

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "solutions").glob("*.ipynb")) + sorted((ROOT / "notebooks").rglob("*.ipynb"))

COMMONMARK = MarkdownIt("commonmark").enable(["table", "strikethrough"])
MYST = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(
    dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True)
DELIMITERS = re.compile(r"\\\$|\$\$|\$|\\\(|\\\[|\\begin\{")
CLOSING = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}


def text_runs(markdown: str) -> list[str]:
    """The runs of rendered text MathJax searches one by one."""
    runs = []
    for token in COMMONMARK.parse(markdown):
        if token.type == "inline":
            current = ""
            for child in token.children:
                if child.type == "text":
                    current += child.content
                elif child.type in ("softbreak", "hardbreak"):  # <br> does not end a run
                    current += "\n"
                else:
                    runs.append(current)
                    current = ""
            runs.append(current)
        elif token.type == "html_block":
            runs += re.split(r"<[^>]*>", token.content)
    return [run for run in runs if run]


def mathjax_math(markdown: str) -> list[str]:
    """What MathJax would typeset in JupyterLab (with processEscapes: a literal backslash-dollar is text)."""
    found = []
    for run in text_runs(markdown):
        delimiters = [(m.group(), m.start()) for m in DELIMITERS.finditer(run) if m.group() != "\\$"]
        index = 0
        while index < len(delimiters):
            opening, at = delimiters[index]
            closing = CLOSING.get(opening)
            end = run.find(closing, at + len(opening)) if closing else run.find("\\end{", at)
            while closing == "$" and end > 0 and run[end - 1] == "\\":
                end = run.find("$", end + 1)
            if end == -1:
                index += 1
                continue
            found.append(run[at:end + len(closing or "\\end{")])
            index = next((i for i, (_, start) in enumerate(delimiters) if start > end), len(delimiters))
    return found


def myst_math(markdown: str) -> list[str]:
    return [child.content for token in MYST.parse(markdown) for child in [token, *(token.children or [])]
            if child.type.startswith("math")]


@pytest.mark.parametrize(("markdown", "math"), [
    ("$46.53 spent and $80.34 forecast", ["$46.53 spent and $"]),
    ("\\$46.53 spent and \\$80.34 forecast", ["$46.53 spent and $"]),  # escaped, yet math in JupyterLab
    ("*US\\$46.53 spent, US\\$80.34\nforecast*", ["$46.53 spent, US$"]),
    ("a \\\\(x\\\\) b", ["\\(x\\)"]),  # JupyterLab's inline math; one backslash is an escape for "("
    ("**\\$46.53** spent and **\\$80.34** forecast", []),
    ("| \\$20.01 | \\$0.04 |\n|---|---|\n| \\$5.87 | x |", []),
    ("one \\$100 budget\n\nand another \\$100 one", []),
    ("`$HOME` and `$PATH`", []),
    ("```bash\necho $HOME $PATH\n```", []),
])
def test_the_detector_sees_what_jupyterlab_typesets(markdown, math):
    assert mathjax_math(markdown) == math


def test_dollarmath_sees_unescaped_pairs():
    assert myst_math("$46.53 spent and $80.34 forecast") and not myst_math("\\$46.53 and \\$80.34")


def markdown_cells():
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                yield path, cell


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_markdown_cell_would_be_typeset_as_math(path):
    problems = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        for math in mathjax_math(text) + myst_math(text):
            problems.append(f"cell {cell.get('id')}: {math[:60]!r}")
    assert problems == [], (
        "JupyterLab would typeset these as math; keep one dollar sign per run of text (put amounts in bold, "
        "a table cell or separate sentences): " + "; ".join(problems))
