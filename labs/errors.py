"""Errors a learner can cause, each carrying one sentence that says what is wrong and what to try.

Inside Jupyter, `import labs` installs a handler that prints that sentence instead of a traceback
(see `labs.display.install_error_handler`), so a learner never has to read the lab's own code to
understand a mistake.
"""


def excerpt(value, limit: int = 40, quote: bool = True) -> str:
    """A short excerpt of something a learner gave, for a message: never the whole of a long input."""
    try:
        text = repr(value) if quote or not isinstance(value, str) else value
    except Exception:  # a repr that fails (or recurses) says nothing useful anyway
        text = f"<{type(value).__name__}>"
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LabError(Exception):
    """A mistake the learner can fix; the message is the whole explanation, in the learner's
    language when a Korean sentence is given (the lab's language is set by labs.start)."""

    def __init__(self, en: str, ko: str | None = None):
        super().__init__(en)
        self.text = {"en": en, "ko": ko or en}

    def __str__(self) -> str:
        from labs.language import pick

        return pick(self.text)


class UnknownChapterError(LabError):
    pass


class UnknownExerciseError(LabError):
    pass


class UnknownBackendError(LabError):
    pass


class BackendUnavailableError(LabError):
    pass


class SupersededLabError(LabError):
    """A Lab object used after a newer labs.start replaced its account."""


class RealAwsRefusedError(LabError):
    """A request was about to leave for something other than the emulator."""


class EmulatorFailureError(LabError):
    """The emulator broke on (or does not implement) a request AWS would answer: not the learner's
    mistake, but said in one sentence all the same (labs/emulator_failures.py)."""


class NotebookSourceError(LabError):
    """A solutions/ notebook breaks the generator's rules (an unclosed solution region, ...)."""


class CheckDefinitionError(Exception):
    """A check module's metadata is invalid: a bug in the lab, not the learner's mistake."""
