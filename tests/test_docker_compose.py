"""docker-compose.yml's structure and pins (no Docker engine needed)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def test_jupyterlab_moto_and_an_optional_localstack():
    assert set(SERVICES) == {"lab", "moto", "localstack"}
    assert SERVICES["localstack"]["profiles"] == ["localstack"]
    assert "profiles" not in SERVICES["lab"] and "profiles" not in SERVICES["moto"]


def test_localstack_is_pinned_to_the_last_image_without_an_account():
    assert SERVICES["localstack"]["image"] == "localstack/localstack:4.14.0"


def test_every_published_port_is_bound_to_loopback():
    for name, service in SERVICES.items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond this machine"


def test_the_emulators_are_reached_on_loopback_from_the_notebooks():
    for name in ("moto", "localstack"):
        assert SERVICES[name]["network_mode"] == "service:lab", f"{name} must share the lab's network"
    environment = SERVICES["lab"]["environment"]
    assert environment["LABS_SERVER_URL"] == "http://127.0.0.1:5000"
    assert environment["LOCALSTACK_HOST"].startswith("127.0.0.1:")
    assert SERVICES["moto"]["command"][:2] == ["labs", "server"]


def test_the_image_installs_the_lab_and_serves_jupyterlab():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    # the `hub` extra: Zero to JupyterHub runs jupyterhub-singleuser in this image (deploy/z2jh)
    assert 'pip install --no-cache-dir -e ".[test,hub]"' in dockerfile
    assert "exec labs lab --lang" in dockerfile and "--no-browser" in dockerfile
    assert SERVICES["lab"]["build"] == "." and SERVICES["moto"]["build"] == "."


def test_the_learners_notebooks_are_their_own_copy_kept_on_the_host():
    assert SERVICES["lab"]["volumes"] == ["./my-notebooks:/lab/my-notebooks"]


def test_every_jupyterlab_in_the_image_has_the_labs_settings():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "cp labs/jupyterlab_settings/overrides.json /usr/local/share/jupyter/lab/settings/overrides.json" in dockerfile
