"""The instructor's class view: a JupyterHub service that shows the room's `lab.grade` results.

    python classview.py        # started by the hub (deploy/), never by hand

It runs as a hub-managed service (JupyterHub's services API): the hub starts it with
JUPYTERHUB_SERVICE_URL (where to listen), JUPYTERHUB_SERVICE_PREFIX (its path behind the hub's
proxy) and its API token, and the hub's OAuth (HubOAuth) says who is asking:

- an instructor: a user whose token holds `custom:class-view:read`, which the deployment gives
  the instructors' group through a role (deploy/), reads the page and `api/room`;
- a learner's kernel posts to `api/results` with the learner's own hub token (labs/classroom.py):
  the results are stored under the token's user, so a learner can post only their own, and a
  body naming anybody else is refused;
- anybody else, and anonymous requests, are refused (the page sends a browser to the hub's login).

Results are kept in a real database through SQLAlchemy: SQLite on one server (the default,
`class-view.sqlite` in the working directory), PostgreSQL on a cluster
(LABS_CLASS_VIEW_DB=postgresql+psycopg2://...). Every attempt is kept: the table shows, per learner
and exercise, done or tried, and the most common wrong attempts are the graders' own sentences.

This file needs only JupyterHub and what JupyterHub itself installs (tornado, SQLAlchemy), so it
runs in the hub's environment, where the lab itself is not installed (The Littlest JupyterHub's
hub environment, Zero to JupyterHub's hub image).
"""

from __future__ import annotations

import html
import json
import os
import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

import sqlalchemy as sa

READ_SCOPE = "custom:class-view:read"
SERVICE_NAME = "class-view"
MAX_RESULTS_PER_POST = 100
REFRESH_SECONDS = 5
_EXERCISE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,15}$")
_CHAPTER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")

# --- the database --------------------------------------------------------------------------------

metadata = sa.MetaData()
attempts = sa.Table(
    "class_view_attempts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("learner", sa.String(255), nullable=False, index=True),
    sa.Column("chapter", sa.String(64), nullable=False, index=True),
    sa.Column("exercise", sa.String(16), nullable=False),
    sa.Column("done", sa.Boolean, nullable=False),
    sa.Column("message", sa.Text, nullable=False, default=""),
    sa.Column("lang", sa.String(8), nullable=False, default="en"),
    sa.Column("graded_at", sa.String(40), nullable=False, default=""),
    sa.Column("received_at", sa.DateTime, nullable=False),
)


class ResultError(ValueError):
    """A posted result that cannot be stored; the message is for the sender."""


