"""Account checks: the contact details (the lab's model, since moto has no GetContactInformation)
and the alternate contacts (moto's account API)."""

from labs.checks import account_maintain_current_contact_details, account_security_contact_information_is_registered
from labs.scenarios import account_contact_details_outdated as outdated
from tests.conftest import findings_for, status_of


def _contact(account, kind):
    account.client("account").put_alternate_contact(
        AlternateContactType=kind, Name="Team", Title="Team", EmailAddress=f"aws-{kind.lower()}@example.com",
        PhoneNumber="+82-2-0000-0000")


def test_account_maintain_current_contact_details_pass_with_company_and_contacts(account):
    account.root.put_contact_information(ContactInformation=outdated.COMPANY)
    _contact(account, "BILLING")
    _contact(account, "OPERATIONS")
    assert status_of(account_maintain_current_contact_details, account.account_id, account) == "PASS"


def test_account_maintain_current_contact_details_fail_without_a_company_name(account):
    account.root.put_contact_information(ContactInformation=outdated.PERSONAL)
    _contact(account, "BILLING")
    _contact(account, "OPERATIONS")
    [finding] = findings_for(account_maintain_current_contact_details, account.account_id, account)
    assert finding.status == "FAIL" and "company name" in finding.message["en"]


def test_account_maintain_current_contact_details_fail_without_an_operations_contact(account):
    account.root.put_contact_information(ContactInformation=outdated.COMPANY)
    _contact(account, "BILLING")
    [finding] = findings_for(account_maintain_current_contact_details, account.account_id, account)
    assert finding.status == "FAIL" and "operations" in finding.message["en"] and "billing" not in finding.message["en"]


def test_account_security_contact_information_is_registered_pass_with_one(account):
    _contact(account, "SECURITY")
    assert status_of(account_security_contact_information_is_registered, account.account_id, account) == "PASS"


def test_account_security_contact_information_is_registered_fail_with_only_billing(account):
    _contact(account, "BILLING")
    assert status_of(account_security_contact_information_is_registered, account.account_id, account) == "FAIL"
