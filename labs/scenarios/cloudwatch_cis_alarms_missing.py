"""The trail writes to S3 only: no CloudWatch Logs group receives its events, so no metric filter
counts anything and no alarm can tell anyone that the root user signed in or the trail stopped.
(CIS 4.x asks for a filter and an alarm per event of note, each alarm reaching someone by SNS.)"""

from labs import company
from labs.checks.lib.cloudwatch import CONTROLS

BREAKS = tuple(CONTROLS)
LOG_GROUP = "aws-cloudtrail-logs"
TOPIC = "security-alarms"
ROLE = "CloudTrailToCloudWatchLogs"
TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def resource(aws) -> str:
    return aws.account_id


def build(aws) -> None:
    """The account as the team left it: a trail, nothing sent to CloudWatch Logs. On an account whose
    trail sends there (chapter 11's v1.0), the trail is cut off from its log group (empty strings
    remove the integration, as in the console): the filters and alarms stay, and count nothing."""
    from labs.cloudtrail.recorder import unrecorded

    with unrecorded():
        company.create_trail(aws)
        linked = company.trail_settings(aws).get("CloudWatchLogsLogGroupArn")
    if linked:
        aws.client("cloudtrail").update_trail(Name=company.TRAIL_NAME, CloudWatchLogsLogGroupArn="",
                                              CloudWatchLogsRoleArn="")


def fix(aws) -> None:
    import json

    from labs.cloudtrail.recorder import unrecorded

    logs, cloudtrail, sns, cloudwatch, iam = (aws.client(s) for s in ("logs", "cloudtrail", "sns", "cloudwatch", "iam"))
    with unrecorded():
        company.create_trail(aws)
        if not logs.describe_log_groups(logGroupNamePrefix=LOG_GROUP)["logGroups"]:
            logs.create_log_group(logGroupName=LOG_GROUP)
        try:
            role = iam.get_role(RoleName=ROLE)["Role"]["Arn"]
        except iam.exceptions.NoSuchEntityException:
            role = iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]
        cloudtrail.update_trail(Name=company.TRAIL_NAME, IsMultiRegionTrail=True, CloudWatchLogsRoleArn=role,
                                CloudWatchLogsLogGroupArn=f"arn:aws:logs:{aws.region}:{aws.account_id}:log-group:{LOG_GROUP}:*")
        cloudtrail.start_logging(Name=company.TRAIL_NAME)
        topic = sns.create_topic(Name=TOPIC)["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="security@example.com")
        for control in CONTROLS.values():
            name = control.check_id.removeprefix("cloudwatch_log_metric_filter_")
            logs.put_metric_filter(logGroupName=LOG_GROUP, filterName=name, filterPattern=control.reference,
                                   metricTransformations=[{"metricName": name, "metricNamespace": "CISBenchmark",
                                                           "metricValue": "1"}])
            cloudwatch.put_metric_alarm(AlarmName=name, MetricName=name, Namespace="CISBenchmark", Statistic="Sum",
                                        Period=300, EvaluationPeriods=1, Threshold=1,
                                        ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])
