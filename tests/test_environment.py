"""environment.yml (conda, Binder) and pyproject.toml must describe the same environment."""

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: read the two lists we need without a TOML library
    tomllib = None


def _pyproject_requirements() -> set[str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if tomllib:
        project = tomllib.loads(text)["project"]
        return set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    import re

    found = set()
    for block in re.findall(r"^(?:dependencies|test) = \[\n(.*?)^\]", text, flags=re.S | re.M):
        found |= set(re.findall(r'"([^"]+)"', block))
    return found


def _environment_requirements() -> set[str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict) and "pip" in d)
    return {requirement for requirement in pip if not requirement.startswith("-e")}


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    in_pyproject, in_environment = _pyproject_requirements(), _environment_requirements()
    assert in_pyproject == in_environment, (
        f"only in pyproject.toml: {sorted(in_pyproject - in_environment)}; "
        f"only in environment.yml: {sorted(in_environment - in_pyproject)}"
    )


def test_environment_yml_installs_the_lab_itself():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert "-e ." in pip


def test_every_dependency_has_a_line_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for requirement in _pyproject_requirements():
        name = requirement.split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip()
        assert f"| `{name}`" in readme, f"README's dependency table has no line for {name}"


def test_readme_capability_table_is_what_the_lab_computes():
    from labs.cli import capability_rows

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for row in capability_rows():
        line = f"| `{row['chapter']}` | {row['moto']} | {row['moto-server']} | {row['localstack']} |"
        assert line in readme, f"README's capability table needs: {line} (`labs chapters --markdown` prints it)"
