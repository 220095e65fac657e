"""Chapter 11's mutation table (see conftest.py). Every case starts the capstone with the same planted
mistakes (MISTAKES, their prerequisites added), restored from the world cache, and makes what a
learner would: the whole fix with one mistake handled another way, right or wrong."""

import json

import boto3
import pandas as pd
import pytest

from labs import company
from labs.chapters import ch11_capstone as capstone
from labs.inventory.s3 import BLOCK_PUBLIC_ACCESS_ALL_ON as ALL_ON
from labs.scenarios import ec2_test_instance_in_another_region as other_region
from labs.scenarios import iam_deploy_policy_allows_all_of_iam as deploy
from labs.scenarios import rds_db_snapshot_public as snapshot
from labs.scenarios import s3_image_object_public_acl as object_acl
from tests.graders.conftest import Case, assert_verdict, ids

MISTAKES = [
    "cloudtrail_trail_stopped_logging",
    "rds_db_snapshot_public",
    "s3_image_bucket_public_policy",
    "iam_deploy_policy_allows_all_of_iam",
    "accessanalyzer_external_access_findings",
    "ec2_app_server_ssh_open_for_debugging",
    "s3_image_object_public_acl",
    "ec2_test_instance_in_another_region",
]
"""With their prerequisites: Block Public Access off (account and bucket), ACLs enabled on the image bucket."""


def bucket(lab):
    return company.image_bucket_name(lab.account_id)


def debug_group(lab):
    return company.security_group_id(lab, "debug-ssh")


def east():
    return boto3.client("ec2", region_name=other_region.REGION)


def east_group():
    return east().describe_security_groups(Filters=[{"Name": "group-name", "Values": [other_region.GROUP]}])[
        "SecurityGroups"][0]["GroupId"]


# --- the learner's fixes, one per mistake ------------------------------------------------------------

def restart_the_trail(lab):
    cloudtrail = boto3.client("cloudtrail")
    cloudtrail.update_trail(Name=company.TRAIL_NAME, IsMultiRegionTrail=True)
    cloudtrail.start_logging(Name=company.TRAIL_NAME)


def unshare_the_db_snapshot(lab):
    boto3.client("rds").modify_db_snapshot_attribute(DBSnapshotIdentifier=snapshot.SNAPSHOT, AttributeName="restore",
                                                     ValuesToRemove=["all"])


def delete_the_db_snapshot(lab):
    boto3.client("rds").delete_db_snapshot(DBSnapshotIdentifier=snapshot.SNAPSHOT)


def drop_statements(*sids):
    def apply(lab):
        s3 = boto3.client("s3")
        policy = json.loads(s3.get_bucket_policy(Bucket=bucket(lab))["Policy"])
        policy["Statement"] = [s for s in policy["Statement"] if s.get("Sid") not in sids]
        s3.put_bucket_policy(Bucket=bucket(lab), Policy=json.dumps(policy))
    return apply


close_the_bucket_policy = drop_statements("PublicReadForAppImages", "AgencyReadsUploads")


def block_public_access(lab):
    boto3.client("s3").put_public_access_block(Bucket=bucket(lab), PublicAccessBlockConfiguration=ALL_ON)
    boto3.client("s3control").put_public_access_block(AccountId=lab.account_id, PublicAccessBlockConfiguration=ALL_ON)


def deploy_without_iam(lab):
    boto3.client("iam").create_policy_version(PolicyArn=f"arn:aws:iam::{lab.account_id}:policy/{deploy.POLICY_NAME}",
                                              PolicyDocument=json.dumps(deploy.DEPLOY_ONLY), SetAsDefault=True)


def unshare_the_disk_snapshot(lab):
    boto3.client("ec2").modify_snapshot_attribute(SnapshotId=company.app_disk_snapshot(lab),
                                                  Attribute="createVolumePermission", OperationType="remove",
                                                  GroupNames=["all"])


OPEN_SSH = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
             "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]


def revoke_debug_ssh(lab):
    boto3.client("ec2").revoke_security_group_ingress(GroupId=debug_group(lab), IpPermissions=OPEN_SSH)


