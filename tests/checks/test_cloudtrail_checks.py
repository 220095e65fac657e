"""CloudTrail checks: a PASS test and a FAIL test each, against the emulator."""

import json

import pytest

from labs import company
from labs.checks import (
    cloudtrail_kms_encryption_enabled,
    cloudtrail_log_file_validation_enabled,
    cloudtrail_logs_s3_bucket_is_not_publicly_accessible,
    cloudtrail_multi_region_enabled,
)
from tests.conftest import findings_for, status_of

TRAIL = company.TRAIL_NAME


@pytest.fixture
def trail(account):
    """The company's trail as the colleague made it: this region only, logging, nothing else."""
    company.create_trail(account)
    account.cloudtrail = account.client("cloudtrail")
    return TRAIL


# cloudtrail_multi_region_enabled ----------------------------------------------------------------

def test_cloudtrail_multi_region_enabled_pass_with_a_logging_multi_region_trail(account, trail):
    account.cloudtrail.update_trail(Name=trail, IsMultiRegionTrail=True)
    [finding] = findings_for(cloudtrail_multi_region_enabled, account.account_id, account)
    assert finding.status == "PASS" and trail in finding.message["en"]


def test_cloudtrail_multi_region_enabled_fail_without_any_trail(account):
    [finding] = findings_for(cloudtrail_multi_region_enabled, account.account_id, account)
    assert finding.status == "FAIL" and "90 days" in finding.message["en"]


def test_cloudtrail_multi_region_enabled_fail_with_a_single_region_trail(account, trail):
    [finding] = findings_for(cloudtrail_multi_region_enabled, account.account_id, account)
    assert finding.status == "FAIL" and "covers only" in finding.message["en"]


def test_cloudtrail_multi_region_enabled_fail_when_the_multi_region_trail_stopped_logging(account, trail):
    account.cloudtrail.update_trail(Name=trail, IsMultiRegionTrail=True)
    account.cloudtrail.stop_logging(Name=trail)
    [finding] = findings_for(cloudtrail_multi_region_enabled, account.account_id, account)
    assert finding.status == "FAIL" and "not logging" in finding.message["en"]


def _multi_region(account, trail, **selectors):
    account.cloudtrail.update_trail(Name=trail, IsMultiRegionTrail=True)
    if selectors:
        account.cloudtrail.put_event_selectors(TrailName=trail, **selectors)
    [finding] = findings_for(cloudtrail_multi_region_enabled, account.account_id, account)
    return finding


MANAGEMENT = {"Field": "eventCategory", "Equals": ["Management"]}
S3_DATA = [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]


