"""Nobody turned Security Hub on: the findings of chapter 10's night would have had no place to
gather, and the account's FSBP and CIS controls no place to be scored."""

from labs.inventory import regional_clients

BREAKS = ("securityhub_enabled",)


def resource(aws) -> str:
    return aws.region


def build(aws) -> None:
    """The account as the team left it: Security Hub off everywhere."""


def fix(aws) -> None:
    from botocore.exceptions import ClientError

    from labs.cloudtrail.recorder import unrecorded

    with unrecorded():
        for _, client in regional_clients(aws, "securityhub"):
            try:
                client.describe_hub()
            except ClientError:
                client.enable_security_hub(EnableDefaultStandards=True)
