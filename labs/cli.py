"""The `labs` command. It speaks LABS_LANG, or the locale's language as `make lab` reads it
(labs.language.from_terminal): Korean for ko_KR.UTF-8, else English.

    labs lab [--lang ko] [JupyterLab arguments]   JupyterLab on your own notebooks (my-notebooks/)
    labs fetch NN [--lang ko] a fresh copy of one chapter in my-notebooks/ (yours is kept beside it)
    labs notebooks            regenerate notebooks/en and notebooks/ko from solutions/
    labs progress             which exercises you have done, per chapter
    labs chapters             the chapters, and which backends can run them
    labs server [--port N]    moto's HTTP server on 127.0.0.1, for the AWS CLI and notebooks
    labs check [--chapter NN] [--json]   the checks, against the emulator you are running
    labs localstack start|stop|status    LocalStack without Docker (Python 3.13)
    labs doctor               versions, backend, guard: what to check first when something is off
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from labs.errors import LabError, excerpt
from labs.language import both, pick, set_current
from labs.korean import josa

ROOT = Path(__file__).resolve().parents[1]


def _notebooks(args) -> int:
    from labs.notebooks import generate

    solutions, out = Path(args.solutions), Path(args.out)
    if not solutions.is_dir() or not any(solutions.glob("*.ipynb")):
        raise LabError(f"--solutions {excerpt(str(solutions), 80)} is not a folder of solution notebooks; leave it out to "
                       "use the lab's solutions/.",
                       f"--solutions {josa(excerpt(str(solutions), 80), '은')} 풀이 노트북 폴더가 아닙니다. "
                       "빼면 실습의 solutions/를 씁니다.")
    if out.exists() and not out.is_dir():
        raise LabError(f"--out {excerpt(str(out), 80)} is a file, not a folder; give a folder (it is created if missing).",
                       f"--out {josa(excerpt(str(out), 80), '은')} 폴더가 아니라 파일입니다. 폴더를 주세요(없으면 만듭니다).")
    try:
        written = generate(solutions, out)
    except OSError as error:
        where = excerpt(str(error.filename or out), 80)
        raise LabError(f"The notebooks could not be written to {where} ({error.strerror or type(error).__name__}); give "
                       "--out a folder you can write.",
                       f"{where}에 노트북을 쓸 수 없습니다({error.strerror or type(error).__name__}). "
                       "쓸 수 있는 폴더를 --out으로 주세요.") from None
    print(pick(both(f"{len(written)} learner notebooks in {args.out} (from {args.solutions}).",
                    f"{args.solutions}에서 학습용 노트북 {len(written)}개를 {args.out}에 만들었습니다.")))
    return 0


def _lab(args) -> int:
    import subprocess

    from labs import my_notebooks

    lang = args.lang or my_notebooks.language_from_locale()
    set_current(lang)
    folder = Path(args.dir) if args.dir else my_notebooks.FOLDER
    prepared = my_notebooks.prepare(lang, folder)
    for line in my_notebooks.prepared_lines(prepared, lang):
        print(line, flush=True)
    command = my_notebooks.jupyter_command(lang, folder, args.jupyter)
    if os.name == "posix":
        os.execv(command[0], command)  # JupyterLab takes this process over: Ctrl-C reaches it as usual
    return subprocess.call(command)


def _fetch(args) -> int:
    from labs import my_notebooks

    lang = args.lang or my_notebooks.language_from_locale()
    set_current(lang)
    fetched = my_notebooks.fetch(args.chapter, lang, Path(args.dir) if args.dir else my_notebooks.FOLDER)
    for line in my_notebooks.fetched_lines(fetched, lang):
        print(line)
    return 0


def _progress(args) -> int:
    from labs.chapters import all_chapters
    from labs.language import pick
    from labs.progress import progress_file, read, summary_rows

    note = read().note
    if note:
        print(pick(note), file=sys.stderr)
    rows = summary_rows(all_chapters())
    width = max(len(r["chapter"]) for r in rows)
    if pick(both("en", "ko")) == "ko":
        # 챕터, 완료, 남은 실습: the same columns, each header as wide as the English one on screen.
        print(f"{'챕터':<{width - 2}}  완료  남은 실습")
    else:
        print(f"{'chapter':<{width}}  done  remaining")
    for row in rows:
        print(f"{row['chapter']:<{width}}  {row['done']}/{row['total']:<3} {row['remaining']}")
    print(pick(both(f"(saved in {progress_file()})", f"(저장 위치: {progress_file()})")))
    return 0


def capability_rows() -> list[dict]:
    from labs import capabilities
    from labs.chapters import all_chapters
    from labs.language import pick

    rows = []
    for chapter in all_chapters():
        lacking = sorted(capabilities.missing_on_localstack_free_tier(chapter))
        rows.append({
            "chapter": chapter.stem,
            "title": pick(chapter.title),
            "moto": pick(both("yes", "가능")),
            "moto-server": pick(both("yes", "가능")),
            "localstack": _needs(lacking) if lacking else pick(both("yes", "가능")),
        })
    return rows


NAMED_AT_MOST = 5
"""A chapter that lacks more services on a backend names the first ones and counts the rest, so its row
fits the terminal (`labs.start` names every one when it refuses)."""


def _needs(lacking: list[str]) -> str:
    shown, more = ", ".join(lacking[:NAMED_AT_MOST]), len(lacking) - NAMED_AT_MOST
    if more <= 0:
        return pick(both(f"no: needs {shown}", f"불가: 필요한 서비스 {shown}"))
    return pick(both(f"no: needs {shown} and {more} more", f"불가: 필요한 서비스 {shown} 외 {more}개"))


def capability_markdown() -> str:
    """The README's capability table (English: README.ko.md explains its words)."""
    from labs.language import current, set_current

    spoken = current()
    set_current("en")
    try:
        rows = capability_rows()
    finally:
        set_current(spoken)
    lines = ["| chapter | `moto` | `moto-server` | `localstack` (free tier) |", "|---|---|---|---|"]
    lines += [f"| `{r['chapter']}` | {r['moto']} | {r['moto-server']} | {r['localstack']} |" for r in rows]
    return "\n".join(lines)


