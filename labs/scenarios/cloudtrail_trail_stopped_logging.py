"""The colleague made a trail for this region only, and a week later, tired of "all those log
files" in the bucket, stopped it. Since then the account records nothing beyond event history's
90 days, and nothing at all about the other regions."""

from labs import company

BREAKS = ("cloudtrail_multi_region_enabled",)


def resource(aws) -> str:
    return aws.account_id


def build(aws) -> None:
    company.create_trail(aws)
    cloudtrail = aws.client("cloudtrail")
    if company.trail_settings(aws).get("IsMultiRegionTrail"):
        cloudtrail.update_trail(Name=company.TRAIL_NAME, IsMultiRegionTrail=False)
    cloudtrail.stop_logging(Name=company.TRAIL_NAME)


def fix(aws) -> None:
    cloudtrail = aws.client("cloudtrail")
    cloudtrail.update_trail(Name=company.TRAIL_NAME, IsMultiRegionTrail=True)
    cloudtrail.start_logging(Name=company.TRAIL_NAME)
