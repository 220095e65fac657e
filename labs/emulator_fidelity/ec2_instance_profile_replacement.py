"""EC2: a replaced instance profile reaches the instance.

ReplaceIamInstanceProfileAssociation (how the console's "Modify IAM role" swaps a running instance's
role) changes the association in moto 5.2.5 but not the instance: DescribeInstances keeps showing the
old profile (measured). On AWS the instance has the new profile at once. The lab updates the instance
as moto does when it associates a profile.

Test: tests/emulator_fidelity/test_ec2_instance_profile_replacement.py (moto itself still shows the old one).
"""

from __future__ import annotations

from labs.emulator_fidelity._patching import replace


def install() -> None:
    from moto.ec2.models.iam_instance_profile import IamInstanceProfileAssociationBackend

    original = IamInstanceProfileAssociationBackend.replace_iam_instance_profile_association

    def replace_iam_instance_profile_association(self, *args, **kwargs):
        association = original(self, *args, **kwargs)
        self.modify_instance_attribute(association.instance_id, "iam_instance_profile",
                                       {"Arn": association.iam_instance_profile.arn, "Id": association.association_id})
        return association

    replace(__name__, IamInstanceProfileAssociationBackend, "replace_iam_instance_profile_association",
            replace_iam_instance_profile_association)
