"""Each correction of labs/emulator_fidelity/ has a test module here that shows two things: moto's own
answer, without the correction, is still wrong (`test_moto_itself_...`: the day it fails, moto is fixed
upstream and the correction can go), and the lab's answer is AWS's."""

import boto3
import pytest

from labs.emulator_fidelity import _patching
from labs.lab import open_account


@pytest.fixture
def lab(monkeypatch):
    monkeypatch.delenv("LABS_EXPECT", raising=False)
    return open_account("08-s3")


def without(correction):
    """moto without the correction (a module of labs.emulator_fidelity): its replacements undone."""
    return _patching.without(correction.__name__)


def moto_client(service: str, correction):
    """A client that gets moto's own answers: without the correction's botocore handlers."""
    return _patching.unhandled(boto3.client(service), correction.__name__)
