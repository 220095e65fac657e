"""The account's contact details are the company's and current, with billing and operations
contacts (CIS 1.1).

AWS uses these details when something goes wrong: a compromised account, abuse reported against
your resources, a bill nobody pays. When the account was opened with one person's private details,
AWS calls that person, and when they leave, nobody. The talk: register the company's name and use
group mailboxes, so that no single person is the only way in.

The emulator does not implement the primary contact information (GetContactInformation): the lab
keeps it in its model (`lab.root`). The alternate contacts are moto's.

Prowler's check of this id judges nothing: it reports MANUAL and asks you to read the contact
information in the console. The lab judges what it can read: a company name, and billing and
operations alternate contacts. (Exercise 2.9 asks for more: the office phone, group mailboxes.)
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="account_maintain_current_contact_details",
    service="account",
    severity="medium",
    title={
        "en": "The account's contact information names the company, with billing and operations contacts",
        "ko": "계정의 연락처 정보가 회사 명의이고, 결제 및 운영 대체 연락처가 등록되어 있습니다",
    },
    hint={
        "en": "Read the account's contact information (whose name and company is on it?) and its alternate "
        "contacts for billing and operations.",
        "ko": "계정의 연락처 정보(누구의 이름과 회사가 적혀 있나요?)와 결제, 운영 대체 연락처를 확인하세요.",
    },
    remediation=(
        'root.put_contact_information(ContactInformation={{**root.get_contact_information()["ContactInformation"], '
        '"CompanyName": "Community App Inc."}}); '
        '[account.put_alternate_contact(AlternateContactType=t, Name="Sungjin Hong", Title="Security engineer", '
        'EmailAddress="aws-" + t.lower() + "@example.com", PhoneNumber="+82-2-0000-0000") for t in ("BILLING", "OPERATIONS")]'
    ),
)


def check(account):
    contacts = account.account
    resource = account.account_id
    problems_en, problems_ko = [], []
    if not str(contacts.contact_information.get("CompanyName", "")).strip():
        problems_en.append("the contact information has no company name (it is one person's)")
        problems_ko.append("연락처 정보에 회사 이름이 없음(한 사람 명의)")
    for kind, ko in (("BILLING", "결제"), ("OPERATIONS", "운영")):
        if kind not in contacts.alternate_contacts:
            problems_en.append(f"no {kind.lower()} contact")
            problems_ko.append(f"{ko} 대체 연락처 없음")
    if problems_en:
        return [failed(METADATA, resource,
                       f"Account {resource}'s contact details are incomplete: {'; '.join(problems_en)}.",
                       f"계정 {resource}의 연락처가 불완전합니다: {', '.join(problems_ko)}.")]
    company = contacts.contact_information["CompanyName"]
    return [passed(METADATA, resource,
                   f"Account {resource} is registered to {company}, with billing and operations contacts.",
                   f"계정 {josa(resource, '은')} {company} 명의이고, 결제 및 운영 대체 연락처가 있습니다.")]