def remove_debug_group(lab):
    ec2 = boto3.client("ec2")
    instance = company.instance_id(lab)
    groups = ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]["SecurityGroups"]
    ec2.modify_instance_attribute(InstanceId=instance, Groups=[g["GroupId"] for g in groups
                                                               if g["GroupId"] != debug_group(lab)])
    ec2.delete_security_group(GroupId=debug_group(lab))


def object_private_then_acls_off(lab):
    s3 = boto3.client("s3")
    s3.put_object_acl(Bucket=bucket(lab), Key=object_acl.KEY, ACL="private")
    s3.put_bucket_ownership_controls(Bucket=bucket(lab), OwnershipControls={
        "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})


def east_instance_terminated(lab):
    running = other_region.instances(lab)
    east().terminate_instances(InstanceIds=running)


def east_ssh_revoked(lab):
    east().revoke_security_group_ingress(GroupId=east_group(), IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])


def east_cleaned(lab):
    east_instance_terminated(lab)
    east_ssh_revoked(lab)


WORKED = {
    "trail": restart_the_trail,
    "db snapshot": unshare_the_db_snapshot,
    "bucket policy": close_the_bucket_policy,
    "block public access": block_public_access,
    "deploy": deploy_without_iam,
    "disk snapshot": unshare_the_disk_snapshot,
    "debug ssh": revoke_debug_ssh,
    "object acl": object_private_then_acls_off,
    "other region": east_cleaned,
}


def fix_all(**instead):
    """The worked fix, with some steps done another way (None: skipped), then what else the learner did."""
    also = instead.pop("also", ())

    def apply(lab):
        for name, step in WORKED.items():
            step = instead.get(name, step)
            if step is not None:
                step(lab)
        for step in also:
            step(lab)
    return apply


# --- 11.1: found ---------------------------------------------------------------------------------------

def planted_pairs(lab):
    return [pair for entry in capstone.world(lab).planted for pair in entry.pairs]


def answer(transform=lambda lab, pairs: pairs):
    def apply(lab):
        return transform(lab, planted_pairs(lab))
    return apply


def by_names(lab, pairs):
    """The same findings named as a learner writes them: ARNs, s3:// URLs, a group's name, an instance's id."""
    named = []
    for check, resource in pairs:
        if resource == bucket(lab):
            resource = f"arn:aws:s3:::{resource}"
        elif resource == debug_group(lab):
            resource = "debug-ssh"
        elif resource.startswith(bucket(lab) + "/"):
            resource = f"s3://{resource}"
        elif resource == east_group():
            resource = other_region.instances(lab)[0]
        named.append((check, resource))
    return named


def as_frame(lab, pairs):
    return pd.DataFrame(pairs, columns=["check_id", "resource"])


def without_hidden(lab, pairs):
    hidden = {pair for entry in capstone.world(lab).planted if entry.hidden for pair in entry.pairs}
    return [p for p in pairs if p not in hidden]


def shotgun(lab, pairs):
    """Every check the chapter has, each on the account: naming what was never looked at."""
    return pairs + [(check, lab.account_id) for check in lab.chapter.checks]


def wrong_group(lab, pairs):
    app_group = company.security_group_id(lab, company.APP_SECURITY_GROUP)
    return [(c, app_group if r == debug_group(lab) else r) for c, r in pairs]


def plus_a_true_gap(lab, pairs):
    """Object Lock on the image bucket fails on the clean account too: true, not planted, no false alarm."""
    return pairs + [("s3_bucket_object_lock", bucket(lab)), ("accessanalyzer_enabled_without_findings", lab.account_id)]


def check_ids_only(lab, pairs):
    return [c for c, _ in pairs]


def a_made_up_check(lab, pairs):
    return pairs + [("s3_bucket_is_fine", bucket(lab))]


CASES_11_1 = [
    Case("11.1", "the worked answer", answer(), True, "Found 11 of 11", answers=True),
    Case("11.1", "named by ARN, URL, group name and instance id", answer(by_names), True, answers=True),
    Case("11.1", "a DataFrame with check_id and resource", answer(as_frame), True, answers=True),
    Case("11.1", "a failing gap of the clean account named too", answer(plus_a_true_gap), True, answers=True),
    Case("11.1", "the hidden ones missed", answer(without_hidden), False, "Missed (hidden", answers=True),
    Case("11.1", "every check named on the account", answer(shotgun), False, "passed when you started", answers=True),
    Case("11.1", "the right check on the app's own group", answer(wrong_group), False, "Missed: SSH", answers=True),
    Case("11.1", "check ids without resources", answer(check_ids_only), False, "(check id, resource) pairs",
         answers=True),
    Case("11.1", "a check that does not exist", answer(a_made_up_check), False, "There is no check", answers=True),
    Case("11.1", "nothing", lambda lab: [], False, "You named nothing", answers=True),
]


# --- 11.2: fixed, for real --------------------------------------------------------------------------------

def halves_instead(lab):
    ec2 = boto3.client("ec2")
    revoke_debug_ssh(lab)
    ec2.authorize_security_group_ingress(GroupId=debug_group(lab), IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
        "IpRanges": [{"CidrIp": "0.0.0.0/1"}, {"CidrIp": "128.0.0.0/1"}]}])


