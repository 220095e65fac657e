"""The learner-notebook generator (labs.notebooks): one test per rule of its contract."""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

from labs.errors import LabError, NotebookSourceError
from labs.notebooks import (
    SOLUTION_NOTE_ID,
    cells_digest,
    check_sync,
    generate,
    is_as_generated,
    marker,
    notebooks_with_outputs,
    render,
)


def notebook(*cells):
    return new_notebook(cells=list(cells))


def lines(*text):
    return "\n".join(text)


def sources(nb):
    return [cell.source for cell in nb.cells]


def write_source(directory, name, nb):
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    nbformat.write(nb, path)
    return path


# Rule 1: language tags


def test_language_tagged_cells_appear_only_in_their_language():
    source = notebook(
        new_markdown_cell("both"),
        new_markdown_cell("English", metadata={"tags": ["en"]}),
        new_markdown_cell("한국어", metadata={"tags": ["ko"]}),
        new_code_cell("print('en')", metadata={"tags": ["en"]}),
        new_code_cell("print('ko')", metadata={"tags": ["ko"]}),
        new_code_cell("x = 1"),
    )
    assert sources(render(source, "en")) == ["both", "English", "print('en')", "x = 1"]
    assert sources(render(source, "ko")) == ["both", "한국어", "print('ko')", "x = 1"]


def test_language_tag_is_removed_and_other_tags_are_kept():
    source = notebook(
        new_code_cell("x = 1", metadata={"tags": ["en", "raises-exception"]}),
        new_markdown_cell("text", metadata={"tags": ["ko"]}),
    )
    assert render(source, "en").cells[0].metadata == {"tags": ["raises-exception"]}
    assert render(source, "ko").cells[0].metadata == {}


# Rule 2: language comments in code cells


def test_language_comments_keep_own_language_and_drop_the_other():
    source = notebook(
        new_code_cell(lines("# en: Make a bucket.", "# ko: 버킷을 만듭니다.", "s3.create_bucket(Bucket='b')"))
    )
    assert render(source, "en").cells[0].source == "# Make a bucket.\ns3.create_bucket(Bucket='b')"
    assert render(source, "ko").cells[0].source == "# 버킷을 만듭니다.\ns3.create_bucket(Bucket='b')"


def test_language_comments_keep_their_indentation():
    source = notebook(new_code_cell("def f():\n    # en: Say hello.\n    # ko: 인사합니다.\n    return 'hi'"))
    assert render(source, "en").cells[0].source == "def f():\n    # Say hello.\n    return 'hi'"


def test_language_comments_are_not_touched_in_markdown():
    source = notebook(new_markdown_cell("# en: a heading that happens to start like this"))
    assert render(source, "ko").cells[0].source == "# en: a heading that happens to start like this"


# Rule 3: solution regions


def test_code_solution_region_becomes_placeholder():
    source = notebook(new_code_cell("a = 1\n### BEGIN SOLUTION\nb = a + 1\n### END SOLUTION\nprint(b)"))
    assert render(source, "en").cells[0].source == "a = 1\n# YOUR CODE HERE\nprint(b)"
    assert render(source, "ko").cells[0].source == "a = 1\n# 여기에 코드를 작성하세요\nprint(b)"


def test_stub_lines_survive_as_code():
    source = notebook(
        new_code_cell(
            "### BEGIN SOLUTION\n"
            "# en: Create a presigned URL.\n"
            "# ko: 미리 서명된 URL을 만드세요.\n"
            "# stub: share_url = None\n"
            "share_url = s3.generate_presigned_url('get_object')\n"
            "### END SOLUTION\n"
            "print(share_url)"
        )
    )
    assert render(source, "en").cells[0].source == (
        "# YOUR CODE HERE\n# Create a presigned URL.\nshare_url = None\nprint(share_url)"
    )
    assert render(source, "ko").cells[0].source == (
        "# 여기에 코드를 작성하세요\n# 미리 서명된 URL을 만드세요.\nshare_url = None\nprint(share_url)"
    )


