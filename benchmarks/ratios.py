"""The speed issue's three ratios, each measured side by side in one run (benchmarks/run.py prints them first).

    python benchmarks/ratios.py                      # the rows, Prowler's skipped in one line when absent
    python benchmarks/ratios.py --install-prowler    # first installs Prowler in .bench/prowler-venv (minutes)

1. **Cold start against bare moto**: `import labs; labs.start("08")` in a new Python process against
   benchmarks/bare_moto_08.py in a new process (chapter 08's own world in plain moto with plain boto3
   calls, no lab, no earlier chapters), one after the other, A B A B ..., after one warm-up run of
   each. Each figure is the process's wall time measured from outside (interpreter start included);
   the ratio is the median of the pairs' ratios, so a machine slowing down during the run (it is
   shared) moves both sides of a pair. Target: at most 1.5x. Measured twice: a new kernel on a
   machine where the lab already saved that chapter's world (labs/world_cache.py; every kernel but
   the first of a day), and the first start, with an empty LABS_HOME, which builds it.
2. **`labs check` against Prowler**: `labs server` on a free port, seeded with chapter 08's world
   (the earlier chapters' resources included: a small account), then `labs check --json` (every
   check) and Prowler for seven S3 and IAM checks against that same server (AWS_ENDPOINT_URL),
   alternating. Target: labs check at least 50x faster. Prowler is not a dependency of the lab: it
   lives in its own virtual environment, .bench/prowler-venv, made only by --install-prowler.
3. **Memory**: the largest resident memory (RSS) of a kernel after a chapter's solution, from
   benchmarks/capacity.py. Target: at most 300 MB (a 64 GB JupyterHub host for 150 learners).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROWLER_VENV = ROOT / ".bench" / "prowler-venv"
PROWLER_REQUIREMENT = "prowler>=5,<6"
PROWLER_CHECKS = (
    "s3_bucket_public_access",
    "s3_bucket_level_public_access_block",
    "s3_bucket_acl_prohibited",
    "s3_bucket_kms_encryption",
    "s3_bucket_secure_transport_policy",
    "iam_password_policy_minimum_length_14",
    "iam_root_mfa_enabled",
)
"""Seven of the lab's check ids that Prowler has under the same name (the lab runs all of its own)."""
COLD_START = "import labs; labs.start('08')"
TARGET_START_RATIO = 1.5
TARGET_CHECK_RATIO = 50
TARGET_KERNEL_MB = 300


PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "FTP_PROXY", "WS_PROXY", "WSS_PROXY")


def environment(**extra) -> dict:
    """A learner's environment: Python writes its bytecode caches, as it does outside this workplace.
    Nothing of the machine's AWS configuration reaches the commands (Prowler is not the lab and has no
    guard): no AWS_* variable, no proxy, no ~/.aws files and no instance metadata; what a command needs
    (the server's address, fake keys) comes in `extra`."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "LABS_BACKEND", "LABS_SERVER_URL")
           and not k.upper().startswith("AWS_") and k.upper() not in PROXY_VARIABLES}
    env.update(LABS_LANG="en", AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
               AWS_EC2_METADATA_DISABLED="true", **extra)
    return env


def wall(command: list[str], env: dict, timeout: float = 600) -> float:
    """Seconds from starting the process to its end; a failing command stops the benchmark."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return took


def interleaved(a, b, runs: int, warmup: int = 1) -> tuple[list[float], list[float]]:
    """`a()` and `b()` one after the other, `runs` times each after `warmup` uncounted pairs."""
    first, second = [], []
    for index in range(warmup + runs):
        took_a, took_b = a(), b()
        if index >= warmup:
            first.append(took_a)
            second.append(took_b)
    return first, second


def pair_ratio(a: list[float], b: list[float]) -> float:
    return statistics.median(x / y for x, y in zip(a, b, strict=True))


# --- 1. cold start against bare moto --------------------------------------------------------------

def start_rows(runs: int) -> list[str]:
    python = sys.executable
    bare = [python, str(ROOT / "benchmarks" / "bare_moto_08.py")]
    saved_home = tempfile.mkdtemp(prefix="labs-bench-home-")
    try:
        # A new kernel on a machine where the world is saved: the warm-up run saves it.
        labs_saved, bare_times = interleaved(
            lambda: wall([python, "-c", COLD_START], environment(LABS_HOME=saved_home)),
            lambda: wall(bare, environment()), runs)

        def first_start():
            home = tempfile.mkdtemp(prefix="labs-bench-home-")
            try:
                return wall([python, "-c", COLD_START], environment(LABS_HOME=home))
            finally:
                shutil.rmtree(home, ignore_errors=True)

        labs_first, bare_again = interleaved(first_start, lambda: wall(bare, environment()), runs, warmup=0)
    finally:
        shutil.rmtree(saved_home, ignore_errors=True)
    rows = []
    for label, labs_times, bare_side in (
        ("new kernel, the chapter's world saved on this machine", labs_saved, bare_times),
        ("first start on this machine (builds and saves the world)", labs_first, bare_again),
    ):
        ratio = pair_ratio(labs_times, bare_side)
        verdict = "✅" if ratio <= TARGET_START_RATIO else "❌"
        rows.append(f"| `import labs; labs.start('08')` vs bare moto (chapter 08's own world, `benchmarks/bare_moto_08.py`), "
                    f"new processes, {label} | {statistics.median(labs_times):.2f} s vs {statistics.median(bare_side):.2f} s: "
                    f"**{ratio:.1f}x** | ≤ {TARGET_START_RATIO:g}x {verdict} | median of {len(labs_times)} interleaved pairs |")
    return rows


