"""Generate the learner notebooks (notebooks/en, notebooks/ko) from the bilingual solutions/.

A source notebook in solutions/ is complete and runs as-is. The generator derives one starter
notebook per language from it, following these rules:

1. A cell tagged "en" or "ko" (cell.metadata.tags) appears only in that language's notebook;
   untagged cells appear in both. The language tag is removed from the output, other tags stay.
2. In code cells, a comment line starting with `# en:` or `# ko:` (after optional indentation)
   belongs to one language: there it becomes `# <rest>`, in the other language it is dropped.
3. Lines `### BEGIN SOLUTION` ... `### END SOLUTION` delimit what the learner writes. The whole
   region, markers included, is replaced at the indentation of the BEGIN line by:
   - in code cells, `# YOUR CODE HERE` (ko: `# 여기에 코드를 작성하세요`), followed by the region's
     `# stub: <code>` lines turned into `<code>` (so names used later still exist) and its
     `# en:`/`# ko:` comments (rule 2);
   - in markdown cells, `_Your answer here._` (ko: `_여기에 답을 작성하세요._`).
   A BEGIN without END, an END without BEGIN or a nested BEGIN raises NotebookSourceError, and so
   does a code cell that is valid Python in the source but not in the starter (add `# stub: pass`).
4. The source keeps all of these lines: there they are ordinary comments and markdown.
5. Outputs and execution counts are cleared; cell metadata keeps only `tags`; cell ids are
   kept (a missing id is derived from the notebook name and cell index, never random; a
   duplicate id raises NotebookSourceError).
6. Notebook metadata is reduced to a python3 `kernelspec`, `language_info: {"name": "python"}`
   and `lab_language` ("en" or "ko"); the format is nbformat 4.5.
7. Files are written as UTF-8 (Korean unescaped) with a trailing newline, byte-identical from
   one run to the next, and each one passes `nbformat.validate`.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import nbformat

from labs.errors import NotebookSourceError

LANGUAGES = ("en", "ko")

CODE_PLACEHOLDER = {"en": "# YOUR CODE HERE", "ko": "# 여기에 코드를 작성하세요"}
MARKDOWN_PLACEHOLDER = {"en": "_Your answer here._", "ko": "_여기에 답을 작성하세요._"}

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"

_LANGUAGE_COMMENT = re.compile(r"^(?P<indent>\s*)# (?P<lang>en|ko):(?: (?P<rest>.*)|\s*)$")
_STUB = re.compile(r"^(?P<indent>\s*)# stub: (?P<code>.*)$")


def render(source: nbformat.NotebookNode, lang: str, name: str = "<notebook>") -> nbformat.NotebookNode:
    """Return the learner notebook for `lang` derived from the solution notebook `source`.

    `name` only appears in error messages and seeds the ids of cells that have none.
    `source` is not modified.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown language {lang!r}; use one of {', '.join(LANGUAGES)}.")

    cells = []
    first_index_of_id: dict[str, int] = {}
    for index, cell in enumerate(source.cells):
        cell_id = cell.get("id") or _derived_id(name, index)
        # nbformat.validate would "repair" a duplicate id with a random one, breaking determinism.
        if cell_id in first_index_of_id:
            raise NotebookSourceError(
                f"{name}, cell {index} (counting from 0) has the same id {cell_id!r} as cell "
                f"{first_index_of_id[cell_id]}; give one of them a new id or delete its id field."
            )
        first_index_of_id[cell_id] = index

        tags = list(cell.get("metadata", {}).get("tags", []))
        cell_languages = [tag for tag in tags if tag in LANGUAGES]
        if cell_languages and lang not in cell_languages:
            continue
        other_tags = [tag for tag in tags if tag not in LANGUAGES]
        cells.append(_render_cell(cell, cell_id, index, lang, name, other_tags))

    notebook = nbformat.v4.new_notebook()
    # Pinned rather than taken from nbformat, so a newer nbformat cannot change the committed bytes.
    notebook.nbformat = 4
    notebook.nbformat_minor = 5
    notebook.cells = cells
    notebook.metadata = nbformat.from_dict(
        {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}, "lab_language": lang}
    )
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as error:
        raise NotebookSourceError(
            f"The {lang} notebook generated from {name} is not a valid notebook ({error.message}); "
            "fix the source notebook so that it passes `nbformat.validate`."
        ) from error
    return notebook


