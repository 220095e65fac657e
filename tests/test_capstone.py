"""Chapter 11, the capstone: its pool of mistakes fits the v1.0 account, a seed picks the same world
every time and another seed another one, its options say what is wrong in one sentence, and a
workshop's deadline holds."""

from __future__ import annotations

import re
from pathlib import Path
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

import labs
from labs import inventory, scenarios, world_cache
from labs.chapters import ch11_capstone as capstone
from labs.checks import all_checks
from labs.cloudtrail import recorder
from labs.errors import LabError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def start(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    for variable in capstone.ENVIRONMENT.values():
        monkeypatch.delenv(variable, raising=False)
    return labs.start


def plant(names):
    """The clean v1.0 account (from the world cache), then the mistakes made as labs.start makes them."""
    lab = labs.start("11", count=0, hidden=0)
    chapter = capstone.build_chapter(mistakes=list(names), deadline=False)
    lab.chapter = chapter
    capstone.RecordTheWorld(chapter.scenarios)(lab)
    with recorder.acting_as(recorder.COLLEAGUE):
        for name in chapter.scenarios:
            scenarios.load(name).build(lab)
    return lab


def judged(lab, *exercise_ids):
    """Every check's findings and the exercises' verdicts, from one collection of the account."""
    exercises = {e.id: e for e in lab.chapter.exercises}
    requirements = [r for e in exercise_ids for r in exercises[e].all_requirements()]
    checks = all_checks()
    services = {s for c in lab.chapter.checks for s in checks[c].metadata.services} | \
        {s for r in requirements for s in r.services}
    with recorder.unrecorded():
        state = inventory.collect(lab, services)
    found = {(f.check_id, f.resource): f for c in lab.chapter.checks for f in checks[c].run(state)}
    return found, [(r, r.test(lab, state)) for r in requirements]


def newly_failing(lab, found):
    baseline = capstone.world(lab).baseline
    return {k for k, f in found.items() if f.status == "FAIL" and baseline.get(k) != "FAIL"}


def expected_failing(lab):
    built = capstone.world(lab)
    return {pair for p in built.planted if not p.hidden for pair in p.live_pairs(lab)} | built.side_pairs()


def batches() -> dict:
    """The pool by the chapter that teaches each mistake: made together, judged together."""
    found: dict = {}
    for name in capstone.pool():
        found.setdefault(capstone.chapter_of(name), []).append(name)
    return found


@pytest.mark.parametrize("stem", sorted(batches()))
def test_every_mistake_of_the_pool_fits_the_v1_account(start, stem):
    """Made on the clean v1.0 account, a chapter's mistakes turn red exactly what they say (with their
    prerequisites), each is judged open; their reference fixes, the last made undone first, make 11.2 and
    11.3 done. (A new chapter's scenarios join the pool, and this test, by themselves.)"""
    start("11", count=0, hidden=0)
    lab = plant(batches()[stem])
    found, verdicts = judged(lab, "11.2")
    assert newly_failing(lab, found) == expected_failing(lab)
    open_ = {r.text["en"] for r, v in verdicts if not v.ok}
    for planted in lab.chapter.scenarios:
        assert capstone.DESCRIPTIONS[planted]["en"] in open_, f"{planted} is not judged open once made"
    for planted in reversed(lab.chapter.scenarios):
        scenarios.load(planted).fix(lab)
    found, verdicts = judged(lab, "11.2", "11.3")
    assert [(r.text["en"], v.message["en"]) for r, v in verdicts if not v.ok] == []


def test_the_whole_pool_at_once(start):
    """Every mistake made on one account: each is judged open, nothing else turns red, and the reference
    fixes, the last made undone first, leave nothing open and nothing broken."""
    lab = start("11", mistakes="all")
    assert set(lab.chapter.scenarios) == set(capstone.pool())
    found, verdicts = judged(lab, "11.2")
    assert newly_failing(lab, found) == expected_failing(lab)
    assert sum(not v.ok for _, v in verdicts) == len(capstone.pool())
    for name in reversed(lab.chapter.scenarios):
        scenarios.load(name).fix(lab)
    assert lab.grade("11.2").done and lab.grade("11.3").done


def test_the_pool_is_every_earlier_chapters_scenario_but_those_that_do_not_fit():
    earlier = {n for c in capstone.earlier_chapters() for n in c.scenarios}
    assert set(capstone.pool()) == (earlier - set(capstone.DOES_NOT_FIT)) | set(capstone.OWN_VISIBLE + capstone.HIDDEN)
    assert set(capstone.DOES_NOT_FIT) <= earlier, "a reason for a scenario no chapter makes"
    assert all(name in capstone.DESCRIPTIONS for name in capstone.pool()), "every mistake has its sentence"
    assert set(capstone.taught()) == set(capstone.pool()), "every mistake says what its chapter asks of a fix"


def normalised(lab) -> Counter:
    """The failing findings, with the ids moto draws at random (sg-…, i-…, uuids) blanked."""
    ids = re.compile(r"\b(sg|i|vpc|subnet|snap|vol|ami|vpce|eni|rtb|igw)-[0-9a-f]+\b|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")
    found = capstone.findings(lab)
    return Counter((c, ids.sub("<id>", r)) for (c, r), f in found.items() if f.status == "FAIL")


def test_the_same_seed_builds_the_same_world_and_another_seed_another(start, monkeypatch):
    monkeypatch.setattr(world_cache, "enabled", lambda: False)  # built call by call, every time
    first = start("11", seed=7)
    planted, failing = first.chapter.scenarios, normalised(first)
    again = start("11", seed=7)
    assert again.chapter.scenarios == planted
    assert normalised(again) == failing
    other = start("11", seed=8)
    assert other.chapter.scenarios != planted
    assert normalised(other) != failing


def test_difficulty_chooses_how_many_and_whether_hidden():
    for difficulty, (visible, hidden) in capstone.DIFFICULTIES.items():
        for seed in range(20):
            chapter = capstone.build_chapter(seed=seed, difficulty=difficulty, deadline=False)
            planted = chapter.scenarios
            shown = [n for n in planted if n not in capstone.HIDDEN]
            assert sum(n in capstone.HIDDEN for n in planted) == hidden
            assert len(shown) >= visible or hidden == 0 and len(shown) == visible
            for name in planted:
                assert set(capstone.NEEDS.get(name, ())) <= set(planted), f"{name} without what it needs"
    picks = {capstone.build_chapter(seed=seed, deadline=False).scenarios for seed in range(20)}
    assert len(picks) > 15, "seeds pick different worlds"


@pytest.mark.parametrize("options, says", [
    ({"seed": "seven"}, "whole number"),
    ({"seed": True}, "whole number"),
    ({"difficulty": "impossible"}, "easy, normal, hard"),
    ({"count": 500}, "from 0 to"),
    ({"hidden": -1}, "from 0 to"),
    ({"mistakes": ["s3_bucket_is_public"]}, "no mistake"),
    ({"mistakes": ["s3_cloudtrail_bucket_without_object_lock"]}, "no mistake"),
    ({"deadline": "tomorrow-ish"}, "minutes from now"),
    ({"deadline": -5}, "minutes from now"),
    ({"colour": "blue"}, "no option"),
])
def test_a_wrong_option_is_one_sentence_and_changes_nothing(start, options, says):
    lab = start("08")
    with pytest.raises(LabError) as raised:
        start("11", **options)
    assert says in str(raised.value)
    assert lab.client("sts").get_caller_identity()["Account"]  # the running lab is still current


def test_a_wrong_option_is_said_in_the_language_asked_for(start):
    with pytest.raises(LabError) as raised:
        start("11", seed="seven", lang="ko")
    assert "정수" in str(raised.value)
    with pytest.raises(LabError, match="옵션"):
        start("08", seed=3, lang="ko")
    start("08", lang="en")


def test_another_chapter_takes_no_options(start):
    with pytest.raises(LabError, match="takes no options"):
        start("08", seed=3)


def test_a_past_deadline_is_refused():
    past = (datetime.now(timezone.utc) - timedelta(minutes=5)).isoformat()
    with pytest.raises(LabError, match="already passed"):
        capstone.parse_deadline(past)


def test_the_workshop_seed_and_deadline_come_from_the_hub(start, monkeypatch):
    monkeypatch.setenv(capstone.ENVIRONMENT["seed"], "7")
    monkeypatch.setenv(capstone.ENVIRONMENT["deadline"], (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat())
    chapter = capstone.CHAPTER.with_options()
    assert chapter.scenarios == capstone.build_chapter(seed=7, deadline=False).scenarios
    assert chapter.session.deadline is not None
    assert capstone.CHAPTER.with_options(seed=8).scenarios != chapter.scenarios, "an option given wins"


def test_after_the_deadline_a_grade_is_not_done(start):
    lab = start("11", mistakes=["s3_account_public_access_block_off"], deadline=30)
    scenarios.load("s3_account_public_access_block_off").fix(lab)
    assert lab.grade("11.2").done
    lab.chapter.session.deadline = datetime.now(timezone.utc) - timedelta(minutes=3)
    late = lab.grade("11.2")
    assert not late.done and "Time is up" in late.message
    lab.lang = "ko"
    assert "시간이 다 되었습니다" in lab.grade("11.2").message


def test_the_solution_fixes_every_mistake_of_the_pool(tmp_path):
    """The worked answer is a playbook, not a list of this seed's answers: run with every mistake of the pool
    planted (LABS_CAPSTONE_MISTAKES=all), it names each one, fixes each one for real and breaks nothing."""
    import shutil

    from tests.run_all import run_all

    notebook = tmp_path / "11-capstone.ipynb"
    shutil.copy(ROOT / "solutions" / "11-capstone.ipynb", notebook)
    failure = run_all(notebook, {"LABS_EXPECT": "done", "LABS_CAPSTONE_MISTAKES": "all", "LABS_LANG": "en",
                                 "LABS_HOME": str(tmp_path / "home"), "MPLBACKEND": "Agg"})
    assert failure is None, failure
