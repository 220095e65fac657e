"""The lab's CloudTrail: records in the real schema, event history (LookupEvents), log files
delivered to the trail's bucket, EventBridge, and the bad input CloudTrail refuses."""

import gzip
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

import labs
from labs import company
from labs.cloudtrail import delivery, event_history, recorder

DATA = Path(__file__).resolve().parents[1] / "data" / "cloudtrail"
KEY_LAYOUT = re.compile(
    r"^AWSLogs/(\d{12})/CloudTrail/([a-z0-9-]+)/(\d{4})/(\d{2})/(\d{2})/\1_CloudTrail_\2_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$"
)


@pytest.fixture
def lab(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    return labs.start("03-cloudtrail")


def fix_trail(lab):
    cloudtrail = boto3.client("cloudtrail")
    cloudtrail.update_trail(Name=company.TRAIL_NAME, IsMultiRegionTrail=True)
    cloudtrail.start_logging(Name=company.TRAIL_NAME)
    return cloudtrail


def log_records(lab, prefix=""):
    s3 = lab.client("s3")
    bucket = company.cloudtrail_bucket_name(lab.account_id)
    delivery.deliver_pending()
    keys = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
            for o in p.get("Contents", [])]
    bodies = [gzip.decompress(s3.get_object(Bucket=bucket, Key=k)["Body"].read()) for k in keys]
    return keys, [r for body in bodies for r in json.loads(body)["Records"]]


def real_api_call_records():
    records = json.loads((DATA / "awsdocs" / "awsdocs_example_records.json").read_text())["Records"]
    records += json.loads((DATA / "stratus-zmallen" / "aws.defense-evasion.cloudtrail-delete.json").read_text())["Records"]
    return [r for r in records if r.get("eventType") == "AwsApiCall"]


# --- records ----------------------------------------------------------------------------------

def test_a_learner_call_is_recorded_in_the_real_schema(lab):
    boto3.client("s3").create_bucket(Bucket="learner-made-this", CreateBucketConfiguration={"LocationConstraint": lab.region})
    [record] = [r for r in event_history.records(lab.region) if r["eventName"] == "CreateBucket"
                and r["requestParameters"]["bucketName"] == "learner-made-this"]
    real_fields = set().union(*(r.keys() for r in real_api_call_records()))
    assert set(record) <= real_fields | {"eventCategory"}, set(record) - real_fields
    for field in ("eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
                  "sourceIPAddress", "userAgent", "requestParameters", "responseElements", "requestID",
                  "eventID", "readOnly", "eventType", "managementEvent", "recipientAccountId", "eventCategory"):
        assert field in record, field
    identity = record["userIdentity"]
    assert identity["type"] == "IAMUser" and identity["userName"] == "sungjin"
    assert identity["arn"] == f"arn:aws:iam::{lab.account_id}:user/sungjin" and identity["accountId"] == lab.account_id
    assert identity["accessKeyId"].startswith("ASIA")
    assert identity["sessionContext"]["attributes"]["mfaAuthenticated"] == "true"
    assert record["eventSource"] == "s3.amazonaws.com" and record["awsRegion"] == lab.region
    assert record["readOnly"] is False and record["managementEvent"] is True and record["eventType"] == "AwsApiCall"
    assert datetime.strptime(record["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
    assert record["userAgent"].startswith("Boto3/")
    assert "errorCode" not in record


def test_a_failed_call_is_recorded_with_its_error(lab):
    with pytest.raises(ClientError):
        boto3.client("s3").get_bucket_policy(Bucket="no-such-bucket-here")
    [record] = [r for r in event_history.records(lab.region) if r["eventName"] == "GetBucketPolicy" and "errorCode" in r]
    assert record["errorCode"] == "NoSuchBucket" and record["errorMessage"]
    assert record["responseElements"] is None and record["readOnly"] is True


def test_secrets_and_payloads_never_reach_a_record(lab):
    boto3.client("iam").create_user(UserName="dana")
    boto3.client("iam").create_login_profile(UserName="dana", Password="Very-Secret-123!")
    [record] = [r for r in event_history.records("us-east-1") if r["eventName"] == "CreateLoginProfile"]
    assert record["requestParameters"]["password"] == recorder.HIDDEN
    assert "Very-Secret" not in json.dumps(event_history.records())


def test_the_colleague_made_the_mistakes_and_the_lab_itself_is_not_recorded(lab):
    users = {r["userIdentity"]["userName"] for r in event_history.records(lab.region)}
    assert users == {"colleague"}
    before = len(event_history.records())
    lab.check()
    lab.grade("3.3")
    assert len(event_history.records()) == before


def test_global_services_are_recorded_in_us_east_1(lab):
    boto3.client("iam").create_user(UserName="erin")
    [record] = [r for r in event_history.records() if r["eventName"] == "CreateUser"]
    assert record["awsRegion"] == "us-east-1" and record["eventSource"] == "iam.amazonaws.com"
    assert record["responseElements"]["user"]["userName"] == "erin"


# --- event history --------------------------------------------------------------------------

def test_lookup_events_answers_like_cloudtrail(lab):
    cloudtrail = boto3.client("cloudtrail")
    [event] = cloudtrail.lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "StopLogging"}])["Events"]
    assert event["Username"] == "colleague" and event["ReadOnly"] == "false"
    assert event["Resources"] == [{"ResourceType": "AWS::CloudTrail::Trail", "ResourceName": company.TRAIL_NAME}]
    assert json.loads(event["CloudTrailEvent"])["eventID"] == event["EventId"]
    assert event["EventTime"].tzinfo is not None


