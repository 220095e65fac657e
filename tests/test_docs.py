"""What a contributor needs is in docs/ and stays true: every check is in the controls table with
the CIS and FSBP ids compliance.json gives it, and the docs link only to files that exist."""

import re
from pathlib import Path

import pytest

from labs.checks import all_checks, load_compliance

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def controls_rows() -> dict[str, str]:
    rows = {}
    for line in (DOCS / "controls.md").read_text(encoding="utf-8").splitlines():
        for check_id in re.findall(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", line):
            rows[check_id] = rows.get(check_id, "") + line
    return rows


@pytest.mark.parametrize("check_id", sorted(all_checks()))
def test_every_check_is_in_the_controls_table_with_its_ids(check_id):
    rows = controls_rows()
    assert check_id in rows, f"docs/controls.md has no row for {check_id}"
    mapping = load_compliance()[check_id]
    for cis in mapping.get("cis_v5", []):
        assert re.search(rf"CIS [^|]*\b{re.escape(cis)}\b", rows[check_id]), f"{check_id}: CIS {cis} not in its row"
    for fsbp in mapping.get("fsbp", []):
        assert re.search(rf"\b{re.escape(fsbp)}\b", rows[check_id]), f"{check_id}: FSBP {fsbp} not in its row"


def test_docs_links_point_at_files_that_exist():
    broken = []
    for page in list(DOCS.glob("*.md")) + [ROOT / "CONTRIBUTING.md", ROOT / "README.md", ROOT / "README.ko.md"]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if not (page.parent / target).exists():
                broken.append(f"{page.name} -> {target}")
    assert broken == []


def test_no_contributor_document_points_outside_the_repository():
    outside = [p.name for p in list(DOCS.glob("*.md")) + [ROOT / "CONTRIBUTING.md"]
               if "../shared" in p.read_text(encoding="utf-8")]
    assert outside == []


@pytest.mark.parametrize("readme", ["README.md", "README.ko.md"])
def test_the_route_without_make_runs_what_make_runs(readme):
    """The Windows/pip route: `labs lab` (which adds --allow-root as root and copies your notebooks), and
    `make test`'s two steps, the lint included."""
    text = (ROOT / readme).read_text(encoding="utf-8")
    block = re.search(r"```powershell\n(.*?)```", text, flags=re.S).group(1)
    commands = [line.split("#")[0].strip().replace("\\", "/") for line in block.splitlines() if line.strip()]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = lambda target: re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, flags=re.M).group(1)  # noqa: E731
    lint = next(line.strip() for line in recipe("test").splitlines() if "ruff" in line).replace("$(BIN)", ".venv/Scripts")
    assert lint in commands
    assert ".venv/Scripts/python -m pytest" in commands
    assert any(command.startswith(".venv/Scripts/labs lab --lang") for command in commands)
    assert "labs lab --lang $(LAB_LANG) $(ARGS)" in recipe("lab")


@pytest.mark.parametrize("readme", ["README.md", "README.ko.md"])
def test_the_readme_says_how_to_pass_arguments_and_reach_a_remote_machine(readme):
    text = (ROOT / readme).read_text(encoding="utf-8")
    assert 'make lab ARGS="--port 8899 --no-browser"' in text
    assert "ssh -L 8899:127.0.0.1:8899" in text
    assert "labs fetch 08" in text and "my-notebooks/" in text
