"""Access Analyzer checks, against the lab's model of it (moto has none), and the model itself:
findings judged by the policy engine, archived with a reason, resolved when the share is gone."""

import json

import pytest

from labs import access_analyzer, company
from labs.checks import accessanalyzer_enabled, accessanalyzer_enabled_without_findings as without_findings
from labs.checks.lib.access import policy_shares
from labs.errors import LabError
from tests.conftest import status_of

ACCOUNT = "123456789012"


def _analyzer(account):
    client = access_analyzer.client(account)
    return client, client.create_analyzer(analyzerName="account", type="ACCOUNT")["arn"]


def test_accessanalyzer_enabled_pass_with_an_account_analyzer(account):
    _analyzer(account)
    assert status_of(accessanalyzer_enabled, account.account_id, account) == "PASS"


def test_accessanalyzer_enabled_fail_on_a_new_account(account):
    assert status_of(accessanalyzer_enabled, account.account_id, account) == "FAIL"


def test_accessanalyzer_enabled_fail_with_an_analyzer_in_another_region_only(account):
    access_analyzer.client(account, region_name="us-east-1").create_analyzer(analyzerName="virginia")
    assert status_of(accessanalyzer_enabled, account.account_id, account) == "FAIL"


def test_accessanalyzer_enabled_without_findings_pass_when_nothing_is_shared(account):
    _analyzer(account)
    assert status_of(without_findings, account.account_id, account) == "PASS"


def test_accessanalyzer_enabled_without_findings_fail_for_a_bucket_shared_with_another_account(account):
    _analyzer(account)
    account.s3.put_bucket_policy(Bucket=account.image_bucket, Policy=json.dumps(
        {"Version": "2012-10-17", "Statement": [company.agency_statement(account.image_bucket)]}))
    assert status_of(without_findings, account.account_id, account) == "FAIL"


def test_accessanalyzer_enabled_without_findings_pass_once_the_finding_is_archived_with_its_reason(account):
    client, arn = _analyzer(account)
    company.create_monitoring_role(account)
    [finding] = client.list_findings(analyzerArn=arn)["findings"]
    assert finding["principal"] == {"AWS": company.MONITORING_VENDOR_ACCOUNT}
    assert finding["condition"] == {"sts:ExternalId": company.MONITORING_EXTERNAL_ID}
    client.update_findings(analyzerArn=arn, ids=[finding["id"]], status="ARCHIVED", reason="agreed vendor")
    assert status_of(without_findings, account.account_id, account) == "PASS"
    assert client.get_finding(analyzerArn=arn, id=finding["id"])["finding"]["reason"] == "agreed vendor"


def test_a_closed_share_is_resolved(account):
    client, arn = _analyzer(account)
    key = company.create_backup_key(account)
    assert [f["status"] for f in client.list_findings(analyzerArn=arn)["findings"]] == ["ACTIVE"]
    policy = company.backup_key_policy(account.account_id)
    policy["Statement"] = policy["Statement"][:1]
    account.client("kms").put_key_policy(KeyId=key, PolicyName="default", Policy=json.dumps(policy))
    assert [f["status"] for f in client.list_findings(analyzerArn=arn)["findings"]] == ["RESOLVED"]


def test_a_public_snapshot_is_a_public_finding(account):
    client, arn = _analyzer(account)
    snapshot = company.create_app_disk_snapshot(account)
    account.client("ec2").modify_snapshot_attribute(SnapshotId=snapshot, Attribute="createVolumePermission",
                                                    OperationType="add", GroupNames=["all"])
    [finding] = client.list_findings(analyzerArn=arn)["findings"]
    assert finding["isPublic"] and finding["resourceType"] == "AWS::EC2::Snapshot"


def test_the_model_refuses_what_access_analyzer_refuses(account):
    client, _ = _analyzer(account)
    with pytest.raises(LabError, match="one analyzer"):
        client.create_analyzer(analyzerName="second")
    with pytest.raises(LabError, match="organization"):
        access_analyzer.client(account, region_name="eu-west-1").create_analyzer(analyzerName="org", type="ORGANIZATION")


@pytest.mark.parametrize("statement, outsiders", [
    ({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b/*"}, []),
    ({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
      "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}}, []),
    ({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
      "Condition": {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}}, [{"AWS": "111122223333"}]),
    ({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, [{"AWS": "*"}]),
    ({"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::b/*"}, []),
], ids=["own-account", "wildcard-pinned-to-own-account", "wildcard-pinned-to-another", "public", "aws-service"])
def test_who_is_outside(statement, outsiders):
    shares = policy_shares({"Version": "2012-10-17", "Statement": [statement]}, "arn:aws:s3:::b", "AWS::S3::Bucket",
                           ACCOUNT)
    assert [s.principal for s in shares] == outsiders


def test_a_deny_in_the_same_policy_is_honoured():
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
         "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}}}]}
    assert policy_shares(policy, "arn:aws:s3:::b", "AWS::S3::Bucket", ACCOUNT) == []
