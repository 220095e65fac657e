"""Check metadata is validated on load; these tests prove the validation bites, and hold every
check to having a PASS test and a FAIL test."""

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from labs.checks import CheckMetadata, _validate, all_checks, load_compliance
from labs.errors import CheckDefinitionError

TESTS = Path(__file__).parent / "checks"
GOOD = all_checks()["s3_bucket_level_public_access_block"].metadata


def _test_names() -> set[str]:
    names = set()
    for path in TESTS.glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    return names


@pytest.mark.parametrize("check_id", sorted(all_checks()))
def test_every_check_has_a_pass_test_and_a_fail_test(check_id):
    names = _test_names()
    assert any(n.startswith(f"test_{check_id}_pass") for n in names), f"no PASS test for {check_id}"
    assert any(n.startswith(f"test_{check_id}_fail") for n in names), f"no FAIL test for {check_id}"


@pytest.mark.parametrize("check_id", sorted(all_checks()))
def test_every_check_has_compliance_ids(check_id):
    metadata = all_checks()[check_id].metadata
    # A control that neither benchmark has (Session Manager logging) says so with two empty lists.
    no_control = load_compliance()[check_id] == {"cis_v5": [], "fsbp": []}
    assert metadata.cis or metadata.fsbp or no_control


@pytest.mark.parametrize(
    "change, complaint",
    [
        ({"id": "s3_something_else"}, "must equal the module name"),
        ({"severity": "urgent"}, "severity"),
        ({"title": {"en": "Buckets are private"}}, "title needs a non-empty text"),
        ({"hint": {"en": "Call put_public_access_block.", "ko": "put_public_access_block을 호출하세요."}}, "names the fix"),
        ({"remediation": "s3.put_public_access_block(Bucket=\"{bucket}\""}, "not runnable Python"),
        ({"remediation": "s3.put_public_access_block(Bucket=\"{bukket}\")"}, "known placeholders"),
    ],
)
def test_invalid_metadata_is_refused(change, complaint):
    with pytest.raises(CheckDefinitionError, match=complaint):
        _validate(GOOD.id, replace(GOOD, **change), load_compliance())


def test_a_check_missing_from_the_compliance_file_is_refused():
    with pytest.raises(CheckDefinitionError, match="no entry in compliance.json"):
        _validate(GOOD.id, GOOD, {})


def test_compliance_ids_are_validated(tmp_path, monkeypatch):
    bad = tmp_path / "compliance.json"
    bad.write_text('{"s3_bucket_kms_encryption": {"fsbp": ["S3-17"]}}')
    monkeypatch.setattr("labs.checks.COMPLIANCE_FILE", bad)
    with pytest.raises(CheckDefinitionError, match="not an FSBP id"):
        load_compliance()


def test_metadata_is_a_dataclass_with_compliance_filled_in():
    assert isinstance(GOOD, CheckMetadata)
    assert GOOD.cis == ("2.1.4",) and GOOD.fsbp == ("S3.8",)
