"""The account has no security contact. When AWS notices something wrong (a key leaked on GitHub,
an instance attacking others), its notice goes to the root mailbox, Minho's private email."""

from botocore.exceptions import ClientError

BREAKS = ("account_security_contact_information_is_registered",)
SECURITY = {"Name": "Sungjin Hong", "Title": "Security engineer",
            "EmailAddress": "aws-security@community-app.example.com", "PhoneNumber": "+82-2-0000-0000"}


def resource(aws) -> str:
    return aws.account_id


def build(aws) -> None:
    try:
        aws.client("account").delete_alternate_contact(AlternateContactType="SECURITY")
    except ClientError as error:
        if error.response["Error"]["Code"] != "ResourceNotFoundException":
            raise


def fix(aws) -> None:
    aws.client("account").put_alternate_contact(AlternateContactType="SECURITY", **SECURITY)