def _chapters(args) -> int:
    from labs.language import from_terminal
    from labs.terminal import table

    set_current(args.lang or from_terminal())
    if args.markdown:
        print(capability_markdown())
        return 0
    lang = args.lang or from_terminal()
    headers = ["chapter", "moto", "moto-server", "localstack (free tier)", "title"] if lang == "en" else [
        "챕터", "moto", "moto-server", "localstack(무료 티어)", "제목"]
    rows = [[r["chapter"], r["moto"], r["moto-server"], r["localstack"], r["title"]] for r in capability_rows()]
    print(table(headers, rows))
    return 0


def _server(args) -> int:
    import logging
    import signal
    import socket
    import threading

    from labs import emulator_fidelity
    from labs.backends import free_loopback_port
    from labs.guard import REGION
    from moto.server import ThreadedMotoServer

    if not 0 <= args.port <= 65535:
        raise LabError(f"--port {args.port} is not a port: give one from 1 to 65535 (1024 or above needs no "
                       "administrator), or leave it out for a free one.",
                       f"--port {josa(args.port, '은')} 포트 번호가 아닙니다. 1에서 65535 사이(1024 이상이면 관리자 권한이 필요 "
                       "없습니다)를 주거나, 빼면 비어 있는 포트를 씁니다.")
    port = args.port or free_loopback_port()
    # moto's server binds in a thread of its own and waits for it forever: find out first, here.
    try:
        with socket.socket(socket.AF_INET6 if ":" in args.bind else socket.AF_INET) as probe:
            probe.bind((args.bind, port))
    except (OSError, OverflowError) as error:
        why = getattr(error, "strerror", None) or type(error).__name__
        raise LabError(f"moto's server could not listen on {excerpt(args.bind, 40, quote=False)}:{port} ({why}); try "
                       "another --port (or leave it out for a free one).",
                       f"moto 서버가 {excerpt(args.bind, 40, quote=False)}:{port}에서 대기할 수 없습니다({why}). 다른 --port를 "
                       "쓰세요(빼면 비어 있는 포트를 씁니다).") from None
    emulator_fidelity.apply()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address=args.bind, port=port, verbose=False)
    try:
        server.start()
    except OSError as error:
        raise LabError(f"moto's server could not listen on 127.0.0.1:{port} ({error.strerror}); try another --port.",
                       f"moto 서버가 127.0.0.1:{port}에서 대기할 수 없습니다({error.strerror}). 다른 --port를 쓰세요.") from None
    url = f"http://127.0.0.1:{port}"
    # Ctrl-C (SIGINT) or SIGTERM stops the server, whenever it arrives.
    stopped = threading.Event()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, lambda *_: stopped.set())
    exports = (f"  export AWS_ENDPOINT_URL={url} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing "
               f"AWS_DEFAULT_REGION={REGION}")
    print(pick(both(f"moto server for the lab at {url} (Ctrl-C stops it; it holds its account until then)",
                    f"실습용 moto 서버가 {url}에서 실행 중입니다(Ctrl-C로 멈춥니다. 멈출 때까지 계정을 유지합니다)")),
          flush=True)
    print(pick(both(f"""
AWS CLI and boto3 in a terminal:
{exports}
  aws s3 ls
  (`aws s3control` cannot reach it: the AWS CLI puts the account id in front of the host name.)

Notebooks on this same server (each labs.start resets its account):
  export LABS_BACKEND=moto-server LABS_SERVER_URL={url}
  make lab

The lab's checks against whatever it holds now:
  labs check --chapter 08
""", f"""
터미널의 AWS CLI와 boto3에서:
{exports}
  aws s3 ls
  (`aws s3control`은 이 서버에 요청을 보내지 못합니다. AWS CLI가 호스트 이름 앞에 계정 ID를 붙이기 때문입니다.)

같은 서버를 쓰는 노트북(labs.start를 실행할 때마다 계정이 초기화됩니다):
  export LABS_BACKEND=moto-server LABS_SERVER_URL={url}
  make lab

지금 서버에 있는 상태를 실습의 점검으로 확인하기:
  labs check --chapter 08
""")), flush=True)
    try:
        while not stopped.wait(timeout=1):
            pass
    finally:
        server.stop()
    return 0


