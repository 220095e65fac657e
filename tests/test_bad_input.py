"""Learners make mistakes: each one gets a sentence that says what is wrong and what to try."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

import labs
from labs import company
from labs.display import explain
from labs.errors import UnknownBackendError, UnknownChapterError, UnknownExerciseError
from tests import escapes


@pytest.fixture
def lab(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    return labs.start("08-s3")


@pytest.mark.parametrize("policy", ["{bad json", "[]", '{"Statement": [{"Effect": "Allow"}]}', ""])
def test_a_malformed_bucket_policy_is_refused_as_s3_refuses_it(lab, policy):
    bucket = company.image_bucket_name(lab.account_id)
    with pytest.raises(ClientError) as caught:
        boto3.client("s3").put_bucket_policy(Bucket=bucket, Policy=policy)
    assert caught.value.response["Error"]["Code"] == "MalformedPolicy"
    sentence = explain(caught.value)
    assert "PutBucketPolicy" in sentence and "json.dumps" in sentence


@pytest.mark.parametrize("endpoint_url", ["http://moto:5000", "https://s3.example.com", "http://localhost:4566"])
@pytest.mark.parametrize("backend", ["moto", "moto-server"])
def test_a_wrong_endpoint_url_is_explained_as_the_endpoint(monkeypatch, endpoint_url, backend):
    """Not "the emulator does not answer s3.ListBuckets": the client's own endpoint_url is the cause."""
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    if endpoint_url.startswith("http://localhost"):  # nothing listens there: a port of this machine's, closed
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            endpoint_url = f"http://localhost:{probe.getsockname()[1]}"
    labs.start("00", backend=backend)
    with pytest.raises(Exception) as caught:
        boto3.client("s3", endpoint_url=endpoint_url).list_buckets()
    english, korean = explain(caught.value, lang="en"), explain(caught.value, lang="ko")
    assert "does not answer" not in english and "응답하지 않고" not in korean
    assert "endpoint_url" in english and "without endpoint_url" in english, english
    assert "endpoint_url 없이" in korean, korean
    assert escapes.one_sentence(english) and escapes.one_sentence(korean)


def test_a_deleted_bucket_is_named_and_the_way_back_given(lab):
    s3 = boto3.client("s3")
    bucket = company.image_bucket_name(lab.account_id)
    for item in s3.list_objects_v2(Bucket=bucket)["Contents"]:
        s3.delete_object(Bucket=bucket, Key=item["Key"])
    s3.delete_bucket(Bucket=bucket)
    assert bucket not in set(lab.check()["resource"])
    grade = lab.grade("8.1")
    assert not grade.done and bucket in grade.message and "labs.start" in grade.message
    with pytest.raises(ClientError) as caught:
        s3.get_bucket_policy(Bucket=bucket)
    assert "labs.start" in explain(caught.value)


@pytest.mark.parametrize("typo, suggestion", [("8.9", "8."), ("81", "8.1"), (" 8.1x", "8.1")])
def test_a_misspelled_exercise_id_lists_the_real_ones(lab, typo, suggestion):
    with pytest.raises(UnknownExerciseError, match="exercises are 8.1, 8.2") as caught:
        lab.grade(typo)
    assert suggestion in str(caught.value)


def test_an_unknown_chapter_lists_the_chapters():
    with pytest.raises(UnknownChapterError, match="the chapters are 00-welcome, .*08-s3") as caught:
        labs.start("08-s4")
    assert "08-s3" in str(caught.value).split("Did you mean")[0]
    assert "Did you mean '08-s3'" in str(caught.value)


def test_an_unknown_backend_names_the_choices(monkeypatch):
    monkeypatch.setenv("LABS_BACKEND", "localstak")
    with pytest.raises(UnknownBackendError, match="set LABS_BACKEND to one of moto, moto-server"):
        labs.start("08")


def test_an_unknown_language_names_the_choices():
    with pytest.raises(labs.LabError, match="lang='ko'"):
        labs.start("08", lang="jp")


def test_an_exercise_that_needs_an_answer_says_so(lab):
    grade = lab.grade("8.7")
    assert not grade.done and "lab.grade('8.7'" in grade.message


