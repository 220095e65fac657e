"""Chapter 10's mutation table (see conftest.py). Exercises graded on an answer (10.1 to 10.6, 10.15)
leave the account as it is: their cases share one started chapter. The others each start afresh."""

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import boto3
import pandas as pd
import pytest

import labs
from labs import company
from labs.costs import anomalies, loaders
from labs.incident import bill
from labs.scenarios import cloudwatch_cis_alarms_missing, guardduty_not_enabled, securityhub_not_enabled
from tests.graders.conftest import Case, assert_verdict, ids

RULES = Path(labs.__file__).parent / "detection" / "rules"
PIPELINE = "198.51.100.23"


def trail_logs(lab):
    return labs.cloudtrail.load(f"s3://{company.cloudtrail_bucket_name(lab.account_id)}").sort_values(
        "eventTime", ignore_index=True)


def attacker_ip(lab):
    return lab.incident.plan.attacker_ip


# 10.1 ------------------------------------------------------------------------------------------------

def detect(group_by="REGION", **settings):
    def apply(lab):
        response = boto3.client("ce").get_cost_and_usage(**bill.request(group_by))
        return anomalies.detect(loaders.from_cost_explorer(response), **settings)
    return apply


CASES_10_1 = [
    Case("10.1", "the worked answer", detect(), True, "us-east-1", answers=True),
    Case("10.1", "the console's columns only", lambda lab: detect()(lab)[anomalies.COLUMNS], True, answers=True),
    Case("10.1", "a higher money threshold", detect(min_impact=1.0), True, answers=True),
    Case("10.1", "the bill by service", detect("SERVICE"), False, "are services", answers=True),
    Case("10.1", "no thresholds at all", detect(min_increase=0.0, min_impact=0.0), False, "not an anomaly",
         answers=True),
    Case("10.1", "a list of regions", lambda lab: ["us-east-1"], False, "Pass the anomaly table", answers=True),
]


# 10.2 and 10.3 ---------------------------------------------------------------------------------------

def night(lab):
    logs = trail_logs(lab)
    return logs[logs["eventTime"] < pd.Timestamp(labs.cloudtrail.recorder._state["started"])]


def first_row(lab):
    bot = night(lab)
    bot = bot[bot["actor"] == "deploy-bot"]
    return bot[bot["sourceIPAddress"] != PIPELINE].iloc[0]


def by_ip(lab):
    logs = night(lab)
    return logs[logs["sourceIPAddress"] == attacker_ip(lab)]


CASES_10_2 = [
    Case("10.2", "the worked answer", first_row, True, "Kali Linux", answers=True),
    Case("10.2", "its eventID", lambda lab: first_row(lab)["eventID"], True, answers=True),
    Case("10.2", "a one-row DataFrame", lambda lab: by_ip(lab).head(1), True, answers=True),
    Case("10.2", "the pipeline's first call", lambda lab: night(lab)[night(lab)["actor"] == "deploy-bot"].iloc[0],
         False, "pipeline's runner", answers=True),
    Case("10.2", "the first refused call", lambda lab: by_ip(lab)[by_ip(lab)["errorCode"].notna()].iloc[0],
         False, "not their first call", answers=True),
    Case("10.2", "Sungjin's first call", lambda lab: night(lab).iloc[0], False, "team's own work", answers=True),
    Case("10.2", "nothing", lambda lab: None, False, "Pass one event", answers=True),
]


def event_history_frame(lab):
    from labs.cloudtrail import event_history

    records = [r for r in event_history.records() if r.get("sourceIPAddress") == attacker_ip(lab)]
    return pd.DataFrame({"eventID": [r["eventID"] for r in records]})


