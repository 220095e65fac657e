"""The trail writes no digest files: if someone edited or deleted a log file in the bucket,
nothing could prove it. Log file validation is off by default when a trail is made with the API."""

from labs import company

BREAKS = ("cloudtrail_log_file_validation_enabled",)


def resource(aws) -> str:
    return company.TRAIL_NAME


def build(aws) -> None:
    company.create_trail(aws)
    if company.trail_settings(aws).get("LogFileValidationEnabled"):
        aws.client("cloudtrail").update_trail(Name=company.TRAIL_NAME, EnableLogFileValidation=False)


def fix(aws) -> None:
    aws.client("cloudtrail").update_trail(Name=company.TRAIL_NAME, EnableLogFileValidation=True)
