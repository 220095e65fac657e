"""CIS 4.x, "a log metric filter and alarm exist for ...", judged as AWS would run them.

moto stores metric filters and alarms and never evaluates either (measured, moto 5.2.5:
`test_metric_filter` is not implemented, no metric ever receives a data point). The lab reads a
filter pattern itself (CloudWatch Logs' filter pattern syntax: JSON patterns such as
`{ ($.eventName = "StopLogging") || ($.errorCode = "AccessDenied*") }`, and plain term patterns) and
asks whether it would count the events CIS wants counted: each control lists events its pattern
must match and events it must not (`CONTROLS`). So `{ $.eventName = StopLogging || $.eventName =
DeleteTrail || ... }` written another way passes, and a pattern that also counts DescribeTrails, or
misses StartLogging, does not.

The rest of CIS's audit procedure: the filter is on the log group of a multi-region trail that is
logging and records every management event; an alarm watches the filter's metric; the alarm's
action is an SNS topic with at least one confirmed subscription.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from labs.korean import josa


class PatternError(ValueError):
    """A filter pattern the lab cannot read (CloudWatch Logs would refuse most of these)."""


# --- filter patterns ------------------------------------------------------------------------------

_TOKEN = re.compile(r'\s*(\{|\}|\(|\)|&&|\|\||!=|<=|>=|=|<|>|"(?:[^"\\]|\\.)*"|\$[^\s=!<>()&|]*|[^\s=!<>(){}&|"]+)')
_MISSING = object()


def _tokens(text: str) -> list[str]:
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise PatternError(f"cannot read the pattern at {text[position:position + 20]!r}")
        tokens.append(match.group(1))
        position = match.end()
        while position < len(text) and text[position].isspace():
            position += 1
    return tokens


def _select(record, selector: str):
    if not selector.startswith("$."):
        raise PatternError(f"a JSON selector starts with $. ({selector!r} does not)")
    value = record
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", selector[2:]):
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(value, list) or index >= len(value):
                return _MISSING
            value = value[index]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return _MISSING
    return value


def _text_matches(actual, expected: str) -> bool:
    if isinstance(actual, bool):
        actual = "true" if actual else "false"
    if isinstance(actual, (dict, list)) or actual is None:
        return False
    regex = "^" + ".*".join(re.escape(part) for part in expected.split("*")) + "$"
    return re.match(regex, str(actual), re.DOTALL) is not None


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class _Parser:
    def __init__(self, tokens):
        self.tokens, self.position = tokens, 0

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected=None):
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise PatternError(f"expected {expected or 'more'} in the pattern, found {token!r}")
        self.position += 1
        return token

    def expression(self):
        terms = [self.term()]
        while self.peek() == "||":
            self.take()
            terms.append(self.term())
        return lambda record: any(t(record) for t in terms)

    def term(self):
        factors = [self.factor()]
        while self.peek() == "&&":
            self.take()
            factors.append(self.factor())
        return lambda record: all(f(record) for f in factors)

    def factor(self):
        if self.peek() == "(":
            self.take("(")
            inner = self.expression()
            self.take(")")
            return inner
        return self.comparison()

    def comparison(self):
        selector = self.take()
        word = (self.peek() or "").upper()
        if word == "NOT":
            self.take()
            if (self.take() or "").upper() != "EXISTS":
                raise PatternError("NOT must be followed by EXISTS")
            return lambda record: _select(record, selector) is _MISSING
        if word == "IS":
            self.take()
            what = self.take().upper()
            wanted = {"NULL": None, "TRUE": True, "FALSE": False}
            if what not in wanted:
                raise PatternError(f"IS must be followed by NULL, TRUE or FALSE, not {what}")
            return lambda record: (value := _select(record, selector)) is not _MISSING and value is wanted[what]
        operator = self.take()
        if operator not in ("=", "!=", "<", "<=", ">", ">="):
            raise PatternError(f"{operator!r} is not a comparison")
        raw = self.take()
        quoted = raw.startswith('"')
        value = json.loads(raw) if quoted else raw

        def compare(record):
            actual = _select(record, selector)
            if actual is _MISSING:
                return False
            if operator in ("=", "!="):
                number, expected = _number(actual), (None if quoted else _number(value))
                same = (number == expected) if (number is not None and expected is not None) else \
                    _text_matches(actual, str(value))
                return same if operator == "=" else not same
            left, right = _number(actual), _number(value)
            if left is None or right is None:
                return False
            return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[operator]

        return compare


def _terms(text: str):
    """A plain term pattern: every term must appear, ?terms any of them, -terms none."""
    parts = re.findall(r'[?-]?"[^"]*"|\S+', text)
    required, optional, excluded = [], [], []
    for part in parts:
        kind = part[0] if part[0] in "?-" else ""
        word = part[len(kind):].strip('"')
        {"": required, "?": optional, "-": excluded}[kind].append(word)

    def matches(record):
        line = json.dumps(record)
        return (all(w in line for w in required) and (not optional or any(w in line for w in optional))
                and not any(w in line for w in excluded))

    return matches


def compile_pattern(text: str):
    """A function record -> bool, as CloudWatch Logs would apply `text` to a CloudTrail event."""
    if not isinstance(text, str):
        raise PatternError("the pattern is not text")
    stripped = text.strip()
    if not stripped:
        return lambda record: True  # an empty pattern matches every event
    if stripped.startswith("["):
        raise PatternError("a space-delimited pattern ([...]) does not read CloudTrail's JSON events")
    if not stripped.startswith("{"):
        return _terms(stripped)
    tokens = _tokens(stripped)
    if tokens[-1] != "}":
        raise PatternError("a JSON pattern ends with }")
    parser = _Parser(tokens[1:-1])
    result = parser.expression()
    if parser.peek() is not None:
        raise PatternError(f"unexpected {parser.peek()!r} in the pattern")
    return result


# --- what each control must count ----------------------------------------------------------------

def _event(name, **fields):
    record = {"eventVersion": "1.11", "eventType": "AwsApiCall", "eventName": name,
              "eventSource": fields.pop("source", "iam.amazonaws.com"), "sourceIPAddress": "192.0.2.10",
              "userIdentity": fields.pop("identity", {"type": "IAMUser", "userName": "someone"})}
    record.update(fields)
    return record


ROOT = {"type": "Root", "arn": "arn:aws:iam::123456789012:root"}
SIGN_IN = "signin.amazonaws.com"


@dataclass(frozen=True)
class Control:
    check_id: str
    cis: str
    what: dict
    reference: str
    catches: tuple
    ignores: tuple


CONTROLS = {
    "cloudwatch_log_metric_filter_unauthorized_api_calls": Control(
        "cloudwatch_log_metric_filter_unauthorized_api_calls", "4.1",
        {"en": "unauthorized API calls", "ko": "권한 없는 API 호출"},
        '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
        (_event("ListAttachedUserPolicies", errorCode="AccessDenied"),
         _event("RunInstances", source="ec2.amazonaws.com", errorCode="Client.UnauthorizedOperation"),
         _event("GetObject", source="s3.amazonaws.com", errorCode="AccessDenied")),
        (_event("ListUsers"), _event("GetUser", errorCode="NoSuchEntity")),
    ),
    "cloudwatch_log_metric_filter_sign_in_without_mfa": Control(
        "cloudwatch_log_metric_filter_sign_in_without_mfa", "4.2",
        {"en": "console sign-in without MFA", "ko": "MFA 없는 콘솔 로그인"},
        '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
        (_event("ConsoleLogin", source=SIGN_IN, eventType="AwsConsoleSignIn",
                additionalEventData={"MFAUsed": "No"}, responseElements={"ConsoleLogin": "Success"}),),
        (_event("ConsoleLogin", source=SIGN_IN, eventType="AwsConsoleSignIn",
                additionalEventData={"MFAUsed": "Yes"}, responseElements={"ConsoleLogin": "Success"}),
         _event("ListUsers")),
    ),
    "cloudwatch_log_metric_filter_root_usage": Control(
        "cloudwatch_log_metric_filter_root_usage", "4.3",
        {"en": "use of the root user", "ko": "루트 사용자 사용"},
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
        (_event("ListUsers", identity=ROOT),
         _event("ConsoleLogin", source=SIGN_IN, eventType="AwsConsoleSignIn", identity=ROOT,
                additionalEventData={"MFAUsed": "Yes"})),
        (_event("ListUsers"),
         _event("PutObject", source="s3.amazonaws.com", identity={**ROOT, "invokedBy": "cloudtrail.amazonaws.com"}),
         _event("SharedSnapshotCopyInitiated", source="ec2.amazonaws.com", identity=ROOT, eventType="AwsServiceEvent")),
    ),
    "cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled": Control(
        "cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled", "4.5",
        {"en": "CloudTrail configuration changes", "ko": "CloudTrail 구성 변경"},
        '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || '
        '($.eventName = StartLogging) || ($.eventName = StopLogging) }',
        tuple(_event(n, source="cloudtrail.amazonaws.com")
              for n in ("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")),
        (_event("DescribeTrails", source="cloudtrail.amazonaws.com"),
         _event("GetTrailStatus", source="cloudtrail.amazonaws.com")),
    ),
    "cloudwatch_log_metric_filter_security_group_changes": Control(
        "cloudwatch_log_metric_filter_security_group_changes", "4.10",
        {"en": "security group changes", "ko": "보안 그룹 변경"},
        '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || '
        '($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || '
        '($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
        tuple(_event(n, source="ec2.amazonaws.com") for n in (
            "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
            "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup")),
        (_event("DescribeSecurityGroups", source="ec2.amazonaws.com"),),
    ),
}


def counts_what_cis_counts(pattern: str, control: Control) -> tuple[bool, dict | None]:
    """(True, None), or (False, one sentence saying what the pattern misses or counts wrongly)."""
    try:
        matches = compile_pattern(pattern)
    except PatternError as error:
        return False, {"en": f"the lab cannot read the pattern {pattern[:80]!r} ({error})",
                       "ko": f"패턴 {josa(repr(pattern[:80]), '을')} 읽을 수 없습니다({error})"}
    missed = [e["eventName"] for e in control.catches if not matches(e)]
    if missed:
        return False, {"en": f"the pattern {pattern[:80]!r} does not count {', '.join(missed)}",
                       "ko": f"패턴 {josa(repr(pattern[:80]), '은')} {josa(', '.join(missed), '을')} 세지 않습니다"}
    extra = [e["eventName"] for e in control.ignores if matches(e)]
    if extra:
        return False, {"en": f"the pattern {pattern[:80]!r} also counts {', '.join(extra)}",
                       "ko": f"패턴 {josa(repr(pattern[:80]), '은')} {', '.join(extra)}까지 셉니다"}
    return True, None


def monitored(state, control: Control, require_logging: bool = True) -> tuple[bool, dict]:
    """Whether the account meets the control, with the sentence that says why (or why not).
    `require_logging=False` judges the monitoring alone, for a trail that is stopped for now."""
    watch = state.cloudwatch
    what_en, what_ko = control.what["en"], control.what["ko"]
    trails = [t for t in state.cloudtrail.trails if t.multi_region and (t.is_logging or not require_logging)
              and t.log_group]
    if not trails:
        return False, {
            "en": "No multi-region trail that is logging sends its events to CloudWatch Logs: no metric filter can "
                  f"count {what_en}.",
            "ko": f"로그를 기록 중인 다중 리전 추적 중 CloudWatch Logs로 이벤트를 보내는 추적이 없어 {josa(what_ko, '을')} 셀 "
                  "지표 필터가 있을 수 없습니다."}
    groups = {t.log_group for t in trails}
    filters = [f for f in watch.metric_filters if f.log_group in groups]
    reasons = []
    for metric_filter in filters:
        ok, why = counts_what_cis_counts(metric_filter.pattern, control)
        if not ok:
            reasons.append(why)
            continue
        alarms = [a for a in watch.alarms if (a.namespace, a.metric) in metric_filter.metrics]
        if not alarms:
            reasons.append({"en": f"no alarm watches the metric of {metric_filter.name}",
                            "ko": f"{metric_filter.name}의 지표를 지켜보는 경보가 없습니다"})
            continue
        for alarm in alarms:
            topics = [t for t in alarm.actions if ":sns:" in t]
            heard = [t for t in topics if watch.confirmed_subscriptions.get(t)]
            if heard:
                return True, {
                    "en": f"The metric filter {metric_filter.name} counts {what_en} on {metric_filter.log_group}, and "
                          f"the alarm {alarm.name} notifies {heard[0].rsplit(':', 1)[-1]}.",
                    "ko": f"지표 필터 {josa(metric_filter.name, '이')} {metric_filter.log_group}에서 {josa(what_ko, '을')} "
                          "세고, 경보 "
                          f"{josa(alarm.name, '이')} {heard[0].rsplit(':', 1)[-1]}에 알립니다."}
            reasons.append({"en": f"the alarm {alarm.name} notifies no SNS topic with a confirmed subscription",
                            "ko": f"경보 {josa(alarm.name, '이')} 확인된 구독이 있는 SNS 주제에 알리지 않습니다"})
    if not filters:
        return False, {
            "en": f"No metric filter on {', '.join(sorted(groups))} counts {what_en} (CIS {control.cis}).",
            "ko": f"{', '.join(sorted(groups))}에 {josa(what_ko, '을')} 세는 지표 필터가 없습니다(CIS {control.cis})."}
    return False, {
        "en": f"Nothing alerts on {what_en} (CIS {control.cis}): " + "; ".join(r["en"] for r in reasons) + ".",
        "ko": f"{what_ko}에 대한 알림이 없습니다(CIS {control.cis}). " + " ".join(r["ko"] + "." for r in reasons)}