CASES_10_3 = [
    Case("10.3", "the worked answer", by_ip, True, "3 credentials", answers=True),
    Case("10.3", "the whole trail filtered by address", lambda lab: trail_logs(lab)[
        trail_logs(lab)["sourceIPAddress"] == attacker_ip(lab)], True, answers=True),
    Case("10.3", "the eventIDs only", lambda lab: by_ip(lab)[["eventID"]], True, answers=True),
    Case("10.3", "everything the leaked key did", lambda lab: night(lab)[
        night(lab)["userIdentity.accessKeyId"] == lab.incident.leaked_key], False, "not the attacker's", answers=True),
    Case("10.3", "the leaked key from the attacker's address only", lambda lab: by_ip(lab)[
        by_ip(lab)["userIdentity.accessKeyId"] == lab.incident.leaked_key], False, "only credential", answers=True),
    Case("10.3", "event history (no data events)", event_history_frame, False, "are missing", answers=True),
    Case("10.3", "everything deploy-bot did", lambda lab: night(lab)[night(lab)["actor"] == "deploy-bot"], False,
         "another address", answers=True),
]


# 10.4 to 10.6 Sigma rules ------------------------------------------------------------------------------

def rule(detection: str, product="aws", service="cloudtrail"):
    text = f"""title: A lab rule
status: test
logsource:
    product: {product}
    service: {service}
detection:
{detection}
level: high
"""
    return lambda lab: text


def reference(name):
    return lambda lab: (RULES / f"{name}.yml").read_text()


CASES_10_4 = [
    Case("10.4", "the reference rule", reference("cloudtrail_logging_stopped_or_deleted"), True, "precision 1.00",
         answers=True),
    Case("10.4", "UpdateTrail too, without eventSource", rule("""    selection:
        eventName: [StopLogging, DeleteTrail, UpdateTrail]
    condition: selection"""), True, answers=True),
    Case("10.4", "a regular expression", rule("""    selection:
        eventSource: cloudtrail.amazonaws.com
        eventName|re: '^(StopLogging|DeleteTrail)$'
    condition: selection"""), True, answers=True),
    Case("10.4", "everything CloudTrail records", rule("""    selection:
        eventSource|contains: amazonaws.com
    condition: selection"""), False, "also fires", answers=True),
    Case("10.4", "a typo in the field", rule("""    selection:
        eventNmae: [StopLogging, DeleteTrail]
    condition: selection"""), False, "did you mean eventName", answers=True),
    Case("10.4", "StopLogging only", rule("""    selection:
        eventName: StopLogging
    condition: selection"""), False, "DeleteTrail (AccessDenied)", answers=True),
    Case("10.4", "successful calls only", rule("""    selection:
        eventName: [StopLogging, DeleteTrail]
    failed:
        errorCode|exists: true
    condition: selection and not failed"""), False, "misses", answers=True),
    Case("10.4", "another logsource", rule("""    selection:
        eventName: [StopLogging, DeleteTrail]
    condition: selection""", product="gcp", service="gcp.audit"), False, "logsource", answers=True),
    Case("10.4", "not YAML", lambda lab: "title: [unclosed", False, "YAML", answers=True),
]

CASES_10_5 = [
    Case("10.5", "the reference rule", reference("iam_access_key_created_for_another_user"), True, "recall 1.00",
         answers=True),
    Case("10.5", "the new key's owner from the response", rule("""    selection:
        eventName: CreateAccessKey
        responseElements.accessKey.userName|exists: true
    themselves:
        responseElements.accessKey.userName|fieldref: userIdentity.userName
    condition: selection and not themselves"""), True, answers=True),
    Case("10.5", "every CreateAccessKey", rule("""    selection:
        eventName: CreateAccessKey
    condition: selection"""), False, "also fires", answers=True),
    Case("10.5", "SigmaHQ's literal field name as a value", rule("""    selection:
        eventName: CreateAccessKey
    filter:
        userIdentity.arn|contains: responseElements.accessKey.userName
    condition: selection and not filter"""), False, "also fires", answers=True),
    Case("10.5", "names compared by contains (pySigma refuses it)", rule("""    selection:
        eventName: CreateAccessKey
        requestParameters.userName|exists: true
    themselves:
        userIdentity.arn|contains|fieldref: requestParameters.userName
    condition: selection and not themselves"""), False, "must not contain wildcards", answers=True),
    Case("10.5", "a typo in the field", rule("""    selection:
        eventName: CreateAccessKey
        requestParameter.userName|exists: true
    condition: selection"""), False, "requestParameter.userName", answers=True),
]

