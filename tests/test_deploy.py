"""deploy/: the Zero to JupyterHub values against the chart's own schema, the TLJH configuration's
rules, and the memory limits and README sizing tables computed from the measured capacity."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "deploy" / "vendor" / "z2jh" / "values.schema.yaml"
VALUES = ROOT / "deploy" / "z2jh" / "values.yaml"
TLJH = ROOT / "deploy" / "tljh" / "jupyterhub_config.d" / "aws-security-101-lab.py"


def capacity():
    spec = importlib.util.spec_from_file_location("capacity", ROOT / "benchmarks" / "capacity.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measured() -> dict:
    return json.loads((ROOT / "benchmarks" / "capacity.json").read_text(encoding="utf-8"))


def chart_schema() -> dict:
    """The chart's schema, for a values file given on top of the chart's defaults: helm validates the
    merged values, so the keys the chart's own values.yaml always sets (every top-level key and
    hub.baseUrl) are not required of ours. Every other rule (types, unknown keys) stays."""
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    schema.pop("required")
    schema["properties"]["hub"]["required"].remove("baseUrl")
    return schema


def values_as_installed() -> dict:
    """Our values with what the documented `helm upgrade` adds: the class view's file (--set-file)."""
    values = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
    values["hub"]["extraFiles"]["class-view"]["stringData"] = (ROOT / "labs" / "classview.py").read_text(encoding="utf-8")
    return values


def schema_errors(values) -> list[str]:
    validator = jsonschema.Draft7Validator(chart_schema())
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(values)]


def test_the_vendored_schema_says_where_it_comes_from():
    provenance = (SCHEMA.parent / "PROVENANCE.txt").read_text(encoding="utf-8")
    assert "jupyterhub/zero-to-jupyterhub-k8s" in provenance and "commit" in provenance
    assert "BSD 3-Clause" in (SCHEMA.parent / "LICENSE").read_text(encoding="utf-8")
    assert yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))["$schema"].startswith("http://json-schema.org/draft-07")


def test_the_values_file_validates_against_the_charts_schema():
    assert schema_errors(values_as_installed()) == []


@pytest.mark.parametrize("mistake", [
    "a misspelt key", "a memory limit as a list", "an extra file without its content", "an unknown top-level key",
])
def test_the_schema_check_catches_a_broken_values_file(mistake):
    values = copy.deepcopy(values_as_installed())
    if mistake == "a misspelt key":
        values["singleuser"]["memory"]["limt"] = "1G"
    elif mistake == "a memory limit as a list":
        values["singleuser"]["memory"]["limit"] = ["1G"]
    elif mistake == "an extra file without its content":
        del values["hub"]["extraFiles"]["class-view"]["stringData"]
    else:
        values["singleusr"] = {}
    assert schema_errors(values), f"the schema accepted {mistake}"


def test_the_values_use_the_labs_image_and_run_the_class_view_in_the_hub():
    values = values_as_installed()
    assert values["singleuser"]["image"]["name"] == "aws-security-101-lab"
    assert values["singleuser"]["cmd"] == "jupyterhub-singleuser"
    service = values["hub"]["services"]["class-view"]
    mount = values["hub"]["extraFiles"]["class-view"]["mountPath"]
    assert service["command"][-1] == mount
    assert service["oauth_client_allowed_scopes"] == ["custom:class-view:read"]
    instructor = values["hub"]["loadRoles"]["class-view-instructor"]
    assert "custom:class-view:read" in instructor["scopes"] and instructor["groups"] == ["instructors"]
    assert "custom:class-view:read" not in values["hub"]["loadRoles"]["user"]["scopes"]
    compile(values["hub"]["extraConfig"]["aws-security-101-lab"], "extraConfig", "exec")
    # the kernels post to the hub's own host (labs/classroom.py refuses any other)
    assert "http://hub:10101/services/class-view/" in values["hub"]["extraConfig"]["aws-security-101-lab"]
    assert service["url"] == "http://hub:10101"


def load_tljh_config(environ: dict | None = None, monkeypatch=None):
    from traitlets.config import Config

    config = Config()
    if monkeypatch:
        for key, value in (environ or {}).items():
            monkeypatch.setenv(key, value)
    namespace = {"get_config": lambda: config, "__file__": str(TLJH)}
    exec(compile(TLJH.read_text(encoding="utf-8"), str(TLJH), "exec"), namespace)
    return config, namespace


def fake_spawner(*groups):
    return SimpleNamespace(user=SimpleNamespace(groups=[SimpleNamespace(name=g) for g in groups]), default_url="")


def test_the_tljh_configuration_gives_the_room_one_capstone(monkeypatch):
    """Chapter 11's workshop: the seed and the deadline in the hub's environment reach every learner."""
    config, _ = load_tljh_config({"LABS_CAPSTONE_SEED": "2026", "LABS_CAPSTONE_DEADLINE": "2026-12-01T15:30+09:00"},
                                 monkeypatch)
    assert config.Spawner.environment["LABS_CAPSTONE_SEED"] == "2026"
    assert config.Spawner.environment["LABS_CAPSTONE_DEADLINE"] == "2026-12-01T15:30+09:00"
    monkeypatch.delenv("LABS_CAPSTONE_SEED")
    monkeypatch.delenv("LABS_CAPSTONE_DEADLINE")
    config, _ = load_tljh_config({}, monkeypatch)
    assert "LABS_CAPSTONE_SEED" not in config.Spawner.environment


