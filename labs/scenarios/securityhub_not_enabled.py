"""Nobody turned Security Hub on: the findings of chapter 10's night would have had no place to
gather, and the account's FSBP and CIS controls no place to be scored."""

from labs.inventory import regional_clients

BREAKS = ("securityhub_enabled",)


def resource(aws) -> str:
    return aws.region


def build(aws) -> None:
    """The account as the team left it: Security Hub off everywhere. On an account where it is on
    (chapter 11's v1.0), it is turned off in the lab's Region."""
    from botocore.exceptions import ClientError

    from labs.cloudtrail.recorder import unrecorded

    client = aws.client("securityhub")
    try:
        with unrecorded():
            client.describe_hub()
    except ClientError:
        return
    client.disable_security_hub()


def fix(aws) -> None:
    from botocore.exceptions import ClientError

    from labs.cloudtrail.recorder import unrecorded

    with unrecorded():
        for _, client in regional_clients(aws, "securityhub"):
            try:
                client.describe_hub()
            except ClientError:
                client.enable_security_hub(EnableDefaultStandards=True)