@pytest.mark.parametrize("answer", [None, 42, "not a url", "https://example.com/image.png"])
def test_a_wrong_presigned_url_answer_gets_a_sentence(lab, answer):
    grade = lab.grade("8.7", answer)
    assert not grade.done and grade.message.endswith(".")


def test_in_jupyter_a_mistake_is_one_sentence_without_a_traceback(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_cell("import labs; lab = labs.start('08')")
    capsys.readouterr()
    result = shell.run_cell("labs.start('09-nope')")
    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert not result.success
    assert "There is no chapter '09-nope'" in text
    assert "Traceback" not in text and "labs/lab.py" not in text
    bucket = company.image_bucket_name(shell.user_ns["lab"].account_id)
    result = shell.run_cell(f"import boto3; boto3.client('s3').put_bucket_policy(Bucket='{bucket}', Policy='{{')")
    text = "".join(capsys.readouterr())
    assert not result.success and "MalformedPolicy" in text and "Traceback" not in text


def test_mistakes_speak_korean_when_the_lab_does():
    with pytest.raises(UnknownChapterError) as caught:
        labs.start("08-s4", lang="ko")
    assert "챕터는 없습니다" in str(caught.value) and "'08-s3'" in str(caught.value)
    lab = labs.start("08", lang="ko")
    with pytest.raises(UnknownExerciseError, match="실습 번호는 8.1"):
        lab.grade("8.9")
    labs.start("08")


# --- the first mistake in a fresh kernel, and errors from inside the lab (issue 10, item 7) -----------

def test_the_first_mistake_in_a_fresh_kernel_is_one_sentence(tmp_path):
    """The handler comes with `import labs`, not with a successful start; a client made before the
    import is refused in one sentence too, not a traceback after retries."""
    cells = [
        ("import boto3; early = boto3.client('sts', region_name='us-east-1')", "quiet"),
        ("import labs", "quiet"),
        ("labs.start('99')", "mistake"),
        ("labs.start('00', lang='jp')", "mistake"),
        ("labs.start('00', backend='mota')", "mistake"),
        ("boto3.client('sts').get_caller_identity()", "mistake"),
        ("early.get_caller_identity()", "mistake"),
        ("labs.cloudtrail.load('s3://company-trail-logs')", "mistake"),
        ("boto3.Session(profile_name='work').client('s3')", "mistake"),
        ("import labs.progress; labs.progress.parse(None)", "mistake"),  # a failure inside the lab's own code
        ("1 / 0", "traceback"),  # the learner's own mistake keeps its traceback: it points at the learner's line
    ]
    sources = [cell for cell, _ in cells]
    code = ("from IPython.core.interactiveshell import InteractiveShell\nimport sys\nshell = InteractiveShell.instance()\n"
            f"for cell in {sources!r}:\n    print('=== ' + cell, flush=True)\n    print('=== ' + cell, file=sys.stderr, "
            "flush=True)\n    shell.run_cell(cell)\n")
    done = subprocess.run([sys.executable, "-u", "-c", code], capture_output=True, text=True, timeout=300,
                          env={**{k: v for k, v in os.environ.items() if k != "LABS_EXPECT"}, "LABS_HOME": str(tmp_path)},
                          stdin=subprocess.DEVNULL)
    out, err = _per_cell(done.stdout, sources), _per_cell(done.stderr, sources)
    for cell, expected in cells:
        text = out[cell] + err[cell]
        if expected == "quiet":
            assert not text.strip(), (cell, text)
        elif expected == "mistake":
            assert "Mistake:" in err[cell] and "Traceback" not in text and "labs/" not in text, (cell, text)
            assert escapes.one_sentence(err[cell].split("Mistake:", 1)[1]), (cell, err[cell])
        else:
            assert "ZeroDivisionError" in text and "Mistake" not in text, (cell, text)
    assert "could not finish that" in err["import labs.progress; labs.progress.parse(None)"]


def _per_cell(output: str, cells: list) -> dict:
    """What each cell printed, split on the markers printed before it."""
    chunks = output.split("=== ")[1:]
    return {cell: chunk[len(cell):] for cell, chunk in zip(cells, chunks, strict=True)}


# --- every public entry point gets its bad inputs (issue 10, item 8) -----------------------------------

def test_a_message_echoes_only_a_short_excerpt_of_a_long_input(lab):
    long = "x" * 5000
    for call in (lambda: labs.start(long), lambda: labs.start("00", lang=long), lambda: labs.start("00", backend=long),
                 lambda: lab.grade(long), lambda: lab.check(long), lambda: labs.cloudtrail.load(long)):
        with pytest.raises(labs.LabError) as caught:
            call()
        assert len(str(caught.value)) < 400 and "x" * 100 not in str(caught.value)
        assert escapes.one_sentence(caught.value.text["en"])


def test_lab_check_takes_a_list_of_check_ids(lab):
    assert set(lab.check(["s3_bucket_public_access"])["check_id"]) == {"s3_bucket_public_access"}
    for wrong in ([5], [None], [["s3_bucket_public_access", {"a": 1}]], object()):
        with pytest.raises(labs.LabError, match="There is no check") as caught:
            lab.check(wrong)
        assert escapes.one_sentence(caught.value.text["en"])


def _answer_graded_exercises():
    from labs.chapters import all_chapters

    return [(chapter.stem, exercise.id) for chapter in all_chapters() for exercise in chapter.exercises
            if exercise.grader is not None and exercise.needs_answer]


@pytest.mark.parametrize("stem", sorted({stem for stem, _ in _answer_graded_exercises()}))
def test_graders_given_arrays_series_and_wrong_shapes_answer_in_a_sentence(stem, monkeypatch):
    import numpy as np
    import pandas as pd

    monkeypatch.delenv("LABS_EXPECT", raising=False)
    lab = labs.start(stem)
    answers = [np.array([1, 2, 3]), np.array([[True]]), pd.Series([1, None]), pd.DataFrame({"x": [1]}),
               {"wrong": "shape"}, {"Statement": 5}, [], [None, {}], None, float("nan"), "x" * 5000, b"\x00\xff",
               object()]
    for exercise_id in [e for s, e in _answer_graded_exercises() if s == stem]:
        for answer in answers:
            try:
                grade = lab.grade(exercise_id, answer)
            except labs.LabError as error:
                assert escapes.one_sentence(error.text["en"]) and len(str(error)) < 600, (exercise_id, str(error))
            else:
                assert not grade.done and "\n" not in grade.message, (exercise_id, type(answer), grade)


def test_the_cloudtrail_loader_skips_and_names_each_bad_file_and_reads_the_rest(tmp_path):
    import gzip
    import json
    import warnings

    good = {"eventTime": "2026-11-28T15:05:18Z", "eventSource": "s3.amazonaws.com", "eventName": "GetObject",
            "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/sungjin", "userName": "sungjin"}}
    files = {
        "good.json": {"Records": [good, good]},
        "event-time-a-number.json": {"Records": [good, {**good, "eventTime": 1764342318}]},
        "read-only-a-list.json": {"Records": [{**good, "readOnly": ["true"]}]},
        "arn-a-number.json": {"Records": [{**good, "userIdentity": {"type": "AssumedRole", "arn": 5}}]},
        "cloudtrail-event-a-list.json": {"Events": [{"CloudTrailEvent": json.dumps([good])}]},
    }
    for name, document in files.items():
        (tmp_path / name).write_text(json.dumps(document))
    (tmp_path / "deeply-nested.json").write_text("[" * 200_000 + "]" * 200_000)
    (tmp_path / "good-too.json.gz").write_bytes(gzip.compress(json.dumps({"Records": [good]}).encode()))
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        frame = labs.cloudtrail.load(tmp_path)
    skipped = {Path(name).name: why for name, why in frame.attrs["skipped"]}
    assert set(skipped) == set(files) - {"good.json"} | {"deeply-nested.json"}
    assert "eventTime is a number" in skipped["event-time-a-number.json"]
    assert "readOnly is a list" in skipped["read-only-a-list.json"]
    assert "userIdentity.arn is a number" in skipped["arn-a-number.json"]
    assert "not a record" in skipped["cloudtrail-event-a-list.json"] and "too deeply" in skipped["deeply-nested.json"]
    assert len(frame) == 3 and set(frame["source_file"].map(lambda p: Path(p).name)) == {"good.json", "good-too.json.gz"}
    assert len(warned) == 5 and all(Path(w.message.args[0].split(":")[0]).name in skipped for w in warned)


