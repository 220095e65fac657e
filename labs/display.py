"""How the lab shows a grade and a mistake in JupyterLab (the findings table is in findings_table.py)."""

from __future__ import annotations

import html
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    HTTPClientError,
    NoCredentialsError,
    ParamValidationError,
    ProfileNotFound,
)

from labs import under_test
from labs.errors import LabError
from labs.language import pick

@dataclass
class Grade:
    exercise_id: str
    title: str
    done: bool
    message: str
    hint: str | None = None
    lang: str = "en"
    note: str | None = None
    """About saving the grade, when it could not be saved as usual (a read-only home, ...)."""
    reference_fix: str | None = None
    """Once the exercise is done: the chapter's own solution for it (labs.notebooks.reference_fixes), one
    way among others, for the learner to compare with theirs."""

    def __bool__(self) -> bool:
        return self.done

    def _words(self):
        if self.lang == "ko":
            return ("완료", "아직 완료되지 않았습니다", "힌트")
        return ("done", "not done yet", "Hint")

    def _reference_heading(self) -> str:
        return pick({"en": "One way to do it (the chapter's solution; yours may differ and still be right)",
                     "ko": "참고 답안(한 가지 방법이며, 내 답과 달라도 맞을 수 있습니다)"}, self.lang)

    def __repr__(self) -> str:
        done_word, not_done_word, hint_word = self._words()
        head = f"{'✅' if self.done else '❌'} {self.exercise_id} {self.title}: {done_word if self.done else not_done_word}"
        lines = [head, f"   {self.message}"]
        if self.hint and not self.done:
            lines.append(f"   {hint_word}: {self.hint}")
        if self.note:
            lines.append(f"   ⚠ {self.note}")
        if self.reference_fix and self.done:
            lines.append(f"   {self._reference_heading()}:")
            lines.extend(f"      {line}" if line else "" for line in self.reference_fix.split("\n"))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        done_word, not_done_word, hint_word = self._words()
        colour = "#d1e7dd" if self.done else "#f8d7da"
        parts = [
            f"<div style='background:{colour};padding:8px 12px;border-radius:4px;color:#212529'>",
            f"<b>{'✅' if self.done else '❌'} {html.escape(self.exercise_id)} {html.escape(self.title)}: "
            f"{done_word if self.done else not_done_word}</b><br>{html.escape(self.message)}",
        ]
        if self.hint and not self.done:
            parts.append(f"<br><i>{hint_word}: {html.escape(self.hint)}</i>")
        if self.note:
            parts.append(f"<br>⚠ {html.escape(self.note)}")
        if self.reference_fix and self.done:
            parts.append(f"<details style='margin-top:6px'><summary>{html.escape(self._reference_heading())}</summary>"
                         f"<pre style='margin:4px 0 0 0;background:#f8f9fa;padding:6px'>"
                         f"{html.escape(self.reference_fix)}</pre></details>")
        parts.append("</div>")
        return "".join(parts)


