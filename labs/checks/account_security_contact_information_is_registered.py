"""The account has a security alternate contact (CIS 1.2, FSBP Account.1).

When AWS sees an incident in your account (a leaked key on GitHub, an instance attacking others),
it writes to the security contact. Without one, the notice goes to the root user's mailbox and
waits there.
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="account_security_contact_information_is_registered",
    service="account",
    severity="medium",
    title={
        "en": "The account has a security alternate contact",
        "ko": "계정에 보안 대체 연락처가 등록되어 있습니다",
    },
    hint={
        "en": "The Account API keeps three alternate contacts, one per type. Which type is AWS's way to "
        "reach you about an incident, and is it there?",
        "ko": "Account API는 유형별로 대체 연락처 세 개를 보관합니다. AWS가 보안 사고를 알릴 때 쓰는 유형은 "
        "무엇이고, 등록되어 있나요?",
    },
    remediation=(
        'account.put_alternate_contact(AlternateContactType="SECURITY", Name="Sungjin Hong", '
        'Title="Security engineer", EmailAddress="aws-security@example.com", PhoneNumber="+82-2-0000-0000")'
    ),
)


def check(account):
    resource = account.account_id
    contact = account.account.alternate_contacts.get("SECURITY")
    if contact:
        return [passed(METADATA, resource,
                       f"Account {resource} has a security contact: {contact.get('EmailAddress')}.",
                       f"계정 {resource}에 보안 대체 연락처가 있습니다: {contact.get('EmailAddress')}.")]
    return [failed(METADATA, resource,
                   f"Account {resource} has no security contact: AWS's incident notices would reach only the root mailbox.",
                   f"계정 {resource}에 보안 대체 연락처가 없습니다. AWS의 보안 알림이 루트 메일함으로만 갑니다.")]