def test_solution_region_inside_a_function_body_keeps_indentation():
    source = notebook(
        new_code_cell(
            "def allowed(policy):\n"
            "    ### BEGIN SOLUTION\n"
            "    # stub: return None\n"
            "    return policy['Effect'] == 'Allow'\n"
            "    ### END SOLUTION\n"
            "\n"
            "allowed({'Effect': 'Deny'})"
        )
    )
    assert render(source, "en").cells[0].source == (
        "def allowed(policy):\n    # YOUR CODE HERE\n    return None\n\nallowed({'Effect': 'Deny'})"
    )


def test_starter_that_is_not_valid_python_is_an_error():
    source = notebook(new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"))
    with pytest.raises(NotebookSourceError, match=r"cell 0 .*# stub: pass"):
        render(source, "en", "solutions/01-demo.ipynb")


def test_cells_with_ipython_syntax_are_not_syntax_checked():
    source = notebook(new_code_cell("%pip install x\n### BEGIN SOLUTION\n!ls\n### END SOLUTION"))
    assert render(source, "en").cells[0].source == "%pip install x\n# YOUR CODE HERE"


def test_markdown_solution_region_becomes_answer_placeholder():
    source = notebook(
        new_markdown_cell(
            lines(
                "Why is this bucket public?",
                "",
                "### BEGIN SOLUTION",
                "Because of the ACL.",
                "### END SOLUTION",
            )
        )
    )
    assert render(source, "en").cells[0].source == "Why is this bucket public?\n\n_Your answer here._"
    assert render(source, "ko").cells[0].source == "Why is this bucket public?\n\n_여기에 답을 작성하세요._"


def test_several_regions_in_one_cell():
    source = notebook(
        new_code_cell(
            lines(
                "### BEGIN SOLUTION",
                "a = 1",
                "### END SOLUTION",
                "x = 0",
                "### BEGIN SOLUTION",
                "b = 2",
                "### END SOLUTION",
            )
        )
    )
    assert render(source, "en").cells[0].source == "# YOUR CODE HERE\nx = 0\n# YOUR CODE HERE"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x = 1\n### BEGIN SOLUTION\ny = 2", "never closed"),
        ("x = 1\n### END SOLUTION", "has no `### BEGIN SOLUTION` before it"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "nested"),
    ],
    ids=["unclosed", "stray-end", "nested"],
)
def test_broken_solution_regions_are_errors_naming_file_and_cell(text, expected):
    source = notebook(new_markdown_cell("intro"), new_code_cell("pass"), new_code_cell(text))
    with pytest.raises(NotebookSourceError) as raised:
        render(source, "en", "solutions/03-demo.ipynb")
    message = str(raised.value)
    assert "solutions/03-demo.ipynb" in message
    assert "cell 2" in message
    assert expected in message
    assert isinstance(raised.value, LabError)


def test_broken_region_in_markdown_is_an_error_too():
    source = notebook(new_markdown_cell("### BEGIN SOLUTION\nanswer"))
    with pytest.raises(NotebookSourceError, match="cell 0"):
        render(source, "ko", "solutions/03-demo.ipynb")


# Rule 4: the source is left alone


def test_render_does_not_modify_the_source():
    source = notebook(
        new_code_cell("# en: hi\n# ko: 안녕\n### BEGIN SOLUTION\n# stub: x = None\nx = 1\n### END SOLUTION"),
        new_markdown_cell("ko only", metadata={"tags": ["ko"]}),
    )
    before = json.dumps(source, sort_keys=True)
    render(source, "en")
    render(source, "ko")
    assert json.dumps(source, sort_keys=True) == before


# Rule 5: outputs, cell metadata and ids


def test_outputs_execution_counts_and_extra_cell_metadata_are_dropped():
    cell = new_code_cell(
        "print(1)",
        execution_count=3,
        outputs=[nbformat.v4.new_output("stream", name="stdout", text="1\n")],
        metadata={
            "collapsed": True,
            "scrolled": True,
            "execution": {"iopub.status.idle": "x"},
            "tags": ["t"],
        },
    )
    hidden = new_markdown_cell("m", metadata={"jupyter": {"source_hidden": True}})
    code, markdown = render(notebook(cell, hidden), "en").cells
    assert code.outputs == []
    assert code.execution_count is None
    assert code.metadata == {"tags": ["t"]}
    assert markdown.metadata == {}


