"""Every check: a PASS test and a FAIL test against the emulator, named test_<check id>_pass... and
test_<check id>_fail... (tests/test_check_definitions.py holds every check to that)."""

import json

from labs.checks import (
    s3_account_level_public_access_blocks,
    s3_bucket_acl_prohibited,
    s3_bucket_kms_encryption,
    s3_bucket_level_public_access_block,
    s3_bucket_object_lock,
    s3_bucket_public_access,
    s3_bucket_secure_transport_policy,
)
from tests.conftest import findings_for, status_of

ALL_ON = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}


def _policy(account, *statements):
    account.s3.put_bucket_policy(
        Bucket=account.image_bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    )


def _public_read(bucket, **extra):
    return {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*", **extra}


# s3_bucket_public_access ------------------------------------------------------------------------

def test_s3_bucket_public_access_pass_when_nothing_is_granted(account):
    assert status_of(s3_bucket_public_access, account.image_bucket, account) == "PASS"


def test_s3_bucket_public_access_pass_when_the_condition_narrows_anyone(account):
    _policy(account, _public_read(account.image_bucket, Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}))
    assert status_of(s3_bucket_public_access, account.image_bucket, account) == "PASS"


def test_s3_bucket_public_access_pass_when_account_block_overrides_a_public_policy(account):
    _policy(account, _public_read(account.image_bucket))
    account.client("s3control").put_public_access_block(AccountId=account.account_id, PublicAccessBlockConfiguration=ALL_ON)
    assert status_of(s3_bucket_public_access, account.image_bucket, account) == "PASS"


def test_s3_bucket_public_access_fail_with_a_public_policy(account):
    _policy(account, _public_read(account.image_bucket, Sid="Everyone"))
    [finding] = findings_for(s3_bucket_public_access, account.image_bucket, account)
    assert finding.status == "FAIL" and "Everyone" in finding.message["en"]


def test_s3_bucket_public_access_fail_with_a_public_acl(account):
    account.s3.put_bucket_ownership_controls(
        Bucket=account.image_bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    )
    account.s3.put_bucket_acl(Bucket=account.image_bucket, ACL="authenticated-read")
    [finding] = findings_for(s3_bucket_public_access, account.image_bucket, account)
    assert finding.status == "FAIL" and "AuthenticatedUsers" in finding.message["en"]


def test_s3_bucket_public_access_pass_when_acls_are_disabled_whatever_the_grants(account):
    account.s3.put_bucket_acl(Bucket=account.image_bucket, ACL="public-read")
    account.s3.put_bucket_ownership_controls(
        Bucket=account.image_bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    )
    assert status_of(s3_bucket_public_access, account.image_bucket, account) == "PASS"


# s3_bucket_level_public_access_block --------------------------------------------------------------

def test_s3_bucket_level_public_access_block_pass_with_all_four(account):
    account.s3.put_public_access_block(Bucket=account.image_bucket, PublicAccessBlockConfiguration=ALL_ON)
    assert status_of(s3_bucket_level_public_access_block, account.image_bucket, account) == "PASS"


def test_s3_bucket_level_public_access_block_fail_with_one_off(account):
    account.s3.put_public_access_block(
        Bucket=account.image_bucket, PublicAccessBlockConfiguration={**ALL_ON, "RestrictPublicBuckets": False}
    )
    [finding] = findings_for(s3_bucket_level_public_access_block, account.image_bucket, account)
    assert finding.status == "FAIL" and "RestrictPublicBuckets" in finding.message["en"]


def test_s3_bucket_level_public_access_block_fail_without_configuration(account):
    assert status_of(s3_bucket_level_public_access_block, account.image_bucket, account) == "FAIL"


# s3_account_level_public_access_blocks ------------------------------------------------------------

def test_s3_account_level_public_access_blocks_pass_with_all_four(account):
    account.client("s3control").put_public_access_block(AccountId=account.account_id, PublicAccessBlockConfiguration=ALL_ON)
    assert status_of(s3_account_level_public_access_blocks, account.account_id, account) == "PASS"


