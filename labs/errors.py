"""Errors a learner can cause, each carrying one sentence that says what is wrong and what to try.

Inside Jupyter, `labs.start` installs a handler that prints that sentence instead of a traceback
(see `labs.display.install_error_handler`), so a learner never has to read the lab's own code to
understand a mistake.
"""


class LabError(Exception):
    """A mistake the learner can fix; the message is the whole explanation."""


class UnknownChapterError(LabError):
    pass


class UnknownExerciseError(LabError):
    pass


class UnknownBackendError(LabError):
    pass


class BackendUnavailableError(LabError):
    pass


class RealAwsRefusedError(LabError):
    """A request was about to leave for something other than the emulator."""


class NotebookSourceError(LabError):
    """A solutions/ notebook breaks the generator's rules (an unclosed solution region, ...)."""


class CheckDefinitionError(Exception):
    """A check module's metadata is invalid: a bug in the lab, not the learner's mistake."""
