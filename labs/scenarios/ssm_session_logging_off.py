"""Nobody ever saved Session Manager's preferences, so sessions are not logged anywhere. When
something on the server changes, nobody can say who typed what: the one advantage Session Manager
has over SSH goes unused."""

from labs.company import create_session_logging
from labs.inventory.ssm import PREFERENCES_DOCUMENT

BREAKS = ("ssm_session_manager_logging_enabled",)


def resource(aws) -> str:
    return PREFERENCES_DOCUMENT


def build(aws) -> None:
    ssm = aws.client("ssm")
    try:
        ssm.delete_document(Name=PREFERENCES_DOCUMENT)
    except ssm.exceptions.InvalidDocument:
        pass


def fix(aws) -> None:
    create_session_logging(aws)