def test_cell_ids_are_kept():
    source = notebook(new_code_cell("x = 1", id="setup-cell"), new_markdown_cell("m", id="intro"))
    assert [cell.id for cell in render(source, "ko").cells] == ["setup-cell", "intro"]


def test_missing_cell_ids_are_derived_deterministically():
    def id_less():
        nb = notebook(new_code_cell("x = 1"), new_markdown_cell("m"))
        nb.nbformat_minor = 4
        for cell in nb.cells:
            del cell["id"]
        return nb

    first = [cell.id for cell in render(id_less(), "en", "solutions/01-a.ipynb").cells]
    second = [cell.id for cell in render(id_less(), "en", "solutions/01-a.ipynb").cells]
    other = [cell.id for cell in render(id_less(), "en", "solutions/02-b.ipynb").cells]
    assert first == second
    assert len(set(first)) == 2
    assert first != other


def test_duplicate_cell_ids_are_an_error():
    source = notebook(new_code_cell("x = 1"), new_markdown_cell("m", metadata={"tags": ["ko"]}))
    # Set after construction: new_notebook() itself would "repair" the duplicate with a random id.
    for cell in source.cells:
        cell.id = "same"
    with pytest.raises(NotebookSourceError, match=r"solutions/01-a\.ipynb, cell 1 .*'same' as cell 0"):
        render(source, "en", "solutions/01-a.ipynb")


def test_raw_cells_and_markdown_attachments_pass_through():
    attachment = {"image.png": {"image/png": "iVBORw0KGgo="}}
    picture = new_markdown_cell("![x](attachment:image.png)", attachments=attachment)
    source = notebook(new_raw_cell("raw text"), picture)
    raw, markdown = render(source, "en").cells
    assert (raw.cell_type, raw.source) == ("raw", "raw text")
    assert markdown.attachments == attachment


# Rule 6: notebook metadata


def test_notebook_metadata_is_reduced_and_labelled_with_the_language():
    source = notebook(new_code_cell("x = 1"))
    source.metadata = {
        "kernelspec": {"display_name": "venv", "language": "python", "name": "lab-venv"},
        "language_info": {"name": "python", "version": "3.11.9", "codemirror_mode": {"name": "ipython"}},
        "widgets": {"state": {}},
        "toc": {"number_sections": True},
    }
    rendered = render(source, "ko", "solutions/01-a.ipynb")
    assert rendered.metadata == {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "lab_language": "ko",
        "lab_generated": {"source": "solutions/01-a.ipynb", "role": "starter", "cells": cells_digest(rendered.cells)},
    }
    assert (rendered.nbformat, rendered.nbformat_minor) == (4, 5)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="en, ko"):
        render(notebook(), "fr")


# Rules 7 and 8: writing and validation


def bilingual_source():
    return notebook(
        new_markdown_cell("# Chapter", metadata={"tags": ["en"]}),
        new_markdown_cell("# 장", metadata={"tags": ["ko"]}),
        new_code_cell(
            lines(
                "# en: Count.",
                "# ko: 셉니다.",
                "### BEGIN SOLUTION",
                "# stub: n = 0",
                "n = 3",
                "### END SOLUTION",
                "print(n)",
            )
        ),
    )


def test_generate_writes_both_languages_and_returns_sorted_paths(tmp_path):
    write_source(tmp_path / "solutions", "02-b.ipynb", bilingual_source())
    write_source(tmp_path / "solutions", "01-a.ipynb", bilingual_source())
    out = tmp_path / "notebooks"
    written = generate(tmp_path / "solutions", out)
    assert written == sorted(written)
    assert [path.relative_to(out).as_posix() for path in written] == [
        "en/01-a.ipynb",
        "en/02-b.ipynb",
        "en/solutions/01-a.ipynb",
        "en/solutions/02-b.ipynb",
        "ko/01-a.ipynb",
        "ko/02-b.ipynb",
        "ko/solutions/01-a.ipynb",
        "ko/solutions/02-b.ipynb",
    ]
    for path in written:
        nbformat.validate(nbformat.read(path, as_version=nbformat.NO_CONVERT))