# What to try, for the AWS errors a learner meets most in these chapters.
ERROR_ADVICE = {
    "NoSuchBucket": {
        "en": "the bucket does not exist (was it deleted, or is the name mistyped?); run the chapter's "
        "labs.start(...) cell again to rebuild its world",
        "ko": "버킷이 없습니다(삭제했거나 이름을 잘못 썼나요?). 챕터의 labs.start(...) 셀을 다시 실행하면 "
        "실습 환경이 새로 만들어집니다",
    },
    "MalformedPolicy": {
        "en": "build the policy as a Python dict and pass json.dumps(policy); every statement needs "
        "Effect, Principal, Action and Resource",
        "ko": "정책을 파이썬 dict로 만든 뒤 json.dumps(policy)로 넘기세요. 모든 문(Statement)에는 Effect, Principal, "
        "Action, Resource가 필요합니다",
    },
    "InvalidBucketName": {
        "en": "bucket names are 3 to 63 lowercase letters, digits, dots and hyphens",
        "ko": "버킷 이름은 3~63자의 영문 소문자, 숫자, 점, 하이픈으로 만듭니다",
    },
    "IllegalLocationConstraintException": {
        "en": "outside us-east-1, create_bucket needs CreateBucketConfiguration={'LocationConstraint': region}",
        "ko": "us-east-1이 아닌 리전에서는 create_bucket에 CreateBucketConfiguration={'LocationConstraint': 리전}이 필요합니다",
    },
    "NoSuchKey": {
        "en": "no object has that key; list the bucket's objects to see the keys it has",
        "ko": "그 키를 가진 객체가 없습니다. 버킷의 객체 목록을 조회해 실제 키를 확인하세요",
    },
    "NoSuchEntity": {
        "en": "IAM has no such user, group, policy or device; list them (list_users, list_groups, list_policies) "
        "to see the exact names, which are case-sensitive",
        "ko": "IAM에 그런 사용자, 그룹, 정책 또는 디바이스가 없습니다. list_users, list_groups, list_policies로 "
        "정확한 이름을 확인하세요. 이름은 대소문자를 구분합니다",
    },
    "EntityAlreadyExists": {
        "en": "it already exists, perhaps from an earlier run of this cell; use it as it is, or run the chapter's "
        "labs.start(...) cell again to start over",
        "ko": "이미 있습니다. 이 셀을 전에 실행했을 수 있습니다. 있는 것을 그대로 쓰거나, 챕터의 labs.start(...) 셀을 "
        "다시 실행해 처음부터 하세요",
    },
    "MalformedPolicyDocument": {
        "en": "build the policy as a Python dict and pass json.dumps(policy); every statement needs Effect, "
        "Action (or NotAction) and Resource",
        "ko": "정책을 파이썬 dict로 만든 뒤 json.dumps(policy)로 넘기세요. 모든 문(Statement)에는 Effect, "
        "Action(또는 NotAction), Resource가 필요합니다",
    },
    "PasswordPolicyViolation": {
        "en": "the password breaks the account's password policy; make it longer and mix character kinds",
        "ko": "비밀번호가 계정의 비밀번호 정책에 맞지 않습니다. 더 길게, 여러 종류의 문자를 섞어 만드세요",
    },
    "InsufficientS3BucketPolicyException": {
        "en": "CloudTrail must be allowed, in the bucket policy, s3:GetBucketAcl on the bucket and s3:PutObject "
        "under AWSLogs/<account id>/ for the principal {'Service': 'cloudtrail.amazonaws.com'}; add both statements first",
        "ko": "버킷 정책이 서비스 주체 {'Service': 'cloudtrail.amazonaws.com'}에게 버킷에 대한 s3:GetBucketAcl과 "
        "AWSLogs/<계정 ID>/ 아래의 s3:PutObject를 허용해야 합니다. 두 Statement를 먼저 추가하세요",
    },
    "S3BucketDoesNotExistException": {
        "en": "a trail delivers to an existing bucket of yours: create the bucket (and its policy for CloudTrail) first",
        "ko": "추적은 이미 있는 버킷에 로그를 보냅니다. 버킷(과 CloudTrail용 버킷 정책)을 먼저 만드세요",
    },
    "InvalidLookupAttributesException": {
        "en": "lookup_events takes at most one lookup attribute, with a key such as EventName, Username or ResourceName",
        "ko": "lookup_events에는 조회 속성을 하나만 줄 수 있고, 키는 EventName, Username, ResourceName 등입니다",
    },
    "InvalidRequest": {
        "en": "S3 refused the combination of parameters; check each name and value against the call's documentation",
        "ko": "S3가 파라미터 조합을 거부했습니다. 각 이름과 값을 API 문서와 비교해 보세요",
    },
}


def _learner_line(tb, lang=None) -> str | None:
    """The line of the learner's own cell that made the failing call."""
    for frame in reversed(traceback.extract_tb(tb)):
        if "site-packages" not in frame.filename and "/labs/" not in frame.filename and frame.line:
            label = f"{frame.lineno}번째 줄" if lang == "ko" else f"line {frame.lineno}"
            return f"{label}: {frame.line.strip()}"
    return None


