"""AWS Security 101 Lab: `lab = labs.start("08-s3")`, then plain boto3, `lab.check()`, `lab.grade("8.1")`.

Importing the package already makes the process safe (labs/guard.py): fake credentials, no profile
or config file read, no proxy, nothing sent anywhere but an emulator on this machine; and, inside
IPython, mistakes show as one sentence instead of a traceback (labs/display.py).
"""

from labs import guard
from labs.errors import LabError

guard.protect()

from labs.display import install_error_handler  # noqa: E402  (after the guard, on purpose)
from labs.lab import Lab, start  # noqa: E402

install_error_handler()

__all__ = ["Lab", "LabError", "start"]
__version__ = "0.1.0"
