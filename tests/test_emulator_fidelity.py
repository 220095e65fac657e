"""The corrections to moto (labs/emulator_fidelity/): one module per correction, each saying what moto does
and what AWS does, each with a test module in tests/emulator_fidelity/ that shows moto's own answer is still
wrong (so that it fails the day moto is fixed upstream, and the correction can go) and that the lab's is AWS's."""

import importlib
import re
from pathlib import Path

import botocore.handlers
import pytest

from labs import emulator_fidelity
from labs.emulator_fidelity import _patching

TESTS = Path(__file__).parent / "emulator_fidelity"


@pytest.mark.parametrize("name", emulator_fidelity.corrections())
def test_a_correction_says_what_moto_does_and_has_a_test_that_sees_it(name):
    module = importlib.import_module(f"labs.emulator_fidelity.{name}")
    doc = module.__doc__ or ""
    assert "moto" in doc, f"{name}: the docstring says what moto does"
    assert f"tests/emulator_fidelity/test_{name}.py" in doc, f"{name}: the docstring names its test"
    test = TESTS / f"test_{name}.py"
    assert test.exists(), f"{name} has no test module"
    assert re.search(r"^def test_moto_itself_\w+", test.read_text(encoding="utf-8"), re.M), \
        f"{test.name}: a test_moto_itself_... shows moto's own answer without the correction"
    assert callable(getattr(module, "install", None))


def test_every_test_module_is_a_corrections():
    names = {p.stem.removeprefix("test_") for p in TESTS.glob("test_*.py")}
    assert names == set(emulator_fidelity.corrections())


def test_applying_again_changes_nothing():
    emulator_fidelity.apply()
    replaced, handlers = dict(_patching._replaced), list(botocore.handlers.BUILTIN_HANDLERS)
    for name in emulator_fidelity.corrections():
        importlib.import_module(f"labs.emulator_fidelity.{name}").install()
    assert _patching._replaced == replaced and botocore.handlers.BUILTIN_HANDLERS == handlers
    assert {"labs.emulator_fidelity.kms_rotation", "labs.emulator_fidelity.cloudtrail_trail_bucket"} <= \
        _patching.corrections_applied()
