"""The notebooks committed to this repository: generated, clean and complete."""

import json
from pathlib import Path

from labs.notebooks import LANGUAGES, check_sync, notebooks_with_outputs

ROOT = Path(__file__).parents[1]
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"


def solution_notebooks():
    return sorted(SOLUTIONS.glob("*.ipynb"))


def learner_notebooks():
    return sorted(NOTEBOOKS.glob("*/*.ipynb"))


def test_learner_notebooks_are_generated_from_solutions():
    problems = check_sync(SOLUTIONS, NOTEBOOKS)
    assert not problems, "\n".join(
        ["The learner notebooks are out of date; run `make notebooks` and commit the result:", *problems]
    )


def test_no_committed_notebook_has_outputs():
    dirty = notebooks_with_outputs(solution_notebooks() + learner_notebooks())
    names = ", ".join(path.relative_to(ROOT).as_posix() for path in dirty)
    assert not dirty, f"These notebooks were committed with outputs; clear them before committing: {names}"


def test_every_chapter_exists_in_both_languages():
    chapters = solution_notebooks()
    # With no chapter at all the other tests pass without checking anything.
    assert chapters, f"{SOLUTIONS.relative_to(ROOT)}/ holds no notebook; the workbook has no chapters."
    missing = [
        f"notebooks/{lang}/{chapter.name}"
        for chapter in chapters
        for lang in LANGUAGES
        if not (NOTEBOOKS / lang / chapter.name).is_file()
    ]
    assert not missing, f"Missing learner notebooks (run `make notebooks`): {', '.join(missing)}"


def test_learner_notebooks_have_kernelspec():
    wrong = [
        path.relative_to(ROOT).as_posix()
        for path in learner_notebooks()
        if json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("kernelspec", {}).get("name")
        != "python3"
    ]
    assert not wrong, f"These learner notebooks lack the python3 kernelspec: {', '.join(wrong)}"
