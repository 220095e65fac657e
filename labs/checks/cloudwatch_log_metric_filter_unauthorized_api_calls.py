"""A log metric filter and alarm exist for unauthorized API calls (CIS 4.1).

AccessDenied and UnauthorizedOperation are often the first trace of someone trying what a stolen key
may do (chapter 03, exercise 3.8); the incident's night began with two of them.

CIS asks for a metric filter on the log group a multi-region, logging trail sends its events to, an
alarm on the filter's metric, and an SNS topic with a confirmed subscription as the alarm's action.
Prowler's check of the same id matches the filter pattern's text against CIS's with a regular
expression; the lab reads the pattern as CloudWatch Logs would apply it and asks whether it counts
the events CIS's pattern counts, and no others (labs/checks/lib/cloudwatch.py), so the same filter
written another way passes. moto stores filters and alarms and evaluates neither: no alarm here ever
fires.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.checks.lib.cloudwatch import CONTROLS, monitored

METADATA = CheckMetadata(
    id="cloudwatch_log_metric_filter_unauthorized_api_calls",
    service="cloudwatch",
    reads=("cloudtrail",),
    severity="medium",
    title={
        "en": "A log metric filter and alarm exist for unauthorized API calls",
        "ko": "권한 없는 API 호출에 대한 로그 지표 필터와 경보가 있습니다",
    },
    hint={
        "en": "Follow CIS's audit: the trail's CloudWatch Logs group, the metric filters on it, the alarms on "
        "their metrics, and who the alarm's SNS topic reaches.",
        "ko": "CIS의 감사 절차를 따라가 보세요. 추적의 CloudWatch Logs 그룹, 그 그룹의 지표 필터, 그 지표를 보는 "
        "경보, 경보의 SNS 주제가 누구에게 알리는지 순서대로 확인합니다.",
    },
    remediation=(
        'group = "aws-cloudtrail-logs"\n'
        'if not logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]:\n'
        '    logs.create_log_group(logGroupName=group)\n'
        'role = iam.create_role(RoleName="CloudTrailToCloudWatchLogs-UnauthorizedAPICalls", AssumeRolePolicyDocument=json.dumps(dict('
        'Version="2012-10-17", Statement=[dict(Effect="Allow", Principal=dict(Service="cloudtrail.amazonaws.com"), '
        'Action="sts:AssumeRole")])))["Role"]["Arn"]\n'
        'cloudtrail.update_trail(Name="{trail}", IsMultiRegionTrail=True, CloudWatchLogsRoleArn=role, '
        'CloudWatchLogsLogGroupArn=f"arn:aws:logs:ap-northeast-2:{account_id}:log-group:{{group}}:*")\n'
        'cloudtrail.start_logging(Name="{trail}")\n'
        'logs.put_metric_filter(logGroupName=group, filterName="UnauthorizedAPICalls", filterPattern='
        "'{{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }}', "
        'metricTransformations=[dict(metricName="UnauthorizedAPICalls", metricNamespace="CISBenchmark", metricValue="1")])\n'
        'topic = sns.create_topic(Name="security-alarms")["TopicArn"]\n'
        'sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="security@example.com")\n'
        'cloudwatch.put_metric_alarm(AlarmName="UnauthorizedAPICalls", MetricName="UnauthorizedAPICalls", Namespace="CISBenchmark", '
        'Statistic="Sum", Period=300, EvaluationPeriods=1, Threshold=1, '
        'ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])'
    ),
)


def check(account):
    ok, why = monitored(account, CONTROLS[METADATA.id])
    subject = f"Account {account.account_id}: "
    subject_ko = f"계정 {account.account_id}: "
    if ok:
        return [passed(METADATA, account.account_id, subject + why["en"], subject_ko + why["ko"])]
    return [failed(METADATA, account.account_id, subject + why["en"], subject_ko + why["ko"])]