# --- 2. labs check against Prowler ----------------------------------------------------------------

def prowler_command() -> Path | None:
    path = PROWLER_VENV / "bin" / "prowler"
    return path if path.exists() else None


def install_prowler() -> Path:
    if prowler_command() is None:
        print(f"installing {PROWLER_REQUIREMENT} into {PROWLER_VENV.relative_to(ROOT)} (a few minutes)", file=sys.stderr)
        PROWLER_VENV.parent.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(PROWLER_VENV)], check=True)
        subprocess.run([str(PROWLER_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", PROWLER_REQUIREMENT],
                       check=True)
    return prowler_command()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SeededServer:
    """`labs server` in a process of its own, holding chapter 08's world."""

    def __enter__(self):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([sys.executable, "-m", "labs.cli", "server", "--port", str(self.port)],
                                        env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        wall([sys.executable, "-c", COLD_START],
             environment(LABS_BACKEND="moto-server", LABS_SERVER_URL=self.url, LABS_WORLD_CACHE="0",
                         LABS_HOME=tempfile.mkdtemp(prefix="labs-bench-home-")))
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def check_rows(runs: int, prowler_runs: int) -> list[str]:
    labs_command = [sys.executable, "-m", "labs.cli", "check", "--json"]
    prowler = prowler_command()
    with SeededServer() as server:
        endpoint = environment(AWS_ENDPOINT_URL=server.url, AWS_ACCESS_KEY_ID="testing",
                               AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="ap-northeast-2")
        if prowler is None:
            labs_times = [wall(labs_command, endpoint) for _ in range(runs + 1)][1:]
            return [f"| `labs check --json` (every check) against `labs server` holding chapter 08's account | "
                    f"{statistics.median(labs_times):.2f} s | Prowler ≥ {TARGET_CHECK_RATIO}x slower | Prowler is not "
                    "installed: `python benchmarks/ratios.py --install-prowler` adds it in .bench/ |"]
        output = tempfile.mkdtemp(prefix="labs-bench-prowler-")
        prowler_command_line = [str(prowler), "aws", "--region", "ap-northeast-2", "--checks", *PROWLER_CHECKS,
                                "--output-formats", "json-ocsf", "--output-directory", output, "--no-banner",
                                "--ignore-exit-code-3"]
        prowler_env = {**endpoint, "HOME": output}
        labs_times, prowler_times = [], []
        try:
            # Prowler takes half a minute a run: the lab's command runs `runs` times around each of Prowler's.
            for index in range(prowler_runs + 1):
                labs_here = [wall(labs_command, endpoint) for _ in range(max(1, runs // prowler_runs))]
                prowler_here = wall(prowler_command_line, prowler_env, timeout=900)
                if index:
                    labs_times.extend(labs_here)
                    prowler_times.append(prowler_here)
        finally:
            shutil.rmtree(output, ignore_errors=True)
    ratio = statistics.median(prowler_times) / statistics.median(labs_times)
    verdict = "✅" if ratio >= TARGET_CHECK_RATIO else "❌"
    version = subprocess.run([str(prowler), "--version"], capture_output=True, text=True).stdout.strip().split()
    return [f"| `labs check --json` (every check) vs Prowler {version[-1] if version else ''} ({len(PROWLER_CHECKS)} checks), "
            f"the same `labs server` holding chapter 08's account, new processes | {statistics.median(labs_times):.2f} s vs "
            f"{statistics.median(prowler_times):.1f} s: **{ratio:.0f}x** | ≥ {TARGET_CHECK_RATIO}x {verdict} | "
            f"medians, {len(labs_times)} and {len(prowler_times)} runs, alternating |"]


# --- 3. memory ------------------------------------------------------------------------------------

def memory_rows(measured: dict) -> list[str]:
    chapters = measured["chapters"]
    rows = []
    for field, label in (("rss_mb", "the day's first kernel on a machine, which builds the chapter's world"),
                         ("restored_rss_mb", "every later kernel, which restores the world saved on disk")):
        if not all(field in c for c in chapters):
            continue
        largest = max(chapters, key=lambda c: c[field])
        verdict = "✅" if largest[field] <= TARGET_KERNEL_MB else "❌"
        over = [f"{c['chapter'][:2]} {c[field]:.0f}" for c in chapters if c[field] > TARGET_KERNEL_MB]
        detail = f"over the target: {', '.join(over)} MB" if over else f"every chapter at most {largest[field]:.0f} MB"
        rows.append(f"| a kernel's memory (RSS) after a chapter's solution, largest (`{largest['chapter']}`), {label} "
                    f"(`benchmarks/capacity.py`, {measured['measured']}) | {largest[field]:.0f} MB | "
                    f"≤ {TARGET_KERNEL_MB} MB {verdict} | {detail} |")
    return rows


def rows(runs: int, measured: dict, prowler_runs: int = 3) -> list[str]:
    return start_rows(runs) + check_rows(runs, prowler_runs) + memory_rows(measured)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--prowler-runs", type=int, default=3)
    parser.add_argument("--install-prowler", action="store_true",
                        help=f"install {PROWLER_REQUIREMENT} into .bench/prowler-venv first")
    args = parser.parse_args()
    if args.install_prowler:
        install_prowler()
    import json

    measured = json.loads((ROOT / "benchmarks" / "capacity.json").read_text(encoding="utf-8"))
    print("\n".join(rows(args.runs, measured, args.prowler_runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