def test_generated_files_are_deterministic(tmp_path):
    write_source(tmp_path / "solutions", "01-a.ipynb", bilingual_source())
    first = {path: path.read_bytes() for path in generate(tmp_path / "solutions", tmp_path / "one")}
    for path in generate(tmp_path / "solutions", tmp_path / "one"):
        assert path.read_bytes() == first[path]
    other = generate(tmp_path / "solutions", tmp_path / "two")
    assert [path.read_bytes() for path in other] == list(first.values())


def test_korean_is_written_unescaped_with_trailing_newline(tmp_path):
    write_source(tmp_path / "solutions", "01-a.ipynb", bilingual_source())
    generate(tmp_path / "solutions", tmp_path / "notebooks")
    data = (tmp_path / "notebooks" / "ko" / "01-a.ipynb").read_bytes()
    text = data.decode("utf-8")
    assert "여기에 코드를 작성하세요" in text
    assert "셉니다" in text
    assert "\\u" not in text
    assert text.endswith("}\n")
    assert json.loads(text)["metadata"]["lab_language"] == "ko"


def test_stale_generated_notebooks_are_removed(tmp_path):
    write_source(tmp_path / "solutions", "01-a.ipynb", bilingual_source())
    write_source(tmp_path / "solutions", "99-renamed.ipynb", bilingual_source())
    out = tmp_path / "notebooks"
    generate(tmp_path / "solutions", out)
    (tmp_path / "solutions" / "99-renamed.ipynb").unlink()
    (out / "en" / "notes.txt").write_text("not a notebook")
    generate(tmp_path / "solutions", out)
    assert sorted(path.name for path in (out / "en").iterdir()) == ["01-a.ipynb", "notes.txt", "solutions"]
    assert [path.name for path in (out / "ko" / "solutions").iterdir()] == ["01-a.ipynb"]


def test_broken_source_leaves_output_untouched(tmp_path):
    write_source(tmp_path / "solutions", "01-a.ipynb", bilingual_source())
    out = tmp_path / "notebooks"
    generate(tmp_path / "solutions", out)
    before = (out / "en" / "01-a.ipynb").read_bytes()
    write_source(tmp_path / "solutions", "02-b.ipynb", notebook(new_code_cell("### END SOLUTION")))
    with pytest.raises(NotebookSourceError, match=r"solutions/02-b\.ipynb, cell 0"):
        generate(tmp_path / "solutions", out)
    assert (out / "en" / "01-a.ipynb").read_bytes() == before
    assert not (out / "en" / "02-b.ipynb").exists()


def test_source_without_cell_ids_generates_identical_bytes_each_time(tmp_path):
    nb = bilingual_source()
    nb.nbformat_minor = 4
    for cell in nb.cells:
        del cell["id"]
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "01-a.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    one = [path.read_bytes() for path in generate(tmp_path / "solutions", tmp_path / "one")]
    two = [path.read_bytes() for path in generate(tmp_path / "solutions", tmp_path / "two")]
    assert one == two


# check_sync


def test_check_sync_is_empty_when_in_sync(tmp_path):
    write_source(tmp_path / "solutions", "01-a.ipynb", bilingual_source())
    generate(tmp_path / "solutions", tmp_path / "notebooks")
    assert check_sync(tmp_path / "solutions", tmp_path / "notebooks") == []


def test_check_sync_reports_edited_missing_and_extra_files(tmp_path):
    write_source(tmp_path / "solutions", "01-a.ipynb", bilingual_source())
    write_source(tmp_path / "solutions", "02-b.ipynb", bilingual_source())
    out = tmp_path / "notebooks"
    generate(tmp_path / "solutions", out)
    edited = out / "en" / "01-a.ipynb"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Count.", "Count!"), encoding="utf-8")
    (out / "ko" / "02-b.ipynb").unlink()
    (out / "ko" / "03-old.ipynb").write_text("{}")

    problems = check_sync(tmp_path / "solutions", out)

    assert len(problems) == 3
    assert "notebooks/en/01-a.ipynb differs" in problems[0]
    assert "notebooks/ko/02-b.ipynb is missing" in problems[1]
    assert "notebooks/ko/03-old.ipynb has no source" in problems[2]


