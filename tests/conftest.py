import pytest

from labs import company, inventory
from labs.lab import open_account

# Tests never write to a learner's progress file: the root conftest.py sets LABS_HOME to a folder of the run's own.


@pytest.fixture
def account(monkeypatch):
    """A fresh fake account with nothing in it but the app's image bucket."""
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    lab = open_account("08-s3")
    lab.image_bucket = company.create_image_bucket(lab)
    lab.s3 = lab.client("s3")
    return lab


def findings_for(check_module, resource, account):
    """Run one check module against the account as it is now; its findings for one resource."""
    state = inventory.collect(account, set(check_module.METADATA.services))
    return [f for f in check_module.check(state) if f.resource == resource]


def status_of(check_module, resource, account) -> str:
    findings = findings_for(check_module, resource, account)
    assert len(findings) == 1, f"expected one finding for {resource}, got {findings}"
    finding = findings[0]
    assert resource in finding.message["en"] and resource in finding.message["ko"], "the sentence names the resource"
    return finding.status
