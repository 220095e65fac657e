"""Generate the learner notebooks (notebooks/en, notebooks/ko) from the bilingual solutions/.

A source notebook in solutions/ is complete and runs as-is. The generator derives two notebooks per
language from it: the starter, notebooks/<lang>/NN-slug.ipynb, and the solution learners read when
they are stuck, notebooks/<lang>/solutions/NN-slug.ipynb. It follows these rules:

1. A cell tagged "en" or "ko" (cell.metadata.tags) appears only in that language's notebook;
   untagged cells appear in both. The language tag is removed from the output, other tags stay.
2. In code cells, a comment line starting with `# en:` or `# ko:` (after optional indentation)
   belongs to one language: there it becomes `# <rest>`, in the other language it is dropped.
3. Lines `### BEGIN SOLUTION` ... `### END SOLUTION` delimit what the learner writes. In the
   starter the whole region, markers included, is replaced at the indentation of the BEGIN line by:
   - in code cells, `# YOUR CODE HERE` (ko: `# 여기에 코드를 작성하세요`), followed by the region's
     `# stub: <code>` lines turned into `<code>` (so names used later still exist) and its
     `# en:`/`# ko:` comments (rule 2);
   - in markdown cells, `_Your answer here._` (ko: `_여기에 답을 작성하세요._`).
   In the solution the region's lines stay (rule 2 applied) and the markers and `# stub:` lines go.
   A BEGIN without END, an END without BEGIN or a nested BEGIN raises NotebookSourceError, and so
   does a code cell that is valid Python in the source but not in the starter (add `# stub: pass`).
4. The source keeps all of these lines: there they are ordinary comments and markdown.
5. Outputs and execution counts are cleared; cell metadata keeps only `tags`; cell ids are
   kept (a missing id is derived from the notebook name and cell index, never random; a
   duplicate id raises NotebookSourceError).
6. Notebook metadata is reduced to a python3 `kernelspec`, `language_info: {"name": "python"}`,
   `lab_language` ("en" or "ko") and `lab_generated`, the generator's marker: the source, the
   role ("starter" or "solution") and the SHA-256 of the cells it wrote (`cells_digest`). The
   format is nbformat 4.5.
7. A solution notebook starts with a note saying what it is (SOLUTION_NOTE), and every
   `labs.start(...)` call in it gets `solution=True`: its grades are not the learner's progress.
8. Files are written as UTF-8 (Korean unescaped) with a trailing newline, byte-identical from
   one run to the next, and each one passes `nbformat.validate`.
9. The generator overwrites or removes only what it wrote: a file whose cells still hash to its
   marker (opened and saved in JupyterLab, which rewrites the metadata, included), or whose cells
   are what it is about to write. Anything else (a learner's edits, outputs, a file it never
   wrote) stops it before it writes anything, with a sentence naming the files.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

import nbformat

from labs.errors import NotebookSourceError

LANGUAGES = ("en", "ko")

CODE_PLACEHOLDER = {"en": "# YOUR CODE HERE", "ko": "# 여기에 코드를 작성하세요"}
MARKDOWN_PLACEHOLDER = {"en": "_Your answer here._", "ko": "_여기에 답을 작성하세요._"}

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

ROLES = ("starter", "solution")
SOLUTIONS_FOLDER = "solutions"
"""A language's solution notebooks live in notebooks/<lang>/solutions/, beside its starters."""
SOLUTION_NOTE_ID = "lab-solution-note"
SOLUTION_NOTE = {
    "en": "**This is the worked solution of chapter {number}**, for when you are stuck: every exercise done, in the "
    "same order as your own notebook, `../{file}`. It runs as it is, and its `labs.start(..., solution=True)` keeps "
    "the grades made here out of your progress (`labs progress`).",
    "ko": "**챕터 {number}의 정답 노트북입니다.** 막혔을 때 보세요. 모든 실습이 내 노트북 `../{file}`와 같은 순서로 "
    "풀려 있습니다. 그대로 실행할 수 있으며, `labs.start(..., solution=True)`이므로 여기서 채점한 결과는 내 진행 "
    "상황(`labs progress`)에 들어가지 않습니다.",
}

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"

