"""The lab's model of the app on its server (labs/community_app.py): the SDK's order of credentials,
the policy engine deciding each call, and what CloudTrail records for it."""

import json
from datetime import datetime, timedelta, timezone

from labs import company
from labs.cloudtrail import event_history
from labs.community_app import CommunityApp


def _app_with_key(account):
    instance = company.create_app_server(account)
    _, key = company.create_app_user(account)
    secret = account.__dict__["_company_ids"]["app key secret"]
    company.put_user_data(account, instance, company.app_user_data(account.image_bucket, key, secret))
    return instance, key


def _role(account, policy):
    iam = account.client("iam")
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(company.EC2_TRUST_POLICY))
    iam.put_role_policy(RoleName="app", PolicyName="app", PolicyDocument=json.dumps(policy))
    iam.create_instance_profile(InstanceProfileName="app")
    iam.add_role_to_instance_profile(InstanceProfileName="app", RoleName="app")
    account.client("ec2").associate_iam_instance_profile(InstanceId=company.create_app_server(account),
                                                         IamInstanceProfile={"Name": "app"})


def test_a_key_in_the_config_file_wins_over_the_role(account):
    _, key = _app_with_key(account)
    _role(account, company.app_policy_document(account))
    credentials = CommunityApp(account).credentials()
    assert credentials.source == "config" and credentials.access_key_id == key


def test_without_the_key_the_app_finds_the_role_through_imdsv2(account):
    instance, _ = _app_with_key(account)
    _role(account, company.app_policy_document(account))
    company.put_user_data(account, instance, company.app_user_data(account.image_bucket))
    credentials = CommunityApp(account).credentials()
    assert (credentials.source, credentials.role, credentials.delivery) == ("instance-role", "app", "2.0")


def test_an_inactive_key_breaks_the_app_and_a_key_without_policies_is_denied(account):
    _, key = _app_with_key(account)
    iam = account.client("iam")
    iam.update_access_key(UserName=company.APP_USER, AccessKeyId=key, Status="Inactive")
    assert not CommunityApp(account).check().attrs["working"]
    iam.update_access_key(UserName=company.APP_USER, AccessKeyId=key, Status="Active")
    health = CommunityApp(account).check()  # the user has no policy at all
    assert not health.attrs["working"] and health["result"].str.startswith("AccessDenied").all()


def test_the_week_is_recorded_as_the_role_session_over_seven_days(account):
    instance, _ = _app_with_key(account)
    _role(account, company.app_policy_document(account))
    company.put_user_data(account, instance, company.app_user_data(account.image_bucket))
    start = datetime(2026, 3, 2, tzinfo=timezone(timedelta(hours=9)))
    table = CommunityApp(account).run_week(start=start)
    assert len(table) == 7 and table["failed"].sum() == 0
    records = [r for r in event_history.records() if r["eventName"] == "GetCallerIdentity"]
    assert len(records) == 7
    identity = records[0]["userIdentity"]
    assert identity["type"] == "AssumedRole" and identity["arn"].endswith(f":assumed-role/app/{instance}")
    assert identity["sessionContext"]["ec2RoleDelivery"] == "2.0"
    assert records[0]["eventTime"].startswith("2026-03-01T22:")  # 07:00 in Seoul


def test_the_same_week_every_time(account):
    first = [(t, c.operation, c.resource) for t, c in CommunityApp(account).week(start=datetime(2026, 3, 2))]
    second = [(t, c.operation, c.resource) for t, c in CommunityApp(account).week(start=datetime(2026, 3, 2))]
    assert first == second and len(first) > 150


def test_a_replaced_instance_profile_reaches_the_instance(account):
    _role(account, company.app_policy_document(account))
    iam, ec2 = account.client("iam"), account.client("ec2")
    iam.create_instance_profile(InstanceProfileName="other")
    iam.add_role_to_instance_profile(InstanceProfileName="other", RoleName="app")
    instance = company.create_app_server(account)
    association = ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"][0]
    ec2.replace_iam_instance_profile_association(AssociationId=association["AssociationId"],
                                                 IamInstanceProfile={"Name": "other"})
    described = ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]
    assert described["IamInstanceProfile"]["Arn"].endswith("/other")
