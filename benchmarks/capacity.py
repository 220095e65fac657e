"""How many learners a host holds: memory per learner kernel after each chapter, CPU seconds per
chapter, and the single-user server's own memory, measured on this machine.

    python benchmarks/capacity.py            # measure (a few minutes), write benchmarks/capacity.json
    python benchmarks/capacity.py --write    # ... and rewrite the sizing table in README.md and
                                             # README.ko.md and the memory limits in deploy/
    python benchmarks/capacity.py --from-json --write   # rewrite them from the committed measurement

Each chapter's solution (its English cells) runs in a new kernel, as JupyterLab gives each
notebook its own kernel; after its last cell the kernel's resident memory (VmRSS), its peak
(VmHWM) and its CPU seconds (user + system) are read from /proc (Linux). Twice: in a kernel that
builds the chapter's world (the day's first on a machine) and in one that restores the world the
first saved (every later kernel; `restored_rss_mb`). The learner's server is
JupyterLab's server, measured after it has served the JupyterLab page.

Sizing (`sizing()`): a learner has their server and one chapter's kernel open (the facilitator
guide asks learners to shut down the previous chapter's kernel); the memory limit allows a second
kernel at its peak; a host keeps SYSTEM_RESERVE_MB for the system, the hub, its proxy and the
class view. tests/test_deploy.py checks that README, README.ko and deploy/ hold what this computes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASURED = Path(__file__).resolve().parent / "capacity.json"
SYSTEM_RESERVE_MB = 2048
"""Kept for the operating system, JupyterHub, its proxy and the class view on a host (a policy, not a measurement)."""
KERNELS_IN_LIMIT = 2
"""The memory limit lets a learner keep two chapters' kernels open at their peak before the kernel is killed."""
HOSTS_GB = (16, 64)
CHAPTER_MINUTES = 45
"""The facilitator guide's typical time for one chapter."""

TLJH_CONFIG = ROOT / "deploy" / "tljh" / "jupyterhub_config.d" / "aws-security-101-lab.py"
Z2JH_VALUES = ROOT / "deploy" / "z2jh" / "values.yaml"
READMES = {"en": ROOT / "README.md", "ko": ROOT / "README.ko.md"}
BEGIN, END = "<!-- sizing: benchmarks/capacity.py --write -->", "<!-- end sizing -->"


