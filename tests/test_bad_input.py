"""Learners make mistakes: each one gets a sentence that says what is wrong and what to try."""

import boto3
import pytest
from botocore.exceptions import ClientError

import labs
from labs import company
from labs.display import explain
from labs.errors import UnknownBackendError, UnknownChapterError, UnknownExerciseError


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
