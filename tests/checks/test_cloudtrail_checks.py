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
