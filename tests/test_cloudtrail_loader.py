"""labs.cloudtrail.load on real CloudTrail exports (data/cloudtrail/, written by others), on the
lab's own trail, and on the awkward files real folders hold."""

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

import labs
from labs import company
from labs.cloudtrail import load
from labs.cloudtrail.loader import CloudTrailLoadWarning

DATA = Path(__file__).resolve().parents[1] / "data" / "cloudtrail"
MALFORMED = "aws.execution.ec2-user-data.json"


def test_every_shipped_file_loads_and_the_malformed_one_is_reported_by_name():
    with pytest.warns(CloudTrailLoadWarning, match=MALFORMED):
        frame = load(DATA)
    assert [Path(name).name for name, _ in frame.attrs["skipped"]] == [MALFORMED]
    counts = frame.groupby(frame["source_file"].map(lambda p: Path(p).name), observed=True).size().to_dict()
    assert counts == {
        "awsdocs_example_records.json": 18,
        "panther_cloudtrail_test_events.json": 453,
        "aws.credential-access.secretsmanager-retrieve-secrets.json": 10,
        "aws.defense-evasion.cloudtrail-delete.json": 1,
        "aws.exfiltration.ec2-share-ebs-snapshot.json": 1,
    }


@pytest.mark.parametrize("path", sorted(p for p in DATA.rglob("*.json") if p.name != MALFORMED), ids=lambda p: p.name)
def test_each_real_file_gives_utc_times_and_the_nested_fields(path):
    frame = load(path)
    records = json.loads(path.read_text())["Records"]
    assert len(frame) == len(records)
    assert str(frame["eventTime"].dtype) == "datetime64[ns, UTC]" or str(frame["eventTime"].dtype).endswith("UTC]")
    # Every time that is written as a date parses (panther's tests also hold None and 'redacted').
    written = [isinstance(r.get("eventTime"), str) and r["eventTime"][:1].isdigit() for r in records]
    assert frame["eventTime"].notna().tolist() == written
    first = records[0]
    assert frame["userIdentity.type"].iloc[0] == (first.get("userIdentity") or {}).get("type")
    assert frame["eventID"].iloc[0] == first.get("eventID")


def test_insight_events_without_an_event_name_do_not_break_it():
    frame = load(DATA / "awsdocs")
    insights = frame[frame["eventType"] == "AwsCloudTrailInsight"]
    assert len(insights) == 2 and insights["eventName"].isna().all() and insights["actor"].isna().all()


def test_panther_labels_line_up_with_the_events():
    frame = load(DATA / "panther-labelled")
    labels = pd.read_csv(DATA / "panther-labelled" / "panther_cloudtrail_test_labels.csv")
    assert len(frame) == len(labels) == 453
    assert (frame["eventName"].fillna("") == labels["eventName"].fillna("")).all()
    assert labels["expected"].sum() == 208


def test_a_hunter_can_filter_on_identity_fields():
    frame = load(DATA / "awsdocs")
    root = frame[frame["userIdentity.type"] == "Root"]
    assert len(root) and (root["actor"] == "root").all()
    failed = frame[frame["errorMessage"].notna()]
    assert "Failed authentication" in set(failed["errorMessage"])
    stratus = load(DATA / "stratus-zmallen" / "aws.defense-evasion.cloudtrail-delete.json")
    assert stratus["userIdentity.sessionContext.attributes.mfaAuthenticated"].iloc[0] is True or bool(
        stratus["userIdentity.sessionContext.attributes.mfaAuthenticated"].iloc[0])
    assert stratus["actor"].iloc[0] == "account-admin/christophe.tafanidereeper"