def test_the_tljh_configuration_gives_each_learner_their_language(monkeypatch):
    config, _ = load_tljh_config({"LABS_DEFAULT_LANG": "en"}, monkeypatch)
    language = config.Spawner.environment["LABS_LANG"]
    assert [language(fake_spawner("lang-ko")), language(fake_spawner("lang-en")), language(fake_spawner())] == \
        ["ko", "en", "en"]
    spawner = fake_spawner("lang-ko")
    config.Spawner.pre_spawn_hook(spawner)
    assert spawner.default_url == "/lab/tree/aws-security-101-lab/ko/00-welcome.ipynb"
    config, _ = load_tljh_config({"LABS_DEFAULT_LANG": "ko"}, monkeypatch)
    assert config.Spawner.environment["LABS_LANG"](fake_spawner()) == "ko"


def test_only_the_instructors_group_reads_the_class_view(monkeypatch):
    config, _ = load_tljh_config({"LABS_INSTRUCTORS": "teacher"}, monkeypatch)
    roles = {role["name"]: role for role in config.JupyterHub.load_roles}
    readers = [name for name, role in roles.items() if "custom:class-view:read" in role["scopes"]]
    assert readers == ["class-view-instructor"] and roles["class-view-instructor"]["groups"] == ["instructors"]
    assert config.JupyterHub.load_groups["instructors"]["users"] == ["teacher"]
    assert "access:services!service=class-view" in roles["user"]["scopes"]
    assert "access:services!service=class-view" in config.Spawner.server_token_scopes
    service = config.JupyterHub.services[0]
    assert service["oauth_client_allowed_scopes"] == ["custom:class-view:read"]
    view = config.Spawner.environment["LABS_CLASS_VIEW_URL"](fake_spawner())
    assert view.startswith(service["url"]) and view.endswith("/services/class-view/")


def test_the_memory_limits_are_the_measured_ones(monkeypatch):
    sizing = capacity().sizing(measured())
    config, _ = load_tljh_config({}, monkeypatch)
    assert config.Spawner.mem_limit == f"{sizing['limit_mb']}M"
    assert config.Spawner.mem_guarantee == f"{sizing['guarantee_mb']}M"
    memory = yaml.safe_load(VALUES.read_text(encoding="utf-8"))["singleuser"]["memory"]
    assert memory == {"limit": f"{sizing['limit_mb']}M", "guarantee": f"{sizing['guarantee_mb']}M"}
    # the limit holds what was measured: the server and two kernels at their peak
    assert sizing["limit_mb"] >= measured()["server_mb"] + 2 * max(c["peak_mb"] for c in measured()["chapters"])


@pytest.mark.parametrize("readme, lang", [("README.md", "en"), ("README.ko.md", "ko")])
def test_the_readme_sizing_table_is_the_measured_one(readme, lang):
    module = capacity()
    text = (ROOT / readme).read_text(encoding="utf-8")
    block = re.search(re.escape(module.BEGIN) + r"\n(.*?)\n" + re.escape(module.END), text, re.S)
    assert block, f"{readme} has no sizing block"
    assert block.group(1) == module.sizing_markdown(measured(), lang), "run: make capacity (or capacity.py --from-json --write)"


def test_every_chapter_was_measured():
    chapters = {c["chapter"] for c in measured()["chapters"]}
    assert chapters == {p.stem for p in (ROOT / "solutions").glob("*.ipynb")}


def test_every_vendored_file_is_attributed():
    attribution = (ROOT / "data" / "ATTRIBUTION.md").read_text(encoding="utf-8")
    vendored = [p.relative_to(ROOT).as_posix() for p in (ROOT / "deploy" / "vendor").rglob("*") if p.is_file()]
    assert vendored and all(f"`{path}`" in attribution for path in vendored), vendored


def test_the_tljh_installer_puts_each_piece_where_the_configuration_looks():
    script = (ROOT / "deploy" / "tljh" / "install.sh").read_text(encoding="utf-8")
    assert '"$TLJH/config/class-view/classview.py"' in script  # CLASS_VIEW_SCRIPT's default
    assert "jupyterhub_config.d" in script and "/etc/skel/aws-security-101-lab" in script
    # the learners' JupyterLab reads overrides.json from its environment's app settings: no news pop-up
    assert '"$LAB/labs/jupyterlab_settings/overrides.json" "$TLJH/user/share/jupyter/lab/settings/overrides.json"' in script
    config = TLJH.read_text(encoding="utf-8")
    assert 'parent.parent / "class-view" / "classview.py"' in config and 'NOTEBOOKS = "aws-security-101-lab"' in config
