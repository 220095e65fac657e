"""Chapter 03's mutation table (see conftest.py)."""

import json
from pathlib import Path

import boto3
import pandas as pd
import pytest

import labs
from labs import company
from labs.inventory.s3 import BLOCK_PUBLIC_ACCESS_ALL_ON as ALL_ON
from labs.policy import public_grant, parse
from tests.graders.conftest import Case, assert_verdict, ids

TRAIL = company.TRAIL_NAME
DATA = Path(__file__).resolve().parents[2] / "data" / "cloudtrail"


def bucket_of(lab):
    return company.cloudtrail_bucket_name(lab.account_id)


def trail_arn(lab, name=TRAIL):
    return f"arn:aws:cloudtrail:{lab.region}:{lab.account_id}:trail/{name}"


def key_of(lab):
    return boto3.client("kms").describe_key(KeyId=company.CLOUDTRAIL_KEY_ALIAS)["KeyMetadata"]


# 3.1 --------------------------------------------------------------------------------------------

def answer(value):
    return lambda lab: value(lab) if callable(value) else value


def looked_up_username(lab):
    stops = boto3.client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "StopLogging"}])["Events"]
    return stops[0]["Username"]


def stop_logging_record(lab):
    stops = boto3.client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "StopLogging"}])["Events"]
    return json.loads(stops[0]["CloudTrailEvent"])


CASES_3_1 = [
    Case("3.1", "the worked answer", looked_up_username, True, "colleague stopped the trail", answers=True),
    Case("3.1", "with a newline from copying", answer("colleague\n"), True, answers=True),
    Case("3.1", "the user's ARN from userIdentity", lambda lab: stop_logging_record(lab)["userIdentity"]["arn"],
         True, answers=True),
    Case("3.1", "capitalised (IAM user names are unique regardless of case)", answer("Colleague"), True, answers=True),
    Case("3.1", "the learner's own name", answer("sungjin"), False, "did not stop the trail", answers=True),
    Case("3.1", "the access key id", lambda lab: stop_logging_record(lab)["userIdentity"]["accessKeyId"], False,
         "access key", answers=True),
    Case("3.1", "the event's name", answer("StopLogging"), False, "did not stop the trail", answers=True),
    Case("3.1", "a list of user names", answer(["colleague"]), False, "as a string", answers=True),
    Case("3.1", "nothing (the stub)", answer(None), False, "as a string", answers=True),
]


# 3.2 --------------------------------------------------------------------------------------------

def multi_region_and_logging(name=TRAIL):
    def apply(lab):
        cloudtrail = boto3.client("cloudtrail")
        cloudtrail.update_trail(Name=name(lab) if callable(name) else name, IsMultiRegionTrail=True)
        cloudtrail.start_logging(Name=name(lab) if callable(name) else name)
    return apply


def logging_first(lab):
    cloudtrail = boto3.client("cloudtrail")
    cloudtrail.start_logging(Name=TRAIL)
    cloudtrail.update_trail(Name=TRAIL, IsMultiRegionTrail=True)


def with_selectors(**selectors):
    def apply(lab):
        multi_region_and_logging()(lab)
        boto3.client("cloudtrail").put_event_selectors(TrailName=TRAIL, **selectors)
    return apply


def only_multi_region(lab):
    boto3.client("cloudtrail").update_trail(Name=TRAIL, IsMultiRegionTrail=True)


def only_logging(lab):
    boto3.client("cloudtrail").start_logging(Name=TRAIL)


def a_new_trail(lab, name="company-trail", **settings):
    """A new multi-region trail logging into a bucket of its own, with the policy CloudTrail needs."""
    s3, bucket = boto3.client("s3"), f"company-trail-logs-{lab.account_id}"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": lab.region})
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(
        company.cloudtrail_bucket_policy(bucket, lab.account_id, lab.region, trail=name)))
    cloudtrail = boto3.client("cloudtrail")
    cloudtrail.create_trail(Name=name, S3BucketName=bucket, IsMultiRegionTrail=True, **settings)
    cloudtrail.start_logging(Name=name)


MANAGEMENT_ONLY = [{"Name": "Management events", "FieldSelectors": [
    {"Field": "eventCategory", "Equals": ["Management"]}]}]
