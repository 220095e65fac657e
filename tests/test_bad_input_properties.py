"""Random inputs at every public entry point (hypothesis): each either works or raises a LabError
whose message is one sentence, in both languages, echoing at most a short excerpt of the input.
Never another exception, never a traceback from inside `labs`."""

import json
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labs
import labs.language
from labs import chapters
from labs.costs import loaders
from tests import escapes

PROPERTIES = settings(max_examples=int(os.environ.get("LABS_PROPERTY_EXAMPLES", "60")), deadline=None, database=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                             HealthCheck.filter_too_much])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
odd_things = st.one_of(
    json_values,
    st.text(min_size=300, max_size=3000),
    st.binary(max_size=40),
    st.builds(np.array, st.lists(st.integers(), max_size=4)),
    st.builds(pd.Series, st.lists(st.integers() | st.none(), max_size=4), dtype=st.just(object)),
    st.builds(lambda columns: pd.DataFrame({c: [1] for c in columns}), st.lists(st.text(max_size=8), max_size=3)),
    st.just(object()),
)


def _is_sentence(error: labs.LabError, given_value=None) -> None:
    text = error.text
    assert escapes.one_sentence(text["en"]) or text["en"].startswith("There is no chapter"), text["en"]
    assert text["ko"] and "\n" not in text["ko"] and "Traceback" not in text["ko"]
    assert len(str(error)) < 700, str(error)
    if isinstance(given_value, str) and len(given_value) > 200:
        assert given_value[:120] not in str(error), "the message echoes the whole input"


def _is_not_a_chapter(value) -> bool:
    try:
        chapters.find(value)
    except labs.LabError:
        return True
    return False


@pytest.fixture(scope="module")
def lab():
    os.environ.pop("LABS_EXPECT", None)
    return labs.start("08-s3")


@PROPERTIES
@given(chapter=odd_things.filter(_is_not_a_chapter), lang=st.none() | odd_things,
       backend=st.none() | st.just("moto") | odd_things.filter(
           lambda b: not (isinstance(b, str) and b in ("moto-server", "localstack"))))
def test_start_with_anything(chapter, lang, backend):
    try:
        with pytest.raises(labs.LabError) as caught:
            labs.start(chapter, lang=lang, backend=backend)
        _is_sentence(caught.value, chapter)
    finally:
        labs.language.set_current(None)  # a valid lang= sets the lab's language even when the chapter is wrong


@PROPERTIES
@given(ids=st.lists(odd_things | st.sampled_from(["s3_bucket_public_access", "kms_cmk_rotation_enabled"]), max_size=3))
def test_check_with_anything(lab, ids):
    try:
        findings = lab.check(*ids)
    except labs.LabError as error:
        _is_sentence(error)
    else:
        assert set(findings.columns) >= {"status", "check_id", "resource"}


@PROPERTIES
@given(exercise=st.sampled_from(["8.1", "8.2", "8.7", "8.9", 8.1, None]) | odd_things,
       answer=st.just(labs.Lab._NO_ANSWER) | odd_things)
def test_grade_with_anything(lab, exercise, answer):
    try:
        grade = lab.grade(exercise) if answer is labs.Lab._NO_ANSWER else lab.grade(exercise, answer)
    except labs.LabError as error:
        _is_sentence(error, exercise if isinstance(exercise, str) else None)
    else:
        assert isinstance(grade.done, bool) and "\n" not in grade.message


record_fields = st.fixed_dictionaries({}, optional={
    "eventTime": st.text(max_size=25) | json_values,
    "eventSource": st.sampled_from(["s3.amazonaws.com", "iam.amazonaws.com"]) | json_values,
    "eventName": st.text(max_size=10) | json_values,
    "readOnly": st.sampled_from([True, False, "true", "false"]) | json_values,
    "managementEvent": json_values,
    "errorCode": json_values,
    "eventType": st.just("AwsApiCall") | json_values,
    "userIdentity": json_values | st.fixed_dictionaries({}, optional={
        "type": st.sampled_from(["IAMUser", "AssumedRole", "Root", "AWSService"]) | json_values,
        "arn": st.just("arn:aws:iam::123456789012:user/sungjin") | json_values,
        "userName": json_values, "invokedBy": json_values, "principalId": json_values,
        "sessionContext": json_values | st.fixed_dictionaries({}, optional={
            "sessionIssuer": json_values, "attributes": json_values | st.fixed_dictionaries(
                {}, optional={"mfaAuthenticated": json_values})}),
    }),
    "requestParameters": json_values,
})
documents = st.one_of(
    st.builds(lambda records: {"Records": records}, st.lists(record_fields, max_size=4)),
    st.lists(record_fields, max_size=3),
    record_fields,
    st.builds(lambda events: {"Events": events}, st.lists(st.one_of(
        st.builds(lambda r: {"CloudTrailEvent": json.dumps(r)}, record_fields | json_values),
        st.builds(lambda t: {"CloudTrailEvent": t}, st.text(max_size=20)), json_values), max_size=3)),
    json_values,
)
files = st.one_of(st.builds(lambda d: json.dumps(d).encode(), documents), st.binary(max_size=200),
                  st.builds(lambda lines: "\n".join(json.dumps(d) for d in lines).encode(), st.lists(documents, max_size=3)))


