"""labs/classview.py without a hub: the room's numbers from stored attempts, what is refused, and a
page that shows learners' text only escaped. (`make test-hub` runs it as the hub's service.)"""

from __future__ import annotations

import pytest

from labs import classview
from labs.classview import ResultError, Store, render_page, render_room


def attempt(exercise, done, message="", chapter="08-s3"):
    return {"chapter": chapter, "exercise": exercise, "done": done, "message": message, "lang": "en"}


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'class-view.sqlite'}")


def test_the_room_counts_done_tried_and_not_started(store):
    store.add("alice", [attempt("8.1", False, "only hides"), attempt("8.1", True), attempt("8.10", True)])
    store.add("bob", [attempt("8.1", False, "only hides"), attempt("8.2", False, "RestrictPublicBuckets")])
    store.add("carol", [attempt("8.1", False, "only hides"), attempt("0.1", True, chapter="00-welcome")])
    room = store.room("08-s3")
    assert room["learners"] == ["alice", "bob", "carol"]
    assert room["exercises"] == ["8.1", "8.2", "8.10"], "numeric order, not text order"
    assert room["cells"]["alice"] == {"8.1": "done", "8.10": "done"}, "done once is done"
    assert room["cells"]["bob"] == {"8.1": "tried", "8.2": "tried"}
    assert room["exercise_totals"]["8.1"] == {"done": 1, "tried": 2, "not started": 0}
    assert room["exercise_totals"]["8.10"] == {"done": 1, "tried": 0, "not started": 2}
    assert room["learner_totals"] == {"alice": 2, "bob": 0, "carol": 0}
    assert room["room"] == {"learners": 3, "exercises": 3, "done": 2, "cells": 9, "attempts": 6}
    assert room["wrong"][0] == {"exercise": "8.1", "message": "only hides", "attempts": 3, "learners": 3}
    assert room["wrong"][1]["message"] == "RestrictPublicBuckets"
    assert store.chapters() == ["00-welcome", "08-s3"], "the latest graded chapter first"
    assert store.room()["chapter"] == "00-welcome"


def test_the_database_keeps_results_across_restarts(tmp_path):
    url = f"sqlite:///{tmp_path / 'class-view.sqlite'}"
    Store(url).add("alice", [attempt("8.1", True)])
    assert Store(url).room("08-s3")["learner_totals"] == {"alice": 1}


@pytest.mark.parametrize("result", [
    attempt("8.1<script>", True), attempt("8.1", "yes"), {"chapter": "08-s3", "done": True}, "8.1",
    attempt("8.1", True, chapter="../../etc"),
])
def test_a_malformed_result_is_refused_and_nothing_is_stored(store, result):
    with pytest.raises(ResultError):
        store.add("alice", [attempt("8.2", True), result])
    assert store.room()["learners"] == []


def test_learners_text_is_escaped_on_the_page(store):
    store.add("alice", [attempt("8.1", False, "<script>alert(1)</script>")])
    page = render_page(store.room(), "en", "/services/class-view/")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_empty_room_says_so_in_both_languages(store):
    assert "No results yet" in render_room(store.room(), "en")
    assert "아직 결과가 없습니다" in render_room(store.room(), "ko")


def test_every_sentence_of_the_page_exists_in_english_and_korean():
    for key, text in classview.TEXT.items():
        assert set(text) == {"en", "ko"} and all(text.values()), key


def test_the_class_view_needs_nothing_the_hubs_environment_lacks():
    """It runs in JupyterHub's own environment (TLJH's hub, Zero to JupyterHub's hub image)."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(classview.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    import sys

    third_party = {name for name in imported if name not in sys.stdlib_module_names and name != "__future__"}
    assert third_party <= {"sqlalchemy", "tornado", "jupyterhub"}, third_party
