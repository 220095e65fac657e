"""`labs doctor`: what to look at first when something is off. It prints versions, the backend and
whether it answers, whether the guard refuses real AWS, and which chapters this backend can run."""

from __future__ import annotations

import importlib.metadata
import platform
import sys

AWS_ITSELF = "https://freetier.us-east-1.api.aws"
PACKAGES = ("aws-security-101-lab", "boto3", "botocore", "moto", "pandas", "jupyterlab", "nbval")


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def run() -> int:
    import boto3

    import labs
    from labs import backends, capabilities, chapters
    from labs.errors import LabError, RealAwsRefusedError

    print(f"Python {platform.python_version()} ({sys.executable})")
    print("Packages: " + ", ".join(f"{p} {_version(p)}" for p in PACKAGES))
    name = backends.backend_name_from_environment()
    print(f"Backend: {name} (LABS_BACKEND={'unset' if name == backends.DEFAULT_BACKEND else name})")
    healthy = True
    try:
        lab = labs.start("00")
        print(f"  answers: yes, {lab.backend.version()}; a fresh account {lab.account_id} in {lab.region}")
    except LabError as error:
        print(f"  answers: NO. {error}")
        return 1
    try:
        # A call no emulator answers, addressed to AWS itself: it must be refused before it leaves.
        boto3.client("freetier", region_name="us-east-1", endpoint_url=AWS_ITSELF).get_free_tier_usage()
        print("Guard: NOT ACTIVE: a request to AWS (freetier) was not refused. Please report this.")
        healthy = False
    except RealAwsRefusedError:
        print("Guard: active. A test request to AWS (freetier.us-east-1.api.aws) was refused before it left; "
              f"credentials are the lab's fake ones (access key {boto3.session.Session().get_credentials().access_key}).")
    print("Chapters on this backend:")
    for chapter in chapters.all_chapters():
        missing = sorted(capabilities.missing_services(chapter, lab.backend))
        print(f"  {chapter.stem:<28} {'yes' if not missing else 'no: needs ' + ', '.join(missing)}")
    local = backends.LocalStack()
    try:
        local.start()
        print(f"LocalStack: {local.version()} (LABS_BACKEND=localstack uses it)")
    except LabError:
        print(f"LocalStack: not running at {local.endpoint_url} (only LABS_BACKEND=localstack needs it; "
              "`labs localstack start` starts one)")
    return 0 if healthy else 1
