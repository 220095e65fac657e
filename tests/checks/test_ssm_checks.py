"""ssm_session_manager_logging_enabled: PASS and FAIL against the emulator (moto stores the
SSM-SessionManagerRunShell document as AWS does; it has no Session Manager to read it)."""

import json

from labs import company
from labs.checks import ssm_session_manager_logging_enabled as logging_check
from labs.inventory.ssm import PREFERENCES_DOCUMENT
from tests.conftest import findings_for, status_of


def test_ssm_session_manager_logging_enabled_fail_without_preferences(account):
    [finding] = findings_for(logging_check, PREFERENCES_DOCUMENT, account)
    assert finding.status == "FAIL" and "no preferences" in finding.message["en"]


def test_ssm_session_manager_logging_enabled_pass_with_both_destinations_encrypted(account):
    company.create_session_logging(account)
    assert status_of(logging_check, PREFERENCES_DOCUMENT, account) == "PASS"


def test_ssm_session_manager_logging_enabled_fail_with_s3_only(account):
    content = company.session_preferences("some-bucket", "", "")
    account.client("ssm").create_document(Name=PREFERENCES_DOCUMENT, DocumentType="Session", Content=json.dumps(content))
    [finding] = findings_for(logging_check, PREFERENCES_DOCUMENT, account)
    assert finding.status == "FAIL" and "no CloudWatch Logs group" in finding.message["en"]


def test_ssm_session_manager_logging_enabled_fail_with_an_unencrypted_log_group(account):
    account.client("logs").create_log_group(logGroupName="/plain")
    content = company.session_preferences("some-bucket", "/plain", "")
    account.client("ssm").create_document(Name=PREFERENCES_DOCUMENT, DocumentType="Session", Content=json.dumps(content))
    [finding] = findings_for(logging_check, PREFERENCES_DOCUMENT, account)
    assert finding.status == "FAIL" and "not encrypted" in finding.message["en"]


def test_ssm_session_manager_logging_enabled_fail_when_a_new_version_is_not_the_default(account):
    company.create_session_logging(account)
    off = company.session_preferences("", "", "")
    account.client("ssm").update_document(Name=PREFERENCES_DOCUMENT, Content=json.dumps(off), DocumentVersion="$LATEST")
    # Session Manager reads the default version, which still logs: PASS until the new one is made default.
    assert status_of(logging_check, PREFERENCES_DOCUMENT, account) == "PASS"
    account.client("ssm").update_document_default_version(Name=PREFERENCES_DOCUMENT, DocumentVersion="2")
    assert status_of(logging_check, PREFERENCES_DOCUMENT, account) == "FAIL"