_LANGUAGE_COMMENT = re.compile(r"^(?P<indent>\s*)# (?P<lang>en|ko):(?: (?P<rest>.*)|\s*)$")
_STUB = re.compile(r"^(?P<indent>\s*)# stub: (?P<code>.*)$")


def render(source: nbformat.NotebookNode, lang: str, name: str = "<notebook>",
           role: str = "starter") -> nbformat.NotebookNode:
    """Return the learner notebook for `lang` derived from the solution notebook `source`: the
    starter (role "starter") or the language's solution (role "solution").

    `name` appears in error messages and the marker, and seeds the ids of cells that have none.
    `source` is not modified.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown language {lang!r}; use one of {', '.join(LANGUAGES)}.")
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")

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
        cells.append(_render_cell(cell, cell_id, index, lang, name, other_tags, role))
    if role == "solution":
        if SOLUTION_NOTE_ID in first_index_of_id:
            raise NotebookSourceError(f"{name} has a cell with the id {SOLUTION_NOTE_ID!r}, which the generator "
                                      "keeps for the solution's note; give that cell another id.")
        file = Path(name).name
        note = SOLUTION_NOTE[lang].format(number=file.split("-", 1)[0], file=file)
        cells.insert(0, nbformat.from_dict({"cell_type": "markdown", "id": SOLUTION_NOTE_ID, "metadata": {},
                                            "source": note}))

    notebook = nbformat.v4.new_notebook()
    # Pinned rather than taken from nbformat, so a newer nbformat cannot change the committed bytes.
    notebook.nbformat = 4
    notebook.nbformat_minor = 5
    notebook.cells = cells
    notebook.metadata = nbformat.from_dict({
        "kernelspec": KERNELSPEC,
        "language_info": {"name": "python"},
        "lab_language": lang,
        "lab_generated": {"source": name, "role": role, "cells": cells_digest(cells)},
    })
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as error:
        raise NotebookSourceError(
            f"The {lang} notebook generated from {name} is not a valid notebook ({error.message}); "
            "fix the source notebook so that it passes `nbformat.validate`."
        ) from error
    return notebook


def cells_digest(cells) -> str:
    """SHA-256 of what a notebook's cells hold that someone could have made: each cell's type, text,
    outputs and attachments. Metadata and execution counts are left out: JupyterLab rewrites them
    when it merely opens and saves a notebook, and they hold nobody's work."""
    content = [
        [cell.get("cell_type"), _text(cell.get("source", "")), cell.get("outputs", []), cell.get("attachments", {})]
        for cell in cells
    ]
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def marker(path: Path) -> dict | None:
    """The generator's marker of a notebook on disk, or None when it has none (or is not a notebook)."""
    notebook = _read_json(path)
    found = notebook.get("metadata", {}).get("lab_generated") if notebook else None
    return found if isinstance(found, dict) else None


def is_as_generated(path: Path) -> bool:
    """Whether the notebook at `path` holds exactly the cells the generator wrote into it: its cells
    still hash to its marker. Opened and saved in JupyterLab (new metadata, keys in another order)
    counts as untouched; an edit, an output or a missing marker does not."""
    notebook = _read_json(path)
    if not notebook or not isinstance(notebook.get("cells"), list):
        return False
    found = notebook.get("metadata", {}).get("lab_generated")
    return isinstance(found, dict) and found.get("cells") == cells_digest(notebook["cells"])


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _replaceable(path: Path, new: nbformat.NotebookNode | None) -> bool:
    """The generator may overwrite (or, when `new` is None, remove) the file at `path`: it is the
    generator's own, untouched, or its cells are exactly the ones about to be written."""
    if is_as_generated(path):
        return True
    existing = _read_json(path)
    cells = existing.get("cells") if existing else None
    return new is not None and isinstance(cells, list) and cells_digest(cells) == cells_digest(new.cells)


