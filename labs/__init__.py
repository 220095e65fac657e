"""AWS Security 101 Lab: `lab = labs.start("08-s3")`, then plain boto3, `lab.check()`, `lab.grade("8.1")`."""

from labs.errors import LabError
from labs.lab import Lab, start

__all__ = ["Lab", "LabError", "start"]
__version__ = "0.1.0"
