"""The colleague made a trail for this region only, and a week later, tired of "all those log
files" in the bucket, stopped it. Since then the account records nothing beyond event history's
90 days, and nothing at all about the other regions."""

from labs import company
from labs.checks.lib.cloudwatch import CONTROLS
from labs.cloudtrail import recorder

BREAKS = ("cloudtrail_multi_region_enabled",)
ALSO_BREAKS = tuple((check_id, lambda aws: aws.account_id) for check_id in CONTROLS)
"""Once chapter 10's CIS 4.x filters and alarms exist (chapter 11's v1.0), a stopped trail feeds none of them."""
# A week after the trail was made, at the end of the day (UTC; 18:12 in Seoul).
STORY_DAYS_AGO, STORY_AT = 1, "09:12"


def resource(aws) -> str:
    return aws.account_id


def build(aws) -> None:
    company.create_trail(aws)
    cloudtrail = aws.client("cloudtrail")
    with recorder.story_time(days_ago=STORY_DAYS_AGO, at=STORY_AT):
        if company.trail_settings(aws).get("IsMultiRegionTrail"):
            cloudtrail.update_trail(Name=company.TRAIL_NAME, IsMultiRegionTrail=False)
        cloudtrail.stop_logging(Name=company.TRAIL_NAME)


def fix(aws) -> None:
    cloudtrail = aws.client("cloudtrail")
    cloudtrail.update_trail(Name=company.TRAIL_NAME, IsMultiRegionTrail=True)
    cloudtrail.start_logging(Name=company.TRAIL_NAME)