CHECK_THREADS = 4
"""Services collected side by side by `labs check` (its emulator answers from another process)."""


def _check(args) -> int:
    from labs.backends import existing_emulator_endpoint
    from labs.checks import all_checks
    from labs.chapters import find
    from labs.guard import REGION, learner_variable
    from labs.lab import connect

    # The region as the AWS CLI reads it, before `import labs` replaced the AWS_* variables.
    region = (learner_variable("AWS_REGION") or learner_variable("AWS_DEFAULT_REGION") or REGION).strip()
    if not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-[0-9]{1,2}", region):
        raise LabError(f"AWS_REGION is {excerpt(region)}, which is not a region name; set it like ap-northeast-2 "
                       "(or leave it unset).",
                       f"AWS_REGION이 {josa(excerpt(region), '으로')}, 리전 이름이 아닙니다. ap-northeast-2처럼 "
                       "설정하세요(설정하지 "
                       "않아도 됩니다).")
    endpoint = existing_emulator_endpoint()
    if not endpoint:
        raise LabError(
            "labs check reads an emulator you are running: start one with `labs server` (or LocalStack), "
            "then set AWS_ENDPOINT_URL (or LABS_SERVER_URL) to its address.",
            "labs check는 실행 중인 에뮬레이터를 읽습니다. `labs server`(또는 LocalStack)로 시작한 뒤 "
            "AWS_ENDPOINT_URL(또는 LABS_SERVER_URL)을 그 주소로 설정하세요.",
        )
    chapter = find(args.chapter) if args.chapter else None
    lab = connect(endpoint, region, chapter.stem if chapter else "00")
    ids = list(chapter.checks) if chapter else sorted(all_checks())
    try:
        findings = lab._findings(ids, threads=CHECK_THREADS)
    except Exception as error:  # the emulator went away, or answered something unexpected
        from labs.display import explain

        raise LabError(f"The checks could not read the emulator at {endpoint}: {explain(error)}",
                       f"{endpoint}의 에뮬레이터를 읽지 못했습니다: {explain(error)}") from None
    if args.json:
        print(json.dumps([{"check_id": f.check_id, "resource": f.resource, "status": f.status,
                           "message": f.message[lab.lang]} for f in findings], ensure_ascii=False, indent=2))
    elif not findings:
        print(pick(both("No resources for these checks.", "이 점검들이 판정할 리소스가 없습니다."), lab.lang))
    else:
        # pandas only for the table: `labs check --json` never imports it (half a second, measured).
        from labs.findings_table import display_frame, findings_frame
        from labs.terminal import table

        frame = findings_frame(findings, all_checks(), lab.lang)
        shown = display_frame(frame.assign(message=[f"{m} ({c})" if c else m for m, c in
                                                    zip(frame["message"], frame["compliance"], strict=True)]), lab.lang)
        shown = shown.drop(columns=[shown.columns[-1]])  # the compliance ids are in the message's brackets
        print(table([str(c) for c in shown.columns], shown.astype(str).values.tolist()))
    return 0


