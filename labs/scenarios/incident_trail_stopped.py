"""The night of the incident (chapter 10) ended with the trail stopped: the attacker's last call,
StopLogging, with the temporary credentials made from deploy-bot's leaked key (the DeployPipeline
policy allows it, "to pause the trail during load tests"). From then on the trail's bucket receives
nothing; only event history keeps the management events, for 90 days."""

from labs import company
from labs.cloudtrail import recorder

BREAKS = ("cloudtrail_multi_region_enabled",)


def resource(aws) -> str:
    return aws.account_id


def build(aws) -> None:
    from labs.incident.play import play

    play(aws)


def fix(aws) -> None:
    cloudtrail = aws.client("cloudtrail")
    with recorder.unrecorded():
        cloudtrail.update_trail(Name=company.TRAIL_NAME, IsMultiRegionTrail=True)
        cloudtrail.start_logging(Name=company.TRAIL_NAME)
