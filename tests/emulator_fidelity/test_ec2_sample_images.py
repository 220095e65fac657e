"""Not a wrong answer but a cost (the module's docstring): the test shows moto still loads its sample images
unless told not to, so the lab's setting still matters."""

import boto3

from labs.emulator_fidelity import ec2_sample_images as correction


def test_moto_itself_loads_its_sample_images_by_default(monkeypatch):
    from moto.ec2.models import EC2Backend

    monkeypatch.delenv(correction.VARIABLE, raising=False)
    backend = EC2Backend("ap-northeast-2", "000000000000")  # what moto makes for an account's region on first use
    assert len(backend.amis) > 1000, "moto no longer loads them: the setting can go"


def test_the_lab_starts_without_them_and_registers_its_own_image(lab):
    from labs import company

    assert boto3.client("ec2").describe_images()["Images"] == []
    company.app_image_id(lab)
    assert [i["Name"] for i in boto3.client("ec2").describe_images()["Images"]] == [company.APP_IMAGE]


def test_a_learners_own_choice_is_kept(monkeypatch):
    monkeypatch.setenv(correction.VARIABLE, "true")
    correction.install()
    import os

    assert os.environ[correction.VARIABLE] == "true"