def debug_group_off_the_server(lab):
    """The group taken off the server, its rule left: the next instance it is put on is open again."""
    ec2 = boto3.client("ec2")
    instance = company.instance_id(lab)
    groups = ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]["SecurityGroups"]
    ec2.modify_instance_attribute(InstanceId=instance, Groups=[g["GroupId"] for g in groups
                                                               if g["GroupId"] != debug_group(lab)])


def acls_off_only(lab):
    """ACLs disabled: AWS no longer applies any ACL, and answers GetObjectAcl with the owner's full control."""
    boto3.client("s3").put_bucket_ownership_controls(Bucket=bucket(lab), OwnershipControls={
        "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})


def another_image_private(lab):
    """The wrong object made private, ACLs kept on (bucket owner preferred)."""
    s3 = boto3.client("s3")
    s3.put_object_acl(Bucket=bucket(lab), Key="uploads/user-7-sunset.png", ACL="private")
    s3.put_bucket_ownership_controls(Bucket=bucket(lab), OwnershipControls={
        "Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})


def name_everything_first(then):
    """11.1 answered first (what was found is named), then the fix."""
    def apply(lab):
        lab.grade("11.1", planted_pairs(lab))
        then(lab)
    return apply


def deny_iam_beside_the_policy(lab):
    """A Deny of iam:* put on the group, AppDeployer left as it is: the policy itself still allows all of IAM."""
    boto3.client("iam").put_group_policy(GroupName=deploy.GROUP, PolicyName="no-iam", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}))


def minho_out_of_the_developers(lab):
    deploy_without_iam(lab)
    boto3.client("iam").remove_user_from_group(GroupName=deploy.GROUP, UserName=company.DEVELOPER)


def archive_the_findings(lab):
    from labs import access_analyzer

    analyzer = access_analyzer.client(lab)
    arn = analyzer.list_analyzers()["analyzers"][0]["arn"]
    for finding in analyzer.list_findings(analyzerArn=arn)["findings"]:
        if finding["status"] == "ACTIVE":
            analyzer.update_findings(analyzerArn=arn, resourceArn=finding["resource"], status="ARCHIVED",
                                     reason="reviewed, it is fine")


def detach_the_deploy_policy(lab):
    boto3.client("iam").detach_group_policy(GroupName=deploy.GROUP,
                                            PolicyArn=f"arn:aws:iam::{lab.account_id}:policy/{deploy.POLICY_NAME}")


def trail_started_only(lab):
    boto3.client("cloudtrail").start_logging(Name=company.TRAIL_NAME)


CASES_11_2 = [
    Case("11.2", "the worked fix", fix_all(), True, "Fixed: "),
    Case("11.2", "the snapshot deleted, the debug group removed, the test server's group left empty",
         fix_all(**{"db snapshot": delete_the_db_snapshot, "debug ssh": remove_debug_group,
                    "other region": east_cleaned}), True),
    Case("11.2", "the test server stopped instead of terminated", fix_all(**{"other region": lambda lab: (
        east().stop_instances(InstanceIds=other_region.instances(lab)), east_ssh_revoked(lab))}), True),
    Case("11.2", "Block Public Access over the public statement", fix_all(**{"bucket policy": drop_statements(
        "AgencyReadsUploads")}), False, "only hides"),
    Case("11.2", "two halves of the internet on debug-ssh", fix_all(**{"debug ssh": halves_instead}), False,
         "debug-ssh"),
    Case("11.2", "debug-ssh taken off the server, its rule left", fix_all(**{"debug ssh": debug_group_off_the_server}),
         False, "SSH to the app server is open"),
    Case("11.2", "ACLs disabled, which makes every ACL inert", fix_all(**{"object acl": acls_off_only}), True),
    Case("11.2", "the deploy policy detached from the developers (PrototypeFullAccess stays)",
         fix_all(**{"deploy": detach_the_deploy_policy}), True),
    Case("11.2", "the wrong image made private, ACLs kept", name_everything_first(fix_all(**{
        "object acl": another_image_private})), False, object_acl.KEY),
    Case("11.2", "the wrong image made private, before naming it", fix_all(**{"object acl": another_image_private}),
         False, "hidden mistake is still there"),
    Case("11.2", "the other Region's server terminated, its SSH left open", name_everything_first(fix_all(**{
        "other region": east_instance_terminated})), False, "still lets the internet reach SSH"),
    Case("11.2", "the other Region left alone", fix_all(**{"other region": None}), False, "hidden mistake"),
    Case("11.2", "the shares archived instead of closed", fix_all(**{"bucket policy": drop_statements(
        "PublicReadForAppImages"), "disk snapshot": None, "also": (archive_the_findings,)}), False,
         "Archiving the finding hides it"),
    Case("11.2", "a Deny of iam:* beside AppDeployer", fix_all(**{"deploy": deny_iam_beside_the_policy}), False,
         "AppDeployer"),
    Case("11.2", "minho taken out of the developers", fix_all(**{"deploy": minho_out_of_the_developers}), False,
         "can no longer"),
    Case("11.2", "the trail started, still one Region", fix_all(**{"trail": trail_started_only}), False, "Region"),
]


# --- 11.3: broke nothing ---------------------------------------------------------------------------------

def app_role_policy_detached(lab):
    iam = boto3.client("iam")
    iam.detach_role_policy(RoleName=company.APP_ROLE,
                           PolicyArn=f"arn:aws:iam::{lab.account_id}:policy/{company.APP_POLICY}")


def ssm_policy_detached(lab):
    boto3.client("iam").detach_role_policy(RoleName=company.APP_ROLE, PolicyArn=company.SSM_MANAGED_POLICY)


def whole_bucket_policy_deleted(lab):
    boto3.client("s3").delete_bucket_policy(Bucket=bucket(lab))


def alb_rule_revoked(lab):
    ec2 = boto3.client("ec2")
    app_group = company.security_group_id(lab, company.APP_SECURITY_GROUP)
    rules = ec2.describe_security_groups(GroupIds=[app_group])["SecurityGroups"][0]["IpPermissions"]
    ec2.revoke_security_group_ingress(GroupId=app_group, IpPermissions=rules)


def database_rule_revoked(lab):
    ec2 = boto3.client("ec2")
    db_group = company.security_group_id(lab, company.DB_SECURITY_GROUP)
    rules = ec2.describe_security_groups(GroupIds=[db_group])["SecurityGroups"][0]["IpPermissions"]
    ec2.revoke_security_group_ingress(GroupId=db_group, IpPermissions=rules)


def password_policy_loosened(lab):
    boto3.client("iam").update_account_password_policy(MinimumPasswordLength=8)


CASES_11_3 = [
    Case("11.3", "the worked fix", fix_all(), True, "Every check that passed before the mistakes still passes"),
    Case("11.3", "another way to each fix", fix_all(**{"db snapshot": delete_the_db_snapshot,
                                                      "debug ssh": remove_debug_group}), True),
    Case("11.3", "nothing fixed yet", lambda lab: None, False, "planted mistakes are still open"),
    Case("11.3", "the app's own policy detached from its role", fix_all(also=(app_role_policy_detached,)), False,
         "would fail"),
    Case("11.3", "the SSM agent's policy detached", fix_all(also=(ssm_policy_detached,)), False, "SSM agent"),
    Case("11.3", "the whole bucket policy deleted, TLS-only with it", fix_all(**{"bucket policy": whole_bucket_policy_deleted}),
         False, "plain HTTP"),
    Case("11.3", "the load balancer's way to the app revoked", fix_all(also=(alb_rule_revoked,)), False, "502"),
    Case("11.3", "the database's rule for the app revoked", fix_all(also=(database_rule_revoked,)), False,
         "can no longer reach its database"),
    Case("11.3", "the password policy loosened on the way", fix_all(also=(password_policy_loosened,)), False,
         "passed before the mistakes"),
]

MAIN_CASES = CASES_11_1 + CASES_11_2 + CASES_11_3


@pytest.mark.parametrize("case", MAIN_CASES, ids=ids(MAIN_CASES))
def test_chapter_11(fresh, case):
    lab = fresh("11", mistakes=MISTAKES)
    assert_verdict(lab, case)


# --- chapter 10's mistakes on the v1.0 account: the alarms cut off, GuardDuty and Security Hub off ------------

DETECTION_MISTAKES = ["cloudwatch_cis_alarms_missing", "guardduty_not_enabled", "securityhub_not_enabled"]


def trail_role(lab):
    return f"arn:aws:iam::{lab.account_id}:role/CloudTrailToCloudWatchLogs"


def feed_the_alarms(group="aws-cloudtrail-logs"):
    def apply(lab):
        boto3.client("cloudtrail").update_trail(
            Name=company.TRAIL_NAME, CloudWatchLogsRoleArn=trail_role(lab),
            CloudWatchLogsLogGroupArn=f"arn:aws:logs:{lab.region}:{lab.account_id}:log-group:{group}:*")
    return apply


def a_new_empty_log_group(lab):
    boto3.client("logs").create_log_group(logGroupName="cloudtrail-events")
    feed_the_alarms("cloudtrail-events")(lab)


def guardduty_on(lab):
    boto3.client("guardduty").create_detector(Enable=True, FindingPublishingFrequency="FIFTEEN_MINUTES")


def guardduty_suspended(lab):
    boto3.client("guardduty").create_detector(Enable=False)


def security_hub_on(lab):
    boto3.client("securityhub").enable_security_hub(EnableDefaultStandards=True)


def security_hub_without_standards(lab):
    boto3.client("securityhub").enable_security_hub(EnableDefaultStandards=False)


def detection(*steps):
    def apply(lab):
        for step in steps:
            if step is not None:
                step(lab)
    return apply


DETECTION_CASES = [
    Case("11.2", "the alarms fed again, GuardDuty and Security Hub on in Seoul",
         detection(feed_the_alarms(), guardduty_on, security_hub_on), True, "Fixed: GuardDuty"),
    Case("11.2", "Security Hub on without the default standards", detection(feed_the_alarms(), guardduty_on,
                                                                            security_hub_without_standards), True),
    Case("11.2", "the trail sent to a new, empty log group", detection(a_new_empty_log_group, guardduty_on,
                                                                       security_hub_on), False, "CloudWatch Logs"),
    Case("11.2", "a GuardDuty detector created suspended", detection(feed_the_alarms(), guardduty_suspended,
                                                                     security_hub_on), False, "suspended"),
    Case("11.2", "GuardDuty and Security Hub left off", detection(feed_the_alarms()), False, "not enabled"),
]
CASES = MAIN_CASES + DETECTION_CASES
"""Every case of the chapter (tests/graders/test_tables.py counts them per exercise)."""


@pytest.mark.parametrize("case", DETECTION_CASES, ids=ids(DETECTION_CASES))
def test_chapter_11_detection(fresh, case):
    lab = fresh("11", mistakes=DETECTION_MISTAKES)
    assert_verdict(lab, case)