def _localstack(args) -> int:
    from labs import localstack_process

    return localstack_process.command(args.action)


def _doctor(args) -> int:
    from labs import doctor

    return doctor.run()


# argparse's own words (usage, headings, errors) for a Korean terminal; argparse has no Korean catalog.
ARGPARSE_KO = {
    "usage: ": "사용법: ",
    "positional arguments": "위치 인자",
    "options": "옵션",
    "optional arguments": "옵션",
    "show this help message and exit": "이 도움말을 보여 주고 끝냅니다",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 오류: %(message)s\n",
    "the following arguments are required: %s": "다음 인자가 필요합니다: %s",
    "unrecognized arguments: %s": "알 수 없는 인자: %s",
    "argument %(argument_name)s: %(message)s": "인자 %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "올바르지 않은 선택: %(value)r (%(choices)s 중 하나)",
    "invalid %(type)s value: %(value)r": "올바르지 않은 %(type)s 값: %(value)r",
    "expected one argument": "값이 하나 필요합니다",
}

EPILOG_KO = """
    labs lab [--lang ko] [JupyterLab 인자]   내 노트북(my-notebooks/)으로 JupyterLab 열기
    labs fetch NN [--lang ko] 챕터 하나의 새 사본을 my-notebooks/에 받기(내 사본은 옆에 보관)
    labs notebooks            solutions/에서 notebooks/en과 notebooks/ko를 다시 생성
    labs progress             챕터별로 완료한 실습
    labs chapters             챕터 목록과 각 챕터를 실행할 수 있는 백엔드
    labs server [--port N]    127.0.0.1의 moto HTTP 서버(AWS CLI와 노트북용)
    labs check [--chapter NN] [--json]   실행 중인 에뮬레이터를 상대로 실습의 점검 실행
    labs localstack start|stop|status    Docker 없이 실행하는 LocalStack(Python 3.13)
    labs doctor               버전, 백엔드, 가드: 무언가 이상할 때 먼저 볼 것

명령은 LABS_LANG, 없으면 로캘(LC_ALL, LC_MESSAGES, LANG)의 언어로 말합니다.
"""