def test_check_sync_does_not_write_into_the_checked_folder(tmp_path):
    write_source(tmp_path / "solutions", "01-a.ipynb", bilingual_source())
    (tmp_path / "notebooks").mkdir()
    assert len(check_sync(tmp_path / "solutions", tmp_path / "notebooks")) == 4
    assert list((tmp_path / "notebooks").iterdir()) == []


# notebooks_with_outputs


def test_notebooks_with_outputs_finds_outputs_and_execution_counts(tmp_path):
    clean = write_source(tmp_path, "clean.ipynb", notebook(new_code_cell("x = 1"), new_markdown_cell("m")))
    counted = write_source(tmp_path, "counted.ipynb", notebook(new_code_cell("x = 1", execution_count=1)))
    output = nbformat.v4.new_output("stream", name="stdout", text="1\n")
    printed = write_source(tmp_path, "printed.ipynb", notebook(new_code_cell("print(1)", outputs=[output])))
    assert notebooks_with_outputs([clean, counted, printed]) == [counted, printed]


# Solutions: each language's, for learners


def test_solution_keeps_the_answer_and_drops_markers_stubs_and_the_other_language():
    source = notebook(
        new_code_cell(lines("# en: Count.", "# ko: 셉니다.", "### BEGIN SOLUTION", "# stub: n = 0", "n = 3",
                            "# en: done", "# ko: 끝", "### END SOLUTION", "print(n)")),
        new_markdown_cell(lines("Why?", "", "### BEGIN SOLUTION", "Because.", "### END SOLUTION")),
    )
    note, code, markdown = render(source, "en", "solutions/08-s3.ipynb", role="solution").cells
    assert code.source == "# Count.\nn = 3\n# done\nprint(n)"
    assert markdown.source == "Why?\n\nBecause."
    assert render(source, "ko", "solutions/08-s3.ipynb", role="solution").cells[1].source == "# 셉니다.\nn = 3\n# 끝\nprint(n)"
    assert note.id == SOLUTION_NOTE_ID


def test_solution_starts_with_a_note_in_its_language():
    source = notebook(new_markdown_cell("# Chapter"))
    english = render(source, "en", "solutions/08-s3.ipynb", role="solution").cells[0].source
    korean = render(source, "ko", "solutions/08-s3.ipynb", role="solution").cells[0].source
    assert "solution of chapter 08" in english and "`../08-s3.ipynb`" in english
    assert "챕터 08의 정답 노트북" in korean and "`../08-s3.ipynb`" in korean
    assert [cell.source for cell in render(source, "en").cells] == ["# Chapter"]


@pytest.mark.parametrize(("code", "expected"), [
    ('lab = labs.start("08-s3")\nlab', 'lab = labs.start("08-s3", solution=True)\nlab'),
    ('lab = labs.start("08-s3", lang="ko")  # 한국어', 'lab = labs.start("08-s3", lang="ko", solution=True)  # 한국어'),
    ("labs.start()", "labs.start(solution=True)"),
    ('labs.start("08",)', 'labs.start("08", solution=True)'),
    ('lab = labs.start(\n    "08"\n)', 'lab = labs.start(\n    "08"\n, solution=True)'),
    ('labs.start("08", solution=False)', 'labs.start("08", solution=False)'),
    ('other.start("08")', 'other.start("08")'),
])
def test_solution_marks_every_labs_start_call(code, expected):
    rendered = render(notebook(new_code_cell(code)), "en", role="solution").cells[1].source
    assert rendered == expected
    assert render(notebook(new_code_cell(code)), "en").cells[0].source == code


def test_a_source_cell_may_not_take_the_solution_notes_id():
    with pytest.raises(NotebookSourceError, match=SOLUTION_NOTE_ID):
        render(notebook(new_markdown_cell("m", id=SOLUTION_NOTE_ID)), "en", role="solution")


