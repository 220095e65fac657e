"""Nobody turned GuardDuty on. Had it been on, in both regions, the night of chapter 10 would have
raised findings within minutes: a key used from Kali Linux, the trail stopped, miners in us-east-1."""

from labs.inventory import regional_clients

BREAKS = ("guardduty_is_enabled",)


def resource(aws) -> str:
    return aws.region


def build(aws) -> None:
    """The account as the team left it: no detector anywhere. On an account where GuardDuty runs
    (chapter 11's v1.0), the lab Region's detector is deleted: Seoul, the Region everything is in,
    watched by nobody."""
    from labs.cloudtrail.recorder import unrecorded

    client = aws.client("guardduty")
    with unrecorded():
        detectors = client.list_detectors().get("DetectorIds", [])
    for detector in detectors:
        client.delete_detector(DetectorId=detector)


def fix(aws) -> None:
    from labs.cloudtrail.recorder import unrecorded

    with unrecorded():
        for _, client in regional_clients(aws, "guardduty"):
            if not client.list_detectors().get("DetectorIds"):
                client.create_detector(Enable=True)