def test_gzip_digest_empty_jsonl_and_lookup_output(tmp_path):
    records = json.loads((DATA / "awsdocs" / "awsdocs_example_records.json").read_text())["Records"][:3]
    (tmp_path / "a.json.gz").write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "empty.json.gz").write_bytes(gzip.compress(b""))
    digest = tmp_path / "AWSLogs" / "1" / "CloudTrail-Digest" / "d.json.gz"
    digest.parent.mkdir(parents=True)
    digest.write_bytes(gzip.compress(json.dumps({"digestStartTime": "2026-01-01T00:00:00Z", "logFiles": []}).encode()))
    (tmp_path / "lines.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    (tmp_path / "lookup.json").write_text(json.dumps({"Events": [{"CloudTrailEvent": json.dumps(r)} for r in records]}))
    (tmp_path / "broken.json.gz").write_bytes(b"\x1f\x8bnot really gzip")
    with pytest.warns(CloudTrailLoadWarning, match="broken.json.gz"):
        frame = load(tmp_path)
    assert len(frame) == 9
    assert [Path(n).name for n, _ in frame.attrs["skipped"]] == ["broken.json.gz"]


def test_an_empty_folder_gives_an_empty_frame_with_the_columns(tmp_path):
    frame = load(tmp_path)
    assert frame.empty and "eventName" in frame.columns and "userIdentity.arn" in frame.columns


def test_a_missing_path_is_a_sentence():
    with pytest.raises(labs.LabError, match="no file or folder"):
        load("/no/such/folder")


def test_it_reads_the_trails_bucket(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    lab = labs.start("03-cloudtrail")
    frame = load(f"s3://{company.cloudtrail_bucket_name(lab.account_id)}")
    assert list(frame["eventName"])[-1] == "StopLogging"
    assert set(frame["actor"]) == {"colleague"}
    assert frame["source_file"].str.startswith("s3://").all()


# Every shape CloudTrail records travel in (issue 12) -------------------------------------------------

def _docs_records(count=3):
    return json.loads((DATA / "awsdocs" / "awsdocs_example_records.json").read_text())["Records"][:count]


def test_json_lines_of_record_batches_give_one_row_per_record(tmp_path):
    """Each line a {"Records": [...]} batch (what many exporters write): not one empty row per line."""
    records = _docs_records(6)
    (tmp_path / "batches.jsonl").write_text("\n".join(json.dumps({"Records": records[i:i + 3]}) for i in (0, 3)))
    frame = load(tmp_path / "batches.jsonl")
    assert len(frame) == 6 and list(frame["eventName"].fillna("")) == [r.get("eventName", "") for r in records]
    assert frame["eventTime"].notna().all() and frame.attrs["skipped"] == []


@pytest.fixture(scope="module")
def eventbridge_messages():
    """What the lab's own EventBridge delivers to an SQS target, as chapter 03 sets it up."""
    import os

    import boto3

    previous = os.environ.pop("LABS_EXPECT", None)
    try:
        lab = labs.start("03-cloudtrail")
        events, sqs = boto3.client("events"), boto3.client("sqs")
        queue_url = sqs.create_queue(QueueName="changes")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        events.put_rule(Name="changes", EventPattern=json.dumps({"detail-type": ["AWS API Call via CloudTrail"]}))
        events.put_targets(Rule="changes", Targets=[{"Id": "queue", "Arn": queue_arn}])
        cloudtrail = boto3.client("cloudtrail")
        trail_arn = cloudtrail.describe_trails()["trailList"][0]["TrailARN"]
        cloudtrail.add_tags(ResourceId=trail_arn, TagsList=[{"Key": "owner", "Value": "security"}])
        cloudtrail.remove_tags(ResourceId=trail_arn, TagsList=[{"Key": "owner"}])
        answer = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)
        assert lab.account_id
        return answer
    finally:
        if previous is not None:
            os.environ["LABS_EXPECT"] = previous


def test_an_eventbridge_event_saved_to_a_file_gives_its_record(tmp_path, eventbridge_messages):
    """The issue's case: "AWS API Call via CloudTrail" with the record in `detail`: today 0 rows, no word."""
    bodies = [m["Body"] for m in eventbridge_messages["Messages"]]
    event = json.loads(bodies[0])
    assert event["detail-type"] == "AWS API Call via CloudTrail"
    (tmp_path / "event.json").write_text(bodies[0])
    frame = load(tmp_path / "event.json")
    assert len(frame) == 1 and frame["eventName"].iloc[0] == event["detail"]["eventName"]
    assert frame["actor"].iloc[0] == event["detail"]["userIdentity"]["userName"]
    assert str(frame["eventTime"].dtype).endswith("UTC]")


def test_eventbridge_events_as_a_list_as_lines_and_as_sqs_output(tmp_path, eventbridge_messages):
    bodies = [m["Body"] for m in eventbridge_messages["Messages"]]
    names = sorted(json.loads(b)["detail"]["eventName"] for b in bodies)
    assert {"AddTags", "RemoveTags"} <= set(names)
    (tmp_path / "list.json").write_text(json.dumps([json.loads(b) for b in bodies]))
    (tmp_path / "lines.jsonl").write_text("\n".join(bodies))
    (tmp_path / "sqs.json").write_text(json.dumps({"Messages": eventbridge_messages["Messages"]}, default=str))
    for name in ("list.json", "lines.jsonl", "sqs.json"):
        frame = load(tmp_path / name)
        assert sorted(frame["eventName"]) == names, name


def test_an_eventbridge_event_of_another_kind_is_named_not_dropped(tmp_path):
    other = {"version": "0", "id": "1", "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",
             "account": "123456789012", "time": "2026-11-28T15:05:18Z", "region": "ap-northeast-2", "resources": [],
             "detail": {"instance-id": "i-0123", "state": "running"}}
    records = _docs_records(2)
    (tmp_path / "mixed.json").write_text(json.dumps([*records, other]))
    with pytest.warns(CloudTrailLoadWarning, match="mixed.json: 1 item that is not CloudTrail records"):
        frame = load(tmp_path / "mixed.json")
    assert len(frame) == 2 and frame.attrs["skipped"] == []
    assert [Path(n).name for n, _ in frame.attrs["left_out"]] == ["mixed.json"]


def test_json_that_holds_no_records_is_named(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"Trails": [{"Name": "t"}]}))
    (tmp_path / "ok.json").write_text(json.dumps({"Records": _docs_records(1)}))
    with pytest.warns(CloudTrailLoadWarning, match="config.json: valid JSON, but no CloudTrail records"):
        frame = load(tmp_path)
    assert len(frame) == 1 and [Path(n).name for n, _ in frame.attrs["skipped"]] == ["config.json"]


