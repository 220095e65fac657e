"""Measure the lab's speed on this machine and print a Markdown table (the README shows the latest).

    python benchmarks/run.py            # everything, including a full `make test` (minutes)
    python benchmarks/run.py --quick    # without `make test`
    python benchmarks/run.py --write    # ... and rewrite the README's Speed table (what `make bench` does)
    python benchmarks/run.py --install-prowler   # first install Prowler in .bench/ for the comparison

The speed issue's three ratios come first, each measured side by side in this one run
(benchmarks/ratios.py): a new process's `labs.start("08")` against the same chapter's own world in
bare moto, `labs check` against Prowler on the same emulator, and a kernel's memory after each
chapter (benchmarks/capacity.py, which this run measures and writes as `make capacity` does).

Targets come from the foundation issue: start under 1.5 s, check under 0.3 s, a chapter notebook
under 15 s, `make test` under 5 minutes; and from chapter 03's: recording adds under 10 % to a
200-call scenario, the CloudTrail loader reads at least 50,000 records a second (benchmarks/cloudtrail.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BEGIN, END = "<!-- speed: make bench -->", "<!-- end speed -->"
sys.path.insert(0, str(Path(__file__).resolve().parent))
COLD_START = (
    "import time; t = time.perf_counter(); import labs; labs.start('08-s3'); "
    "print(time.perf_counter() - t)"
)


def cold_start(runs: int) -> list[float]:
    """A new Python process each time: importing the lab and moto, then starting chapter 08 (from the
    world an uncounted first run saved on disk, as every kernel but the day's first does)."""
    from ratios import environment

    home = tempfile.mkdtemp(prefix="labs-bench-home-")
    times = []
    for _ in range(runs + 1):
        out = subprocess.run([sys.executable, "-c", COLD_START], capture_output=True, text=True, check=True,
                             env=environment(LABS_HOME=home))
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times[1:]


def warm_start_and_check(runs: int, backend: str, chapter: str = "08-s3") -> tuple[list[float], list[float]]:
    import labs

    labs.start(chapter, backend=backend)
    starts, checks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        lab = labs.start(chapter, backend=backend)
        starts.append(time.perf_counter() - started)
        started = time.perf_counter()
        lab.check()
        checks.append(time.perf_counter() - started)
    return starts, checks


def notebook(path: Path, backend: str) -> float:
    """One solution notebook end to end in a new kernel, as the tests run it."""
    import nbclient
    import nbformat

    env = {"LABS_EXPECT": "done", "LABS_BACKEND": backend, "MPLBACKEND": "Agg",
           "LABS_HOME": tempfile.mkdtemp(prefix="labs-bench-")}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        nb = nbformat.read(path, as_version=4)
        started = time.perf_counter()
        nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}}).execute()
        return time.perf_counter() - started
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def make_test() -> float:
    started = time.perf_counter()
    subprocess.run(["make", "test"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def row(what: str, seconds: float, target: float | None, detail: str = "") -> str:
    verdict = "" if target is None else ("✅" if seconds < target else "❌")
    target_text = f"< {target:g} s" if target is not None else ""
    return f"| {what} | {seconds:.2f} s | {target_text} {verdict} | {detail} |"


def main() -> int:
    import capacity
    import ratios

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the full `make test`")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true",
                        help="rewrite the README's Speed table, and the sizing tables and deploy/ limits")
    parser.add_argument("--memory-from-json", action="store_true",
                        help="the memory row from benchmarks/capacity.json instead of measuring every chapter")
    parser.add_argument("--install-prowler", action="store_true",
                        help=f"install {ratios.PROWLER_REQUIREMENT} into .bench/prowler-venv first")
    args = parser.parse_args()
    if args.install_prowler:
        ratios.install_prowler()

    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.machine()}; medians of {args.runs} runs.",
        "",
        "| what | measured | target | |",
        "|---|---|---|---|",
    ]
    if args.memory_from_json:
        measured = json.loads(capacity.MEASURED.read_text(encoding="utf-8"))
    else:
        measured = capacity.measure()
        capacity.MEASURED.write_text(json.dumps(measured, indent=2) + "\n", encoding="utf-8")
        if args.write:
            capacity.write(measured)
    lines.extend(ratios.rows(args.runs, measured))
    cold = cold_start(args.runs)
    lines.append(row("`import labs` + `labs.start('08-s3')`, new process (cold, the world saved on disk)",
                     statistics.median(cold), 1.5, f"min {min(cold):.2f} s"))
    for backend in ("moto", "moto-server"):
        starts, checks = warm_start_and_check(args.runs, backend)
        lines.append(row(f"`labs.start('08-s3')` again (warm), {backend}", statistics.median(starts), 1.5))
        lines.append(row(f"`lab.check()`, chapter 08 (6 checks), {backend}", statistics.median(checks), 0.3))
    for chapter in ("03-cloudtrail",):
        labs_start_warm = warm_start_and_check(args.runs, "moto", chapter)[0]
        lines.append(row(f"`labs.start('{chapter}')` again (warm), moto", statistics.median(labs_start_warm), 1.5))
    from cloudtrail import rows as cloudtrail_rows

    lines.extend(cloudtrail_rows(args.runs))
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        for backend in ("moto", "moto-server"):
            lines.append(row(f"`solutions/{path.name}` end to end, new kernel, {backend}", notebook(path, backend), 15))
    if not args.quick:
        lines.append(row("`make test` (venv already installed)", make_test(), 300))
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_readme(table)
    return 0


def write_readme(table: str) -> None:
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"README.md has no {BEGIN} ... {END} block to rewrite")
    head, rest = text.split(BEGIN, 1)
    README.write_text(f"{head}{BEGIN}\n{table}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