@PROPERTIES
@given(contents=st.lists(files, min_size=1, max_size=4))
def test_the_cloudtrail_loader_reads_or_names_every_file(tmp_path_factory, contents):
    folder = tmp_path_factory.mktemp("logs")
    for number, content in enumerate(contents):
        (folder / f"{number}.json").write_bytes(content)
    frame = labs.cloudtrail.load(folder, quiet=True)
    read = set(frame["source_file"].astype(str)) if len(frame) else set()
    skipped = {name for name, _ in frame.attrs["skipped"]}
    assert not read & skipped, "a file is either read (perhaps with items left out) or skipped whole"
    assert {name for name, _ in frame.attrs["left_out"]} <= read | {str(p) for p in folder.iterdir()}
    assert str(frame["eventTime"].dtype).startswith("datetime64")
    for column in ("readOnly", "managementEvent"):
        assert str(frame[column].dtype) == "boolean"


@PROPERTIES
@given(source=odd_things.filter(lambda s: not (isinstance(s, (str, bytes)) and s and os.path.exists(s))))
def test_the_cloudtrail_loader_with_any_source(source):
    if isinstance(source, str) and not source.startswith("s3://") and source.strip():
        source = "/nonexistent-labs-test/" + source  # never a real folder: loading "/" would read the machine
    try:
        labs.cloudtrail.load(source, quiet=True)
    except labs.LabError as error:
        _is_sentence(error, source if isinstance(source, str) else None)


@PROPERTIES
@given(response=odd_things | st.builds(lambda r: {"ResultsByTime": r}, st.lists(json_values | st.fixed_dictionaries(
    {"TimePeriod": st.fixed_dictionaries({"Start": st.sampled_from(["2024-10-01", "x"]) | json_values,
                                          "End": st.sampled_from(["2024-10-02", "2024-11-01"]) | json_values})},
    optional={"Groups": json_values, "Total": json_values}), max_size=3)),
    metric=st.just("UnblendedCost") | odd_things)
def test_the_cost_explorer_loader_with_anything(response, metric):
    if isinstance(response, str) and not response.lstrip().startswith("{"):
        response = "/nonexistent-labs-test/" + response[:100]
    try:
        frame = loaders.from_cost_explorer(response, metric=metric)
    except labs.LabError as error:
        _is_sentence(error)
    else:
        loaders.problems(frame)


@PROPERTIES
@given(columns=st.dictionaries(st.sampled_from(["ChargePeriodStart", "ServiceName", "BillingCurrency", "BilledCost",
                                                "ProviderName"]) | st.text(max_size=6),
                               st.lists(json_values, min_size=2, max_size=2), max_size=6),
       provider=st.just("AWS") | st.none() | odd_things)
def test_the_focus_loader_with_anything(columns, provider):
    try:
        frame = loaders.from_focus(pd.DataFrame(columns, dtype=object), provider=provider)
    except labs.LabError as error:
        _is_sentence(error)
    else:
        loaders.problems(frame)


@PROPERTIES
@given(argv=st.tuples(st.sampled_from(["check", "progress", "chapters"]),
                      st.lists(st.sampled_from(["--chapter", "--json", "--lang", "--markdown", "08", "ko", "99"])
                               | st.text(max_size=12), max_size=3)))
def test_the_labs_command_with_anything(argv, capsys):
    from labs import cli

    try:
        code = cli.main([argv[0], *argv[1]])
    except SystemExit as stop:  # argparse's own usage message, two lines, no traceback
        assert stop.code == 2
        return
    err = capsys.readouterr().err
    assert code in (0, 2) and "Traceback" not in err