def test_the_warning_speaks_korean(tmp_path):
    from labs import language

    (tmp_path / "config.json").write_text(json.dumps({"Trails": []}))
    language.set_current("ko")
    try:
        with pytest.warns(CloudTrailLoadWarning, match="CloudTrail 레코드가 없습니다"):
            load(tmp_path)
    finally:
        language.set_current("en")


IDENTITIES = [
    ({"type": "Root", "principalId": "111122223333", "arn": "arn:aws:iam::111122223333:root", "accountId": "111122223333"},
     "root"),
    ({"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": "arn:aws:iam::111122223333:user/anaya",
      "accountId": "111122223333", "userName": "anaya"}, "anaya"),
    ({"type": "AssumedRole", "principalId": "AROAEXAMPLE:sungjin", "arn": "arn:aws:sts::111122223333:assumed-role/Admin/sungjin",
      "accountId": "111122223333", "sessionContext": {"sessionIssuer": {"type": "Role", "userName": "Admin"}}}, "Admin/sungjin"),
    ({"type": "FederatedUser", "principalId": "111122223333:Alice", "arn": "arn:aws:sts::111122223333:federated-user/Alice",
      "accountId": "111122223333", "sessionContext": {"sessionIssuer": {"type": "IAMUser", "userName": "Bob"}}},
     "federated-user/Alice"),
    ({"type": "AWSAccount", "principalId": "AIDAOTHER", "accountId": "444455556666"}, "account/444455556666"),
    ({"type": "AWSService", "invokedBy": "cloudtrail.amazonaws.com"}, "cloudtrail.amazonaws.com"),
    ({"type": "Unknown", "principalId": "AIDAUNKNOWN", "accountId": "111122223333", "userName": "HIDDEN_DUE_TO_SECURITY_REASONS"},
     "HIDDEN_DUE_TO_SECURITY_REASONS"),
    ({"type": "Unknown", "principalId": "AIDAUNKNOWN", "accountId": "111122223333"}, "AIDAUNKNOWN"),
    ({"type": "IdentityCenterUser", "accountId": "111122223333",
      "onBehalfOf": {"userId": "544894e8-80c1-707f-60e3-3ba6510dfac1",
                     "identityStoreArn": "arn:aws:identitystore::111122223333:identitystore/d-9067642ac7"},
      "credentialId": "EXAMPLE"}, "identity-center-user/544894e8-80c1-707f-60e3-3ba6510dfac1"),
    ({"type": "SAMLUser", "principalId": "SampleUkh1i4+ExamplexL/jEvs=:SamlExample", "userName": "SamlExample"}, "SamlExample"),
    ({"type": "WebIdentityUser", "principalId": "accounts.google.com:app:user-1", "userName": "user-1"}, "user-1"),
    # An anonymous S3 caller: an unsigned GetObject on a public bucket (the issue's case).
    ({"type": "AWSAccount", "principalId": "", "accountId": "ANONYMOUS_PRINCIPAL"}, "anonymous"),
    ({"type": "Unknown", "principalId": "ANONYMOUS_PRINCIPAL", "accountId": "ANONYMOUS_PRINCIPAL"}, "anonymous"),
]


def test_every_user_identity_type_gets_an_actor_that_names_the_caller(tmp_path):
    base = _docs_records(1)[0]
    records = [{**base, "eventName": f"Call{i}", "userIdentity": identity} for i, (identity, _) in enumerate(IDENTITIES)]
    # Repeated and interleaved, as in a real file: the actor is worked out once per distinct identity.
    (tmp_path / "identities.json").write_text(json.dumps({"Records": records + records[::-1]}))
    frame = load(tmp_path / "identities.json")
    expected = [actor for _, actor in IDENTITIES]
    assert list(frame["actor"]) == expected + expected[::-1]


def test_the_shipped_real_logs_name_an_actor_for_every_caller():
    with pytest.warns(CloudTrailLoadWarning, match=MALFORMED):
        frame = load(DATA)
    with_identity = frame["userIdentity.type"].notna()
    assert frame.loc[with_identity, "actor"].notna().all()
    assert (frame.loc[frame["userIdentity.accountId"] == "ANONYMOUS_PRINCIPAL", "actor"] == "anonymous").all()