def render_all(solutions_dir: Path) -> dict[Path, nbformat.NotebookNode]:
    """Every learner notebook the sources in `solutions_dir` make, by path relative to the output folder:
    <lang>/NN-slug.ipynb (starter) and <lang>/solutions/NN-slug.ipynb (solution)."""
    solutions_dir = Path(solutions_dir)
    rendered: dict[Path, nbformat.NotebookNode] = {}
    for source_path in sorted(solutions_dir.glob("*.ipynb")):
        name = f"{solutions_dir.name}/{source_path.name}"
        source = _read_source(source_path, name)
        for lang in LANGUAGES:
            rendered[Path(lang) / source_path.name] = render(source, lang, name)
            rendered[Path(lang) / SOLUTIONS_FOLDER / source_path.name] = render(source, lang, name, "solution")
    return rendered


def generate(solutions_dir: Path, out_dir: Path) -> list[Path]:
    """Render every solutions_dir/*.ipynb into out_dir/<lang>/<same name> and out_dir/<lang>/solutions/<same
    name>; return the written paths (sorted).

    Stale .ipynb files in those folders that have no source are removed. Every source is rendered, and
    every file about to be replaced or removed is checked (rule 9), before anything is written: a broken
    source, or a file the generator did not write, leaves out_dir untouched. A file whose bytes would
    not change is not rewritten, which keeps its modification time (Jupyter then has no reason to
    report that the file changed on disk); it is still returned.
    """
    out_dir = Path(out_dir)
    rendered = {out_dir / relative: notebook for relative, notebook in render_all(solutions_dir).items()}
    data = {path: _to_bytes(notebook) for path, notebook in rendered.items()}

    stale = [existing for existing in _learner_paths(out_dir) if existing not in rendered]
    refused = [path for path in stale if not _replaceable(path, None)]
    refused += [path for path, notebook in rendered.items()
                if path.exists() and path.read_bytes() != data[path] and not _replaceable(path, notebook)]
    if refused:
        shown = ", ".join(_shown(path, out_dir) for path in sorted(refused)[:5])
        more = f" and {len(refused) - 5} more" if len(refused) > 5 else ""
        raise NotebookSourceError(
            f"The generator did not write anything, because {shown}{more} {'holds' if len(refused) == 1 else 'hold'} "
            "work it did not write (edited cells, outputs, or no generator's mark), and it never overwrites or deletes "
            f"that: move {'it' if len(refused) == 1 else 'them'} out of {out_dir.name}/ (a learner's own copies live in "
            "my-notebooks/, which `labs lab` makes) or delete it, then run `labs notebooks` again.",
            f"생성기가 아무것도 쓰지 않았습니다. {shown}{more}에 생성기가 쓰지 않은 내용(고친 셀, 출력, 생성 표시 없음)이 "
            f"있고, 생성기는 그런 파일을 덮어쓰거나 지우지 않기 때문입니다. 그 파일을 {out_dir.name}/ 밖으로 옮기거나 "
            "지운 뒤 `labs notebooks`를 다시 실행하세요(학습자의 노트북 사본은 `labs lab`이 만드는 my-notebooks/에 "
            "둡니다).",
        )

    for path in stale:
        path.unlink()
    for path, content in data.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)
    return sorted(rendered)


def check_sync(solutions_dir: Path, notebooks_dir: Path) -> list[str]:
    """Render the learner notebooks in memory and compare them with notebooks_dir.

    Returns one sentence per difference (missing, extra or differing file), empty when in sync.
    """
    solutions_dir = Path(solutions_dir)
    notebooks_dir = Path(notebooks_dir)
    expected = {relative: _to_bytes(notebook) for relative, notebook in render_all(solutions_dir).items()}
    actual = {path.relative_to(notebooks_dir) for path in _learner_paths(notebooks_dir)}
    problems = []
    for relative in sorted(set(expected) | actual):
        shown = f"{notebooks_dir.name}/{relative.as_posix()}"
        source = f"{solutions_dir.name}/{relative.name}"
        if relative not in actual:
            problems.append(f"{shown} is missing although {source} exists.")
        elif relative not in expected:
            problems.append(f"{shown} has no source notebook {source}.")
        elif (notebooks_dir / relative).read_bytes() != expected[relative]:
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