def explain(error: BaseException, tb=None, lang=None) -> str:
    """One sentence for a mistake: what is wrong and what to try."""
    if isinstance(error, LabError):
        return pick(error.text, lang) if lang else str(error)
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "Unknown")
        message = error.response.get("Error", {}).get("Message", "")
        operation = getattr(error, "operation_name", None) or pick({"en": "the call", "ko": "요청"}, lang)
        advice = pick(ERROR_ADVICE[code], lang) if code in ERROR_ADVICE else None
        if (lang or "en") == "ko":
            sentence = f"AWS가 {operation} 호출을 거부했습니다({code}: \"{message}\")"
            sentence += f". {advice}." if advice else ". 오류 메시지를 읽고 호출에 넘긴 파라미터를 확인하세요."
        else:
            sentence = f"AWS refused {operation} ({code}: {message})"
            sentence += f"; {advice}." if advice else "; read the message and check the call's parameters."
        where = _learner_line(tb, lang)
        return f"{sentence}\n  {where}" if where else sentence
    if isinstance(error, ParamValidationError):
        where = _learner_line(tb, lang)
        detail = str(error).replace("\n", " ")
        if (lang or "en") == "ko":
            # botocore's own words stay as a quoted detail: they name the parameter and the type it wants.
            report = str(error.kwargs.get("report", "")).replace("\n", " ").strip() or detail
            sentence = (f"boto3가 요청을 보내기 전에 파라미터를 거부했습니다. 파라미터의 이름, 형식, 필수 여부를 API 문서와 "
                        f"비교해 보세요(botocore: \"{report}\").")
        else:
            sentence = detail
        return f"{sentence}\n  {where}" if where else sentence
    if isinstance(error, NoCredentialsError):
        return pick({
            "en": "boto3 found no credentials: run the chapter's labs.start(...) cell first, before creating clients.",
            "ko": "boto3가 자격 증명을 찾지 못했습니다. 클라이언트를 만들기 전에 챕터의 labs.start(...) 셀을 먼저 실행하세요.",
        }, lang)
    if isinstance(error, ProfileNotFound):
        return pick({
            "en": f"The lab hides this machine's AWS profiles ({error.kwargs.get('profile')!r} included), so that no "
            "real account is ever used: make clients with boto3.client(...) without profile_name.",
            "ko": f"실습 환경은 실제 계정이 쓰이지 않도록 이 컴퓨터의 AWS 프로필({error.kwargs.get('profile')!r} 포함)을 "
            "숨깁니다. profile_name 없이 boto3.client(...)로 클라이언트를 만드세요.",
        }, lang)
    if isinstance(error, HTTPClientError) and isinstance(error.kwargs.get("error"), LabError):
        return explain(error.kwargs["error"], lang=lang)
    if isinstance(error, EndpointConnectionError):
        from labs import guard

        url = error.kwargs.get("endpoint_url", "")
        emulator = guard.current_endpoint()
        if guard.lab_running() and guard._endpoint_of(url) != emulator:
            # A loopback address that is not the lab's emulator: the learner's endpoint_url (or AWS_ENDPOINT_URL).
            where = {"en": f"at {emulator}", "ko": f"{emulator}에 있습니다"} if emulator else {
                "en": "inside this notebook's Python (moto)", "ko": "이 노트북의 파이썬 안에서 실행됩니다(moto)"}
            return pick({
                "en": f"Nothing answers at {url}, the endpoint_url this client was made with; the lab's emulator runs "
                f"{where['en']}, so make the client without endpoint_url, as boto3.client('s3'), and it uses the "
                "emulator.",
                "ko": f"이 클라이언트를 만들 때 받은 endpoint_url인 {url}에서 아무것도 응답하지 않습니다. 실습의 에뮬레이터는 "
                f"{where['ko']}. boto3.client('s3')처럼 endpoint_url 없이 클라이언트를 만들면 에뮬레이터를 씁니다.",
            }, lang)
        return pick({
            "en": f"Nothing answers at {url}: the emulator there has stopped, or the client was made for an earlier "
            "lab; run the chapter's labs.start(...) cell again and make the client again (the lab never falls back "
            "to AWS).",
            "ko": f"{url}에서 아무것도 응답하지 않습니다. 그곳의 에뮬레이터가 멈췄거나 이전 실습에서 만든 클라이언트입니다. "
            "챕터의 labs.start(...) 셀을 다시 실행하고 클라이언트를 다시 만드세요"
            "(실습 환경은 절대 실제 AWS로 넘어가지 않습니다).",
        }, lang)
    return "".join(traceback.format_exception_only(type(error), error)).strip()