def test_unknown_role_is_refused():
    with pytest.raises(ValueError, match="starter, solution"):
        render(notebook(), "en", role="answers")


# Rule 9: the generator overwrites only what it wrote


def saved_by_jupyterlab(path, edit=None):
    """Open and save a notebook as JupyterLab does: the kernel's language_info in the metadata, keys in
    another order, one cell per line list; `edit(notebook)` is what the learner did in between."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["metadata"]["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py", "mimetype": "text/x-python",
        "name": "python", "nbconvert_exporter": "python", "pygments_lexer": "ipython3", "version": "3.11.7",
    }
    for cell in data["cells"]:
        cell["metadata"]["trusted"] = True
    if edit:
        edit(data)
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=True), encoding="utf-8")


def learner_edit(data):
    cell = next(c for c in data["cells"] if c["cell_type"] == "code")
    cell["source"] = "n = 42  # my answer"
    cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "42\n"}]
    cell["execution_count"] = 1


def test_a_notebook_opened_and_saved_in_jupyterlab_is_still_as_generated(tmp_path):
    write_source(tmp_path / "solutions", "01-a.ipynb", bilingual_source())
    path = tmp_path / "notebooks" / "en" / "01-a.ipynb"
    generate(tmp_path / "solutions", tmp_path / "notebooks")
    assert is_as_generated(path)
    saved_by_jupyterlab(path)
    assert is_as_generated(path)
    assert marker(path)["role"] == "starter"
    generate(tmp_path / "solutions", tmp_path / "notebooks")
    assert check_sync(tmp_path / "solutions", tmp_path / "notebooks") == []


@pytest.mark.parametrize("what", ["edited", "outputs only", "no marker"])
def test_the_generator_never_overwrites_work_it_did_not_write(tmp_path, what):
    write_source(tmp_path / "solutions", "01-a.ipynb", bilingual_source())
    out = tmp_path / "notebooks"
    generate(tmp_path / "solutions", out)
    learner = out / "ko" / "01-a.ipynb"
    if what == "edited":
        saved_by_jupyterlab(learner, learner_edit)
    elif what == "outputs only":
        def ran(data):
            data["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "3\n"}]
        saved_by_jupyterlab(learner, ran)
    else:
        def unmarked_and_reworded(data):
            data["metadata"].pop("lab_generated")
            data["cells"][1]["source"] = "".join(data["cells"][1]["source"]).replace("셉니다", "세어 봅니다")
        saved_by_jupyterlab(learner, unmarked_and_reworded)
    work = learner.read_bytes()
    other = out / "en" / "01-a.ipynb"
    other.unlink()
    changed = bilingual_source()  # the source changes, so every learner notebook would be rewritten
    changed.cells[2].source = changed.cells[2].source.replace("n = 3", "n = 4")
    write_source(tmp_path / "solutions", "01-a.ipynb", changed)

    with pytest.raises(NotebookSourceError) as raised:
        generate(tmp_path / "solutions", out)

    assert learner.read_bytes() == work
    assert not other.exists(), "nothing is written when one file is refused"
    assert "notebooks/ko/01-a.ipynb" in raised.value.text["en"] and "notebooks/ko/01-a.ipynb" in raised.value.text["ko"]
    assert "my-notebooks/" in raised.value.text["en"]


def test_a_stale_notebook_with_work_in_it_is_not_deleted(tmp_path):
    write_source(tmp_path / "solutions", "01-a.ipynb", bilingual_source())
    write_source(tmp_path / "solutions", "02-b.ipynb", bilingual_source())
    out = tmp_path / "notebooks"
    generate(tmp_path / "solutions", out)
    saved_by_jupyterlab(out / "en" / "02-b.ipynb", learner_edit)
    (tmp_path / "solutions" / "02-b.ipynb").unlink()
    with pytest.raises(NotebookSourceError, match="notebooks/en/02-b.ipynb"):
        generate(tmp_path / "solutions", out)
    assert (out / "en" / "02-b.ipynb").exists() and (out / "ko" / "02-b.ipynb").exists()