def generate(solutions_dir: Path, out_dir: Path) -> list[Path]:
    """Render every solutions_dir/*.ipynb into out_dir/<lang>/<same name>; return written paths (sorted).

    Stale .ipynb files in out_dir/<lang>/ that have no source are removed. Every source is
    rendered before anything is written, so a broken source leaves out_dir untouched. A file
    whose bytes would not change is not rewritten, which keeps its modification time (Jupyter
    then has no reason to report that the file changed on disk); it is still returned.
    """
    solutions_dir = Path(solutions_dir)
    out_dir = Path(out_dir)

    rendered: dict[Path, bytes] = {}
    for source_path in sorted(solutions_dir.glob("*.ipynb")):
        name = f"{solutions_dir.name}/{source_path.name}"
        source = _read_source(source_path, name)
        for lang in LANGUAGES:
            rendered[out_dir / lang / source_path.name] = _to_bytes(render(source, lang, name))

    for lang in LANGUAGES:
        (out_dir / lang).mkdir(parents=True, exist_ok=True)
        for existing in (out_dir / lang).glob("*.ipynb"):
            if existing not in rendered:
                existing.unlink()

    for path, data in rendered.items():
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    return sorted(rendered)


def check_sync(solutions_dir: Path, notebooks_dir: Path) -> list[str]:
    """Regenerate into a temporary folder and compare with notebooks_dir.

    Returns one sentence per difference (missing, extra or differing file), empty when in sync.
    """
    solutions_dir = Path(solutions_dir)
    notebooks_dir = Path(notebooks_dir)
    problems = []
    with tempfile.TemporaryDirectory() as temporary:
        expected_dir = Path(temporary)
        generate(solutions_dir, expected_dir)
        expected = _learner_files(expected_dir)
        actual = _learner_files(notebooks_dir)
        for relative in sorted(expected | actual):
            shown = f"{notebooks_dir.name}/{relative.as_posix()}"
            source = f"{solutions_dir.name}/{relative.name}"
            if relative not in actual:
                problems.append(f"{shown} is missing although {source} exists.")
            elif relative not in expected:
                problems.append(f"{shown} has no source notebook {source}.")
            elif (notebooks_dir / relative).read_bytes() != (expected_dir / relative).read_bytes():
                problems.append(
                    f"{shown} differs from what {source} generates "
                    "(edited by hand, or the source changed since the last generation)."
                )
    return problems