def _learner_paths(notebooks_dir: Path) -> list[Path]:
    """The notebooks in notebooks_dir's language folders and their solutions/ folders."""
    notebooks_dir = Path(notebooks_dir)
    found = []
    for lang in LANGUAGES:
        found += sorted((notebooks_dir / lang).glob("*.ipynb"))
        found += sorted((notebooks_dir / lang / SOLUTIONS_FOLDER).glob("*.ipynb"))
    return found


def _shown(path: Path, out_dir: Path) -> str:
    return f"{out_dir.name}/{path.relative_to(out_dir).as_posix()}"


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
    cell, cell_id: str, index: int, lang: str, name: str, tags: list[str], role: str = "starter"
) -> nbformat.NotebookNode:
    cell_type = cell.get("cell_type")
    text = _text(cell.get("source", ""))
    where = f"{name}, cell {index} (counting from 0)"
    if cell_type == "code":
        text = _render_code(text, lang, where) if role == "starter" else _solution_code(text, lang, where)
    elif cell_type == "markdown":
        text = _render_markdown(text, lang, where, role)

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


def _solution_code(text: str, lang: str, where: str) -> str:
    lines = []
    for region in _split_regions(text.split("\n"), where):
        body = [region] if isinstance(region, str) else [line for line in region[1] if not _STUB.match(line)]
        for line in body:
            lines.extend(_language_line(line, lang))
    return _mark_starts_as_solution("\n".join(lines))


def _mark_starts_as_solution(code: str) -> str:
    """`labs.start(...)` becomes `labs.start(..., solution=True)` (rule 7), wherever it is called."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    calls = [node for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "start"
             and isinstance(node.func.value, ast.Name) and node.func.value.id == "labs"
             and not any(keyword.arg == "solution" for keyword in node.keywords)]
    lines = code.split("\n")
    # ast counts columns in UTF-8 bytes; the closing parenthesis is the call's last character.
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line) + 1)
    for call in sorted(calls, key=lambda c: (c.end_lineno, c.end_col_offset), reverse=True):
        line = lines[call.end_lineno - 1]
        column = len(line.encode("utf-8")[: call.end_col_offset].decode("utf-8")) - 1
        at = line_starts[call.end_lineno - 1] + column
        before = code[:at].rstrip()
        separator = "" if before.endswith("(") else " " if before.endswith(",") else ", "
        code = code[:at] + separator + "solution=True" + code[at:]
    return code


def _render_markdown(text: str, lang: str, where: str, role: str = "starter") -> str:
    lines = []
    for region in _split_regions(text.split("\n"), where):
        if isinstance(region, str):
            lines.append(region)
        elif role == "solution":
            lines.extend(region[1])
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


GRADE_CALL = re.compile(r"""\.grade\(\s*["']([^"']+)["']""")
"""`lab.grade("8.1")` or `lab.grade("8.7", answer)`: the exercise a code cell grades."""


def reference_fixes(source_path: Path, lang: str) -> dict[str, str]:
    """The reference fix of each graded exercise of one source notebook, in `lang`: the code of the
    solution regions (`### BEGIN SOLUTION` ... `### END SOLUTION`, stubs left out, comments in `lang`)
    written since the previous `lab.grade(...)` cell, by exercise id. The solution runs in `make test`, so
    every fix shown here is one the exercise grades done. An exercise with no solution region of its own
    (answered by reading, say) has none. Raises NotebookSourceError for a malformed source."""
    import textwrap

    source = _read_source(Path(source_path), Path(source_path).name)
    fixes: dict[str, str] = {}
    pending: list[str] = []
    for index, cell in enumerate(source.cells):
        if cell.get("cell_type") != "code":
            continue
        text = _text(cell.get("source", ""))
        where = f"{Path(source_path).name}, cell {index} (counting from 0)"
        for region in _split_regions(text.split("\n"), where):
            if isinstance(region, str):
                continue
            lines = [rendered for line in region[1] if not _STUB.match(line) for rendered in _language_line(line, lang)]
            code = textwrap.dedent("\n".join(lines)).strip("\n")
            if code.strip():
                pending.append(code)
        for exercise_id in GRADE_CALL.findall(text):
            if pending and exercise_id not in fixes:
                fixes[exercise_id] = "\n\n".join(pending)
            pending = []
    return fixes
