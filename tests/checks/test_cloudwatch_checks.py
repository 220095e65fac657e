"""CIS 4.x metric filter checks: a PASS and a FAIL test each, against the emulator, and the lab's
reading of CloudWatch Logs filter patterns (moto stores them and never evaluates them)."""

import pytest

from labs.checks import (
    cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled as cloudtrail_changes,
)
from labs.checks import (
    cloudwatch_log_metric_filter_root_usage,
    cloudwatch_log_metric_filter_security_group_changes,
    cloudwatch_log_metric_filter_sign_in_without_mfa,
    cloudwatch_log_metric_filter_unauthorized_api_calls,
)
from labs.checks.lib.cloudwatch import CONTROLS, PatternError, compile_pattern, counts_what_cis_counts
from labs.scenarios import cloudwatch_cis_alarms_missing as scenario
from tests.conftest import findings_for

MODULES = [cloudwatch_log_metric_filter_unauthorized_api_calls, cloudwatch_log_metric_filter_sign_in_without_mfa,
           cloudwatch_log_metric_filter_root_usage, cloudtrail_changes, cloudwatch_log_metric_filter_security_group_changes]


@pytest.fixture
def monitored(account):
    scenario.build(account)
    scenario.fix(account)
    return account


def status(module, account):
    [finding] = findings_for(module, account.account_id, account)
    return finding


def test_cloudwatch_log_metric_filter_unauthorized_api_calls_pass_with_cis_filter_and_alarm(monitored):
    assert status(cloudwatch_log_metric_filter_unauthorized_api_calls, monitored).status == "PASS"


def test_cloudwatch_log_metric_filter_unauthorized_api_calls_fail_without_a_log_group(account):
    scenario.build(account)
    finding = status(cloudwatch_log_metric_filter_unauthorized_api_calls, account)
    assert finding.status == "FAIL" and "CloudWatch Logs" in finding.message["en"]


def test_cloudwatch_log_metric_filter_sign_in_without_mfa_pass_with_cis_filter_and_alarm(monitored):
    assert status(cloudwatch_log_metric_filter_sign_in_without_mfa, monitored).status == "PASS"


def test_cloudwatch_log_metric_filter_sign_in_without_mfa_fail_when_the_pattern_counts_every_sign_in(monitored):
    monitored.client("logs").put_metric_filter(
        logGroupName=scenario.LOG_GROUP, filterName="sign_in_without_mfa", filterPattern='{ $.eventName = "ConsoleLogin" }',
        metricTransformations=[{"metricName": "sign_in_without_mfa", "metricNamespace": "CISBenchmark", "metricValue": "1"}])
    finding = status(cloudwatch_log_metric_filter_sign_in_without_mfa, monitored)
    assert finding.status == "FAIL" and "also counts ConsoleLogin" in finding.message["en"]


def test_cloudwatch_log_metric_filter_root_usage_pass_with_cis_filter_and_alarm(monitored):
    assert status(cloudwatch_log_metric_filter_root_usage, monitored).status == "PASS"


def test_cloudwatch_log_metric_filter_root_usage_fail_when_the_alarm_reaches_nobody(monitored):
    sns = monitored.client("sns")
    topic = sns.create_topic(Name="nobody-listens")["TopicArn"]
    monitored.client("cloudwatch").put_metric_alarm(
        AlarmName="root_usage", MetricName="root_usage", Namespace="CISBenchmark", Statistic="Sum", Period=300,
        EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])
    finding = status(cloudwatch_log_metric_filter_root_usage, monitored)
    assert finding.status == "FAIL" and "confirmed subscription" in finding.message["en"]


def test_cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled_pass(monitored):
    assert status(cloudtrail_changes, monitored).status == "PASS"


def test_cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled_fail_missing_start(monitored):
    monitored.client("logs").put_metric_filter(
        logGroupName=scenario.LOG_GROUP,
        filterName="and_alarm_for_cloudtrail_configuration_changes_enabled",
        filterPattern='{ ($.eventName = StopLogging) || ($.eventName = DeleteTrail) }',
        metricTransformations=[{"metricName": "and_alarm_for_cloudtrail_configuration_changes_enabled",
                                "metricNamespace": "CISBenchmark", "metricValue": "1"}])
    finding = status(cloudtrail_changes, monitored)
    assert finding.status == "FAIL" and "does not count CreateTrail, UpdateTrail, StartLogging" in finding.message["en"]


def test_cloudwatch_log_metric_filter_security_group_changes_pass(monitored):
    assert status(cloudwatch_log_metric_filter_security_group_changes, monitored).status == "PASS"


def test_cloudwatch_log_metric_filter_security_group_changes_fail_when_the_trail_stops(monitored):
    monitored.client("cloudtrail").stop_logging(Name="community-app-trail")
    finding = status(cloudwatch_log_metric_filter_security_group_changes, monitored)
    assert finding.status == "FAIL" and "logging" in finding.message["en"]


@pytest.mark.parametrize("pattern", [
    '{($.eventName=CreateTrail)||($.eventName=UpdateTrail)||($.eventName=DeleteTrail)||($.eventName=StartLogging)'
    '||($.eventName=StopLogging)}',
    '{ $.eventSource = "cloudtrail.amazonaws.com" && ($.eventName = "*Trail" || $.eventName = "*Logging") }',
])
def test_another_spelling_of_the_cloudtrail_pattern_counts_the_same(pattern):
    assert counts_what_cis_counts(pattern, CONTROLS[cloudtrail_changes.METADATA.id]) == (True, None)


@pytest.mark.parametrize("pattern, fragment", [
    ('{ $.eventSource = "cloudtrail.amazonaws.com" }', "also counts DescribeTrails"),
    ('{ $.eventName = "StopLogging" }', "does not count CreateTrail"),
    ("[version, account]", "space-delimited"),
    ('{ $.eventName = "StopLogging" ', "ends with }"),
])
def test_a_wrong_cloudtrail_pattern_is_named(pattern, fragment):
    ok, why = counts_what_cis_counts(pattern, CONTROLS[cloudtrail_changes.METADATA.id])
    assert not ok and fragment in why["en"] and why["ko"]


def test_patterns_read_as_cloudwatch_logs_does():
    record = {"eventName": "ConsoleLogin", "userIdentity": {"type": "Root"}, "additionalEventData": {"MFAUsed": "No"},
              "readOnly": False, "count": 7}
    assert compile_pattern('{ $.additionalEventData.MFAUsed != "Yes" }')(record)
    assert not compile_pattern('{ $.missing.field != "Yes" }')(record)  # a missing field matches no comparison
    assert compile_pattern("{ $.userIdentity.invokedBy NOT EXISTS }")(record)
    assert compile_pattern("{ $.readOnly IS FALSE }")(record)
    assert compile_pattern("{ $.count > 5 && $.eventName = Console* }")(record)
    assert compile_pattern("ConsoleLogin -AssumeRole")(record)
    assert not compile_pattern('{ $.eventName = "consolelogin" }')(record)  # values are case-sensitive
    with pytest.raises(PatternError):
        compile_pattern("{ $.eventName === 1 }")
