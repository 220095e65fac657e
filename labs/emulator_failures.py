"""When the emulator itself breaks on a request AWS would answer, the learner gets one sentence.

moto sometimes fails inside its own code on a valid request (moto 5.2.5, measured: a security-group
rule with protocol 47, GRE, and no ports raises a bare `TypeError`; `ReplicateKey` on a
single-Region key raises `AttributeError` where KMS answers with an error of its own), and many
calls it has not implemented raise `NotImplementedError`. In this process, that exception would
reach the learner's cell with moto's traceback; through moto's server it becomes an HTTP 500
whose HTML body botocore cannot even parse (`ResponseParserError`), and werkzeug prints moto's
traceback into the notebook.

The lab turns each of these into `EmulatorFailureError`, a LabError with one sentence in the
learner's language that names the emulator and the call and says that AWS would answer it:

- in this process, moto's `BotocoreStubber` is wrapped: an exception from moto's code that is not
  an AWS error becomes an HTTP 500 answer that carries the exception's name in a header;
- moto's server (its Flask handlers) gives the same answer instead of an HTML error page, so the
  server backend and `labs server` say the same thing and print no traceback;
- a `before-parse` handler raises the sentence for such a 5xx answer, before botocore parses it or
  retries it (an emulator's failure is not transient): moto's header says whether the call is not
  implemented or broke. An HTML error page from a server the lab did not patch counts too (501: not
  implemented; any other 5xx: broke); an AWS-shaped error (LocalStack's 501 for a service its free
  edition lacks) stays a ClientError, as the lab's own code expects.

Nothing here reaches AWS: the guard (labs/guard.py) sees to that before any of it runs.
"""

from __future__ import annotations

from labs.errors import EmulatorFailureError

FAILURE_HEADER = "x-labs-emulator-failure"
"""The name of the Python exception moto raised, on the 500 answer the lab gives instead."""

_installed = {"done": False}


def install() -> None:
    """Patch moto (in this process and its server) and register the botocore handler, once."""
    if _installed["done"]:
        return
    import botocore.handlers

    _wrap_in_process_stubber()
    _wrap_server_handlers()
    botocore.handlers.BUILTIN_HANDLERS.append(("before-parse", raise_for_emulator_failure))
    _installed["done"] = True


def _failure_answer(error: BaseException) -> tuple[int, dict, str]:
    return 500, {FAILURE_HEADER: type(error).__name__, "content-type": "text/plain"}, ""


def _is_aws_error(error: BaseException) -> bool:
    """An error moto raises on purpose, as AWS would (it becomes an AWS-shaped answer)."""
    from botocore.exceptions import ClientError
    from moto.core.exceptions import HTTPException, ServiceException

    from labs.errors import LabError

    return isinstance(error, (HTTPException, ServiceException, ClientError, LabError))


def _wrap_in_process_stubber() -> None:
    from botocore.awsrequest import AWSResponse
    from moto.core.botocore_stubber import BotocoreStubber, MockRawResponse

    if getattr(BotocoreStubber.__call__, "_labs_patched", False):
        return
    original = BotocoreStubber.__call__

    def __call__(self, event_name, request, **kwargs):
        try:
            return original(self, event_name, request, **kwargs)
        except Exception as error:
            if _is_aws_error(error):
                raise
            status, headers, body = _failure_answer(error)
            return AWSResponse(request.url, status, headers, MockRawResponse(body))

    __call__._labs_patched = True
    BotocoreStubber.__call__ = __call__


def _wrap_server_handlers() -> None:
    from moto.core.utils import convert_to_flask_response

    if getattr(convert_to_flask_response.__call__, "_labs_patched", False):
        return
    original = convert_to_flask_response.__call__

    def __call__(self, args=None, **kwargs):
        try:
            return original(self, args, **kwargs)
        except Exception as error:
            if _is_aws_error(error):
                raise
            from flask import Response

            status, headers, body = _failure_answer(error)
            return Response(response=body, status=status, headers=headers)

    __call__._labs_patched = True
    convert_to_flask_response.__call__ = __call__


def _emulator_name() -> str:
    from labs import guard

    return getattr(guard, "_state", {}).get("backend") or "the emulator"


def sentence(emulator: str, operation: str, failure: str | None, status: int) -> tuple[str, str]:
    """The sentence, (en, ko), for a call the emulator could not answer."""
    if failure == "NotImplementedError" or (failure is None and status == 501):
        return (
            f"The emulator ({emulator}) does not implement {operation}, so this call cannot run in the lab; "
            "AWS would answer it, and the chapter's text says how.",
            f"에뮬레이터({emulator})가 {operation} 호출을 구현하지 않아 실습 환경에서는 실행할 수 없습니다. "
            "AWS는 이 호출에 응답하며, 그 응답은 챕터 본문에서 설명합니다.",
        )
    article = "an" if (failure or "x")[0] in "AEIOU" else "a"
    cause = f"{article} {failure} inside the emulator" if failure else f"HTTP {status} from the emulator"
    cause_ko = f"에뮬레이터 내부의 {failure}" if failure else f"에뮬레이터의 HTTP {status}"
    return (
        f"The emulator ({emulator}) broke on {operation} ({cause}, not an answer from AWS); AWS would answer "
        "this request, so the fault is the emulator's, not yours: read the chapter for AWS's answer or try the "
        "call another way.",
        f"에뮬레이터({emulator})가 {operation} 호출을 처리하다 고장 났습니다(AWS의 응답이 아닌 {cause_ko}). "
        "AWS라면 이 요청에 응답하므로 잘못은 에뮬레이터에 있습니다. AWS의 응답은 챕터 본문을 참고하거나 다른 "
        "방법으로 호출해 보세요.",
    )


def _is_html(body) -> bool:
    if isinstance(body, str):
        body = body.encode()
    return bytes(body[:64]).lstrip().lower().startswith((b"<!doctype html", b"<html"))


def raise_for_emulator_failure(operation_model=None, response_dict=None, **_kwargs) -> None:
    """`before-parse`: a 5xx answer in which the emulator failed becomes EmulatorFailureError.

    That is moto's failure (the lab's header), or an HTML error page from a server the lab did not
    patch. An emulator's AWS-shaped error (LocalStack's 501 InternalFailure for a service its free
    edition lacks) is left to botocore, as a ClientError the lab's own code may expect."""
    from labs import guard

    status = (response_dict or {}).get("status_code") or 0
    if status < 500 or not guard.is_active():
        return
    headers = response_dict.get("headers") or {}
    failure = headers.get(FAILURE_HEADER)
    if failure is None and not _is_html(response_dict.get("body") or b""):
        return
    operation = getattr(operation_model, "name", None) or "this call"
    en, ko = sentence(_emulator_name(), operation, failure, status)
    raise EmulatorFailureError(en, ko)