@pytest.mark.parametrize("source, expected", [
    ("x" * 5000, "no file or folder"),  # a path too long for the file system
    ("a\0b", "no file or folder"),
    ("", "no file or folder"),
    (None, "reads a path"),
    (["logs/"], "reads a path"),
    ("s3://", "bucket"),
])
def test_the_cloudtrail_loader_refuses_a_source_it_cannot_read_in_a_sentence(source, expected):
    with pytest.raises(labs.LabError, match=expected) as caught:
        labs.cloudtrail.load(source)
    assert escapes.one_sentence(caught.value.text["en"]) and len(str(caught.value)) < 300


def test_the_cost_loaders_refuse_what_they_cannot_read_in_a_sentence(tmp_path):
    import pandas as pd

    from labs.costs.loaders import from_cost_explorer, from_focus, problems

    empty = tmp_path / "empty.json"
    empty.write_text("")
    empty_csv = tmp_path / "empty.csv"
    empty_csv.write_text("")
    cases = [
        (lambda: from_cost_explorer(tmp_path / "missing.json"), "cannot be read"),
        (lambda: from_cost_explorer(empty), "not JSON"),
        (lambda: from_cost_explorer("{not json"), "not JSON"),
        (lambda: from_cost_explorer({"ResultsByTime": [{"TimePeriod": {"Start": "yesterday"}}]}), "GetCostAndUsage"),
        (lambda: from_cost_explorer({"ResultsByTime": [{"TimePeriod": {"Start": "2024-10-01", "End": "2024-10-02"},
                                                        "Groups": [{"Keys": ["S3"], "Metrics": 5}]}]}), "GetCostAndUsage"),
        (lambda: from_cost_explorer([1, 2]), "GetCostAndUsage"),
        (lambda: from_focus(tmp_path / "missing.csv"), "cannot be read"),
        (lambda: from_focus(empty_csv), "not a CSV"),
        (lambda: from_focus(pd.DataFrame({"Cost": [1.0]})), "no ChargePeriodStart"),
        (lambda: from_focus(pd.DataFrame({"ChargePeriodStart": ["soon"], "ServiceName": ["S3"], "BillingCurrency": ["USD"],
                                          "BilledCost": [1.0], "ProviderName": ["AWS"]})), "not dates"),
        (lambda: from_focus(42), "reads a FOCUS"),
        (lambda: problems([1, 2]), "problems"),
    ]
    for call, expected in cases:
        with pytest.raises(labs.LabError, match=expected) as caught:
            call()
        assert escapes.one_sentence(caught.value.text["en"]), str(caught.value)


