"""The key the colleague made for the log files never rotates: year after year, the same key
material would protect every log file."""

from labs import company
from labs.cloudtrail import recorder

BREAKS = ("kms_cmk_rotation_enabled",)
# Right after making the key, the day the trail was made (UTC; 11:30 in Seoul).
STORY_DAYS_AGO, STORY_AT = 8, "02:30"


def resource(aws) -> str:
    return company.create_cloudtrail_key(aws)


def build(aws) -> None:
    with recorder.story_time(days_ago=STORY_DAYS_AGO, at=STORY_AT):
        aws.client("kms").disable_key_rotation(KeyId=company.create_cloudtrail_key(aws))


def fix(aws) -> None:
    aws.client("kms").enable_key_rotation(KeyId=company.create_cloudtrail_key(aws))
