"""EC2: moto's ~2,600 sample machine images are not loaded.

Not a wrong answer of moto's but a cost: moto loads about 2,600 sample AMIs into every region's EC2
backend when it first answers an EC2 call, after every reset: 0.6 s of each chapter start that uses
EC2 (measured). Real accounts launch from AWS's images, which the lab does not need: it registers the
one image the company's instances use (`labs.company.APP_IMAGE`). A learner who sets the variable
keeps their choice.

Test: tests/emulator_fidelity/test_ec2_sample_images.py (moto itself still loads them by default).
"""

from __future__ import annotations

import os

VARIABLE = "MOTO_EC2_LOAD_DEFAULT_AMIS"


def install() -> None:
    os.environ.setdefault(VARIABLE, "false")