def test_lookup_events_is_newest_first_paginated_and_regional(lab):
    cloudtrail = boto3.client("cloudtrail")
    for _ in range(7):
        cloudtrail.describe_trails()
    recorded = len(event_history.records(lab.region))
    pages = list(cloudtrail.get_paginator("lookup_events").paginate(PaginationConfig={"PageSize": 3}))
    events = [e for page in pages for e in page["Events"]]
    assert len(pages) > 2 and all(len(p["Events"]) <= 3 for p in pages[:-1])
    times = [e["EventTime"] for e in events]
    assert times == sorted(times, reverse=True)
    assert events[0]["EventName"] == "DescribeTrails"
    assert len(events) == recorded and len({e["EventId"] for e in events}) == recorded
    assert boto3.client("cloudtrail", region_name="eu-west-1").lookup_events()["Events"] == []


@pytest.mark.parametrize("attribute, value, expected", [
    ("Username", "colleague", "StopLogging"),
    ("ResourceName", company.TRAIL_NAME, "StopLogging"),
    ("ResourceType", "AWS::KMS::Key", "DisableKeyRotation"),
    ("EventSource", "kms.amazonaws.com", "DisableKeyRotation"),
    ("ReadOnly", "false", "StopLogging"),
    ("AccessKeyId", recorder.COLLEAGUE.access_key_id, "StopLogging"),
])
def test_lookup_attributes(lab, attribute, value, expected):
    events = boto3.client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": attribute, "AttributeValue": value}])["Events"]
    assert events and events[0]["EventName"] == expected


def test_lookup_events_by_time_range_and_event_id(lab):
    cloudtrail = boto3.client("cloudtrail")
    [stop] = cloudtrail.lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "StopLogging"}])["Events"]
    before = cloudtrail.lookup_events(EndTime=stop["EventTime"] - timedelta(seconds=1))["Events"]
    assert before and "StopLogging" not in {e["EventName"] for e in before}
    cloudtrail.describe_trails()
    since = cloudtrail.lookup_events(StartTime=datetime.now(timezone.utc) - timedelta(minutes=5))["Events"]
    # This test's own calls: the two lookups above, then DescribeTrails, newest first.
    assert [e["EventName"] for e in since] == ["DescribeTrails", "LookupEvents", "LookupEvents"]
    [same] = cloudtrail.lookup_events(
        LookupAttributes=[{"AttributeKey": "EventId", "AttributeValue": since[0]["EventId"]}])["Events"]
    assert same["EventName"] == "DescribeTrails"


def test_the_colleagues_week_is_spread_over_the_days_the_story_gives(lab):
    """The trail made eight days ago, the contractor's statement last week, the trail stopped
    yesterday: event history and the log files tell that week, one call a few seconds after another."""
    records = event_history.records(lab.region)
    times = [datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc) for r in records]
    assert times == sorted(times) and len(set(times)) == len(times)
    today = datetime.now(timezone.utc).date()
    day = {r["eventName"]: (today - t.date()).days for r, t in zip(records, times, strict=True)}
    assert day["CreateTrail"] == 8 and day["PutBucketPolicy"] == 6 and day["StopLogging"] == 1
    keys, delivered = log_records(lab)
    assert {k.split("/CloudTrail/")[1][len(lab.region) + 1:][:10] for k in keys} == {
        (today - timedelta(days=n)).strftime("%Y/%m/%d") for n in (8, 6, 1)}
    assert [r["eventTime"] for r in delivered] == sorted(r["eventTime"] for r in delivered)


