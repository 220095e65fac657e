"""The capstone's report for the manager, generated from the account as it is now (chapter 11).

    from labs.report import Report
    report = Report(lab)              # a chapter 11 lab
    report.save("report")             # report/capstone-report-<lang>.html and .md

What it holds, in the learner's language (or the one asked for):

- the session: seed and difficulty, when it started, the time taken, the workshop's deadline;
- the score: what was named before the checks (11.1's first answer), what is fixed (11.2), and whether
  anything was broken on the way (11.3), in the graders' own sentences;
- every planted mistake before and after, with the check that names it and its CIS AWS Foundations
  v5 and AWS FSBP ids; every check of the account now; anything else failing now;
- the architecture v1.0 diagram drawn from the account (labs.diagrams), as SVG in the HTML page
  (labs.diagram_svg: one file that opens offline) and as Mermaid in the Markdown;
- the Prowler commands that run the same check ids on a real account.

No PDF: WeasyPrint, the well-kept HTML-to-PDF library, needs system libraries (Pango) that a
learner's machine may not have; a browser prints the HTML page to PDF (Ctrl+P) as well.
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

from labs import language
from labs.errors import LabError
from labs.korean import josa
from labs.language import both, pick

LAB_ONLY_CHECKS = ("budgets_monthly_cost_budget_configured", "budgets_budget_alerts_have_subscribers")
"""The lab's checks with no Prowler check of the same id (docs/controls.md, the second table)."""

TEXT = {
    "title": both("Security report: the community app's AWS account", "보안 보고서: 커뮤니티 앱의 AWS 계정"),
    "for": both("For Jiyoung, from Sungjin. Generated from account {account} ({region}) on {when}.",
                "지영 팀장님께, 성진 드림. 계정 {account}({region})에서 {when}에 생성했습니다."),
    "session": both("The session", "세션"),
    "seed": both("Seed {seed}, difficulty {difficulty}: {count} planted mistakes, {hidden} of them hidden.",
                 "시드 {seed}, 난이도 {difficulty}: 심어 둔 실수 {count}개, 그중 숨은 것 {hidden}개."),
    "time": both("Started {start}; this report {end}: {taken}.", "시작 {start}, 이 보고서 {end}: {taken}."),
    "deadline": both("The workshop's deadline: {deadline} ({state}).", "워크숍 마감: {deadline}({state})."),
    "in time": both("in time", "마감 전"),
    "late": both("after it", "마감 후"),
    "score": both("The score", "점수"),
    "found": both("Found before the checks (11.1)", "점검 전에 찾음(11.1)"),
    "found none": both("not answered", "답하지 않음"),
    "found score": both("{found} of {total} (first answer, {alarms} false alarms)",
                        "{total}개 중 {found}개(첫 답, 잘못 짚은 것 {alarms}개)"),
    "fixed": both("Fixed for real (11.2)", "제대로 고침(11.2)"),
    "fixed score": both("{fixed} of {total}", "{total}개 중 {fixed}개"),
    "broke": both("Broke nothing (11.3)", "아무것도 망가뜨리지 않음(11.3)"),
    "yes": both("yes", "예"),
    "no": both("no", "아니요"),
    "mistakes": both("Findings before and after", "조치 전후의 점검 결과"),
    "mistake": both("Mistake", "실수"),
    "check": both("Check (Prowler id)", "점검(Prowler ID)"),
    "resource": both("Resource", "리소스"),
    "cis": both("CIS v5", "CIS v5"),
    "fsbp": both("FSBP", "FSBP"),
    "before": both("Before", "조치 전"),
    "after": both("After", "조치 후"),
    "fail": both("FAIL", "FAIL"),
    "hidden fail": both("FAIL (hidden: no check sees it)", "FAIL(숨음: 점검이 보지 못함)"),
    "pass": both("PASS", "PASS"),
    "every check": both("Every check of the account now", "지금 계정의 모든 점검"),
    "counts": both("{checks} checks, {findings} findings: {passed} PASS, {failed} FAIL, {na} N/A.",
                   "점검 {checks}개, 결과 {findings}개: PASS {passed}, FAIL {failed}, N/A {na}."),
    "title col": both("What it asks", "점검 내용"),
    "other": both("Also failing now", "그 밖에 지금 실패하는 것"),
    "other none": both("Nothing else fails.", "그 밖에 실패하는 것은 없습니다."),
    "gap": both("failed on the clean account too, kept on purpose", "깨끗한 계정에서도 실패하며 일부러 남긴 것"),
    "regression": both("passed before the mistakes: broken since", "실수 전에는 통과: 그 뒤에 망가짐"),
    "architecture": both("Architecture v1.0, drawn from the account", "아키텍처 v1.0, 계정에서 그린 그림"),
    "prowler": both("The same checks on a real account (Prowler)", "실제 계정에서 같은 점검 실행하기(Prowler)"),
    "prowler text": both(
        "The lab's checks carry Prowler's check ids, so the same controls run on a real account with Prowler "
        "(read-only credentials are enough). The first command runs the checks of the mistakes in this report, the "
        "second every check of the account. Prowler reads every Region unless told otherwise (-f), which is how "
        "it would find a server in another Region.",
        "실습 환경의 점검은 Prowler의 점검 ID를 쓰므로, 같은 통제를 실제 계정에서 Prowler로 실행할 수 있습니다"
        "(읽기 전용 자격 증명이면 충분합니다). 첫 명령은 이 보고서의 실수에 해당하는 점검을, 두 번째 명령은 계정의 모든 "
        "점검을 실행합니다. Prowler는 따로 지정하지 않으면(-f) 모든 리전을 읽으므로, 다른 리전의 서버도 찾아냅니다."),
    "lab only": both("Not in Prowler (the lab's own checks): {ids}.", "Prowler에 없는 것(실습 환경 자체 점검): {ids}."),
    "pdf": both("For a PDF, print this page from a browser.", "PDF가 필요하면 브라우저에서 이 페이지를 인쇄하세요."),
    "saved": both("The report is saved: {html} (open it in a browser) and {md}.",
                  "보고서를 저장했습니다: {html}(브라우저로 여세요), {md}."),
}


