"""The test suite itself: it leaves nothing behind, and no test asserts how long something took.

A busy machine (two cores shared by several people) makes every duration longer, so an assert on
elapsed time fails there while nothing is wrong; speed is measured in benchmarks/ instead. What stays
allowed is a hang guard: a deadline far beyond what the work needs, after which a test stops waiting
(`pytest.fail`, `timeout=`), never an assert comparing a duration with a target.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCKS = {"monotonic", "perf_counter", "time", "process_time", "monotonic_ns", "perf_counter_ns", "time_ns"}
DURATION_WORDS = ("seconds", "elapsed", "duration", "took")


def _reads_a_clock(node, clock_names) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and child.func.attr in CLOCKS \
                and isinstance(child.func.value, ast.Name) and child.func.value.id == "time":
            return True
        if isinstance(child, ast.Name) and child.id in clock_names:
            return True
        name = child.attr if isinstance(child, ast.Attribute) else child.id if isinstance(child, ast.Name) else ""
        if any(word in name.lower() for word in DURATION_WORDS) and not name.lower().endswith("_days"):
            return True
    return False


def wall_clock_asserts(source: str) -> list[int]:
    """Line numbers of asserts that compare (<, <=, >, >=) something read from a clock, or named as a duration."""
    tree = ast.parse(source)
    found = []
    for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        clock_names = {target.id for node in ast.walk(function) if isinstance(node, ast.Assign)
                       and _reads_a_clock(node.value, set()) for target in node.targets if isinstance(target, ast.Name)}
        for node in ast.walk(function):
            if not isinstance(node, ast.Assert):
                continue
            for compare in [c for c in ast.walk(node.test) if isinstance(c, ast.Compare)]:
                if any(isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) for op in compare.ops) and \
                        any(_reads_a_clock(side, clock_names) for side in [compare.left, *compare.comparators]):
                    found.append(node.lineno)
    return sorted(set(found))


def test_the_wall_clock_detector_finds_what_it_must():
    assert wall_clock_asserts("def t():\n    lab = start()\n    assert lab.started_in_seconds < 3\n") == [3]
    assert wall_clock_asserts("def t():\n    s = time.monotonic()\n    go()\n    assert time.monotonic() - s < 10\n") == [4]
    assert wall_clock_asserts("def t():\n    took = time.perf_counter() - s\n    assert took <= 2\n") == [3]
    assert wall_clock_asserts("def t():\n    assert sign_in(totp.at(time.time() + 30))['MFAUsed']\n") == []
    assert wall_clock_asserts("def t():\n    assert top['duration_days'] == 31 and n > 3\n") == []


def test_no_test_asserts_how_long_something_took():
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")) + [ROOT / "conftest.py"]:
        for line in wall_clock_asserts(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == [], "measure durations in benchmarks/ instead of asserting them: " + ", ".join(offenders)


def test_a_test_run_leaves_no_folder_in_the_temporary_directory(tmp_path):
    """The run's LABS_HOME (labs-test-home-*) is removed when the run ends, on every xdist worker too."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {**os.environ, "TMPDIR": str(temporary), "TEMP": str(temporary), "TMP": str(temporary)}
    run = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "-q",
                          "tests/test_environment.py", "tests/test_grading_and_progress.py::test_done_stays_done_once_earned"],
                         cwd=ROOT, env=environment, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert sorted(path.name for path in temporary.iterdir() if path.name.startswith("labs-test-home-")) == []


def test_the_benchmarks_give_their_commands_none_of_the_machines_aws_configuration(monkeypatch):
    """benchmarks/ratios.py runs Prowler, which has no guard: the machine's keys, profile, config
    files and proxies never reach it, only the server's address and fake keys."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("ratios", ROOT / "benchmarks" / "ratios.py")
    ratios = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ratios)
    for name, value in {"AWS_ACCESS_KEY_ID": "AKIA" + "Q3EGRTHYQW5WXNZ7", "AWS_SECRET_ACCESS_KEY": "x" * 40,
                        "AWS_SESSION_TOKEN": "token", "AWS_PROFILE": "prod", "aws_ca_bundle": "/x",
                        "HTTPS_PROXY": "http://proxy.example:3128", "AWS_ENDPOINT_URL": "https://example.com"}.items():
        monkeypatch.setenv(name, value)
    env = ratios.environment(AWS_ENDPOINT_URL="http://127.0.0.1:5000", AWS_ACCESS_KEY_ID="testing")
    aws = {k: v for k, v in env.items() if k.upper().startswith("AWS_") or k.upper().endswith("_PROXY")}
    assert aws == {"AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_ACCESS_KEY_ID": "testing",
                   "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                   "AWS_EC2_METADATA_DISABLED": "true"}