CASES_10_6 = [
    Case("10.6", "the reference rule", reference("ec2_snapshot_shared_outside"), True, "precision 1.00",
         answers=True),
    Case("10.6", "without the refused-call filter", rule("""    selection:
        eventName: ModifySnapshotAttribute
    account:
        requestParameters.createVolumePermission.add.items.userId|exists: true
    everyone:
        requestParameters.createVolumePermission.add.items.group: all
    condition: selection and (account or everyone)"""), True, answers=True),
    Case("10.6", "every ModifySnapshotAttribute", rule("""    selection:
        eventName: ModifySnapshotAttribute
    condition: selection"""), False, "also fires", answers=True),
    Case("10.6", "public snapshots only", rule("""    selection:
        eventName: ModifySnapshotAttribute
        requestParameters.createVolumePermission.add.items.group: all
    condition: selection"""), False, "misses", answers=True),
    Case("10.6", "the night's foreign account only", lambda lab: rule(f"""    selection:
        eventName: ModifySnapshotAttribute
        requestParameters.createVolumePermission.add.items.userId: '{lab.incident.plan.foreign_account}'
    condition: selection""")(lab), False, "misses", answers=True),
    Case("10.6", "a typo in the field", rule("""    selection:
        eventName: ModifySnapshotAttribute
        requestParameters.createVolumePermissions.add.items.userId|exists: true
    condition: selection"""), False, "did you mean", answers=True),
]


# 10.15 the report ---------------------------------------------------------------------------------------

def report(**changes):
    def apply(lab):
        first = first_row(lab)
        answer = {"what": "deploy-bot's leaked key was used overnight to mine and to copy data.",
                  "first_malicious_event": first["eventTime"], "actor": "deploy-bot",
                  "source_address": first["sourceIPAddress"],
                  "how_found": "The bill showed EC2 costs in us-east-1, then CloudTrail told the rest.",
                  "what_changed": ["key deleted", "sessions revoked"]}
        for key, value in changes.items():
            answer[key] = value(lab, first) if callable(value) else value
        return answer
    return apply


CASES_10_15 = [
    Case("10.15", "the worked answer", report(), True, "match the trail", answers=True),
    Case("10.15", "the time as CloudTrail writes it", report(first_malicious_event=lambda lab, f: f["eventTime"].strftime(
        "%Y-%m-%dT%H:%M:%SZ")), True, answers=True),
    Case("10.15", "the time in Seoul", report(first_malicious_event=lambda lab, f: f["eventTime"].tz_convert("Asia/Seoul")),
         True, answers=True),
    Case("10.15", "the actor as the key id", report(actor=lambda lab, f: f["userIdentity.accessKeyId"]), True, answers=True),
    Case("10.15", "the pipeline's evening call as the start", report(first_malicious_event=lambda lab, f: night(lab)[
        night(lab)["actor"] == "deploy-bot"].iloc[0]["eventTime"]), False, "first_malicious_event", answers=True),
    Case("10.15", "the runner's address", report(source_address=PIPELINE), False, "source_address", answers=True),
    Case("10.15", "minho as the actor", report(actor="minho"), False, "actor", answers=True),
    Case("10.15", "one word of summary", report(what="hacked"), False, "too short", answers=True),
    Case("10.15", "a text instead of a dict", lambda lab: "deploy-bot, 192.0.2.1", False, "dict", answers=True),
]

ANSWER_CASES = CASES_10_1 + CASES_10_2 + CASES_10_3 + CASES_10_4 + CASES_10_5 + CASES_10_6 + CASES_10_15


@pytest.fixture
def started(fresh):
    # A lab per case: another test's labs.start would supersede a shared one (and the world is restored,
    # not rebuilt, so a start is cheap).
    return fresh("10")


@pytest.mark.parametrize("case", ANSWER_CASES, ids=ids(ANSWER_CASES))
def test_chapter_10_answers(started, case):
    assert_verdict(started, case)


# 10.7 EventBridge ----------------------------------------------------------------------------------------

