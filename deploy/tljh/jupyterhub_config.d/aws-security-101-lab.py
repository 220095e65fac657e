"""AWS Security 101 Lab on one server: The Littlest JupyterHub (TLJH).

TLJH loads every file in /opt/tljh/config/jupyterhub_config.d/ after its own configuration;
deploy/tljh/install.sh puts this one there, the class view beside it in /opt/tljh/config/class-view/,
and the lab into the learners' environment (/opt/tljh/user). Then `sudo tljh-config reload hub`.

What it sets up:
- the class view (labs/classview.py) as a hub-managed service at /services/class-view/, which
  only the instructors' group reads, and to which each learner's kernel posts its own results;
- each learner's language (LABS_LANG): the hub group `lang-ko` or `lang-en`, else DEFAULT_LANG;
  JupyterLab opens that language's welcome notebook;
- each learner's memory: the guarantee and the limit measured by benchmarks/capacity.py
  (TLJH's systemd spawner enforces the limit; this file overrides `tljh-config set limits.memory`);
- chapter 11's timed workshop: LABS_CAPSTONE_SEED, LABS_CAPSTONE_DIFFICULTY and LABS_CAPSTONE_DEADLINE,
  set in the hub's environment (`sudo systemctl edit jupyterhub`), reach every learner's kernel, so
  the whole room starts the same capstone with the same deadline (docs/facilitator-guide.md).

tests/hub/ starts a real JupyterHub with this very file (make test-hub).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)

DEFAULT_LANG = os.environ.get("LABS_DEFAULT_LANG", "en")
"""The language of learners in neither language group: "en" or "ko"."""
INSTRUCTORS_GROUP = "instructors"
INSTRUCTORS = [name for name in os.environ.get("LABS_INSTRUCTORS", "").split(",") if name]
"""Instructors' user names (or add them to the group on the hub's admin page)."""
SERVICE = "class-view"
CLASS_VIEW_PORT = int(os.environ.get("LABS_CLASS_VIEW_PORT", "10101"))
CLASS_VIEW_SCRIPT = os.environ.get("LABS_CLASS_VIEW_SCRIPT") or str(
    Path(__file__).resolve().parent.parent / "class-view" / "classview.py")
CLASS_VIEW_DB = os.environ.get("LABS_CLASS_VIEW_DB") or "sqlite:///" + str(
    Path(CLASS_VIEW_SCRIPT).resolve().parent / "class-view.sqlite")
NOTEBOOKS = "aws-security-101-lab"
"""The notebooks' folder in each learner's home (install.sh copies notebooks/en and ko into /etc/skel)."""

# measured: benchmarks/capacity.py --write rewrites these two lines from benchmarks/capacity.json
MEMORY_LIMIT = "1152M"
MEMORY_GUARANTEE = "576M"

c.Spawner.mem_limit = MEMORY_LIMIT
c.Spawner.mem_guarantee = MEMORY_GUARANTEE
# One core per learner at most: a chapter's code is short bursts (benchmarks/capacity.json).
c.Spawner.cpu_limit = 1

# --- the class view: a hub service, its scope, who reads it, who posts to it ----------------------
CLASS_VIEW_URL = f"http://127.0.0.1:{CLASS_VIEW_PORT}"
c.JupyterHub.custom_scopes = {
    "custom:class-view:read": {"description": "Read the whole room's results in the class view."},
}
c.JupyterHub.services = [{
    "name": SERVICE,
    "url": CLASS_VIEW_URL,
    "command": [sys.executable, CLASS_VIEW_SCRIPT],
    "environment": {"LABS_CLASS_VIEW_DB": CLASS_VIEW_DB, "LABS_LANG": DEFAULT_LANG},
    # an instructor's browser gets a token that holds the read scope, and nothing more
    "oauth_client_allowed_scopes": ["custom:class-view:read"],
    "oauth_no_confirm": True,
    "display": True,
    "info": {"en": "The instructor's class view", "ko": "강사용 수업 현황판"},
}]
c.JupyterHub.load_groups = {INSTRUCTORS_GROUP: {"users": INSTRUCTORS}, "lang-ko": {"users": []},
                            "lang-en": {"users": []}}
c.JupyterHub.load_roles = [
    # every learner may reach the service (their kernel posts their own results to it) ...
    {"name": "user", "scopes": ["self", f"access:services!service={SERVICE}"]},
    # ... and only the instructors' group may read the room
    {"name": "class-view-instructor", "description": "Read the class view",
     "scopes": ["custom:class-view:read", f"access:services!service={SERVICE}"], "groups": [INSTRUCTORS_GROUP]},
]
# The learner's server token (JUPYTERHUB_API_TOKEN in their kernel): the defaults and the service.
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server", f"access:services!service={SERVICE}"]


def learner_language(spawner) -> str:
    groups = {group.name for group in spawner.user.groups}
    return "ko" if "lang-ko" in groups else "en" if "lang-en" in groups else DEFAULT_LANG


def class_view_address(spawner) -> str:
    # Through the service's own port on the hub's host: labs/classroom.py posts only to the host
    # of JUPYTERHUB_API_URL.
    return f"{CLASS_VIEW_URL}/services/{SERVICE}/"


CAPSTONE_WORKSHOP = ("LABS_CAPSTONE_SEED", "LABS_CAPSTONE_DIFFICULTY", "LABS_CAPSTONE_DEADLINE")
"""Chapter 11 for a whole room: the same seed, difficulty and deadline for every learner."""

c.Spawner.environment = {
    "LABS_LANG": learner_language,
    "LABS_CLASS_VIEW_URL": class_view_address,
    **{name: os.environ[name] for name in CAPSTONE_WORKSHOP if os.environ.get(name)},
}


def open_the_welcome_notebook(spawner):
    spawner.default_url = f"/lab/tree/{NOTEBOOKS}/{learner_language(spawner)}/00-welcome.ipynb"


c.Spawner.pre_spawn_hook = open_the_welcome_notebook