def _proc(pid: int) -> dict:
    status = Path(f"/proc/{pid}/status").read_text()
    fields = {k: int(v.split()[0]) for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(.*)$", status, re.M)}
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return {"rss_mb": fields["VmRSS"] / 1024, "peak_mb": fields["VmHWM"] / 1024,
            "cpu_s": (int(stat[11]) + int(stat[12])) / ticks}


def english_solution(path: Path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if "ko" not in c.get("metadata", {}).get("tags", [])]
    return nb


def measure_chapter(path: Path, home: str | None = None) -> dict:
    """One chapter's solution in a new kernel; the kernel's memory and CPU after its last cell.
    `home` is its LABS_HOME: a new, empty one by default (the chapter's world is built)."""
    import nbclient
    from jupyter_client.manager import KernelManager

    home = home or tempfile.mkdtemp(prefix="labs-capacity-")
    nb = english_solution(path)
    km = KernelManager(kernel_name="python3")
    client = nbclient.NotebookClient(nb, km=km, timeout=300, resources={"metadata": {"path": str(path.parent)}})
    saved = {k: os.environ.get(k) for k in ("LABS_HOME", "MPLBACKEND", "LABS_EXPECT")}
    os.environ.update(LABS_HOME=home, MPLBACKEND="Agg", LABS_EXPECT="done")
    try:
        with client.setup_kernel():
            pid = km.provisioner.process.pid
            started = _proc(pid)
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            after = _proc(pid)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return {"chapter": path.stem, "kernel_start_mb": round(started["rss_mb"], 1), "rss_mb": round(after["rss_mb"], 1),
            "peak_mb": round(after["peak_mb"], 1), "cpu_s": round(after["cpu_s"] - started["cpu_s"], 2)}


def measure_server() -> float:
    """JupyterLab's server (what jupyterhub-singleuser runs) after serving the JupyterLab page, in MB."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = os.urandom(8).hex()
    with tempfile.TemporaryDirectory() as home:
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={home}"]
            + (["--allow-root"] if os.geteuid() == 0 else []),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": home})
        try:
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=5).read()
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                raise RuntimeError("JupyterLab's server did not answer in 60 s")
            return round(_proc(server.pid)["rss_mb"], 1)
        finally:
            server.terminate()
            server.wait(timeout=30)


def measure() -> dict:
    chapters = []
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        # The day's first kernel builds the chapter's world and saves it (labs/world_cache.py); every
        # later kernel restores it. The sizing uses the first, the larger.
        home = tempfile.mkdtemp(prefix="labs-capacity-")
        built = measure_chapter(path, home)
        restored = measure_chapter(path, home)
        chapters.append({**built, "restored_rss_mb": restored["rss_mb"], "restored_cpu_s": restored["cpu_s"]})
    return {
        "measured": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}",
        "server_mb": measure_server(),
        "chapters": chapters,
    }


def _round_up(mb: float, step: int) -> int:
    return int(math.ceil(mb / step) * step)


def sizing(measured: dict) -> dict:
    """Per-learner memory, the hub's limits and learners per host, from a measurement."""
    chapters = measured["chapters"]
    kernel_after = max(c["rss_mb"] for c in chapters)
    kernel_peak = max(c["peak_mb"] for c in chapters)
    server = measured["server_mb"]
    per_learner = server + kernel_after
    limit = _round_up(server + KERNELS_IN_LIMIT * kernel_peak, 128)
    guarantee = _round_up(per_learner, 64)
    cpu = max(c["cpu_s"] for c in chapters)
    hosts = {}
    for gb in HOSTS_GB:
        learners = int((gb * 1024 - SYSTEM_RESERVE_MB) // guarantee)
        # every learner running the chapter's whole code within the same minute, at worst
        hosts[gb] = {"learners": learners, "cores_same_minute": math.ceil(learners * cpu / 60),
                     "cores_over_chapter": max(1, math.ceil(learners * cpu / (CHAPTER_MINUTES * 60)))}
    return {"kernel_after_mb": kernel_after, "kernel_peak_mb": kernel_peak, "server_mb": server,
            "per_learner_mb": per_learner, "limit_mb": limit, "guarantee_mb": guarantee,
            "cpu_s_max": cpu, "hosts": hosts}


TEXT = {
    "en": {
        "head": "| chapter | kernel after the chapter (RSS) | kernel peak | CPU seconds |",
        "intro": "Measured {measured} with `benchmarks/capacity.py` ({machine}): each chapter's solution in a new "
                 "kernel. JupyterLab's server itself: {server:.0f} MB.",
        "rules": "A learner needs their server and the chapter's kernel: **{per:.0f} MB**. The hub guarantees "
                 "{guarantee} MB and limits each learner to {limit} MB (two kernels at their peak), in "
                 "`deploy/tljh/` and `deploy/z2jh/values.yaml`; {reserve} MB of a host is kept for the system, "
                 "the hub and the class view.",
        "hosts": "| host | learners | cores if the whole room runs a chapter in the same minute "
                 "| cores over a {minutes}-minute chapter |",
        "host_row": "| {gb} GB | {learners} | {same} | {over} |",
        "move": "Move to Zero to JupyterHub (`deploy/z2jh/`) when the room is larger than one {gb} GB host "
                "holds ({learners} learners), or when the workshop must survive the loss of one machine.",
    },
    "ko": {
        "head": "| 챕터 | 챕터 실행 후 커널 메모리(RSS) | 커널 최대 메모리 | CPU 시간(초) |",
        "intro": "{measured}에 `benchmarks/capacity.py`로 측정했습니다({machine}). 챕터마다 새 커널에서 풀이 "
                 "노트북을 실행했습니다. JupyterLab 서버 자체: {server:.0f} MB.",
        "rules": "학습자 한 명에게는 자기 서버와 챕터 커널 하나가 필요합니다: **{per:.0f} MB**. 허브는 학습자마다 "
                 "{guarantee} MB를 보장하고 {limit} MB(최대치의 커널 두 개)로 제한합니다(`deploy/tljh/`, "
                 "`deploy/z2jh/values.yaml`). 호스트의 {reserve} MB는 운영 체제, 허브, 수업 현황판 몫으로 남깁니다.",
        "hosts": "| 호스트 | 학습자 수 | 전원이 같은 1분 안에 챕터를 실행할 때 필요한 코어 | {minutes}분 챕터 동안 필요한 코어 |",
        "host_row": "| {gb} GB | {learners} | {same} | {over} |",
        "move": "한 대의 {gb} GB 호스트가 감당하는 인원({learners}명)보다 많거나, 서버 한 대가 멈춰도 워크숍이 "
                "계속되어야 하면 Zero to JupyterHub(`deploy/z2jh/`)로 옮기세요.",
    },
}


def sizing_markdown(measured: dict, lang: str) -> str:
    t, s = TEXT[lang], sizing(measured)
    machine = measured["machine"] if lang == "en" else re.sub(r"(\d+) cores", r"코어 \1개", measured["machine"])
    lines = [t["intro"].format(measured=measured["measured"], machine=machine, server=measured["server_mb"]),
             "", t["head"], "|---|---|---|---|"]
    lines += [f"| `{c['chapter']}` | {c['rss_mb']:.0f} MB | {c['peak_mb']:.0f} MB | {c['cpu_s']:.1f} |"
              for c in measured["chapters"]]
    lines += ["", t["rules"].format(per=s["per_learner_mb"], guarantee=s["guarantee_mb"], limit=s["limit_mb"],
                                    reserve=SYSTEM_RESERVE_MB),
              "", t["hosts"].format(minutes=CHAPTER_MINUTES), "|---|---|---|---|"]
    lines += [t["host_row"].format(gb=gb, learners=h["learners"], same=h["cores_same_minute"], over=h["cores_over_chapter"])
              for gb, h in s["hosts"].items()]
    biggest = max(s["hosts"])
    lines += ["", t["move"].format(gb=biggest, learners=s["hosts"][biggest]["learners"])]
    return "\n".join(lines)


def limits_block(measured: dict, comment: str = "#") -> list[str]:
    s = sizing(measured)
    return [f"{comment} measured: benchmarks/capacity.py --write rewrites these two lines from benchmarks/capacity.json",
            f"MEMORY_LIMIT = \"{s['limit_mb']}M\"", f"MEMORY_GUARANTEE = \"{s['guarantee_mb']}M\""]


def _replace_between(text: str, begin: str, end: str, new: str, where: Path) -> str:
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{where} has no {begin!r} ... {end!r} block to rewrite")
    return pattern.sub(lambda _: f"{begin}\n{new}\n{end}", text)


def expected_tljh_lines(measured: dict) -> tuple[str, str]:
    s = sizing(measured)
    return f"MEMORY_LIMIT = \"{s['limit_mb']}M\"", f"MEMORY_GUARANTEE = \"{s['guarantee_mb']}M\""


def expected_z2jh_memory(measured: dict) -> dict:
    s = sizing(measured)
    return {"limit": f"{s['limit_mb']}M", "guarantee": f"{s['guarantee_mb']}M"}


def write(measured: dict) -> None:
    for lang, path in READMES.items():
        path.write_text(_replace_between(path.read_text(encoding="utf-8"), BEGIN, END,
                                         sizing_markdown(measured, lang), path), encoding="utf-8")
    limit, guarantee = expected_tljh_lines(measured)
    text = TLJH_CONFIG.read_text(encoding="utf-8")
    text = re.sub(r'^MEMORY_LIMIT = ".*"$', limit, text, flags=re.M)
    text = re.sub(r'^MEMORY_GUARANTEE = ".*"$', guarantee, text, flags=re.M)
    TLJH_CONFIG.write_text(text, encoding="utf-8")
    memory = expected_z2jh_memory(measured)
    values = Z2JH_VALUES.read_text(encoding="utf-8")
    values = re.sub(r"^(    limit: ).*(  # measured.*)$", rf"\g<1>{memory['limit']}\2", values, flags=re.M)
    values = re.sub(r"^(    guarantee: ).*(  # measured.*)$", rf"\g<1>{memory['guarantee']}\2", values, flags=re.M)
    Z2JH_VALUES.write_text(values, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite README.md, README.ko.md and deploy/ from the figures")
    parser.add_argument("--from-json", action="store_true", help="use benchmarks/capacity.json instead of measuring")
    args = parser.parse_args()
    if args.from_json:
        measured = json.loads(MEASURED.read_text(encoding="utf-8"))
    else:
        measured = measure()
        MEASURED.write_text(json.dumps(measured, indent=2) + "\n", encoding="utf-8")
    print(sizing_markdown(measured, "en"))
    if args.write:
        write(measured)
    return 0


if __name__ == "__main__":
    sys.exit(main())