ROOT = {"detail-type": ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"],
        "detail": {"userIdentity": {"type": ["Root"]}}}
TAMPERING = {"source": ["aws.cloudtrail"], "detail-type": ["AWS API Call via CloudTrail"],
             "detail": {"eventName": ["StopLogging", "DeleteTrail"]}}


def alerts(root=ROOT, tampering=TAMPERING, policy=True, extra=None):
    def apply(lab):
        events, sqs = boto3.client("events"), boto3.client("sqs")
        url = sqs.create_queue(QueueName="security-alerts")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        rules = {"root-activity": root, "trail-tampering": tampering, **(extra or {})}
        arns = [events.put_rule(Name=n, EventPattern=json.dumps(p))["RuleArn"] for n, p in rules.items()]
        for name in rules:
            events.put_targets(Rule=name, Targets=[{"Id": "q", "Arn": arn}])
        if policy:
            sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage",
                "Resource": arn, "Condition": {"ArnEquals": {"aws:SourceArn": arns}}}]})})
    return apply


CASES_10_7 = [
    Case("10.7", "the worked answer", alerts(), True, "and nothing else"),
    Case("10.7", "patterns on the detail alone", alerts(root={"detail": {"userIdentity": {"type": ["Root"]}}},
                                                       tampering={"detail": {"eventName": ["StopLogging", "DeleteTrail"]}}),
         True),
    Case("10.7", "no queue policy", alerts(policy=False), False, "no policy letting EventBridge"),
    Case("10.7", "root API calls only", alerts(root={"detail-type": ["AWS API Call via CloudTrail"],
                                                     "detail": {"userIdentity": {"type": ["Root"]}}}),
         False, "root console sign-in"),
    Case("10.7", "every CloudTrail change", alerts(tampering={"source": ["aws.cloudtrail"]}), False,
         "also matches Sungjin's DescribeTrails"),
    Case("10.7", "successful calls only", alerts(tampering={"detail": {"eventName": ["StopLogging", "DeleteTrail"],
                                                                       "errorCode": [{"exists": False}]}}),
         False, "a refused DeleteTrail"),
]


# 10.8 CIS 4.x -------------------------------------------------------------------------------------------

def cis(pattern_changes=None, subscribe=True, log_group_on_trail=True):
    from labs.checks.lib.cloudwatch import CONTROLS

    def apply(lab):
        logs, iam, sns, cloudwatch = (boto3.client(s) for s in ("logs", "iam", "sns", "cloudwatch"))
        logs.create_log_group(logGroupName="trail-events")
        role = iam.create_role(RoleName="ct-to-cwl", AssumeRolePolicyDocument=json.dumps(
            cloudwatch_cis_alarms_missing.TRUST))["Role"]["Arn"]
        if log_group_on_trail:
            boto3.client("cloudtrail").update_trail(
                Name=company.TRAIL_NAME, CloudWatchLogsRoleArn=role,
                CloudWatchLogsLogGroupArn=f"arn:aws:logs:{lab.region}:{lab.account_id}:log-group:trail-events:*")
        topic = sns.create_topic(Name="alarms")["TopicArn"]
        if subscribe:
            sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="oncall@example.com")
        for check_id, control in CONTROLS.items():
            pattern = (pattern_changes or {}).get(check_id, control.reference)
            name = control.cis.replace(".", "-")
            logs.put_metric_filter(logGroupName="trail-events", filterName=name, filterPattern=pattern,
                                   metricTransformations=[{"metricName": name, "metricNamespace": "Security",
                                                           "metricValue": "1"}])
            cloudwatch.put_metric_alarm(AlarmName=name, MetricName=name, Namespace="Security", Statistic="Sum",
                                        Period=300, EvaluationPeriods=1, Threshold=1,
                                        ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])
    return apply


WILDCARD_TRAIL_PATTERN = ('{ $.eventSource = "cloudtrail.amazonaws.com" && ($.eventName = "*Trail" || '
                          '$.eventName = "*Logging") }')
