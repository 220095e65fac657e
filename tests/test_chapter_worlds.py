"""Each chapter starts from the previous ones, fixed (DESIGN.md): in every chapter's starting world,
every check of every earlier in-story chapter passes, except where this chapter's own scenarios
break it.

The earlier chapters' world is built first, as labs.start builds it: there every check of those
chapters must pass. Then the chapter adds its own company resources and mistakes: nothing that passed
may fail then, but what its scenarios break. Resources the chapter itself adds (chapter 08's image
bucket) are its own business, judged by its own checks."""

import dataclasses

import pytest

from labs import chapters, company, inventory, scenarios
from labs.checks import all_checks
from labs.cloudtrail import recorder
from labs.lab import build_world, open_account


def _default_vpc_group(lab):
    ec2 = lab.client("ec2")
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    if not vpcs:
        return None
    return ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpcs[0]["VpcId"]]},
                                                 {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]


KNOWN_GAPS = [
    # (check id, the resource, why it fails in the earlier chapters' world, fixed)
    ("ec2_securitygroup_default_restrict_traffic", _default_vpc_group,
     "chapter 06's scenario empties the company VPC's default group, not the default VPC's"),
    ("s3_bucket_object_lock", lambda lab: company.session_log_bucket_name(lab.account_id),
     "chapter 06's session log bucket has no Object Lock (chapter 03 asks every bucket for it)"),
    ("s3_bucket_object_lock", lambda lab: company.image_bucket_name(lab.account_id),
     "users' images must stay deletable (a user deletes a photo; privacy law asks for it): Object Lock is for logs"),
]


STORY_BREAKS = {
    # A chapter's own story may break an earlier chapter's check outside its scenarios: (check, resource, why)
    "10-detection-and-response": [
        ("accessanalyzer_enabled_without_findings", lambda lab: lab.account_id,
         "the night's attacker shares the app server's disk snapshot with an account of their own"),
    ],
}


def findings(lab, check_ids):
    checks = all_checks()
    state = inventory.collect(lab, {s for c in check_ids for s in checks[c].metadata.services})
    return {(f.check_id, f.resource): f for c in check_ids for f in checks[c].run(state)}


IN_STORY = [c.stem for c in chapters.all_chapters() if c.in_story and any(e.checks for e in chapters.earlier(c))]


@pytest.mark.parametrize("stem", IN_STORY)
def test_a_chapter_starts_from_the_earlier_chapters_fixed(monkeypatch, stem):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    chapter = chapters.find(stem)
    lab = open_account(stem)
    lab.chapter = dataclasses.replace(chapter, build_company=(), scenarios=())
    build_world(lab)  # the earlier chapters' world, fixed, and nothing of this chapter's
    earlier_checks = sorted({c for e in chapters.earlier(chapter) for c in e.checks})
    before = findings(lab, earlier_checks)
    gaps = {(check, resource(lab)): why for check, resource, why in KNOWN_GAPS}
    failing = {key: f.message["en"] for key, f in before.items() if f.status == "FAIL" and key not in gaps}
    assert not failing, f"{stem} starts from an earlier chapter's world that is not fixed: {failing}"
    gone = [f"{key}: {why}" for key, why in gaps.items() if key in before and before[key].status == "PASS"]
    assert not gone, f"a known gap is fixed; remove it from KNOWN_GAPS: {gone}"

    lab.chapter = chapter
    with recorder.acting_as(recorder.COLLEAGUE):
        for create in chapter.build_company:
            create(lab)
        for name in chapter.scenarios:
            scenarios.load(name).build(lab)
    broken = {(check, scenarios.load(name).resource(lab)) for name in chapter.scenarios
              for check in scenarios.load(name).BREAKS}
    broken |= {(check, resource(lab)) for name in chapter.scenarios
               for check, resource in getattr(scenarios.load(name), "ALSO_BREAKS", ())}
    broken |= {(check, resource(lab)) for check, resource, _ in STORY_BREAKS.get(stem, ())}
    after = findings(lab, earlier_checks)
    regressions = {key: after[key].message["en"] for key, f in before.items()
                   if f.status == "PASS" and key in after and after[key].status == "FAIL" and key not in broken}
    assert not regressions, f"{stem}'s own world breaks what an earlier chapter fixed: {regressions}"
    missing = [key for key, f in before.items() if f.status == "PASS" and key not in after]
    assert not missing, f"{stem}'s own world removes what an earlier chapter built: {missing}"