@pytest.mark.parametrize("selectors", [
    {"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True}]},
    {"EventSelectors": [{"ReadWriteType": "ReadOnly"}, {"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}]},
    {"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True,
                         "ExcludeManagementEventSources": ["kms.amazonaws.com"]}]},
    {"AdvancedEventSelectors": [{"Name": "management", "FieldSelectors": [MANAGEMENT]}]},
    {"AdvancedEventSelectors": [{"Name": "reads", "FieldSelectors": [MANAGEMENT, {"Field": "readOnly", "Equals": ["true"]}]},
                                {"Name": "writes", "FieldSelectors": [MANAGEMENT, {"Field": "readOnly", "Equals": ["false"]}]},
                                {"Name": "objects", "FieldSelectors": S3_DATA}]},
], ids=["classic-all", "classic-read-plus-write", "classic-excluding-kms", "advanced-management", "advanced-read-and-write"])
def test_cloudtrail_multi_region_enabled_pass_with_selectors_that_keep_read_and_write_management_events(
        account, trail, selectors):
    finding = _multi_region(account, trail, **selectors)
    assert finding.status == "PASS" and "read and write management events" in finding.message["en"]


@pytest.mark.parametrize("selectors, words", [
    ({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": False,
                          "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}]},
     "logs no management events"),
    ({"EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}]},
     "logs only write management events"),
    ({"EventSelectors": [{"ReadWriteType": "ReadOnly", "IncludeManagementEvents": True}]},
     "logs only read management events"),
    ({"AdvancedEventSelectors": [{"Name": "objects only", "FieldSelectors": S3_DATA}]}, "logs no management events"),
    ({"AdvancedEventSelectors": [{"Name": "writes", "FieldSelectors": [MANAGEMENT, {"Field": "readOnly", "Equals": ["false"]}]}]},
     "logs only write management events"),
], ids=["classic-no-management", "classic-write-only", "classic-read-only", "advanced-no-management", "advanced-write-only"])
def test_cloudtrail_multi_region_enabled_fail_when_selectors_leave_management_events_out(account, trail, selectors, words):
    """The issue's case: a logging multi-region trail whose selectors log no, or only write, management
    events does not meet CIS 3.1 / CloudTrail.1."""
    finding = _multi_region(account, trail, **selectors)
    assert finding.status == "FAIL" and f"{trail} {words}" in finding.message["en"]
    assert "관리 이벤트" in finding.message["ko"]


def test_cloudtrail_multi_region_enabled_pass_when_classic_selectors_replace_advanced_ones(account, trail):
    """moto keeps the old advanced selectors when classic ones are put; AWS replaces them. The classic
    ones are in force."""
    _multi_region(account, trail, AdvancedEventSelectors=[{"Name": "objects only", "FieldSelectors": S3_DATA}])
    finding = _multi_region(account, trail, EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}])
    assert finding.status == "PASS"


# cloudtrail_log_file_validation_enabled --------------------------------------------------------

def test_cloudtrail_log_file_validation_enabled_pass_when_on(account, trail):
    account.cloudtrail.update_trail(Name=trail, EnableLogFileValidation=True)
    assert status_of(cloudtrail_log_file_validation_enabled, trail, account) == "PASS"


def test_cloudtrail_log_file_validation_enabled_fail_by_default(account, trail):
    assert status_of(cloudtrail_log_file_validation_enabled, trail, account) == "FAIL"


# cloudtrail_kms_encryption_enabled -------------------------------------------------------------

def test_cloudtrail_kms_encryption_enabled_pass_with_the_customer_managed_key(account, trail):
    key_arn = account.client("kms").describe_key(KeyId=company.CLOUDTRAIL_KEY_ALIAS)["KeyMetadata"]["Arn"]
    account.cloudtrail.update_trail(Name=trail, KmsKeyId=key_arn)
    [finding] = findings_for(cloudtrail_kms_encryption_enabled, trail, account)
    assert finding.status == "PASS" and key_arn in finding.message["en"]


def test_cloudtrail_kms_encryption_enabled_fail_without_a_key(account, trail):
    assert status_of(cloudtrail_kms_encryption_enabled, trail, account) == "FAIL"


# cloudtrail_logs_s3_bucket_is_not_publicly_accessible -------------------------------------------

def _open_log_bucket(account, block_public_access=False):
    s3, bucket = account.s3, company.cloudtrail_bucket_name(account.account_id)
    settings = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={k: block_public_access for k in settings})
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    policy["Statement"].append({"Sid": "Anyone", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                "Resource": f"arn:aws:s3:::{bucket}/*"})
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


def test_cloudtrail_logs_s3_bucket_is_not_publicly_accessible_pass_with_only_cloudtrail_statements(account, trail):
    # The bucket policy names the service principal cloudtrail.amazonaws.com: that is not the public.
    assert status_of(cloudtrail_logs_s3_bucket_is_not_publicly_accessible, trail, account) == "PASS"


def test_cloudtrail_logs_s3_bucket_is_not_publicly_accessible_pass_when_block_public_access_overrides(account, trail):
    _open_log_bucket(account, block_public_access=True)
    assert status_of(cloudtrail_logs_s3_bucket_is_not_publicly_accessible, trail, account) == "PASS"


def test_cloudtrail_logs_s3_bucket_is_not_publicly_accessible_fail_with_a_public_statement(account, trail):
    _open_log_bucket(account)
    [finding] = findings_for(cloudtrail_logs_s3_bucket_is_not_publicly_accessible, trail, account)
    assert finding.status == "FAIL" and "Anyone" in finding.message["en"] and "Anyone" in finding.message["ko"]