TRAIL_CHANGES = "cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled"
CASES_10_8 = [
    Case("10.8", "the filters and alarms", cis(), True, "counts"),
    Case("10.8", "the scenario's reference fix", cloudwatch_cis_alarms_missing.fix, True),
    Case("10.8", "CloudTrail changes spelled by wildcard", cis({TRAIL_CHANGES: WILDCARD_TRAIL_PATTERN}), True),
    Case("10.8", "an alarm nobody hears", cis(subscribe=False), False, "confirmed subscription"),
    Case("10.8", "StartLogging left out", cis({TRAIL_CHANGES: "{ ($.eventName = StopLogging) || ($.eventName = DeleteTrail) "
                                                              "|| ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) }"}),
         False, "does not count StartLogging"),
    Case("10.8", "a log group the trail does not feed", cis(log_group_on_trail=False), False, "CloudWatch Logs"),
]


# 10.9 to 10.13 the response ---------------------------------------------------------------------------------

def now_text():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def revoke(condition=None):
    def apply(lab):
        statement = {"Effect": "Deny", "Action": "*", "Resource": "*",
                     "Condition": condition or {"DateLessThan": {"aws:TokenIssueTime": now_text()}}}
        boto3.client("iam").put_user_policy(UserName="deploy-bot", PolicyName="AWSRevokeOlderSessions",
                                            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    return apply


def deactivate(lab):
    boto3.client("iam").update_access_key(UserName="deploy-bot", AccessKeyId=lab.incident.leaked_key, Status="Inactive")


def delete_key(lab):
    deactivate(lab)
    boto3.client("iam").delete_access_key(UserName="deploy-bot", AccessKeyId=lab.incident.leaked_key)


def delete_user(lab):
    iam = boto3.client("iam")
    delete_key(lab)
    iam.remove_user_from_group(GroupName="deployers", UserName="deploy-bot")
    iam.delete_user(UserName="deploy-bot")


def leave_group(lab):
    delete_key(lab)
    boto3.client("iam").remove_user_from_group(GroupName="deployers", UserName="deploy-bot")


def steps(*functions):
    def apply(lab):
        for function in functions:
            function(lab)
    return apply


CASES_10_9 = [
    Case("10.9", "the worked answer", steps(delete_key, revoke()), True, "may do nothing"),
    Case("10.9", "the user deleted", delete_user, True),
    Case("10.9", "the user out of the deployers group", leave_group, True),
    Case("10.9", "deactivated, not deleted", steps(deactivate, revoke()), False, "deactivated but not deleted"),
    Case("10.9", "the key deleted, the session left", delete_key, False, "deleting the key does not end it"),
    Case("10.9", "DateGreaterThan instead", steps(delete_key, revoke({"DateGreaterThan": {"aws:TokenIssueTime": now_text()}})),
         False, "may still"),
    Case("10.9", "a revocation time before the night", steps(delete_key, revoke(
        {"DateLessThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}})), False, "may still"),
]


def east():
    return boto3.client("ec2", region_name="us-east-1")


def snapshot_volumes(lab):
    for volume in lab.incident.miner_volumes:
        east().create_snapshot(VolumeId=volume, Description="forensics")


def quarantine(revoke_egress=True, keep_old=False):
    def apply(lab):
        ec2 = east()
        vpc = ec2.describe_instances(InstanceIds=lab.incident.miners[:1])["Reservations"][0]["Instances"][0]["VpcId"]
        group = ec2.create_security_group(GroupName="quarantine", Description="none", VpcId=vpc)["GroupId"]
        if revoke_egress:
            ec2.revoke_security_group_egress(GroupId=group, IpPermissions=[{"IpProtocol": "-1",
                                                                            "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        for instance in lab.incident.miners:
            groups = [group] + ([lab.incident.miner_group] if keep_old else [])
            ec2.modify_instance_attribute(InstanceId=instance, Groups=groups)
    return apply


def stop_miners(lab):
    east().stop_instances(InstanceIds=lab.incident.miners)


def terminate_miners(lab):
    east().terminate_instances(InstanceIds=lab.incident.miners)


CASES_10_10 = [
    Case("10.10", "the worked answer", steps(snapshot_volumes, quarantine()), True, "cut off"),
    Case("10.10", "snapshots, then stopped", steps(snapshot_volumes, stop_miners), True),
    Case("10.10", "snapshots, quarantined, then stopped", steps(snapshot_volumes, quarantine(), stop_miners), True),
    Case("10.10", "the new group's outbound rule kept", steps(snapshot_volumes, quarantine(revoke_egress=False)), False,
         "out: all traffic"),
    Case("10.10", "the attacker's group kept beside it", steps(snapshot_volumes, quarantine(keep_old=True)), False,
         "in: TCP 22"),
    Case("10.10", "terminated without snapshots", terminate_miners, False, "No snapshot keeps the disk"),
]


def restart_trail(lab):
    cloudtrail = boto3.client("cloudtrail")
    cloudtrail.update_trail(Name=company.TRAIL_NAME, IsMultiRegionTrail=True)
    cloudtrail.start_logging(Name=company.TRAIL_NAME)


def drop_statement(lab):
    iam = boto3.client("iam")
    arn = f"arn:aws:iam::{lab.account_id}:policy/DeployPipeline"
    version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]
    if isinstance(document, str):
        document = json.loads(document)
    document["Statement"] = [s for s in document["Statement"] if s.get("Sid") != "QuietDuringLoadTests"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(document), SetAsDefault=True)


def deny_on_group(lab):
    boto3.client("iam").put_group_policy(GroupName="deployers", PolicyName="NeverTheTrail", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Resource": "*",
                                                 "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail",
                                                            "cloudtrail:UpdateTrail"]}]}))


CASES_10_11 = [
    Case("10.11", "the worked answer", steps(restart_trail, drop_statement), True, "Only the administrators"),
    Case("10.11", "deploy-bot deleted", steps(restart_trail, delete_user), True),
    Case("10.11", "an explicit Deny on the group", steps(restart_trail, deny_on_group), True),
    Case("10.11", "logging restarted only", restart_trail, False, "deploy-bot (cloudtrail:StopLogging)"),
    Case("10.11", "the permission gone, the trail still stopped", drop_statement, False, "not logging"),
    Case("10.11", "logging only this region", steps(lambda lab: boto3.client("cloudtrail").update_trail(
        Name=company.TRAIL_NAME, IsMultiRegionTrail=False), lambda lab: boto3.client("cloudtrail").start_logging(
        Name=company.TRAIL_NAME), drop_statement), False, "covers only"),
]


def delete_persistence(lab):
    boto3.client("iam").delete_access_key(UserName="minho", AccessKeyId=lab.incident.persistence_key)


def close_ssh(lab):
    boto3.client("ec2").revoke_security_group_ingress(GroupId=lab.incident.bastion_group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])


def unshare(account=None):
    def apply(lab):
        boto3.client("ec2").modify_snapshot_attribute(
            SnapshotId=lab.incident.shared_snapshot, Attribute="createVolumePermission", OperationType="remove",
            UserIds=[account or lab.incident.plan.foreign_account])
    return apply


def delete_snapshot(lab):
    boto3.client("ec2").delete_snapshot(SnapshotId=lab.incident.shared_snapshot)


def halves(lab):
    ec2 = boto3.client("ec2")
    close_ssh(lab)
    ec2.authorize_security_group_ingress(GroupId=lab.incident.bastion_group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
        "IpRanges": [{"CidrIp": "0.0.0.0/1"}, {"CidrIp": "128.0.0.0/1"}]}])