def _parser(say) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="labs", description="AWS Security 101 Lab",
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=say(__doc__, EPILOG_KO))
    commands = parser.add_subparsers(dest="command", required=True)
    notebooks = commands.add_parser("notebooks", help=say("regenerate notebooks/en and notebooks/ko from solutions/",
                                                          "solutions/에서 notebooks/en과 notebooks/ko를 다시 생성합니다"))
    notebooks.add_argument("--solutions", default=str(ROOT / "solutions"))
    notebooks.add_argument("--out", default=str(ROOT / "notebooks"))
    notebooks.set_defaults(run=_notebooks)
    lab = commands.add_parser(
        "lab", help=say("JupyterLab on your own notebooks, copied on first use into my-notebooks/",
                        "내 노트북(my-notebooks/)으로 JupyterLab을 엽니다"),
        description=say("Copies the chapters of your language into my-notebooks/<lang>/ (only the ones you do not "
                        "have; your work is never replaced) and opens JupyterLab there. Any other argument goes to "
                        "JupyterLab: labs lab --port 8899 --no-browser.",
                        "내 언어의 챕터를 my-notebooks/<lang>/에 복사하고(없는 것만 복사하며, 내 작업은 절대 바꾸지 "
                        "않습니다) 그곳에서 JupyterLab을 엽니다. 다른 인자는 모두 JupyterLab에 넘깁니다: "
                        "labs lab --port 8899 --no-browser."),
        formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False)
    lab.add_argument("--lang", choices=["en", "ko"], help=say("the notebooks' language (default: from your locale)",
                                                              "노트북 언어(기본값: 로캘)"))
    lab.add_argument("--dir", help=say("your notebooks' folder (default: my-notebooks/ in the lab's folder)",
                                       "내 노트북 폴더(기본값: 실습 폴더의 my-notebooks/)"))
    lab.set_defaults(run=_lab, jupyter=[])
    fetch = commands.add_parser(
        "fetch", help=say("a fresh copy of one chapter in my-notebooks/", "챕터 하나의 새 사본을 받습니다"),
        description=say("A fresh copy of one chapter (and its solution) in my-notebooks/<lang>/. If you changed your "
                        "copy, it is kept beside the fresh one as NN-slug.before-<time>.ipynb, never deleted.",
                        "챕터 하나(와 그 정답)의 새 사본을 my-notebooks/<lang>/에 받습니다. 내가 고친 사본은 지우지 "
                        "않고 NN-slug.before-<시각>.ipynb로 새 사본 옆에 보관합니다."),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    fetch.add_argument("chapter", help=say("the chapter's number or name, like 08 or 08-s3",
                                           "챕터 번호나 이름(예: 08, 08-s3)"))
    fetch.add_argument("--lang", choices=["en", "ko"], help=say("the notebook's language (default: from your locale)",
                                                                "노트북 언어(기본값: 로캘)"))
    fetch.add_argument("--dir", help=say("your notebooks' folder (default: my-notebooks/ in the lab's folder)",
                                         "내 노트북 폴더(기본값: 실습 폴더의 my-notebooks/)"))
    fetch.set_defaults(run=_fetch)
    commands.add_parser("progress", help=say("show which exercises you have done, per chapter",
                                             "챕터별로 완료한 실습을 보여 줍니다")).set_defaults(run=_progress)
    chapters = commands.add_parser("chapters", help=say("list the chapters and which backends can run them",
                                                        "챕터 목록과 각 챕터를 실행할 수 있는 백엔드를 보여 줍니다"))
    chapters.add_argument("--lang", default=None, choices=["en", "ko"],
                          help=say("default: LABS_LANG or the locale", "기본값: LABS_LANG 또는 로캘"))
    chapters.add_argument("--markdown", action="store_true", help=say("the README's capability table",
                                                                      "README의 백엔드별 실행 가능 표(영어)"))
    chapters.set_defaults(run=_chapters)
    server = commands.add_parser("server", help=say("run moto's HTTP server on 127.0.0.1 for the AWS CLI and notebooks",
                                                    "AWS CLI와 노트북을 위해 127.0.0.1에서 moto HTTP 서버를 실행합니다"))
    server.add_argument("--port", type=int, default=0, help=say("default: a free port", "기본값: 비어 있는 포트"))
    server.add_argument("--bind", default="127.0.0.1",
                        help=say("the address to listen on; only inside a container, where docker publishes the port "
                                 "on the host's 127.0.0.1, use 0.0.0.0",
                                 "대기할 주소. docker가 포트를 호스트의 127.0.0.1에만 공개하는 컨테이너 안에서만 "
                                 "0.0.0.0을 쓰세요"))
    server.set_defaults(run=_server)
    check = commands.add_parser("check", help=say("run the checks against the emulator you are running",
                                                  "실행 중인 에뮬레이터를 상대로 실습의 점검을 실행합니다"))
    check.add_argument("--chapter", help=say("only this chapter's checks (NN or NN-slug)",
                                             "이 챕터의 점검만(NN 또는 NN-slug)"))
    check.add_argument("--json", action="store_true", help=say("one JSON object per finding",
                                                               "결과마다 JSON 객체 하나"))
    check.set_defaults(run=_check)
    localstack = commands.add_parser("localstack", help=say("start, stop or ask about LocalStack without Docker",
                                                            "Docker 없이 LocalStack을 시작, 중지하거나 상태를 봅니다"))
    localstack.add_argument("action", choices=["start", "stop", "status"])
    localstack.set_defaults(run=_localstack)
    commands.add_parser("doctor", help=say("versions, backend and guard: what to check first",
                                           "버전, 백엔드, 가드: 무언가 이상할 때 먼저 볼 것")).set_defaults(run=_doctor)
    return parser


def main(argv=None) -> int:
    from gettext import gettext

    from labs import language

    spoken = language.from_terminal()
    before = language._current["lang"]
    language.set_current(spoken)
    if spoken == "ko":
        argparse._ = lambda text: ARGPARSE_KO.get(text, gettext(text))
    try:
        parser = _parser(lambda en, ko: ko if spoken == "ko" else en)
        args, unknown = parser.parse_known_args(argv)
        if unknown and args.command != "lab":
            parser.error(ARGPARSE_KO["unrecognized arguments: %s"] % " ".join(unknown) if spoken == "ko"
                         else f"unrecognized arguments: {' '.join(unknown)}")
        if args.command == "lab":
            args.jupyter = unknown
        try:
            return args.run(args)
        except LabError as error:
            print(f"labs: {error}", file=sys.stderr)
            return 2
        except BrokenPipeError:
            # The reader went away (`labs check | head`): nothing more to say, and no traceback.
            _quiet_stdout()
            return 0
    finally:
        argparse._ = gettext
        language.set_current(before)


def _quiet_stdout() -> None:
    """Point stdout at the null device, so Python's final flush at exit finds no closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
