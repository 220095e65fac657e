"""The hub `make test-hub` starts: deploy/tljh's configuration, run on 127.0.0.1 by this user.

Only what a test machine lacks is replaced: TLJH's systemd spawner by SimpleLocalProcessSpawner
(every learner a process of this user, home in the test's folder), its login by DummyAuthenticator
with a shared password, and the ports. Everything else, the class view, its roles and scopes, the
learners' languages and tokens, is the deployment's own file.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821
ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ["LABS_TEST_HUB_DIR"])

load_subconfig(str(ROOT / "deploy" / "tljh" / "jupyterhub_config.d" / "aws-security-101-lab.py"))  # noqa: F821

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["LABS_TEST_HUB_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["LABS_TEST_HUB_API_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['LABS_TEST_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [os.environ["LABS_TEST_CHP"]]
c.JupyterHub.db_url = f"sqlite:///{WORK / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(WORK / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(WORK / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ["LABS_TEST_HUB_PASSWORD"]
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(WORK / "home" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
# SimpleLocalProcessSpawner cannot enforce memory; the limit is TLJH's systemd spawner's job.
c.Spawner.mem_limit = None

c.JupyterHub.load_groups = {"instructors": {"users": ["teacher"]}, "lang-ko": {"users": ["carol"]},
                            "lang-en": {"users": []}}
# The test drives the hub through its REST API with this service's token.
c.JupyterHub.services.append({"name": "hub-test", "api_token": os.environ["LABS_TEST_HUB_TOKEN"]})
c.JupyterHub.load_roles.append({"name": "hub-test", "services": ["hub-test"],
                                "scopes": ["admin:users", "admin:servers", "tokens", "admin:groups",
                                           "access:servers", "read:users"]})