def exercise_order(exercise_id: str):
    """8.2 before 8.10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\-_]", exercise_id)]


class Store:
    """The room's attempts, in SQLite or PostgreSQL."""

    def __init__(self, url: str):
        self.engine = sa.create_engine(url, future=True)
        metadata.create_all(self.engine)

    def add(self, learner: str, results: list) -> int:
        rows = [self._row(learner, result) for result in results]
        if rows:
            with self.engine.begin() as connection:
                connection.execute(attempts.insert(), rows)
        return len(rows)

    @staticmethod
    def _row(learner: str, result) -> dict:
        if not isinstance(result, dict):
            raise ResultError("each result is a JSON object")
        chapter, exercise, done = result.get("chapter"), result.get("exercise"), result.get("done")
        if not isinstance(chapter, str) or not _CHAPTER.match(chapter):
            raise ResultError("chapter: a chapter's stem such as 08-s3")
        if not isinstance(exercise, str) or not _EXERCISE.match(exercise):
            raise ResultError("exercise: an exercise id such as 8.2")
        if not isinstance(done, bool):
            raise ResultError("done: true or false")
        message = result.get("message", "")
        lang = result.get("lang", "en")
        return {
            "learner": learner, "chapter": chapter, "exercise": exercise, "done": done,
            "message": message[:1000] if isinstance(message, str) else "",
            "lang": lang if lang in ("en", "ko") else "en",
            "graded_at": str(result.get("graded_at", ""))[:40],
            "received_at": datetime.now(timezone.utc).replace(tzinfo=None),
        }

    def chapters(self) -> list[str]:
        """Chapters with results, the most recently graded first."""
        latest = sa.func.max(attempts.c.id)
        query = sa.select(attempts.c.chapter, latest).group_by(attempts.c.chapter).order_by(latest.desc())
        with self.engine.connect() as connection:
            return [row[0] for row in connection.execute(query)]

    def room(self, chapter: str | None = None, wrong_limit: int = 10) -> dict:
        """The class view's numbers for one chapter (the latest graded one by default)."""
        chapters = self.chapters()
        chapter = chapter if chapter in chapters else (chapters[0] if chapters else None)
        empty = {"chapter": chapter, "chapters": chapters, "learners": [], "exercises": [], "cells": {},
                 "exercise_totals": {}, "learner_totals": {}, "room": {"learners": 0, "exercises": 0, "done": 0,
                                                                        "cells": 0, "attempts": 0}, "wrong": []}
        if chapter is None:
            return empty
        per_cell = (
            sa.select(attempts.c.learner, attempts.c.exercise,
                      sa.func.max(sa.case((attempts.c.done, 1), else_=0)).label("done"),
                      sa.func.count().label("attempts"))
            .where(attempts.c.chapter == chapter)
            .group_by(attempts.c.learner, attempts.c.exercise)
        )
        wrong = (
            sa.select(attempts.c.exercise, attempts.c.message,
                      sa.func.count().label("attempts"),
                      sa.func.count(sa.distinct(attempts.c.learner)).label("learners"))
            .where(attempts.c.chapter == chapter, sa.not_(attempts.c.done))
            .group_by(attempts.c.exercise, attempts.c.message)
        )
        with self.engine.connect() as connection:
            cells_rows = connection.execute(per_cell).all()
            wrong_rows = connection.execute(wrong).all()
        learners = sorted({row.learner for row in cells_rows})
        exercises = sorted({row.exercise for row in cells_rows}, key=exercise_order)
        cells = {learner: {} for learner in learners}
        total_attempts = 0
        for row in cells_rows:
            cells[row.learner][row.exercise] = "done" if row.done else "tried"
            total_attempts += row.attempts
        exercise_totals = {
            exercise: {"done": sum(cells[x].get(exercise) == "done" for x in learners),
                       "tried": sum(cells[x].get(exercise) == "tried" for x in learners),
                       "not started": sum(exercise not in cells[x] for x in learners)}
            for exercise in exercises
        }
        learner_totals = {x: sum(state == "done" for state in cells[x].values()) for x in learners}
        done = sum(learner_totals.values())
        wrong_list = sorted(
            ({"exercise": row.exercise, "message": row.message, "attempts": row.attempts, "learners": row.learners}
             for row in wrong_rows),
            key=lambda w: (-w["learners"], -w["attempts"], exercise_order(w["exercise"]), w["message"]),
        )[:wrong_limit]
        return {**empty, "learners": learners, "exercises": exercises, "cells": cells,
                "exercise_totals": exercise_totals, "learner_totals": learner_totals,
                "room": {"learners": len(learners), "exercises": len(exercises), "done": done,
                         "cells": len(learners) * len(exercises), "attempts": total_attempts},
                "wrong": wrong_list}


# --- the page --------------------------------------------------------------------------------------

TEXT = {
    "title": {"en": "Class view", "ko": "수업 현황판"},
    "chapter": {"en": "Chapter", "ko": "챕터"},
    "learner": {"en": "Learner", "ko": "학습자"},
    "done": {"en": "done", "ko": "완료"},
    "tried": {"en": "tried", "ko": "시도함"},
    "not started": {"en": "not started", "ko": "시작 전"},
    "exercises done": {"en": "Exercises done", "ko": "완료한 실습"},
    "room": {"en": "The room", "ko": "전체"},
    "summary": {
        "en": "{learners} learners, {done} of {cells} exercises done ({percent}%), {attempts} gradings.",
        "ko": "학습자 {learners}명, 실습 {cells}개 중 {done}개 완료({percent}%), 채점 {attempts}회.",
    },
    "wrong": {"en": "Most common wrong attempts (the graders' sentences)",
              "ko": "가장 많이 나온 오답(채점기가 보여 준 문장)"},
    "exercise": {"en": "Exercise", "ko": "실습"},
    "message": {"en": "What the learner was told", "ko": "학습자가 본 문장"},
    "learners": {"en": "Learners", "ko": "학습자 수"},
    "attempts": {"en": "Attempts", "ko": "시도 횟수"},
    "nothing": {"en": "No results yet: they appear here as soon as learners run lab.grade(...).",
                "ko": "아직 결과가 없습니다. 학습자가 lab.grade(...)를 실행하면 바로 여기에 나타납니다."},
    "no wrong": {"en": "No wrong attempts yet.", "ko": "아직 오답이 없습니다."},
    "live": {"en": "Refreshes every {seconds} seconds.", "ko": "{seconds}초마다 새로 고칩니다."},
    "not instructor": {
        "en": "Only the instructors' group can read the class view; ask the hub's administrator to add you to it.",
        "ko": "수업 현황판은 강사 그룹만 볼 수 있습니다. 허브 관리자에게 그룹에 추가해 달라고 요청하세요.",
    },
    "sign in": {"en": "Sign in to the hub to read the class view.",
                "ko": "수업 현황판을 보려면 허브에 로그인하세요."},
    "own results": {"en": "A learner can post only their own results.",
                    "ko": "학습자는 자기 결과만 보낼 수 있습니다."},
    "token only": {"en": "Results are posted by the lab in a learner's kernel, with the learner's hub token.",
                   "ko": "결과는 학습자 커널의 실습 환경이 학습자의 허브 토큰으로 보냅니다."},
    "bad body": {"en": "The body must be JSON: {{\"results\": [...]}}, at most {limit} results; {detail}.",
                 "ko": "본문은 JSON {{\"results\": [...]}} 형식이고 결과는 최대 {limit}개여야 합니다. {detail}."},
}


