"""The account's contacts as the checks see them: the billing, operations and security alternate
contacts (moto's `account` API stores them) and the primary contact information, which moto does not
implement (`get_contact_information` answers 404), so the lab keeps it in its root-user model."""

from __future__ import annotations

from dataclasses import dataclass

from botocore.exceptions import ClientError

ALTERNATE_CONTACT_TYPES = ("BILLING", "OPERATIONS", "SECURITY")


@dataclass
class AccountContacts:
    contact_information: dict
    alternate_contacts: dict
    """type (BILLING, OPERATIONS, SECURITY) -> the contact dict, for those registered."""


def collect(aws) -> AccountContacts:
    account = aws.client("account")
    alternates = {}
    for contact_type in ALTERNATE_CONTACT_TYPES:
        try:
            alternates[contact_type] = account.get_alternate_contact(AlternateContactType=contact_type)["AlternateContact"]
        except ClientError as error:
            if error.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
    return AccountContacts(
        contact_information=aws.root.get_contact_information()["ContactInformation"],
        alternate_contacts=alternates,
    )