BUCKET_DATA = [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::some-bucket/"]}]

CASES_3_2 = [
    Case("3.2", "the worked answer", multi_region_and_logging(), True, "records every region"),
    Case("3.2", "logging first, then every region", logging_first, True),
    Case("3.2", "the trail named by its ARN", multi_region_and_logging(trail_arn), True),
    Case("3.2", "advanced selectors for every management event", with_selectors(
        AdvancedEventSelectors=MANAGEMENT_ONLY), True),
    Case("3.2", "management events and one bucket's data events", with_selectors(EventSelectors=[
        {"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": BUCKET_DATA}]), True),
    Case("3.2", "every region, never started", only_multi_region, False, "is not logging"),
    Case("3.2", "started, still one region", only_logging, False, "covers only ap-northeast-2"),
    Case("3.2", "a new multi-region trail, the colleague's left stopped", a_new_trail, False, "another trail logging"),
    Case("3.2", "write events only", with_selectors(EventSelectors=[
        {"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}]), False, "only write management events"),
    Case("3.2", "data events instead of management events", with_selectors(EventSelectors=[
        {"ReadWriteType": "All", "IncludeManagementEvents": False, "DataResources": BUCKET_DATA}]), False,
        "leave out management events"),
    Case("3.2", "advanced selectors for data events only", with_selectors(AdvancedEventSelectors=[
        {"Name": "S3 data", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]},
                                               {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]}]),
        False, "leave out management events"),
]


# 3.3 --------------------------------------------------------------------------------------------

def validation(name=TRAIL, **more):
    def apply(lab):
        boto3.client("cloudtrail").update_trail(Name=name(lab) if callable(name) else name,
                                                EnableLogFileValidation=True, **more)
    return apply


def versioning_instead(lab):
    boto3.client("s3").put_bucket_versioning(Bucket=bucket_of(lab), VersioningConfiguration={"Status": "Enabled"})


def recreated_without_validation(lab):
    cloudtrail = boto3.client("cloudtrail")
    validation()(lab)
    cloudtrail.delete_trail(Name=TRAIL)
    cloudtrail.create_trail(Name=TRAIL, S3BucketName=bucket_of(lab), IsMultiRegionTrail=True)
    cloudtrail.start_logging(Name=TRAIL)


def recreated_with_validation(lab):
    cloudtrail = boto3.client("cloudtrail")
    cloudtrail.delete_trail(Name=TRAIL)
    cloudtrail.create_trail(Name=TRAIL, S3BucketName=bucket_of(lab), EnableLogFileValidation=True)


CASES_3_3 = [
    Case("3.3", "the worked answer", validation(), True, "validates its log files"),
    Case("3.3", "the trail named by its ARN", validation(trail_arn), True),
    Case("3.3", "with 3.2 in the same call", validation(IsMultiRegionTrail=True), True),
    Case("3.3", "the trail re-created with validation", recreated_with_validation, True),
    Case("3.3", "validation on a new trail instead", lambda lab: a_new_trail(lab, EnableLogFileValidation=True),
         False, "log file validation off"),
    Case("3.3", "bucket versioning instead", versioning_instead, False, "log file validation off"),
    Case("3.3", "the trail re-created without it", recreated_without_validation, False, "log file validation off"),
]


# 3.4 --------------------------------------------------------------------------------------------

def rotation(key=lambda lab: key_of(lab)["KeyId"], **more):
    def apply(lab):
        boto3.client("kms").enable_key_rotation(KeyId=key(lab), **more)
    return apply


def rotated_once(lab):
    boto3.client("kms").rotate_key_on_demand(KeyId=key_of(lab)["KeyId"])


def rotation_on_a_new_key(lab):
    kms = boto3.client("kms")
    kms.enable_key_rotation(KeyId=kms.create_key(Description="CloudTrail logs, new")["KeyMetadata"]["KeyId"])


CASES_3_4 = [
    Case("3.4", "the worked answer", rotation(), True, "rotates its key material"),
    Case("3.4", "the key named by its ARN", rotation(lambda lab: key_of(lab)["Arn"]), True),
    Case("3.4", "every 365 days, said explicitly", rotation(RotationPeriodInDays=365), True),
    Case("3.4", "every 90 days", rotation(RotationPeriodInDays=90), True),
    Case("3.4", "rotated once, on demand", rotated_once, False, "never rotates"),
    Case("3.4", "rotation on a new key instead", rotation_on_a_new_key, False, "never rotates"),
]


# 3.5 --------------------------------------------------------------------------------------------

def trail_key(named):
    def apply(lab):
        boto3.client("cloudtrail").update_trail(Name=TRAIL, KmsKeyId=named(lab))
    return apply


def new_key(policy=None, region=None):
    def named(lab):
        kms = boto3.client("kms", region_name=region or lab.region)
        extra = {"Policy": json.dumps(policy(lab))} if policy else {}
        return kms.create_key(Description="CloudTrail log files", **extra)["KeyMetadata"]["Arn"]
    return named


def colleague_key_with_policy(change):
    def named(lab):
        kms, key = boto3.client("kms"), key_of(lab)
        kms.put_key_policy(KeyId=key["KeyId"], PolicyName="default",
                           Policy=json.dumps(change(lab, company.cloudtrail_key_policy(lab.account_id, lab.region))))
        return key["Arn"]
    return named


def without_cloudtrail(lab, policy):
    policy["Statement"] = [s for s in policy["Statement"] if s["Sid"] != "Allow CloudTrail to encrypt logs"]
    return policy


def for_trails_of(account):
    def change(lab, policy):
        for statement in policy["Statement"]:
            if statement["Sid"] == "Allow CloudTrail to encrypt logs":
                statement["Condition"] = {"StringLike": {
                    "kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{account}:trail/*"}}
        return policy
    return change


def pinned_to_trail(name):
    def change(lab, policy):
        for statement in policy["Statement"]:
            if statement["Sid"] == "Allow CloudTrail to encrypt logs":
                statement["Condition"] = {"StringEquals": {"aws:SourceArn": trail_arn(lab, name)}}
        return policy
    return change


def disabled_colleague_key(lab):
    key = key_of(lab)
    boto3.client("kms").disable_key(KeyId=key["KeyId"])
    return key["Arn"]


CASES_3_5 = [
    Case("3.5", "the worked answer (the key's ARN)", trail_key(lambda lab: key_of(lab)["Arn"]), True,
         "CloudTrail may encrypt"),
    Case("3.5", "the key by its id", trail_key(lambda lab: key_of(lab)["KeyId"]), True),
    Case("3.5", "the key by its alias", trail_key(lambda lab: company.CLOUDTRAIL_KEY_ALIAS), True),
    Case("3.5", "the key by its alias ARN", trail_key(
        lambda lab: f"arn:aws:kms:{lab.region}:{lab.account_id}:{company.CLOUDTRAIL_KEY_ALIAS}"), True),
    Case("3.5", "a new key with CloudTrail's key policy (the console's way)", trail_key(new_key(
        lambda lab: company.cloudtrail_key_policy(lab.account_id, lab.region))), True),
    Case("3.5", "the colleague's key, its CloudTrail statement pinned to this trail", trail_key(
        colleague_key_with_policy(pinned_to_trail(TRAIL))), True),
    Case("3.5", "a brand-new key with the default key policy", trail_key(new_key()), False,
         "InsufficientEncryptionPolicyException"),
    Case("3.5", "the colleague's key without its CloudTrail statement", trail_key(
        colleague_key_with_policy(without_cloudtrail)), False, "does not let CloudTrail encrypt"),
    Case("3.5", "a key whose policy serves another account's trails", trail_key(
        colleague_key_with_policy(for_trails_of("999999999999"))), False, "does not let CloudTrail encrypt"),
    Case("3.5", "a key whose policy serves another trail", trail_key(
        colleague_key_with_policy(pinned_to_trail("some-other-trail"))), False, "does not let CloudTrail encrypt"),
    Case("3.5", "a key in another region", trail_key(new_key(
        lambda lab: company.cloudtrail_key_policy(lab.account_id, lab.region), region="us-east-1")), False,
        "a key in us-east-1"),
    Case("3.5", "the alias without alias/", trail_key(lambda lab: "community-app-cloudtrail"), False,
         "no KMS key of this account"),
    Case("3.5", "the colleague's key, disabled", trail_key(disabled_colleague_key), False, "Disabled"),
]


# 3.6 --------------------------------------------------------------------------------------------

def put_statements(lab, keep, *more):
    s3 = boto3.client("s3")
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket_of(lab))["Policy"])
    policy["Statement"] = [s for s in policy["Statement"] if keep(s)] + [m(lab) for m in more]
    s3.put_bucket_policy(Bucket=bucket_of(lab), Policy=json.dumps(policy))


def not_contractor(statement):
    return statement["Sid"] != "ContractorCanReadLogs"


def bucket_block(**off):
    def apply(lab):
        boto3.client("s3").put_public_access_block(Bucket=bucket_of(lab),
                                                   PublicAccessBlockConfiguration={**ALL_ON, **off})
    return apply


def close(keep=not_contractor, *more, block=None):
    def apply(lab):
        put_statements(lab, keep, *more)
        (block or bucket_block())(lab)
    return apply


def account_block(lab):
    boto3.client("s3control").put_public_access_block(AccountId=lab.account_id, PublicAccessBlockConfiguration=ALL_ON)


def contractor(lab, **changes):
    statement = {"Sid": "ContractorCanReadLogs", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": f"arn:aws:s3:::{bucket_of(lab)}/*"}
    return {**statement, **changes}


def policy_deleted(lab):
    boto3.client("s3").delete_bucket_policy(Bucket=bucket_of(lab))
    bucket_block()(lab)


CASES_3_6 = [
    Case("3.6", "the worked answer", close(), True, "No statement of the log bucket's policy"),
    Case("3.6", "every statement that allows everyone removed (judged by the engine)", close(
        lambda s: public_grant(parse({"Statement": [s]}).statements[0]) is None), True),
    Case("3.6", "the account's Block Public Access instead of the bucket's", close(block=account_block), True),
    Case("3.6", "the contractor given a role of the account instead", close(
        not_contractor, lambda lab: contractor(lab, Sid="ContractorRoleReadsLogs", Principal={
            "AWS": f"arn:aws:iam::{lab.account_id}:role/contractor-log-reader"})), True),
    Case("3.6", "Block Public Access on, the statement left", bucket_block(), False, "only hides"),
    Case("3.6", "the statement removed, Block Public Access left off", lambda lab: put_statements(lab, not_contractor),
         False, "Block Public Access is not all on"),
    Case("3.6", "RestrictPublicBuckets left off", close(block=bucket_block(RestrictPublicBuckets=False)), False,
         "RestrictPublicBuckets"),
    Case("3.6", "the whole bucket policy deleted", policy_deleted, False, "CloudTrail can no longer write"),
    Case("3.6", "only CloudTrail's statements kept (the TLS deny dropped)", close(
        lambda s: s["Sid"].startswith("AWSCloudTrail")), False, "no longer refuses plain HTTP"),
    Case("3.6", "the contractor's principal written as {AWS: *}", close(
        not_contractor, lambda lab: contractor(lab, Principal={"AWS": "*"})), False, "lets the public in"),
    Case("3.6", "the contractor's statement limited to two halves of the internet", close(
        not_contractor, lambda lab: contractor(lab, Condition={
            "IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"]}})), False, "ContractorCanReadLogs"),
]


# 3.7 --------------------------------------------------------------------------------------------

def lock(retention=None, versioning=True, bucket=bucket_of):
    def apply(lab):
        s3 = boto3.client("s3")
        if versioning:
            s3.put_bucket_versioning(Bucket=bucket(lab), VersioningConfiguration={"Status": "Enabled"})
        configuration = {"ObjectLockEnabled": "Enabled"}
        if retention:
            configuration["Rule"] = {"DefaultRetention": retention}
        s3.put_object_lock_configuration(Bucket=bucket(lab), ObjectLockConfiguration=configuration)
    return apply


def in_two_steps(lab):
    lock()(lab)
    lock({"Mode": "COMPLIANCE", "Days": 365}, versioning=False)(lab)


def a_new_locked_bucket(lab):
    name = f"community-app-locked-logs-{lab.account_id}"
    boto3.client("s3").create_bucket(Bucket=name, ObjectLockEnabledForBucket=True,
                                     CreateBucketConfiguration={"LocationConstraint": lab.region})
    lock({"Mode": "COMPLIANCE", "Days": 365}, bucket=lambda lab: name)(lab)


CASES_3_7 = [
    Case("3.7", "the worked answer", lock({"Mode": "COMPLIANCE", "Days": 365}), True, "compliance mode for 365 days"),
    Case("3.7", "one year", lock({"Mode": "COMPLIANCE", "Years": 1}), True),
    Case("3.7", "400 days", lock({"Mode": "COMPLIANCE", "Days": 400}), True),
    Case("3.7", "the lock first, its retention in a second call", in_two_steps, True),
    Case("3.7", "governance mode, 365 days", lock({"Mode": "GOVERNANCE", "Days": 365}), False, "GOVERNANCE mode"),
    Case("3.7", "compliance mode, 30 days", lock({"Mode": "COMPLIANCE", "Days": 30}), False, "30 days"),
    Case("3.7", "Object Lock without a default retention", lock(), False, "no default retention"),
    Case("3.7", "versioning only", versioning_instead, False, "has no Object Lock"),
    Case("3.7", "a new locked bucket instead of the log bucket", a_new_locked_bucket, False, "has no Object Lock"),
]


# 3.8 --------------------------------------------------------------------------------------------

def trail_logs(lab):
    """3.2 done, the refused CreateTrail calls of the chapter made, the trail's logs loaded."""
    multi_region_and_logging()(lab)
    s3, cloudtrail = boto3.client("s3"), boto3.client("cloudtrail")
    plain = f"plain-bucket-{lab.account_id}"
    s3.create_bucket(Bucket=plain, CreateBucketConfiguration={"LocationConstraint": lab.region})
    for bucket in (f"no-such-bucket-{lab.account_id}", plain):
        try:
            cloudtrail.create_trail(Name="second-trail", S3BucketName=bucket)
        except cloudtrail.exceptions.ClientError:
            pass
    return labs.cloudtrail.load(f"s3://{bucket_of(lab)}", quiet=True)


def from_logs(select):
    return lambda lab: select(trail_logs(lab))


def lookup_frame(lab):
    trail_logs(lab)
    return pd.DataFrame(boto3.client("cloudtrail").lookup_events()["Events"])


def not_logging(lab):
    """The refused calls made while the trail is still stopped (3.2 not done)."""
    logs = labs.cloudtrail.load(f"s3://{bucket_of(lab)}", quiet=True)
    return logs[logs["errorCode"].notna()] if "errorCode" in logs else logs


CASES_3_8 = [
    Case("3.8", "the worked answer", from_logs(lambda logs: logs[logs["errorCode"].notna()]), True,
         "All 2 failed calls", answers=True),
    Case("3.8", "dropna on errorCode, index reset", from_logs(
        lambda logs: logs.dropna(subset=["errorCode"]).reset_index(drop=True)), True, answers=True),
    Case("3.8", "a few columns only", from_logs(
        lambda logs: logs.loc[~logs["errorCode"].isna(), ["eventID", "eventName", "errorCode"]]), True, answers=True),
    Case("3.8", "query()", from_logs(lambda logs: logs.query("errorCode.notna()", engine="python")), True,
         answers=True),
    Case("3.8", "every row", from_logs(lambda logs: logs), False, "you passed", answers=True),
    Case("3.8", "AccessDenied only", from_logs(lambda logs: logs[logs["errorCode"] == "AccessDenied"]), False,
         "you passed 0 rows", answers=True),
    Case("3.8", "the first failed call only", from_logs(lambda logs: logs[logs["errorCode"].notna()].head(1)), False,
         "you passed 1 rows", answers=True),
    Case("3.8", "errorCode compared with an empty string", from_logs(lambda logs: logs[logs["errorCode"] != ""]),
         False, "you passed", answers=True),
    Case("3.8", "the failed calls of the real logs in data/", from_logs(lambda logs: (
        lambda real: real[real["errorCode"].notna()])(labs.cloudtrail.load(DATA / "awsdocs", quiet=True))), False,
        "not in your trail's log files", answers=True),
    Case("3.8", "event history's events instead of the logs", lookup_frame, False, "eventID column", answers=True),
    Case("3.8", "before the trail logs again", not_logging, False, "management events", answers=True),
    Case("3.8", "nothing (the stub)", answer(None), False, "Pass a DataFrame", answers=True),
]

CASES = CASES_3_1 + CASES_3_2 + CASES_3_3 + CASES_3_4 + CASES_3_5 + CASES_3_6 + CASES_3_7 + CASES_3_8


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_chapter_03(fresh, case):
    lab = fresh("03-cloudtrail")
    assert_verdict(lab, case)


def test_the_mutation_table_covers_every_exercise():
    from labs.chapters import find

    for exercise in find("03").exercises:
        cases = [c for c in CASES if c.exercise == exercise.id]
        assert sum(c.done for c in cases) >= 2 and sum(not c.done for c in cases) >= 2, exercise.id
