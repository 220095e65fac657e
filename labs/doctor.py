"""`labs doctor`: what to look at first when something is off. It prints versions, the backend and
whether it answers, whether the guard refuses real AWS, and which chapters this backend can run."""

from __future__ import annotations

import importlib.metadata
import platform
import sys

AWS_ITSELF = "https://freetier.us-east-1.api.aws"
PACKAGES = ("aws-security-101-lab", "boto3", "botocore", "moto", "pandas", "jupyterlab", "nbval")


def say(en: str, ko: str) -> str:
    from labs.language import both, pick

    return pick(both(en, ko))


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return say("not installed", "설치되지 않음")


def run() -> int:
    import boto3

    import labs
    from labs import backends, capabilities, chapters
    from labs.language import current
    from labs.errors import LabError, RealAwsRefusedError

    print(f"Python {platform.python_version()} ({sys.executable})")
    print(say("Packages: ", "패키지: ") + ", ".join(f"{p} {_version(p)}" for p in PACKAGES))
    name = backends.backend_name_from_environment()
    variable = say("unset", "설정 안 됨") if name == backends.DEFAULT_BACKEND else name
    print(say(f"Backend: {name} (LABS_BACKEND={variable})", f"백엔드: {name} (LABS_BACKEND={variable})"))
    healthy = True
    try:
        lab = labs.start("00", lang=current())  # the language the command speaks, which labs.start would reset
        print(say(f"  answers: yes, {lab.backend.version()}; a fresh account {lab.account_id} in {lab.region}",
                  f"  응답: 예, {lab.backend.version()}. {lab.region}에 새 계정 {lab.account_id}"))
    except LabError as error:
        print(say(f"  answers: NO. {error}", f"  응답: 아니요. {error}"))
        return 1
    try:
        # A call no emulator answers, addressed to AWS itself: it must be refused before it leaves.
        boto3.client("freetier", region_name="us-east-1", endpoint_url=AWS_ITSELF).get_free_tier_usage()
        print(say("Guard: NOT ACTIVE: a request to AWS (freetier) was not refused. Please report this.",
                  "가드: 꺼져 있음. AWS(freetier)로 가는 요청이 거부되지 않았습니다. 이 문제를 알려 주세요."))
        healthy = False
    except RealAwsRefusedError:
        key = boto3.session.Session().get_credentials().access_key
        print(say("Guard: active. A test request to AWS (freetier.us-east-1.api.aws) was refused before it left; "
                  f"credentials are the lab's fake ones (access key {key}).",
                  "가드: 켜져 있음. AWS(freetier.us-east-1.api.aws)로 보낸 시험 요청이 나가기 전에 거부되었고, "
                  f"자격 증명은 실습 환경의 가짜 자격 증명입니다(액세스 키 {key})."))
    print(say("Chapters on this backend:", "이 백엔드에서 실행할 수 있는 챕터:"))
    for chapter in chapters.all_chapters():
        missing = sorted(capabilities.missing_services(chapter, lab.backend))
        verdict = (say("yes", "가능") if not missing
                   else say("no: needs ", "불가: 필요한 서비스 ") + ", ".join(missing))
        print(f"  {chapter.stem:<28} {verdict}")
    local = backends.LocalStack()
    try:
        local.start()
        print(say(f"LocalStack: {local.version()} (LABS_BACKEND=localstack uses it)",
                  f"LocalStack: {local.version()} (LABS_BACKEND=localstack일 때 씁니다)"))
    except LabError:
        print(say(f"LocalStack: not running at {local.endpoint_url} (only LABS_BACKEND=localstack needs it; "
                  "`labs localstack start` starts one)",
                  f"LocalStack: {local.endpoint_url}에서 실행 중이지 않음(LABS_BACKEND=localstack일 때만 필요합니다. "
                  "`labs localstack start`로 시작합니다)"))
    return 0 if healthy else 1