def test_labs_check_with_an_emulator_that_does_not_answer_is_one_sentence(monkeypatch, capsys):
    from labs import cli
    from labs.backends import free_loopback_port

    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_loopback_port()}")
    assert cli.main(["check", "--chapter", "08"]) == 2
    err = capsys.readouterr().err
    assert "Nothing answers at http://127.0.0.1:" in err and "Traceback" not in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("port", ["-5", "99999"])
def test_labs_server_refuses_a_port_that_is_not_one_instead_of_hanging(port):
    done = subprocess.run([sys.executable, "-m", "labs.cli", "server", "--port", port], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and "is not a port" in done.stderr and "moto server for the lab" not in done.stdout


def test_labs_server_on_a_port_in_use_says_so_instead_of_hanging():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "labs.cli", "server", "--port", str(port)], capture_output=True,
                              text=True, timeout=60)
    assert done.returncode == 2 and "could not listen" in done.stderr and "moto server for the lab" not in done.stdout


def test_labs_notebooks_out_to_a_file_is_one_sentence(tmp_path, capsys):
    from labs import cli

    target = tmp_path / "notebooks.txt"
    target.write_text("mine")
    assert cli.main(["notebooks", "--out", str(target)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err and target.read_text() == "mine"
    assert cli.main(["notebooks", "--solutions", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