CASES_10_12 = [
    Case("10.12", "the worked answer", steps(delete_persistence, close_ssh, unshare()), True, "Nobody outside"),
    Case("10.12", "the snapshot deleted", steps(delete_persistence, close_ssh, delete_snapshot), True),
    Case("10.12", "minho's key deactivated only", steps(lambda lab: boto3.client("iam").update_access_key(
        UserName="minho", AccessKeyId=lab.incident.persistence_key, Status="Inactive"), close_ssh, unshare()), False,
        "still there (Inactive)"),
    Case("10.12", "SSH reopened as two halves", steps(delete_persistence, halves, unshare()), False, "0.0.0.0/1"),
    Case("10.12", "another account unshared", steps(delete_persistence, close_ssh, unshare("111122223333")), False,
         "can still be copied"),
]


def everything(*skip):
    def apply(lab):
        for name, function in (("key", delete_key), ("session", revoke()), ("isolate", steps(snapshot_volumes, quarantine())),
                               ("trail", steps(restart_trail, drop_statement)), ("persistence", delete_persistence),
                               ("ssh", close_ssh), ("snapshot", unshare())):
            if name not in skip:
                function(lab)
    return apply


CASES_10_13 = [
    Case("10.13", "the whole response", everything(), True, "every path is cut"),
    Case("10.13", "the user deleted instead of the session revoked", steps(everything("key", "session"), delete_user),
         True),
    Case("10.13", "nothing done", lambda lab: None, False, "still in"),
    Case("10.13", "the session forgotten", everything("session"), False, "may still"),
    Case("10.13", "the miners left running", everything("isolate"), False, "miners still reach the internet"),
    Case("10.13", "the other key forgotten", everything("persistence"), False, "the key made for minho"),
]