def test_s3_account_level_public_access_blocks_fail_without_configuration(account):
    assert status_of(s3_account_level_public_access_blocks, account.account_id, account) == "FAIL"


# s3_bucket_acl_prohibited -----------------------------------------------------------------------

def test_s3_bucket_acl_prohibited_pass_when_bucket_owner_enforced(account):
    account.s3.put_bucket_ownership_controls(
        Bucket=account.image_bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    )
    assert status_of(s3_bucket_acl_prohibited, account.image_bucket, account) == "PASS"


def test_s3_bucket_acl_prohibited_fail_when_bucket_owner_preferred(account):
    account.s3.put_bucket_ownership_controls(
        Bucket=account.image_bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}
    )
    [finding] = findings_for(s3_bucket_acl_prohibited, account.image_bucket, account)
    assert finding.status == "FAIL" and "BucketOwnerPreferred" in finding.message["en"]


# s3_bucket_kms_encryption -----------------------------------------------------------------------

def test_s3_bucket_kms_encryption_pass_with_a_customer_managed_key(account):
    key = account.client("kms").create_key()["KeyMetadata"]["Arn"]
    account.s3.put_bucket_encryption(
        Bucket=account.image_bucket,
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {
            "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}]},
    )
    [finding] = findings_for(s3_bucket_kms_encryption, account.image_bucket, account)
    assert finding.status == "PASS" and key in finding.message["en"]


def test_s3_bucket_kms_encryption_fail_with_sse_s3(account):
    account.s3.put_bucket_encryption(
        Bucket=account.image_bucket,
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
    )
    [finding] = findings_for(s3_bucket_kms_encryption, account.image_bucket, account)
    assert finding.status == "FAIL" and "AES256" in finding.message["en"]


# s3_bucket_secure_transport_policy --------------------------------------------------------------

def _deny_http(bucket, **changes):
    statement = {
        "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    return {**statement, **changes}


def test_s3_bucket_secure_transport_policy_pass_with_a_deny_on_insecure_transport(account):
    _policy(account, _deny_http(account.image_bucket))
    assert status_of(s3_bucket_secure_transport_policy, account.image_bucket, account) == "PASS"


def test_s3_bucket_secure_transport_policy_fail_without_a_policy(account):
    assert status_of(s3_bucket_secure_transport_policy, account.image_bucket, account) == "FAIL"


def test_s3_bucket_secure_transport_policy_fail_when_the_deny_covers_only_one_action(account):
    _policy(account, _deny_http(account.image_bucket, Action="s3:GetObject"))
    assert status_of(s3_bucket_secure_transport_policy, account.image_bucket, account) == "FAIL"


def test_s3_bucket_secure_transport_policy_fail_when_it_allows_instead_of_denies(account):
    _policy(account, _deny_http(account.image_bucket, Effect="Allow",
                                Condition={"Bool": {"aws:SecureTransport": "true"}}))
    assert status_of(s3_bucket_secure_transport_policy, account.image_bucket, account) == "FAIL"


# issue 12, case 2: the policy grammar decides, not the spelling
def test_s3_bucket_secure_transport_policy_pass_with_a_one_value_list(account):
    _policy(account, _deny_http(account.image_bucket, Condition={"Bool": {"aws:SecureTransport": ["false"]}}))
    assert status_of(s3_bucket_secure_transport_policy, account.image_bucket, account) == "PASS"


def test_s3_bucket_secure_transport_policy_pass_with_boolifexists(account):
    _policy(account, _deny_http(account.image_bucket, Condition={"BoolIfExists": {"aws:SecureTransport": "false"}}))
    assert status_of(s3_bucket_secure_transport_policy, account.image_bucket, account) == "PASS"


def test_s3_bucket_secure_transport_policy_pass_with_the_key_in_lower_case_and_a_json_boolean(account):
    _policy(account, _deny_http(account.image_bucket, Condition={"Bool": {"aws:securetransport": False}}))
    assert status_of(s3_bucket_secure_transport_policy, account.image_bucket, account) == "PASS"


def test_s3_bucket_secure_transport_policy_pass_with_two_statements_and_principal_aws_star(account):
    bucket = account.image_bucket
    _policy(account, _deny_http(bucket, Principal={"AWS": "*"}, Resource=f"arn:aws:s3:::{bucket}"),
            _deny_http(bucket, Action="*", Resource=f"arn:aws:s3:::{bucket}/*"))
    assert status_of(s3_bucket_secure_transport_policy, account.image_bucket, account) == "PASS"


def test_s3_bucket_secure_transport_policy_fail_when_only_the_objects_are_covered(account):
    bucket = account.image_bucket
    _policy(account, _deny_http(bucket, Resource=f"arn:aws:s3:::{bucket}/*"))
    [finding] = findings_for(s3_bucket_secure_transport_policy, bucket, account)
    assert finding.status == "FAIL" and "s3:" in finding.message["en"]


def test_s3_bucket_secure_transport_policy_fail_when_another_account_is_exempted(account):
    bucket = account.image_bucket
    statement = _deny_http(bucket, NotPrincipal={"AWS": "arn:aws:iam::999999999999:root"})
    del statement["Principal"]
    _policy(account, statement)
    assert status_of(s3_bucket_secure_transport_policy, bucket, account) == "FAIL"


# issue 12, case 1: the meaning of public, through the checks
def test_s3_bucket_public_access_pass_with_a_fixed_org_and_a_wildcard_principal_arn(account):
    _policy(account, _public_read(account.image_bucket, Condition={
        "StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
        "StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Example-*"}}))
    assert status_of(s3_bucket_public_access, account.image_bucket, account) == "PASS"


def test_s3_bucket_public_access_pass_with_access_point_delegation(account):
    _policy(account, _public_read(account.image_bucket, Principal={"AWS": "*"}, Condition={
        "StringEquals": {"s3:DataAccessPointAccount": account.account_id}}))
    assert status_of(s3_bucket_public_access, account.image_bucket, account) == "PASS"


def test_s3_bucket_public_access_fail_with_a_federated_principal(account):
    _policy(account, _public_read(account.image_bucket, Principal={"Federated": "graph.facebook.com"},
                                  Action="s3:PutObject"))
    [finding] = findings_for(s3_bucket_public_access, account.image_bucket, account)
    assert finding.status == "FAIL" and "graph.facebook.com" in finding.message["en"]


def test_s3_bucket_public_access_fail_with_two_halves_of_the_internet(account):
    _policy(account, _public_read(account.image_bucket, Condition={"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"]}}))
    assert status_of(s3_bucket_public_access, account.image_bucket, account) == "FAIL"


# s3_bucket_object_lock ---------------------------------------------------------------------------

def test_s3_bucket_object_lock_pass_in_compliance_mode_for_365_days(account):
    account.s3.put_bucket_versioning(Bucket=account.image_bucket, VersioningConfiguration={"Status": "Enabled"})
    account.s3.put_object_lock_configuration(Bucket=account.image_bucket, ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 365}}})
    [finding] = findings_for(s3_bucket_object_lock, account.image_bucket, account)
    assert finding.status == "PASS" and "COMPLIANCE mode, 365 days" in finding.message["en"]
    assert "규정 준수 모드, 365일" in finding.message["ko"]


def test_s3_bucket_object_lock_pass_for_a_bucket_created_with_it(account):
    account.s3.create_bucket(Bucket="locked-from-the-start", ObjectLockEnabledForBucket=True,
                             CreateBucketConfiguration={"LocationConstraint": account.region})
    assert status_of(s3_bucket_object_lock, "locked-from-the-start", account) == "PASS"


def test_s3_bucket_object_lock_fail_without_it(account):
    assert status_of(s3_bucket_object_lock, account.image_bucket, account) == "FAIL"