def _t(key: str, lang: str, **values) -> str:
    return pick(TEXT[key], lang).format(**values)


def _duration(seconds: float, lang: str) -> str:
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    if lang == "ko":
        return f"{hours}시간 {minutes}분" if hours else f"{minutes}분"
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _local(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()


class Report:
    """Everything the report says, read from the account once, when it is made."""

    def __init__(self, lab, now: datetime | None = None):
        from labs import diagram_svg, diagrams, inventory
        from labs.chapters import ch11_capstone as capstone
        from labs.checks import all_checks
        from labs.cloudtrail import recorder

        if getattr(lab.chapter, "stem", None) != capstone.STEM or capstone.world(lab) is None:
            raise LabError("The report is chapter 11's: start it with labs.start(\"11\") and make the report there.",
                           "보고서는 챕터 11의 것입니다. labs.start(\"11\")로 시작한 곳에서 만드세요.")
        self.lang = lab.lang
        self.account_id, self.region = lab.account_id, lab.region
        self.generated_at = now or datetime.now(timezone.utc)
        session = capstone.session(lab)
        self.session = session
        self.options = dict(getattr(lab.chapter, "options", {}))
        built = capstone.world(lab)
        checks = all_checks()
        check_ids = list(lab.chapter.checks)
        exercises = {e.id: e for e in lab.chapter.exercises}
        broke_requirements = exercises["11.3"].requirements
        services = {s for c in check_ids for s in checks[c].metadata.services}
        services |= {s for e in ("11.2", "11.3") for r in exercises[e].all_requirements() for s in r.services}
        with recorder.unrecorded():
            state = inventory.collect(lab, services)
            self.mermaid = _in_each_language(lambda: diagrams.mermaid(lab))
        self.svg = {lang: diagram_svg.svg(self.mermaid[lang], title=pick(TEXT["architecture"], lang))
                    for lang in language.LANGUAGES}
        now_found = {(f.check_id, f.resource): f for c in check_ids for f in checks[c].run(state)}

        self.rows = []
        for entry in built.planted:
            verdict = capstone.mistake_fixed(entry.name).test(lab, state)
            check_id, resource = entry.pairs[0] if entry.pairs else ("", "")
            metadata = checks[check_id].metadata if check_id in checks else None
            self.rows.append({
                "name": entry.name, "description": entry.description, "check_id": check_id, "resource": resource,
                "cis": ", ".join(metadata.cis) if metadata else "", "fsbp": ", ".join(metadata.fsbp) if metadata else "",
                "hidden": entry.hidden, "chapter": capstone.chapter_of(entry.name),
                "fixed": verdict.ok, "sentence": verdict.message,
            })
        self.fixed = sum(row["fixed"] for row in self.rows)
        self.broke_verdicts = [(r, r.test(lab, state)) for r in broke_requirements]
        self.broke_nothing = all(v.ok for _, v in self.broke_verdicts)
        self.first_answer = session.answers[0] if session.answers else None

        planted = built.pairs() | built.side_pairs()
        self.other_failing = []
        for key, finding in now_found.items():
            if finding.status == "FAIL" and key not in planted:
                kind = "gap" if built.baseline.get(key) == "FAIL" else "regression"
                self.other_failing.append((finding, kind))
        self.per_check = []
        for check_id in check_ids:
            mine = [f for f in now_found.values() if f.check_id == check_id]
            metadata = checks[check_id].metadata
            self.per_check.append({
                "check_id": check_id, "title": metadata.title, "cis": ", ".join(metadata.cis),
                "fsbp": ", ".join(metadata.fsbp),
                "PASS": sum(f.status == "PASS" for f in mine), "FAIL": sum(f.status == "FAIL" for f in mine),
                "N/A": sum(f.status not in ("PASS", "FAIL") for f in mine),
            })
        self.totals = {status: sum(row[status] for row in self.per_check) for status in ("PASS", "FAIL", "N/A")}
        mistake_checks = dict.fromkeys(row["check_id"] for row in self.rows if row["check_id"])
        self.prowler_mistakes = [c for c in mistake_checks if c not in LAB_ONLY_CHECKS]
        self.prowler_all = [c for c in check_ids if c not in LAB_ONLY_CHECKS]
        self.lab_only = [c for c in check_ids if c in LAB_ONLY_CHECKS]

    # --- the words ----------------------------------------------------------------------------------

    def _lang(self, lang: str | None) -> str:
        lang = (lang or self.lang or language.current()).lower()
        if lang not in language.LANGUAGES:
            raise LabError(f"The report speaks {' and '.join(language.LANGUAGES)}, not {lang!r}.",
                           f"보고서는 {', '.join(language.LANGUAGES)}만 지원합니다. {josa(repr(lang), '은')} 안 됩니다.")
        return lang

    def prowler_commands(self) -> list[str]:
        commands = []
        if self.prowler_mistakes:
            commands.append("prowler aws --checks " + " ".join(self.prowler_mistakes))
        commands.append("prowler aws --checks " + " ".join(self.prowler_all))
        return commands

    def _facts(self, lang: str) -> dict:
        taken = (self.generated_at - self.session.started_at).total_seconds()
        deadline = self.session.deadline
        facts = {
            "for": _t("for", lang, account=self.account_id, region=self.region, when=_local(self.generated_at)),
            "seed": _t("seed", lang, seed=self.options.get("seed", "-"), difficulty=self.options.get("difficulty", "-"),
                       count=len(self.rows), hidden=sum(r["hidden"] for r in self.rows)),
            "time": _t("time", lang, start=_local(self.session.started_at), end=_local(self.generated_at),
                       taken=_duration(taken, lang)),
            "deadline": _t("deadline", lang, deadline=_local(deadline),
                           state=pick(TEXT["late" if self.generated_at > deadline else "in time"], lang))
            if deadline else "",
        }
        if self.first_answer:
            _, found, alarms = self.first_answer
            facts["found"] = _t("found score", lang, found=len(found), total=len(self.rows), alarms=alarms)
        else:
            facts["found"] = pick(TEXT["found none"], lang)
        facts["fixed"] = _t("fixed score", lang, fixed=self.fixed, total=len(self.rows))
        facts["broke"] = pick(TEXT["yes" if self.broke_nothing else "no"], lang)
        facts["broke why"] = [pick(v.message, lang) for _, v in self.broke_verdicts if not v.ok and pick(v.message, lang)]
        return facts

    # --- Markdown -------------------------------------------------------------------------------------

    def markdown(self, lang: str | None = None) -> str:
        lang = self._lang(lang)
        facts = self._facts(lang)

        def cell(text) -> str:
            return str(text).replace("|", "\\|").replace("\n", " ")

        lines = [f"# {_t('title', lang)}", "", facts["for"], "", f"## {_t('session', lang)}", "", facts["seed"], "",
                 facts["time"]]
        if facts["deadline"]:
            lines += ["", facts["deadline"]]
        lines += ["", f"## {_t('score', lang)}", "",
                  f"| {_t('found', lang)} | {_t('fixed', lang)} | {_t('broke', lang)} |", "|---|---|---|",
                  f"| {facts['found']} | {facts['fixed']} | {facts['broke']} |"]
        lines += [""] + [f"- {cell(why)}" for why in facts["broke why"]]
        lines += ["", f"## {_t('mistakes', lang)}", "",
                  f"| {_t('mistake', lang)} | {_t('check', lang)} | {_t('resource', lang)} | {_t('cis', lang)} | "
                  f"{_t('fsbp', lang)} | {_t('before', lang)} | {_t('after', lang)} |",
                  "|---|---|---|---|---|---|---|"]
        for row in self.rows:
            before = _t("hidden fail" if row["hidden"] else "fail", lang)
            after = _t("pass", lang) if row["fixed"] else f"{_t('fail', lang)}: {pick(row['sentence'], lang)}"
            lines.append(f"| {cell(pick(row['description'], lang))} | `{row['check_id']}` | `{cell(row['resource'])}` | "
                         f"{row['cis']} | {row['fsbp']} | {before} | {cell(after)} |")
        lines += ["", f"## {_t('other', lang)}", ""]
        if self.other_failing:
            lines += [f"- `{f.check_id}` {cell(f.resource)}: {cell(pick(f.message, lang))} ({_t(kind, lang)})"
                      for f, kind in self.other_failing]
        else:
            lines.append(_t("other none", lang))
        lines += ["", f"## {_t('every check', lang)}", "",
                  _t("counts", lang, checks=len(self.per_check), findings=sum(self.totals.values()),
                     passed=self.totals["PASS"], failed=self.totals["FAIL"], na=self.totals["N/A"]), "",
                  f"| {_t('check', lang)} | {_t('title col', lang)} | {_t('cis', lang)} | {_t('fsbp', lang)} "
                  "| PASS | FAIL | N/A |",
                  "|---|---|---|---|---|---|---|"]
        for row in self.per_check:
            lines.append(f"| `{row['check_id']}` | {cell(pick(row['title'], lang))} | {row['cis']} | {row['fsbp']} | "
                         f"{row['PASS']} | {row['FAIL']} | {row['N/A']} |")
        lines += ["", f"## {_t('architecture', lang)}", "", "```mermaid", self.mermaid[lang], "```", "",
                  f"## {_t('prowler', lang)}", "", _t("prowler text", lang), "", "```bash",
                  *self.prowler_commands(), "```", ""]
        if self.lab_only:
            lines += [_t("lab only", lang, ids=", ".join(f"`{c}`" for c in self.lab_only)), ""]
        return "\n".join(lines)

    # --- HTML ---------------------------------------------------------------------------------------------

    def html(self, lang: str | None = None) -> str:
        lang = self._lang(lang)
        facts = self._facts(lang)
        e = html.escape

        def table(head: list[str], rows: list[list[str]], classes: list[str] | None = None, kind: str = "") -> str:
            header = "".join(f"<th>{e(h)}</th>" for h in head)
            body = "".join(f'<tr class="{classes[i] if classes else ""}">' + "".join(f"<td>{c}</td>" for c in row) + "</tr>"
                           for i, row in enumerate(rows))
            return f'<table class="{kind}"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>'

        mistakes = []
        for row in self.rows:
            before = _t("hidden fail" if row["hidden"] else "fail", lang)
            after = (f'<span class="pass">{_t("pass", lang)}</span>' if row["fixed"] else
                     f'<span class="fail">{_t("fail", lang)}</span> {e(pick(row["sentence"], lang))}')
            mistakes.append([e(pick(row["description"], lang)), f"<code>{e(row['check_id'])}</code>",
                             f"<code>{e(row['resource'])}</code>", e(row["cis"]), e(row["fsbp"]),
                             f'<span class="fail">{e(before)}</span>', after])
        other = ("<ul>" + "".join(f"<li><code>{e(f.check_id)}</code> {e(f.resource)}: {e(pick(f.message, lang))} "
                                  f"<em>({e(_t(kind, lang))})</em></li>" for f, kind in self.other_failing) + "</ul>"
                 if self.other_failing else f"<p>{e(_t('other none', lang))}</p>")
        per_check = [[f"<code>{e(r['check_id'])}</code>", e(pick(r["title"], lang)), e(r["cis"]), e(r["fsbp"]),
                      str(r["PASS"]), str(r["FAIL"]), str(r["N/A"])] for r in self.per_check]
        broke_why = "".join(f"<li>{e(why)}</li>" for why in facts["broke why"])
        lab_only = (f"<p>{e(_t('lab only', lang, ids=', '.join(self.lab_only)))}</p>" if self.lab_only else "")
        commands = "\n".join(self.prowler_commands())
        parts = [
            "<!doctype html>", f'<html lang="{lang}"><head><meta charset="utf-8">',
            f"<title>{e(_t('title', lang))}</title>", f"<style>{CSS}</style></head><body>",
            f"<h1>{e(_t('title', lang))}</h1>", f'<p class="meta">{e(facts["for"])}</p>',
            f"<h2>{e(_t('session', lang))}</h2>", f"<p>{e(facts['seed'])}</p>", f"<p>{e(facts['time'])}</p>",
            f"<p>{e(facts['deadline'])}</p>" if facts["deadline"] else "",
            f"<h2>{e(_t('score', lang))}</h2>",
            '<div class="score">'
            f'<div><span class="label">{e(_t("found", lang))}</span><span class="value">{e(facts["found"])}</span></div>'
            f'<div><span class="label">{e(_t("fixed", lang))}</span><span class="value">{e(facts["fixed"])}</span></div>'
            f'<div class="{"ok" if self.broke_nothing else "bad"}"><span class="label">{e(_t("broke", lang))}</span>'
            f'<span class="value">{e(facts["broke"])}</span></div></div>',
            f"<ul>{broke_why}</ul>" if broke_why else "",
            f"<h2>{e(_t('mistakes', lang))}</h2>",
            table([_t(k, lang) for k in ("mistake", "check", "resource", "cis", "fsbp", "before", "after")], mistakes,
                  ["fixed" if r["fixed"] else "open" for r in self.rows], "mistakes"),
            f"<h2>{e(_t('other', lang))}</h2>", other,
            f"<h2>{e(_t('architecture', lang))}</h2>", f'<div class="diagram">{self.svg[lang]}</div>',
            f"<h2>{e(_t('every check', lang))}</h2>",
            f"<p>{e(_t('counts', lang, checks=len(self.per_check), findings=sum(self.totals.values()), passed=self.totals['PASS'], failed=self.totals['FAIL'], na=self.totals['N/A']))}</p>",  # noqa: E501
            table([_t("check", lang), _t("title col", lang), _t("cis", lang), _t("fsbp", lang), "PASS", "FAIL", "N/A"],
                  per_check, ["has-fail" if r["FAIL"] else "" for r in self.per_check], "checks"),
            f"<h2>{e(_t('prowler', lang))}</h2>", f"<p>{e(_t('prowler text', lang))}</p>",
            f"<pre><code>{e(commands)}</code></pre>", lab_only,
            f'<p class="meta">{e(_t("pdf", lang))}</p>', "</body></html>",
        ]
        return "\n".join(p for p in parts if p)

    # --- files ------------------------------------------------------------------------------------------

    def save(self, folder=".", lang: str | None = None) -> dict:
        """Write capstone-report-<lang>.html and .md into `folder`; their paths."""
        lang = self._lang(lang)
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        paths = {"html": target / f"capstone-report-{lang}.html", "md": target / f"capstone-report-{lang}.md"}
        paths["html"].write_text(self.html(lang), encoding="utf-8")
        paths["md"].write_text(self.markdown(lang), encoding="utf-8")
        self.saved = paths
        return paths

    def _repr_markdown_(self) -> str:
        return self.markdown()


CSS = """
body{font-family:'Noto Sans','Noto Sans CJK KR','Malgun Gothic','Apple SD Gothic Neo',sans-serif;margin:2em auto;
max-width:1180px;color:#1f2328;line-height:1.45;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #d0d7de}
.meta{color:#57606a}table{border-collapse:collapse;width:100%;font-size:.88em;margin:.5em 0}
th,td{border:1px solid #d0d7de;padding:4px 6px;vertical-align:top;text-align:left;overflow-wrap:anywhere}
td:first-child{min-width:14em}.mistakes td:nth-child(4),.mistakes td:nth-child(5),.checks td:nth-child(3),
.checks td:nth-child(4),.checks th:nth-child(n+5){white-space:nowrap;overflow-wrap:normal}th{background:#f6f8fa}
tr.fixed{background:#eefbf1}tr.open{background:#fff1f0}tr.has-fail{background:#fff8e6}
.pass{color:#1a7f37;font-weight:bold}.fail{color:#cf222e;font-weight:bold}
.score{display:flex;gap:1em}.score div{border:1px solid #d0d7de;border-radius:6px;padding:.6em 1em;flex:1}
.score .ok{background:#eefbf1}.score .bad{background:#fff1f0}.label{display:block;color:#57606a;font-size:.85em}
.value{font-size:1.3em;font-weight:bold}code{font-size:.92em}pre{background:#f6f8fa;padding:.8em;overflow-x:auto;
white-space:pre-wrap;word-break:break-all}.diagram{overflow-x:auto;border:1px solid #d0d7de;padding:.5em}
""".replace("\n", "")


def _in_each_language(draw) -> dict:
    """What `draw()` returns in each language of the lab (the diagram's words follow the current language)."""
    spoken = language._current["lang"]
    try:
        drawn = {}
        for lang in language.LANGUAGES:
            language.set_current(lang)
            drawn[lang] = draw()
        return drawn
    finally:
        language.set_current(spoken)


def make(lab, folder=".") -> Report:
    """The report, saved in the lab's language; shown in the notebook."""
    report = Report(lab)
    report.save(folder)
    return report

