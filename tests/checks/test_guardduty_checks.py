"""GuardDuty and Security Hub checks: a PASS and a FAIL test each (the account's two regions)."""

from labs.checks import guardduty_is_enabled, securityhub_enabled
from labs.cloudtrail.recorder import internal_client
from labs.scenarios import guardduty_not_enabled, securityhub_not_enabled
from tests.conftest import findings_for


def test_guardduty_is_enabled_pass_in_both_regions(account):
    guardduty_not_enabled.fix(account)
    for region in (account.region, "us-east-1"):
        [finding] = findings_for(guardduty_is_enabled, region, account)
        assert finding.status == "PASS"


def test_guardduty_is_enabled_fail_where_the_miners_ran(account):
    account.client("guardduty").create_detector(Enable=True)
    [home] = findings_for(guardduty_is_enabled, account.region, account)
    [east] = findings_for(guardduty_is_enabled, "us-east-1", account)
    assert home.status == "PASS" and east.status == "FAIL" and "us-east-1" in east.message["en"]


def test_guardduty_is_enabled_fail_with_a_suspended_detector(account):
    guardduty_not_enabled.fix(account)
    client = internal_client("guardduty", "us-east-1")
    detector = client.list_detectors()["DetectorIds"][0]
    client.update_detector(DetectorId=detector, Enable=False)
    [east] = findings_for(guardduty_is_enabled, "us-east-1", account)
    assert east.status == "FAIL" and "suspended" in east.message["en"]


def test_securityhub_enabled_pass_in_both_regions(account):
    securityhub_not_enabled.fix(account)
    for region in (account.region, "us-east-1"):
        [finding] = findings_for(securityhub_enabled, region, account)
        assert finding.status == "PASS"


def test_securityhub_enabled_fail_when_off(account):
    [finding] = findings_for(securityhub_enabled, account.region, account)
    assert finding.status == "FAIL" and account.region in finding.message["ko"]