def say(key: str, lang: str, **values) -> str:
    return TEXT[key][lang].format(**values)


def render_room(room: dict, lang: str) -> str:
    """The live part of the page, as HTML; every value from the database is escaped."""
    e = html.escape
    if not room["learners"]:
        return f'<p class="empty">{e(say("nothing", lang))}</p>'
    exercises, learners, cells = room["exercises"], room["learners"], room["cells"]
    totals = room["room"]
    percent = round(100 * totals["done"] / totals["cells"]) if totals["cells"] else 0
    parts = [f'<p class="summary">{e(say("summary", lang, percent=percent, **totals))}</p>',
             '<table class="grid"><thead><tr>',
             f'<th>{e(say("learner", lang))}</th>']
    parts += [f'<th>{e(x)}</th>' for x in exercises]
    parts.append(f'<th>{e(say("exercises done", lang))}</th></tr></thead><tbody>')
    for learner in learners:
        parts.append(f'<tr><th class="learner">{e(learner)}</th>')
        for exercise in exercises:
            state = cells[learner].get(exercise, "not started")
            mark = {"done": "✔", "tried": "✘", "not started": "·"}[state]
            parts.append(f'<td class="{state.replace(" ", "-")}" title="{e(say(state, lang))}">{mark}</td>')
        parts.append(f'<td class="total">{room["learner_totals"][learner]}/{len(exercises)}</td></tr>')
    parts.append(f'</tbody><tfoot><tr><th>{e(say("room", lang))}</th>')
    for exercise in exercises:
        counts = room["exercise_totals"][exercise]
        parts.append(f'<td class="total">{counts["done"]}/{len(learners)}</td>')
    parts.append(f'<td class="total">{totals["done"]}/{totals["cells"]}</td></tr></tfoot></table>')
    parts.append(f'<h2>{e(say("wrong", lang))}</h2>')
    if room["wrong"]:
        parts.append(f'<table class="wrong"><thead><tr><th>{e(say("exercise", lang))}</th>'
                     f'<th>{e(say("message", lang))}</th><th>{e(say("learners", lang))}</th>'
                     f'<th>{e(say("attempts", lang))}</th></tr></thead><tbody>')
        for wrong in room["wrong"]:
            parts.append(f'<tr><td>{e(wrong["exercise"])}</td><td class="message">{e(wrong["message"])}</td>'
                         f'<td>{wrong["learners"]}</td><td>{wrong["attempts"]}</td></tr>')
        parts.append('</tbody></table>')
    else:
        parts.append(f'<p class="empty">{e(say("no wrong", lang))}</p>')
    return "".join(parts)


PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK KR", "NanumGothic", sans-serif; margin: 2rem; color: #1b1b1b; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ border: 1px solid #ccc; padding: .35rem .6rem; text-align: center; }}
th {{ white-space: nowrap; }}
th.learner, td.message {{ text-align: left; }}
td.done {{ background: #d8f3dc; color: #1b5e20; }}
td.tried {{ background: #ffe0e0; color: #b71c1c; }}
td.not-started {{ color: #999; }}
td.total, tfoot th {{ font-weight: bold; background: #f4f4f4; }}
nav a {{ margin-right: 1rem; }}
.live {{ color: #666; font-size: .9rem; }}
</style></head>
<body>
<h1>{title}: {chapter_label} {chapter}</h1>
<nav>{nav}</nav>
<p class="live">{live}</p>
<div id="room">{room}</div>
<script>
setInterval(async () => {{
  const response = await fetch({fragment_url}, {{credentials: "same-origin"}});
  if (response.ok) document.getElementById("room").innerHTML = await response.text();
}}, {refresh_ms});
</script>
</body></html>
"""


def render_page(room: dict, lang: str, base: str) -> str:
    e = html.escape
    chapter = room["chapter"] or ""
    nav = " ".join(f'<a href="{e(base)}?chapter={e(c)}&amp;lang={lang}">{e(c)}</a>' for c in room["chapters"])
    nav += f' <a href="{e(base)}?chapter={e(chapter)}&amp;lang={"en" if lang == "ko" else "ko"}">' \
           f'{"English" if lang == "ko" else "한국어"}</a>'
    fragment = f"{base}api/room.html?chapter={chapter}&lang={lang}"
    return PAGE.format(lang=lang, title=e(say("title", lang)), chapter_label=e(say("chapter", lang)),
                       chapter=e(chapter), nav=nav, live=e(say("live", lang, seconds=REFRESH_SECONDS)),
                       room=render_room(room, lang),
                       # inside <script> entities are not decoded: JSON, with "<" escaped for the parser
                       fragment_url=json.dumps(fragment).replace("<", "\\u003c"),
                       refresh_ms=REFRESH_SECONDS * 1000)


# --- the service -----------------------------------------------------------------------------------

def make_app(store: Store, prefix: str, default_lang: str = "en"):
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
    from tornado import web

    class Handler(HubOAuthenticated, web.RequestHandler):
        def lang(self) -> str:
            asked = self.get_argument("lang", "")
            if asked in ("en", "ko"):
                return asked
            accepted = self.request.headers.get("Accept-Language", "")
            if accepted:
                return "ko" if accepted.strip().lower().startswith("ko") else "en"
            return default_lang

        def refuse(self, status: int, key: str, **values):
            self.set_status(status)
            lang = self.lang()
            self.finish({"error": say(key, lang, **values), "lang": lang})

        def instructor(self) -> bool:
            user = self.current_user
            return bool(user) and user.get("kind", "user") == "user" and READ_SCOPE in set(user.get("scopes", []))

    class ApiHandler(Handler):
        def get_login_url(self):
            raise web.HTTPError(403)  # an API answers 403, it never redirects to a login page

        def write_error(self, status_code, **kwargs):
            # tornado's own refusals (no user at all) keep the API's JSON shape
            self.finish({"error": say("sign in", self.lang()) if status_code == 403 else self._reason})

    class PageHandler(Handler):
        @web.authenticated
        def get(self):
            if not self.instructor():
                self.set_status(403)
                self.finish(f"<!doctype html><meta charset='utf-8'><p>{html.escape(say('not instructor', self.lang()))}</p>")
                return
            self.set_header("Cache-Control", "no-store")
            self.finish(render_page(store.room(self.get_argument("chapter", None)), self.lang(), prefix))

    class RoomHandler(ApiHandler):
        def get(self, fmt):
            if not self.current_user:
                return self.refuse(403, "sign in")
            if not self.instructor():
                return self.refuse(403, "not instructor")
            room = store.room(self.get_argument("chapter", None))
            self.set_header("Cache-Control", "no-store")
            if fmt == ".html":
                self.finish(render_room(room, self.lang()))
            else:
                self.finish(room)

    class ResultsHandler(ApiHandler):
        def post(self):
            user = self.current_user
            if not user:
                return self.refuse(403, "sign in")
            if user.get("kind", "user") != "user" or not getattr(self, "_token_authenticated", False):
                # a browser's cookie cannot post (no cross-site posting), nor can a service
                return self.refuse(403, "token only")
            try:
                body = json.loads(self.request.body or b"{}")
            except ValueError:
                return self.refuse(400, "bad body", limit=MAX_RESULTS_PER_POST, detail="not JSON")
            if not isinstance(body, dict) or not isinstance(body.get("results"), list) \
                    or len(body["results"]) > MAX_RESULTS_PER_POST:
                return self.refuse(400, "bad body", limit=MAX_RESULTS_PER_POST, detail="results: a list")
            named = {body.get("learner")} | {r.get("learner") for r in body["results"] if isinstance(r, dict)}
            if named - {None, user["name"]}:
                return self.refuse(403, "own results")
            try:
                stored = store.add(user["name"], body["results"])
            except ResultError as error:
                return self.refuse(400, "bad body", limit=MAX_RESULTS_PER_POST, detail=str(error))
            self.finish({"stored": stored, "learner": user["name"]})

    return web.Application([
        (prefix, PageHandler),
        (prefix + r"api/room(\.html|)", RoomHandler),
        (prefix + "api/results", ResultsHandler),
        (prefix + "oauth_callback", HubOAuthCallbackHandler),
    ], cookie_secret=os.urandom(32))


def main() -> None:
    import asyncio

    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")
    listen = urlsplit(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    store = Store(os.environ.get("LABS_CLASS_VIEW_DB", "sqlite:///class-view.sqlite"))
    app = make_app(store, prefix, os.environ.get("LABS_LANG", "en") if os.environ.get("LABS_LANG") in ("en", "ko") else "en")

    async def serve():
        # inside a container the service listens on every interface of its pod (Zero to JupyterHub)
        bind = os.environ.get("LABS_CLASS_VIEW_BIND") or listen.hostname or "127.0.0.1"
        app.listen(listen.port or 80, bind, xheaders=True)
        await asyncio.Event().wait()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
