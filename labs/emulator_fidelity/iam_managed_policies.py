"""IAM: the AWS managed policies the chapters attach exist, without loading all of them.

moto knows AWS managed policies only with MOTO_IAM_LOAD_MANAGED_POLICIES=true, which loads all
~1,400 of them into every account (+1.7 s per start, measured); without it, attaching
arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore fails with NoSuchEntity, while every real account
has it. The lab adds the few it uses, with their real documents from moto's own copy.

Test: tests/emulator_fidelity/test_iam_managed_policies.py (moto itself still knows none of them).
"""

from __future__ import annotations

import json

from labs.emulator_fidelity._patching import replace

AWS_MANAGED_POLICIES = ("AmazonSSMManagedInstanceCore", "AdministratorAccess", "PowerUserAccess", "AmazonS3FullAccess")
"""The AWS managed policies the chapters attach, which moto then knows even when it loads none."""


def install() -> None:
    from moto.iam import models

    original = models.IAMBackend._init_aws_policies
    documents = {}

    def _init_aws_policies(self):
        policies = original(self)
        if policies:
            return policies
        if not documents:
            data = json.loads(models.aws_managed_policies_data)
            documents.update({name: data[name] for name in AWS_MANAGED_POLICIES})
        return [models.AWSManagedPolicy.from_data(name, self.account_id, self.region_name, document)
                for name, document in documents.items()]

    replace(__name__, models.IAMBackend, "_init_aws_policies", _init_aws_policies)