EXPLAINED = (LabError, ClientError, ParamValidationError, NoCredentialsError, ProfileNotFound,
             EndpointConnectionError)
LAB_PACKAGE = Path(__file__).resolve().parent


def raised_inside_the_lab(tb) -> bool:
    """Whether the innermost frame that is neither a library's nor Python's own is the lab's code,
    rather than the learner's: a problem of the lab's, which the learner cannot fix by reading it."""
    innermost = None
    for frame in traceback.extract_tb(tb):
        path = frame.filename
        if "site-packages" in path or "dist-packages" in path or path.startswith(sys.base_prefix):
            continue
        innermost = path
    if innermost is None:
        return False
    try:
        return Path(innermost).resolve().is_relative_to(LAB_PACKAGE)
    except (OSError, ValueError):
        return False


def unexpected(error: BaseException, lang=None) -> str:
    """One sentence for an error inside the lab's own code that no rule above explains."""
    what = "".join(traceback.format_exception_only(type(error), error)).strip().replace("\n", " ")
    if len(what) > 160:
        what = what[:159] + "…"
    return pick({
        "en": f"The lab could not finish that ({what}); run the chapter's labs.start(...) cell again, and if it "
        "happens again, tell whoever runs your course: it is the lab's problem, not yours.",
        "ko": f"실습 환경이 그 작업을 끝내지 못했습니다({what}). 챕터의 labs.start(...) 셀을 다시 실행하고, 또 그러면 "
        "과정 운영자에게 알려 주세요. 여러분의 잘못이 아니라 실습 환경의 문제입니다.",
    }, lang)


def install_error_handler() -> bool:
    """In IPython, show a mistake as one sentence instead of a traceback: the mistakes in EXPLAINED,
    HTTP errors that carry the lab's refusal, and any error raised inside the lab's own code. An
    error in the learner's own code keeps its traceback (it points at the learner's line).
    Installed by `import labs`, so the very first mistake in a fresh kernel is covered."""
    # A shell exists only where IPython runs, so IPython is imported already; anywhere else (a
    # script, `labs check`) importing it only to learn that would cost a tenth of a second.
    get_ipython = getattr(sys.modules.get("IPython"), "get_ipython", None)
    if get_ipython is None:
        return False
    shell = get_ipython()
    if shell is None:
        return False

    def show(shell, etype, value, tb, tb_offset=None):
        from labs.language import current

        if isinstance(value, EXPLAINED) or (isinstance(value, HTTPClientError)
                                            and isinstance(value.kwargs.get("error"), LabError)):
            text = explain(value, tb, current())
        elif not under_test.expectation() and not isinstance(value, AssertionError) and raised_inside_the_lab(tb):
            text = unexpected(value, current())
        else:
            return shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        # "실수" would read as blaming the learner; Korean tools say 오류.
        title = "Mistake" if current() == "en" else "오류"
        # IPython shows nothing for a custom exception by itself; stderr is shaded red in JupyterLab.
        print(f"{title}: {text}", file=sys.stderr)
        return [f"{title}: {text}"]

    shell.set_custom_exc((Exception,), show)
    return True