def test_the_story_clock_stops_when_the_world_is_built(lab):
    boto3.client("cloudtrail").describe_trails()
    newest = event_history.records(lab.region)[-1]
    written = datetime.strptime(newest["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert abs(datetime.now(timezone.utc) - written) < timedelta(minutes=5)


@pytest.mark.parametrize("kwargs, code", [
    ({"LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "A"},
                           {"AttributeKey": "Username", "AttributeValue": "B"}]}, "InvalidLookupAttributesException"),
    ({"LookupAttributes": [{"AttributeKey": "Colour", "AttributeValue": "A"}]}, "InvalidLookupAttributesException"),
    ({"MaxResults": 51}, "InvalidMaxResultsException"),
    ({"StartTime": datetime(2026, 2, 1), "EndTime": datetime(2026, 1, 1)}, "InvalidTimeRangeException"),
    ({"NextToken": "not-a-token"}, "InvalidNextTokenException"),
])
def test_lookup_events_refuses_what_cloudtrail_refuses(lab, kwargs, code):
    with pytest.raises(ClientError) as caught:
        boto3.client("cloudtrail").lookup_events(**kwargs)
    assert caught.value.response["Error"]["Code"] == code


def test_event_history_keeps_90_days(lab):
    old = dict(event_history.records(lab.region)[0], eventTime="2000-01-01T00:00:00Z", eventID="old-one")
    event_history.add(old)
    events = boto3.client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": "EventId", "AttributeValue": "old-one"}])["Events"]
    assert events == []


# --- delivery ---------------------------------------------------------------------------------

def test_the_trail_delivers_gzipped_records_under_the_real_key_layout(lab):
    keys, records = log_records(lab)
    assert keys and all(KEY_LAYOUT.match(k) for k in keys), keys
    # The colleague's calls while the trail was logging, ending with its own StopLogging.
    assert records[0]["eventName"] == "StartLogging" and records[-1]["eventName"] == "StopLogging"
    assert {r["userIdentity"]["userName"] for r in records} == {"colleague"}


def test_nothing_is_delivered_after_stop_logging(lab):
    before, _ = log_records(lab)
    boto3.client("s3").list_buckets()
    after, _ = log_records(lab)
    assert after == before


def test_a_multi_region_trail_delivers_every_region_and_encrypts_with_its_key(lab):
    cloudtrail = fix_trail(lab)
    key_arn = boto3.client("kms").describe_key(KeyId=company.CLOUDTRAIL_KEY_ALIAS)["KeyMetadata"]["Arn"]
    cloudtrail.update_trail(Name=company.TRAIL_NAME, KmsKeyId=key_arn)
    boto3.client("sqs", region_name="eu-west-1").list_queues()
    boto3.client("iam").list_users()
    keys, records = log_records(lab)
    regions = {KEY_LAYOUT.match(k).group(2) for k in keys}
    assert {"ap-northeast-2", "eu-west-1", "us-east-1"} <= regions
    newest = keys[-1]
    head = lab.client("s3").head_object(Bucket=company.cloudtrail_bucket_name(lab.account_id), Key=newest)
    assert head["ServerSideEncryption"] == "aws:kms" and head["SSEKMSKeyId"] == key_arn


def test_a_single_region_trail_delivers_only_its_region(lab):
    cloudtrail = boto3.client("cloudtrail")
    cloudtrail.start_logging(Name=company.TRAIL_NAME)
    boto3.client("sqs", region_name="eu-west-1").list_queues()
    _, records = log_records(lab)
    assert {r["awsRegion"] for r in records} == {lab.region}


def test_s3_data_events_only_when_the_selectors_ask(lab):
    cloudtrail = fix_trail(lab)
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="data-events-here", CreateBucketConfiguration={"LocationConstraint": lab.region})
    s3.put_object(Bucket="data-events-here", Key="before.txt", Body=b"1")
    cloudtrail.put_event_selectors(TrailName=company.TRAIL_NAME, EventSelectors=[{
        "ReadWriteType": "All", "IncludeManagementEvents": True,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::data-events-here/"]}]}])
    s3.put_object(Bucket="data-events-here", Key="after.txt", Body=b"2")
    s3.get_object(Bucket="data-events-here", Key="after.txt")
    _, records = log_records(lab)
    data = [r for r in records if r["eventCategory"] == "Data"]
    assert [(r["eventName"], r["requestParameters"]["key"]) for r in data] == [
        ("PutObject", "after.txt"), ("GetObject", "after.txt")]
    assert data[0]["resources"][0] == {"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::data-events-here/after.txt"}
    assert data[0]["managementEvent"] is False
    # Data events never reach event history.
    assert not [r for r in event_history.records() if r["eventName"] in ("PutObject", "GetObject")]


def test_the_labs_own_delivery_calls_are_not_recorded(lab):
    fix_trail(lab)
    log_records(lab)
    assert not [r for r in event_history.records() if r["eventName"] in ("PutObject", "ListObjectsV2", "GetObject")]


def test_a_locked_log_file_cannot_be_deleted(lab):
    fix_trail(lab)
    s3, bucket = boto3.client("s3"), company.cloudtrail_bucket_name(lab.account_id)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 365}}})
    boto3.client("kms").list_keys()
    listed = s3.list_object_versions(Bucket=bucket)["Versions"]
    locked = [v for v in listed if s3.head_object(Bucket=bucket, Key=v["Key"], VersionId=v["VersionId"]).get("ObjectLockMode")]
    assert locked
    with pytest.raises(ClientError) as caught:
        s3.delete_object(Bucket=bucket, Key=locked[0]["Key"], VersionId=locked[0]["VersionId"])
    assert caught.value.response["Error"]["Code"] == "AccessDenied"


