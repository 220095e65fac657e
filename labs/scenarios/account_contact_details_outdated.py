"""The account is registered to Minho, with his personal email and phone, because he opened it for
the prototype; there is no company name, and no billing or operations contact. If Minho is on
holiday (or leaves), AWS has nobody else to call about the account."""

from botocore.exceptions import ClientError

BREAKS = ("account_maintain_current_contact_details",)
PERSONAL = {
    "FullName": "Minho Kim",
    "AddressLine1": "12, Teheran-ro 1-gil",
    "City": "Seoul",
    "PostalCode": "06000",
    "CountryCode": "KR",
    "PhoneNumber": "+82-10-0000-0000",
}
COMPANY = {**PERSONAL, "FullName": "Sungjin Hong", "CompanyName": "Community App Inc.",
           "PhoneNumber": "+82-2-0000-0000", "WebsiteUrl": "https://community-app.example.com"}
CONTACTS = {
    "BILLING": {"Name": "Jiyoung Lee", "Title": "Manager", "EmailAddress": "aws-billing@community-app.example.com"},
    "OPERATIONS": {"Name": "Minho Kim", "Title": "Developer", "EmailAddress": "aws-ops@community-app.example.com"},
}


def resource(aws) -> str:
    return aws.account_id


def build(aws) -> None:
    aws.root.put_contact_information(ContactInformation=PERSONAL)
    account = aws.client("account")
    for kind in CONTACTS:
        try:
            account.delete_alternate_contact(AlternateContactType=kind)
        except ClientError as error:
            if error.response["Error"]["Code"] != "ResourceNotFoundException":
                raise


def fix(aws) -> None:
    aws.root.put_contact_information(ContactInformation=COMPANY)
    account = aws.client("account")
    for kind, contact in CONTACTS.items():
        account.put_alternate_contact(AlternateContactType=kind, PhoneNumber="+82-2-0000-0000", **contact)