def notebooks_with_outputs(paths: Iterable[Path]) -> list[Path]:
    """Return the notebooks among `paths` that have a code cell with outputs or an execution count."""
    dirty = []
    for path in paths:
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
        code_cells = [cell for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"]
        if any(cell.get("outputs") or cell.get("execution_count") is not None for cell in code_cells):
            dirty.append(Path(path))
    return dirty


def _learner_files(notebooks_dir: Path) -> set[Path]:
    paths = [path for lang in LANGUAGES for path in (notebooks_dir / lang).glob("*.ipynb")]
    return {path.relative_to(notebooks_dir) for path in paths}


def _read_source(path: Path, name: str) -> nbformat.NotebookNode:
    # nbformat.read would silently give id-less cells random ids, which breaks determinism,
    # so the JSON is loaded as-is and ids are settled in render().
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        message = f"{name} is not valid JSON ({error}); fix it or re-save it in Jupyter."
        raise NotebookSourceError(message) from error
    if data.get("nbformat") != 4:
        raise NotebookSourceError(f"{name} is not an nbformat 4 notebook; re-save it with a current Jupyter.")
    return nbformat.from_dict(data)


def _to_bytes(notebook: nbformat.NotebookNode) -> bytes:
    return (nbformat.writes(notebook) + "\n").encode("utf-8")


def _render_cell(
    cell, cell_id: str, index: int, lang: str, name: str, tags: list[str]
) -> nbformat.NotebookNode:
    cell_type = cell.get("cell_type")
    text = _text(cell.get("source", ""))
    where = f"{name}, cell {index} (counting from 0)"
    if cell_type == "code":
        text = _render_code(text, lang, where)
    elif cell_type == "markdown":
        text = _render_markdown(text, lang, where)

    result = {
        "cell_type": cell_type,
        "id": cell_id,
        "metadata": {"tags": tags} if tags else {},
        "source": text,
    }
    if cell_type == "code":
        result["outputs"] = []
        result["execution_count"] = None
    if cell_type in ("markdown", "raw") and cell.get("attachments"):
        result["attachments"] = cell["attachments"]
    return nbformat.from_dict(result)


def _text(source) -> str:
    return source if isinstance(source, str) else "".join(source)


def _derived_id(name: str, index: int) -> str:
    # Only the file name goes into the hash so the id does not depend on where solutions/ lives.
    return hashlib.sha1(f"{Path(name).name}:{index}".encode()).hexdigest()[:8]


def _render_code(text: str, lang: str, where: str) -> str:
    lines = []
    for region in _split_regions(text.split("\n"), where):
        if isinstance(region, str):
            lines.extend(_language_line(region, lang))
            continue
        indent, body = region
        lines.append(indent + CODE_PLACEHOLDER[lang])
        for line in body:
            stub = _STUB.match(line)
            if stub:
                lines.append(stub["indent"] + stub["code"])
            elif _LANGUAGE_COMMENT.match(line):
                lines.extend(_language_line(line, lang))
    rendered = "\n".join(lines)
    if _parses(text) and not _parses(rendered):
        raise NotebookSourceError(
            f"{where}: the starter code left after removing the solution is not valid Python; "
            "add a `# stub: pass` (or another `# stub:` line) inside the solution region."
        )
    return rendered


def _render_markdown(text: str, lang: str, where: str) -> str:
    lines = []
    for region in _split_regions(text.split("\n"), where):
        if isinstance(region, str):
            lines.append(region)
        else:
            lines.append(region[0] + MARKDOWN_PLACEHOLDER[lang])
    return "\n".join(lines)


def _split_regions(lines: list[str], where: str) -> list:
    """Split lines into plain lines (str) and solution regions ((indent, inner lines))."""
    parts: list = []
    region_start = None
    for number, line in enumerate(lines, start=1):
        marker = line.strip()
        if marker == BEGIN:
            if region_start is not None:
                raise NotebookSourceError(
                    f"{where}: `{BEGIN}` on line {number} is nested inside the region opened on line "
                    f"{region_start}; close the first region with `{END}` before opening another."
                )
            region_start = number
            indent = line[: len(line) - len(line.lstrip())]
            body: list[str] = []
        elif marker == END:
            if region_start is None:
                raise NotebookSourceError(
                    f"{where}: `{END}` on line {number} has no `{BEGIN}` before it; add the BEGIN line "
                    "or remove this one."
                )
            parts.append((indent, body))
            region_start = None
        elif region_start is not None:
            body.append(line)
        else:
            parts.append(line)
    if region_start is not None:
        raise NotebookSourceError(
            f"{where}: `{BEGIN}` on line {region_start} is never closed; add `{END}` after the solution."
        )
    return parts


def _language_line(line: str, lang: str) -> list[str]:
    match = _LANGUAGE_COMMENT.match(line)
    if not match:
        return [line]
    if match["lang"] != lang:
        return []
    rest = match["rest"]
    return [match["indent"] + ("# " + rest if rest else "#")]


def _parses(code: str) -> bool:
    # Cells with IPython syntax (%magic, !shell) never parse, so they are simply not checked.
    try:
        ast.parse(code)
    except SyntaxError:
        return False
    return True