def guardduty_in(*regions, enable=True):
    def apply(lab):
        for region in regions:
            boto3.client("guardduty", region_name=region).create_detector(Enable=enable)
    return apply


def securityhub_in(*regions):
    def apply(lab):
        for region in regions:
            boto3.client("securityhub", region_name=region).enable_security_hub(EnableDefaultStandards=True)
    return apply


BOTH = ("ap-northeast-2", "us-east-1")
CASES_10_14 = [
    Case("10.14", "the worked answer", steps(guardduty_in(*BOTH), securityhub_in(*BOTH)), True, "enabled in us-east-1"),
    Case("10.14", "the scenarios' fixes", steps(guardduty_not_enabled.fix, securityhub_not_enabled.fix), True),
    Case("10.14", "home region only", steps(guardduty_in("ap-northeast-2"), securityhub_in("ap-northeast-2")), False,
         "not enabled in us-east-1"),
    Case("10.14", "a suspended detector where the miners ran", steps(guardduty_in("ap-northeast-2"),
                                                                     guardduty_in("us-east-1", enable=False),
                                                                     securityhub_in(*BOTH)), False, "suspended"),
    Case("10.14", "GuardDuty without Security Hub", guardduty_in(*BOTH), False, "Security Hub is not enabled"),
]

ACCOUNT_CASES = CASES_10_7 + CASES_10_8 + CASES_10_9 + CASES_10_10 + CASES_10_11 + CASES_10_12 + CASES_10_13 + CASES_10_14


@pytest.mark.parametrize("case", ACCOUNT_CASES, ids=ids(ACCOUNT_CASES))
def test_chapter_10(fresh, case):
    lab = fresh("10")
    assert_verdict(lab, case)


def test_every_exercise_has_a_table():
    from labs.chapters import find

    cases = ANSWER_CASES + ACCOUNT_CASES
    for exercise in find("10").exercises:
        mine = [c for c in cases if c.exercise == exercise.id]
        assert sum(c.done for c in mine) >= 2 and sum(not c.done for c in mine) >= 2, exercise.id


def test_the_attacker_is_refused_after_the_response(fresh):
    """After the whole response, the attacker's return leaves no successful call in event history, and
    the calls they made with credentials that no longer exist are listed apart."""
    from labs.cloudtrail import event_history

    lab = fresh("10")
    everything()(lab)
    assert lab.grade("10.13").done
    since = labs.cloudtrail.recorder.timestamp(lab.incident.returns[-1] - timedelta(seconds=1))
    theirs = [r for r in event_history.records() if r.get("sourceIPAddress") == attacker_ip(lab) and r["eventTime"] >= since]
    assert all(r.get("errorCode") for r in theirs)
    assert any("no longer valid" in a.outcome for a in lab.incident.attempts)


CASES = ANSWER_CASES + ACCOUNT_CASES
"""Every case of the chapter, for tests/graders/test_tables.py."""