# --- EventBridge ------------------------------------------------------------------------------

def test_management_events_reach_an_eventbridge_rule(lab):
    events, sqs = boto3.client("events"), boto3.client("sqs")
    queue = sqs.create_queue(QueueName="trail-changes")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="trail-changes", EventPattern=json.dumps({
        "source": ["aws.cloudtrail"], "detail-type": ["AWS API Call via CloudTrail"],
        "detail": {"eventName": ["StartLogging", "StopLogging"]}}))
    events.put_targets(Rule="trail-changes", Targets=[{"Id": "queue", "Arn": arn}])
    cloudtrail = fix_trail(lab)
    cloudtrail.describe_trails()
    messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
    bodies = [json.loads(m["Body"]) for m in messages]
    assert [b["detail"]["eventName"] for b in bodies] == ["StartLogging"]
    assert bodies[0]["detail-type"] == "AWS API Call via CloudTrail" and bodies[0]["source"] == "aws.cloudtrail"
    assert bodies[0]["detail"]["userIdentity"]["userName"] == "sungjin"


# --- bad input --------------------------------------------------------------------------------

def test_a_trail_to_a_missing_bucket_is_refused_and_recorded(lab):
    with pytest.raises(ClientError) as caught:
        boto3.client("cloudtrail").create_trail(Name="second-trail", S3BucketName="no-such-log-bucket")
    assert caught.value.response["Error"]["Code"] == "S3BucketDoesNotExistException"
    [record] = [r for r in event_history.records(lab.region) if r["eventName"] == "CreateTrail" and "errorCode" in r]
    assert record["errorCode"] == "S3BucketDoesNotExistException"


def test_pointing_a_trail_at_a_missing_bucket_is_refused(lab):
    with pytest.raises(ClientError) as caught:
        boto3.client("cloudtrail").update_trail(Name=company.TRAIL_NAME, S3BucketName="no-such-log-bucket")
    assert caught.value.response["Error"]["Code"] == "S3BucketDoesNotExistException"


def test_a_trail_to_a_bucket_without_the_cloudtrail_policy_is_refused(lab):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="plain-bucket-no-policy", CreateBucketConfiguration={"LocationConstraint": lab.region})
    with pytest.raises(ClientError) as caught:
        boto3.client("cloudtrail").create_trail(Name="second-trail", S3BucketName="plain-bucket-no-policy")
    assert caught.value.response["Error"]["Code"] == "InsufficientS3BucketPolicyException"
    assert caught.value.response["Error"]["Message"] == (
        "Incorrect S3 bucket policy is detected for bucket: plain-bucket-no-policy")


def test_a_trail_to_a_bucket_with_the_cloudtrail_policy_is_created(lab):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="second-log-bucket", CreateBucketConfiguration={"LocationConstraint": lab.region})
    # The company's policy names its own trail in aws:SourceArn: CloudTrail refuses it for another trail.
    policy = company.cloudtrail_bucket_policy("second-log-bucket", lab.account_id, lab.region)
    s3.put_bucket_policy(Bucket="second-log-bucket", Policy=json.dumps(policy))
    with pytest.raises(ClientError) as caught:
        boto3.client("cloudtrail").create_trail(Name="second-trail", S3BucketName="second-log-bucket")
    assert caught.value.response["Error"]["Code"] == "InsufficientS3BucketPolicyException"
    policy = company.cloudtrail_bucket_policy("second-log-bucket", lab.account_id, lab.region, trail="second-trail")
    s3.put_bucket_policy(Bucket="second-log-bucket", Policy=json.dumps(policy))
    created = boto3.client("cloudtrail").create_trail(Name="second-trail", S3BucketName="second-log-bucket")
    assert created["Name"] == "second-trail"
    # ...but not under a prefix the policy does not cover.
    with pytest.raises(ClientError) as caught:
        boto3.client("cloudtrail").update_trail(Name="second-trail", S3KeyPrefix="elsewhere")
    assert caught.value.response["Error"]["Code"] in ("InsufficientS3BucketPolicyException",)


def test_later_chapters_start_with_the_trail_logging(monkeypatch):
    # How fast is measured in benchmarks/run.py, never asserted here.
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    lab = labs.start("08-s3")
    status = lab.client("cloudtrail").get_trail_status(Name=company.TRAIL_NAME)
    assert status["IsLogging"] is True
    assert event_history.records(lab.region)  # chapter 08's colleague, recorded
