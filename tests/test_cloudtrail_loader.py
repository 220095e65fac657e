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
