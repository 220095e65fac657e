"""Every scenario makes a round trip: build it, its checks FAIL; apply its fix, they PASS.
And every check's remediation, run as written, turns its FAIL into a PASS."""

import json

import pytest

from labs import access_analyzer, company, inventory, scenarios
from labs.chapters import all_chapters
from labs.checks import PLACEHOLDERS, REMEDIATION_CLIENTS, all_checks
from labs.tls import certificates

SCENARIOS = scenarios.all_scenarios()


def statuses(account, check_ids, resource):
    checks = all_checks()
    state = inventory.collect(account, {s for c in check_ids for s in checks[c].metadata.services})
    return {
        finding.check_id: finding.status
        for check_id in check_ids
        for finding in checks[check_id].run(state)
        if finding.resource == resource
    }


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario_round_trip(account, name):
    scenario = SCENARIOS[name]
    resource = scenario.resource(account)
    scenario.build(account)
    assert statuses(account, scenario.BREAKS, resource) == {c: "FAIL" for c in scenario.BREAKS}
    scenario.fix(account)
    # Fixed: no check it broke fails for the resource; deleting the offending resource is a fix too.
    after = statuses(account, scenario.BREAKS, resource)
    assert all(status == "PASS" for status in after.values()), after


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario_breaks_only_known_checks(name):
    assert set(SCENARIOS[name].BREAKS) <= set(all_checks()), "BREAKS names a check that does not exist"


def test_every_check_is_broken_by_some_scenario():
    broken = {check for scenario in SCENARIOS.values() for check in scenario.BREAKS}
    assert set(all_checks()) - broken == set(), "a check no scenario exercises cannot be taught"


def test_every_scenario_a_chapter_names_exists():
    for chapter in all_chapters():
        for name in chapter.scenarios:
            assert name in SCENARIOS, f"{chapter.stem} names a scenario that does not exist: {name}"


@pytest.mark.parametrize("check_id", sorted(all_checks()))
def test_remediation_fixes_what_the_check_fails(account, check_id):
    check = all_checks()[check_id]
    scenario = next(s for s in SCENARIOS.values() if check_id in s.BREAKS)
    resource = scenario.resource(account)
    scenario.build(account)
    assert statuses(account, [check_id], resource) == {check_id: "FAIL"}
    # The resource a finding names fills the placeholder of its kind (a group id, a load balancer...).
    buckets = {b["Name"] for b in account.client("s3").list_buckets()["Buckets"]}
    values = {name: resource for name in PLACEHOLDERS}
    values.update(
        bucket=resource if resource in buckets else account.image_bucket,
        account_id=account.account_id,
        trail=company.TRAIL_NAME,
        log_bucket=company.cloudtrail_bucket_name(account.account_id),
        key_id=company.find_key_id(account, company.CLOUDTRAIL_KEY_ALIAS) or "",
    )
    code = check.metadata.remediation.format(**values)
    clients = {name: account.client(name) for name in REMEDIATION_CLIENTS}
    exec(code, {**clients, "json": json, "certificates": certificates, "root": account.root,
                "access_analyzer": access_analyzer.client(account)})
    assert statuses(account, [check_id], resource) == {check_id: "PASS"}, f"remediation did not fix it: {code}"
