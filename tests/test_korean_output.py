"""A Korean learner sees Korean everywhere the lab speaks: each chapter run end to end in Korean (tables,
grades, messages, diagrams, print labels), the charts, and every `labs` command in a terminal whose
LABS_LANG (or locale) is Korean. What may stay English is named in tests/korean_output.py: identifiers,
AWS's names and values. No template particle (은(는), (으)로) survives either.

Each notebook of solutions/ is one case, so a new chapter is held the day it lands."""

import os
import re
import signal
import subprocess
import sys

import pytest

from labs.backends import free_loopback_port
from tests import korean_output
from tests.korean_text import ROOT, notebooks

TEMPLATE = re.compile(r"은\(는\)|이\(가\)|을\(를\)|\(으\)로|과\(와\)")
# A Korean terminal, as the learner's: no LABS_LANG of the tests' own (conftest.py sets en).
KOREAN = {**{k: v for k, v in os.environ.items() if k != "LABS_EXPECT"}, "LABS_LANG": "ko"}
LOCALE_ONLY = {**{k: v for k, v in os.environ.items() if k not in ("LABS_LANG", "LC_ALL", "LC_MESSAGES", "LABS_EXPECT")},
               "LANG": "ko_KR.UTF-8"}


def _english(shown) -> list[str]:
    problems = []
    for where, text in shown:
        words = korean_output.english_words(text)
        if words:
            problems.append(f"{where}: {sorted(set(words))} in …{text.strip()[:300]}…")
        if TEMPLATE.search(text):
            problems.append(f"{where}: a template particle in …{text.strip()[:300]}…")
    return problems


@pytest.mark.parametrize("path", notebooks(), ids=lambda path: path.stem)
def test_a_chapter_run_in_korean_shows_korean(path):
    notebook = korean_output.run(korean_output.solved_korean(path))
    assert _english(korean_output.shown_text(notebook)) == []


def test_the_test_sees_english_and_lets_names_through():
    assert korean_output.english_words("버킷 policy is attached") == ["policy", "is", "attached"]
    assert korean_output.english_words("추적 community-app-trail은 s3:GetObject를 CloudTrail로 보냅니다") == []
    assert korean_output.english_words("lab.check()와 `labs progress`, 'required' 값, EventName, SSH") == []
    assert korean_output.english_words("서브도메인 탈취(dangling DNS)") == []
    assert korean_output.english_words("직접 연결된 정책이 없습니다(그룹: billing-readers).") == []
    assert korean_output.english_words("정책이 없습니다(그룹: readers).") == ["readers"]
    assert korean_output.html_text("<table><thead><tr><th>status</th></tr></thead><tbody><tr><td>FAIL</td></tr>"
                                   "</tbody></table>").strip() == ""
    assert "실패" in korean_output.html_text("<table><thead><tr><th>상태</th></tr></thead><tbody><tr><td>실패</td></tr>"
                                           "</tbody></table>")
    assert korean_output.mermaid_labels('flowchart LR\n  internet(("인터넷")) -- "HTTP 80: HTTPS로 리디렉션" --> alb') \
        == "인터넷 HTTP 80: HTTPS로 리디렉션"


def test_the_charts_speak_korean():
    import matplotlib

    matplotlib.use("Agg")
    from labs.costs import anomalies, charts, forecast, generator, loaders

    daily = loaders.from_cost_explorer(generator.get_cost_and_usage_response())
    texts = []
    for axes in (charts.daily_by_service(daily, anomalies.detect(daily), monthly_budget=100, lang="ko"),
                 charts.month_to_date(daily, forecast.month_end(daily, generator.LAB_TODAY), monthly_budget=100,
                                      lang="ko")):
        legend = axes.get_legend()
        texts += [axes.get_title(), axes.get_ylabel(), axes.get_xlabel()]
        texts += [text.get_text() for text in (legend.get_texts() if legend else [])]
    assert [t for t in texts if korean_output.english_words(t)] == []


def _labs(*arguments, environment=KOREAN, timeout=120):
    return subprocess.run([sys.executable, "-m", "labs.cli", *arguments], env=environment, capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


@pytest.mark.parametrize("arguments", [
    ("--help",), ("progress",), ("chapters",), ("check",), ("check", "--chapter", "99"), ("localstack", "status"),
    ("server", "--port", "70000"), ("notebooks", "--solutions", "/nonexistent"), ("doctor",), ("check", "--help"),
])
def test_every_labs_command_speaks_korean(arguments):
    out = _labs(*arguments)
    shown = [("stdout", out.stdout), ("stderr", out.stderr)]
    assert _english(shown) == [], (arguments, out.stdout[-500:], out.stderr[-500:])
    assert re.search(r"[\uac00-\ud7a3]", out.stdout + out.stderr), arguments


def test_the_locale_alone_makes_the_command_korean():
    out = _labs("chapters", environment=LOCALE_ONLY)
    assert "클라우드 보안의 이해" in out.stdout and "Cloud security basics" not in out.stdout


def test_labs_server_and_labs_check_against_it_speak_korean(tmp_path):
    port = free_loopback_port()
    server = subprocess.Popen([sys.executable, "-m", "labs.cli", "server", "--port", str(port)], env=KOREAN,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        banner = [server.stdout.readline() for _ in range(8)]
        url = f"http://127.0.0.1:{port}"
        checked = _labs("check", "--chapter", "08", environment={
            **KOREAN, "AWS_ENDPOINT_URL": url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "ap-northeast-2"})
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=10)
    assert url in banner[0]
    # The banner's indented lines are commands to copy into the terminal: code, not prose.
    prose = "".join(line for line in banner if not re.match(r"\s{2}(export|aws|make|labs) ", line))
    assert _english([("server", prose), ("check", checked.stdout), ("check stderr", checked.stderr)]) == []
    assert "상태" in checked.stdout.splitlines()[0]


def test_the_lab_and_its_tables_introduce_themselves_in_korean(monkeypatch):
    import labs

    monkeypatch.delenv("LABS_EXPECT", raising=False)
    lab = labs.start("00", lang="ko")
    try:
        assert repr(lab).startswith("<실습 00-welcome · 백엔드 ")
        for frame in (lab.check(), lab.checks(), lab.progress()):
            html = frame._repr_html_()
            headers = re.findall(r"<th[^>]*>([^<]*)</th>", html)
            assert [h for h in headers if korean_output.english_words(h) and h not in ("CIS v5", "FSBP")] == [], headers
    finally:
        labs.language.set_current(None)
