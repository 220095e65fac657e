"""Chapter 10: detection and incident response. Each exercise lists what its text asks for
(labs.grading): the hunt's answers are compared with the night the lab recorded (labs.incident);
a Sigma rule is run on labelled records and scored (precision and recall); an alert rule's pattern
is tested by EventBridge itself and its queue's policy by the policy engine; every response step is
judged as AWS would judge it now (is the key usable, may the session still act, does the security
group admit anything, can the foreign account still copy the snapshot), and the last one lets the
attacker try again."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone

from labs import company
from labs.chapters import Chapter, Exercise
from labs.cloudtrail import recorder
from labs.grading import Requirement, fails, holds
from labs.incident import play as incident_play
from labs.incident.plan import DEPLOY_USER
from labs.incident.response import close_the_case
from labs.language import both
from labs.korean import josa, particle

INTENTS = {"10.4": "trail_tampering", "10.5": "key_for_another_user", "10.6": "snapshot_shared"}
INTENT_WORDS = {
    "trail_tampering": both("a trail stopped or deleted (or an attempt)", "추적 중지나 삭제(시도 포함)"),
    "key_for_another_user": both("an access key created for another user", "다른 사용자의 액세스 키 생성"),
    "snapshot_shared": both("a snapshot shared with another account or everyone", "다른 계정이나 모두에게 공유된 스냅샷"),
}


def play_the_night(aws):
    """The company's day and the night of the incident, recorded (labs.incident)."""
    incident_play.play(aws)


def publish_the_bill(aws):
    """The last 30 days of the bill, in the emulator's Cost Explorer (labs.incident.bill)."""
    from labs.incident import bill

    bill.publish(aws)


def _incident(lab):
    return getattr(lab, "incident", None)


def _missing_incident():
    return False, both("This lab has no incident: run the labs.start(\"10\") cell again.",
                       "이 실습 환경에는 사고 기록이 없습니다. labs.start(\"10\") 셀을 다시 실행하세요.")


def trail_records(lab) -> list[dict]:
    """Every record in the trail's log files, as CloudTrail wrote them."""
    from labs.cloudtrail.loader import _files, parse

    records = []
    with recorder.unrecorded():
        for name, data in _files(f"s3://{company.cloudtrail_bucket_name(lab.account_id)}"):
            found, _ = parse(data, name)
            records += found or []
    return records


def night_records(lab) -> list[dict]:
    """The trail's records of the day and the night before the lab started (what the learner hunts in)."""
    started = recorder.timestamp(recorder._state["started"])
    return sorted((r for r in trail_records(lab) if r["eventTime"] < started), key=lambda r: r["eventTime"])


def attacker_records(lab) -> list[dict]:
    ip = _incident(lab).plan.attacker_ip
    return [r for r in night_records(lab) if r.get("sourceIPAddress") == ip]


def _event_ids(answer):
    import pandas as pd

    if isinstance(answer, str):
        return [answer.strip()]
    if isinstance(answer, pd.Series):
        if "eventID" in answer.index:
            return [answer["eventID"]]
        return None
    if isinstance(answer, pd.DataFrame) and "eventID" in answer.columns:
        return list(answer["eventID"])
    if isinstance(answer, dict) and "eventID" in answer:
        return [answer["eventID"]]
    return None


def _line(record: dict, lang: str = "en") -> str:
    identity = record.get("userIdentity") or {}
    who = identity.get("userName") or identity.get("type") or "?"
    if lang == "ko":
        error = f", 오류 {record['errorCode']}" if record.get("errorCode") else ""
        return f"{record['eventTime']} {who}의 {record['eventName']}(출발지 {record.get('sourceIPAddress')}{error})"
    error = f" ({record['errorCode']})" if record.get("errorCode") else ""
    return f"{record['eventTime']} {who} {record['eventName']}{error} from {record.get('sourceIPAddress')}"


# --- 10.1 the bill ----------------------------------------------------------------------------------

def grade_bill(lab, answer):
    import pandas as pd

    from labs.incident import bill

    if not isinstance(answer, pd.DataFrame) or not {"start_date", "root_cause", "cost_impact"} <= set(answer.columns):
        return False, both("Pass the anomaly table chapter 04's detector returns (labs.costs.anomalies.detect), "
                           "for the bill grouped by region.",
                           "챕터 04의 탐지기(labs.costs.anomalies.detect)가 돌려준 이상 징후 표를 넘기세요. 리전별로 묶은 "
                           "청구서의 표입니다.")
    reference = bill.reference_anomalies("REGION")
    services = bill.reference_anomalies("SERVICE")
    causes = {str(c) for c in answer["root_cause"]}
    if causes and causes <= set(services["root_cause"]):
        return False, both("These root causes are services: the exercise asks for the bill grouped by REGION, "
                           "which says where the money went.",
                           "이 근본 원인은 서비스입니다. 실습은 돈이 어디서 쓰였는지 알려 주는, 리전(REGION)별로 묶은 "
                           "청구서를 묻습니다.")
    expected = {(r["root_cause"], r["start_date"].date()) for _, r in reference.iterrows()}
    try:
        given = {(str(r["root_cause"]), pd.Timestamp(r["start_date"]).date()) for _, r in answer.iterrows()}
    except (TypeError, ValueError):
        given = set()
    if given != expected:
        missing = sorted(f"{c} from {d}" for c, d in expected - given)
        extra = sorted(f"{c} from {d}" for c, d in given - expected)
        return False, both(
            "Your table differs from chapter 04's detector on this bill"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; not an anomaly: {', '.join(extra)}" if extra else "")
            + ". Use the detector as chapter 04 wrote it (median baseline, 25 % and $0.005).",
            "표가 이 청구서에 대한 챕터 04 탐지기의 결과와 다릅니다"
            + (f". 빠진 것: {', '.join(missing)}" if missing else "")
            + (f". 이상 징후가 아닌 것: {', '.join(extra)}" if extra else "")
            + ". 챕터 04의 탐지기를 그대로 쓰세요(중앙값 기준선, 25%와 $0.005).")
    row = reference.iloc[0]
    return True, both(
        f"Yes: {row['root_cause']}, a region the company never used, cost ${row['cost_impact']:.2f} on "
        f"{row['start_date']:%Y-%m-%d} (expected $0: no percentage).",
        f"맞습니다. 회사가 한 번도 쓰지 않은 리전 {row['root_cause']}에서 {row['start_date']:%Y-%m-%d}에 "
        f"{josa('$' + format(row['cost_impact'], '.2f'), '이')} 나갔습니다(예상 지출이 $0이라 비율은 없습니다).")


# --- 10.2 and 10.3 the hunt -----------------------------------------------------------------------------

def grade_first_call(lab, answer):
    if _incident(lab) is None:
        return _missing_incident()
    ids = _event_ids(answer)
    if not ids or len(ids) != 1:
        return False, both("Pass one event: its row of the DataFrame (a Series with eventID), or its eventID.",
                           "이벤트 하나를 넘기세요. DataFrame의 한 행(eventID가 있는 Series)이나 eventID입니다.")
    records = night_records(lab)
    by_id = {r["eventID"]: r for r in records}
    first = attacker_records(lab)[0]
    chosen = by_id.get(ids[0])
    if chosen is None:
        return False, both(f"{str(ids[0])[:40]!r} is no event of the trail's log files: pick a row of the loaded trail.",
                           f"{josa(repr(str(ids[0])[:40]), '은')} 추적 로그 파일의 이벤트가 아닙니다. 불러온 추적의 행을 "
                           "고르세요.")
    if chosen["eventID"] == first["eventID"]:
        return True, both(
            f"Yes: {_line(first)}, with deploy-bot's key, signed from Kali Linux: the night began there.",
            f"맞습니다. {_line(first, 'ko')}입니다. deploy-bot의 키로, 칼리 리눅스(Kali Linux)에서 서명한 호출입니다. 밤은 "
            "여기서 시작했습니다.")
    if chosen.get("sourceIPAddress") == first["sourceIPAddress"]:
        return False, both(
            f"{_line(chosen)} is the attacker's, but not their first call: sort by eventTime.",
            f"{josa(_line(chosen, 'ko'), '은')} 공격자의 호출이지만 첫 호출이 아닙니다. eventTime으로 정렬해 보세요.")
    if (chosen.get("userIdentity") or {}).get("accessKeyId") == first["userIdentity"].get("accessKeyId"):
        return False, both(
            f"{_line(chosen)} used the same key, from the pipeline's runner: that is the deploy working as every "
            "evening. Pivot on the source address: which calls came from an address the key never used before?",
            f"{josa(_line(chosen, 'ko'), '은')} 같은 키지만 파이프라인 러너에서 온, 매일 저녁의 배포입니다. 소스 주소로 피벗해 "
            "보세요. 이 키가 전에 쓴 적 없는 주소에서 온 호출은 무엇인가요?")
    return False, both(f"{_line(chosen)} is the team's own work, not the intruder's.",
                       f"{josa(_line(chosen, 'ko'), '은')} 팀의 정상 업무이지 침입자의 호출이 아닙니다.")


def grade_everything(lab, answer):
    if _incident(lab) is None:
        return _missing_incident()
    ids = _event_ids(answer)
    import pandas as pd

    if ids is None or not isinstance(answer, pd.DataFrame):
        return False, both("Pass the rows of the loaded trail (a DataFrame with eventID).",
                           "불러온 추적의 행을 DataFrame(eventID 열 포함)으로 넘기세요.")
    records = night_records(lab)
    by_id = {r["eventID"]: r for r in records}
    expected = {r["eventID"] for r in attacker_records(lab)}
    given = {i for i in ids if i in by_id}
    not_theirs = [by_id[i] for i in given - expected]
    missed = [by_id[i] for i in expected - given]
    if not_theirs:
        return False, both(
            f"{len(not_theirs)} of your rows are not the attacker's, e.g. {_line(not_theirs[0])}: the same user, "
            "another address.",
            f"넘긴 행 중 {len(not_theirs)}개는 공격자의 것이 아닙니다. 예: {_line(not_theirs[0], 'ko')}. 같은 사용자, 다른 "
            "주소입니다.")
    if missed:
        keys = sorted({(m.get("userIdentity") or {}).get("accessKeyId") for m in missed} - {None})
        return False, both(
            f"{len(missed)} of the attacker's calls are missing, made with {', '.join(keys)}: the key was not their "
            "only credential. Pivot on the address, not on the key.",
            f"공격자의 호출 {len(missed)}개가 빠졌습니다. {josa(', '.join(keys), '으로')} 한 호출입니다. 그 키만 쓴 것이 "
            "아닙니다. 키가 아니라 주소로 피벗하세요.")
    credentials = sorted({(r.get("userIdentity") or {}).get("accessKeyId") for r in attacker_records(lab)})
    return True, both(
        f"All {len(expected)} of the attacker's calls, with {len(credentials)} credentials: "
        f"{', '.join(credentials)}.",
        f"공격자의 호출 {len(expected)}개를 모두 찾았습니다. 자격 증명 {len(credentials)}개: {', '.join(credentials)}.")


# --- 10.4 to 10.6 Sigma rules -------------------------------------------------------------------------

def _score_line(score) -> tuple[str, str]:
    def number(value):
        return "n/a" if isinstance(value, float) and math.isnan(value) else f"{value:.2f}"

    return (f"precision {number(score.precision)}, recall {number(score.recall)}",
            f"정밀도 {number(score.precision)}, 재현율 {number(score.recall)}")


def sigma_grader(exercise_id: str):
    intent = INTENTS[exercise_id]

    def grade(lab, answer):
        from labs.cloudtrail import event_history
        from labs.detection import labels, sigma
        from labs.errors import LabError

        if _incident(lab) is None:
            return _missing_incident()
        try:
            collection = sigma.parse(answer)
        except LabError as error:
            return False, error.text
        product, service, _ = sigma.logsource(collection)
        if (product or "").lower() != "aws" or (service or "").lower() != "cloudtrail":
            return False, both(
                f"The rule's logsource is product {product!r}, service {service!r}: SigmaHQ's CloudTrail rules say "
                "product: aws, service: cloudtrail, and a SIEM picks the logs to search by it.",
                f"규칙의 logsource가 product {product!r}, service {service!r}입니다. SigmaHQ의 CloudTrail 규칙은 "
                "product: aws, service: cloudtrail이라고 쓰고, SIEM은 이것으로 검색할 로그를 고릅니다.")
        records = night_records(lab) + [r for r in event_history.records()
                                        if r["eventTime"] >= recorder.timestamp(recorder._state["started"])]
        labelled = labels.lab_set(records, intent)
        try:
            score = sigma.score(answer, labelled)
            panther = sigma.score(answer, labels.panther_set(intent))
        except LabError as error:
            return False, error.text
        words = INTENT_WORDS[intent]
        lab_en, lab_ko = _score_line(score)
        real_en, real_ko = _score_line(panther)
        tail_en = f" On the lab's labelled records: {lab_en}; on Panther's labelled events for the same intent: {real_en}."
        tail_ko = f" 실습 환경의 레이블 데이터에서 {lab_ko}, 같은 목적의 Panther 레이블 이벤트에서 {real_ko}입니다."
        if score.unknown_fields:
            named = "; ".join(f"{f} (did you mean {c}?)" if c else f for f, c in score.unknown_fields.items())
            named_ko = "; ".join(f"{f}({josa(c, '을')} 뜻했나요?)" if c else f for f, c in score.unknown_fields.items())
            if score.recall < 1 or math.isnan(score.recall):
                return False, both(f"No CloudTrail record has the field {named}: a field nobody writes matches "
                                   "nothing, in every SIEM, without a word." + tail_en,
                                   f"{named_ko} 필드를 가진 CloudTrail 레코드가 없습니다. 아무도 쓰지 않는 필드는 어느 "
                                   "SIEM에서도 말없이 아무것도 잡지 못합니다." + tail_ko)
        if score.false_negatives:
            missed = "; ".join(sigma.describe(r) for r in score.missed[:3])
            return False, both(f"The rule misses {score.false_negatives} event(s) of {words['en']}: {missed}." + tail_en,
                               f"규칙이 {words['ko']} 이벤트 {score.false_negatives}개를 놓칩니다: {missed}." + tail_ko)
        if score.false_positives:
            noise = "; ".join(sigma.describe(r) for r in score.false_alarms[:3])
            return False, both(f"The rule also fires on {score.false_positives} event(s) that are not {words['en']}: "
                               f"{noise}. Each one is a page at 3 a.m. for nothing." + tail_en,
                               f"규칙이 {josa(words['ko'], '이')} 아닌 이벤트 {score.false_positives}개에도 울립니다: {noise}. "
                               "하나하나가 새벽 3시의 헛된 호출입니다." + tail_ko)
        return True, both(f"The rule catches {words['en']} and nothing else." + tail_en,
                          f"규칙이 {words['ko']}만 정확히 잡습니다." + tail_ko)

    return grade


# --- 10.7 EventBridge alerts ----------------------------------------------------------------------------

def _cloudtrail_event(lab, detail_type, source, **detail):
    return json.dumps({
        "version": "0", "id": "00000000-0000-0000-0000-000000000000", "detail-type": detail_type, "source": source,
        "account": lab.account_id, "time": "2026-01-01T00:00:00Z", "region": lab.region, "resources": [],
        "detail": {"eventVersion": "1.11", "eventType": "AwsApiCall", "readOnly": False, **detail},
    })


def _alert_events(lab):
    user = {"type": "IAMUser", "userName": "sungjin", "arn": f"arn:aws:iam::{lab.account_id}:user/sungjin"}
    root = {"type": "Root", "arn": f"arn:aws:iam::{lab.account_id}:root", "accountId": lab.account_id}
    api = "AWS API Call via CloudTrail"
    return {
        "root": [
            ("a root API call (ListUsers)", _cloudtrail_event(lab, api, "aws.iam", eventName="ListUsers",
                                                               eventSource="iam.amazonaws.com", userIdentity=root)),
            ("a root console sign-in", _cloudtrail_event(lab, "AWS Console Sign In via CloudTrail", "aws.signin",
                                                          eventName="ConsoleLogin", eventSource="signin.amazonaws.com",
                                                          eventType="AwsConsoleSignIn", userIdentity=root)),
        ],
        "tampering": [
            ("StopLogging", _cloudtrail_event(lab, api, "aws.cloudtrail", eventName="StopLogging",
                                              eventSource="cloudtrail.amazonaws.com", userIdentity=user)),
            ("a refused DeleteTrail", _cloudtrail_event(lab, api, "aws.cloudtrail", eventName="DeleteTrail",
                                                        eventSource="cloudtrail.amazonaws.com", userIdentity=user,
                                                        errorCode="AccessDenied")),
        ],
        "benign": [
            ("Sungjin's DescribeTrails", _cloudtrail_event(lab, api, "aws.cloudtrail", eventName="DescribeTrails",
                                                           eventSource="cloudtrail.amazonaws.com", userIdentity=user,
                                                           readOnly=True)),
            ("Sungjin's StartLogging", _cloudtrail_event(lab, api, "aws.cloudtrail", eventName="StartLogging",
                                                         eventSource="cloudtrail.amazonaws.com", userIdentity=user)),
            ("Sungjin's RunInstances", _cloudtrail_event(lab, api, "aws.ec2", eventName="RunInstances",
                                                         eventSource="ec2.amazonaws.com", userIdentity=user)),
        ],
    }


def _rules_to_queues(lab):
    """(rule name, rule ARN, pattern, [queue ARNs]) of the enabled rules on the default bus."""
    events = lab.client("events")
    found = []
    with recorder.unrecorded():
        for rule in events.list_rules(EventBusName="default").get("Rules", []):
            if rule.get("State") != "ENABLED" or not rule.get("EventPattern"):
                continue
            targets = events.list_targets_by_rule(Rule=rule["Name"]).get("Targets", [])
            queues = [t["Arn"] for t in targets if ":sqs:" in t["Arn"]]
            found.append((rule["Name"], rule["Arn"], rule["EventPattern"], queues))
    return found


def _matches(lab, pattern, event) -> bool:
    """Whether an event pattern matches an event, decided by EventBridge's matcher as the emulator
    runs it (moto 5.2.5's `test_event_pattern` answers without a Result, measured: the lab calls the
    same matcher moto uses to deliver to SQS)."""
    from moto.events.models import EventPattern

    try:
        return EventPattern.load(pattern).matches_event(json.loads(event))
    except Exception:  # a pattern EventBridge would refuse matches nothing
        return False


def _queue_accepts(lab, queue_arn, rule_arn) -> bool | None:
    """Whether the queue's policy lets EventBridge deliver this rule's events (the policy engine); None
    when the queue does not exist."""
    from botocore.exceptions import ClientError

    from labs.policy import can, service

    sqs = lab.client("sqs")
    name = queue_arn.rsplit(":", 1)[-1]
    with recorder.unrecorded():
        try:
            url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        except ClientError:
            return None
        policy = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"]).get("Attributes", {}).get("Policy")
    if not policy:
        return False
    return can(service("events.amazonaws.com"), "sqs:SendMessage", queue_arn, resource_policy=policy,
               context={"aws:SourceArn": rule_arn, "aws:SourceAccount": lab.account_id}).allowed


def _alert_requirement(kind: str):
    what = {"root": both("any use of the root user (API calls and console sign-ins)",
                         "루트 사용자의 모든 사용(API 호출과 콘솔 로그인)"),
            "tampering": both("the trail stopped or deleted, refused attempts included",
                              "추적 중지나 삭제(거부된 시도 포함)")}[kind]

    def test(lab, state):
        rules = _rules_to_queues(lab)
        events = _alert_events(lab)
        wanted = events[kind]
        covering = [r for r in rules if r[3] and all(_matches(lab, r[2], e) for _, e in wanted)]
        if not covering:
            partial = [(r, [n for n, e in wanted if not _matches(lab, r[2], e)]) for r in rules if r[3]]
            partial = [(r, missing) for r, missing in partial if len(missing) < len(wanted)]
            if partial:
                rule, missing = partial[0]
                return fails(f"The rule {rule[0]} alerts on {what['en']} only in part: it does not match "
                             f"{', '.join(missing)}.",
                             f"규칙 {josa(rule[0], '은')} {josa(what['ko'], '을')} 일부만 잡습니다. "
                             f"{josa(', '.join(missing), '을')} "
                             "잡지 못합니다.")
            return fails(f"No enabled rule on the default bus sends {what['en']} to an SQS queue.",
                         f"기본 버스에 {josa(what['ko'], '을')} SQS 대기열로 보내는 활성 규칙이 없습니다.")
        for name, arn, pattern, queues in covering:
            noisy = [n for n, e in events["benign"] if _matches(lab, pattern, e)]
            if noisy:
                continue
            accepting = [q for q in queues if _queue_accepts(lab, q, arn)]
            if accepting:
                return holds(f"The rule {name} sends {what['en']} to {accepting[0].rsplit(':', 1)[-1]}, and nothing else.",
                             f"규칙 {josa(name, '이')} {josa(what['ko'], '을')} "
                             f"{josa(accepting[0].rsplit(':', 1)[-1], '으로')} 보내고, 다른 "
                             "것은 보내지 않습니다.")
        name, arn, pattern, queues = covering[0]
        noisy = [n for n, e in events["benign"] if _matches(lab, pattern, e)]
        if noisy:
            return fails(f"The rule {name} also matches {', '.join(noisy)}: an alert that fires on routine work is "
                         "soon ignored. Match on the event's name or the identity's type.",
                         f"규칙 {josa(name, '은')} {', '.join(noisy)}까지 잡습니다. 평소 업무에도 울리는 경보는 곧 무시됩니다. "
                         "이벤트 이름이나 자격 증명 유형으로 고르세요.")
        state_of = {q: _queue_accepts(lab, q, arn) for q in queues}
        gone = [q for q, ok in state_of.items() if ok is None]
        if gone:
            return fails(f"The rule {name} targets {gone[0].rsplit(':', 1)[-1]}, a queue that does not exist.",
                         f"규칙 {name}의 대상 {josa(gone[0].rsplit(':', 1)[-1], '은')} 존재하지 않는 대기열입니다.")
        return fails(
            f"The queue of {name} has no policy letting EventBridge (events.amazonaws.com) send this rule's "
            "events: on AWS nothing would arrive (moto delivers anyway). Give the queue a policy that allows "
            "sqs:SendMessage to events.amazonaws.com with aws:SourceArn the rule's ARN.",
            f"{name}의 대기열에 EventBridge(events.amazonaws.com)가 이 규칙의 이벤트를 보내도록 허용하는 정책이 "
            "없습니다. AWS에서는 아무것도 도착하지 않습니다(moto는 그래도 전달합니다). aws:SourceArn이 규칙의 ARN인 "
            "조건으로 events.amazonaws.com에 sqs:SendMessage를 허용하는 대기열 정책을 주세요.")

    return Requirement(both(f"An EventBridge rule sends {what['en']} to SQS", f"EventBridge 규칙이 {josa(what['ko'], '을')} "
                            "SQS로 보냄"), test, ())


# --- 10.9 to 10.13 the response ------------------------------------------------------------------------

def _need_incident(test):
    def wrapped(lab, state):
        if _incident(lab) is None:
            return fails("This lab has no incident: run the labs.start(\"10\") cell again.",
                         "이 실습 환경에는 사고 기록이 없습니다. labs.start(\"10\") 셀을 다시 실행하세요.")
        return test(lab, state, _incident(lab))

    return wrapped


def _leaked_key_gone(lab, state, incident):
    status = incident_play.key_status(lab, DEPLOY_USER, incident.leaked_key)
    if status == "Active":
        return fails(f"The leaked key {incident.leaked_key} is still active: deactivate it first (reversible, if "
                     "something legitimate breaks), then delete it.",
                     f"유출된 키 {josa(incident.leaked_key, '이')} 아직 활성 상태입니다. 먼저 비활성화하고(무언가 정상 업무가 "
                     "깨지면 되돌릴 수 있게) 그다음 삭제하세요.")
    if status == "Inactive":
        return fails(f"The leaked key {incident.leaked_key} is deactivated but not deleted: anyone allowed "
                     "iam:UpdateAccessKey can turn it back on. Delete it once nothing legitimate needs it.",
                     f"유출된 키 {josa(incident.leaked_key, '은')} 비활성화되었지만 삭제되지 않았습니다. iam:UpdateAccessKey "
                     "권한이 있으면 누구든 다시 켤 수 있습니다. 정상 업무에 필요 없음을 확인했으면 삭제하세요.")
    return holds(f"The leaked key {incident.leaked_key} is deleted.", f"유출된 키 {josa(incident.leaked_key, '은')} "
                                                                      "삭제되었습니다.")


def _sessions_revoked(lab, state, incident):
    from labs.incident.response import session_can

    still = session_can(lab, incident)
    if still:
        return fails(
            f"The session {incident.plan.session_key_id} (GetSessionToken at {incident.session_issued:%H:%M} UTC, valid "
            f"36 hours) may still {', '.join(still)}: deleting the key does not end it. Deny deploy-bot everything for "
            "tokens issued before now (aws:TokenIssueTime).",
            f"세션 {incident.plan.session_key_id}(UTC {incident.session_issued:%H:%M}의 GetSessionToken, 36시간 "
            f"유효){particle(incident.plan.session_key_id, '은')} "
            f"아직 {josa(', '.join(still), '을')} 할 수 있습니다. 키를 지워도 세션은 끝나지 않습니다. 지금 이전에 발급된 토큰"
            "(aws:TokenIssueTime)에 대해 deploy-bot의 모든 작업을 거부하세요.")
    return holds(f"The session {incident.plan.session_key_id} may do nothing any more.",
                 f"세션 {josa(incident.plan.session_key_id, '은')} 이제 아무것도 할 수 없습니다.")


def _miners_isolated(lab, state, incident):
    from labs.incident.response import miners

    found = miners(lab, incident)
    open_ = []
    for miner in found:
        if miner["state"] not in ("pending", "running"):
            continue
        if miner["inbound"] or miner["outbound"]:
            allowed = [r.describe() for r in miner["inbound"]][:2]
            out = [r.describe() for r in miner["outbound"]][:2]
            allowed_ko = [r.describe("ko") for r in miner["inbound"]][:2]
            out_ko = [r.describe("ko") for r in miner["outbound"]][:2]
            open_.append((miner["id"], allowed, out, allowed_ko, out_ko))
    if open_:
        instance, inbound, outbound, inbound_ko, outbound_ko = open_[0]
        parts_en = ([f"in: {', '.join(inbound)}"] if inbound else []) + ([f"out: {', '.join(outbound)}"] if outbound else [])
        parts_ko = (([f"인바운드: {', '.join(inbound_ko)}"] if inbound_ko else [])
                    + ([f"아웃바운드: {', '.join(outbound_ko)}"] if outbound_ko else []))
        return fails(
            f"{len(open_)} miner(s) still talk to the world, e.g. {instance} ({'; '.join(parts_en)}). Give each only a "
            "quarantine security group: no inbound rule and no outbound rule (a new group allows all outbound "
            "traffic until you revoke it).",
            f"채굴 인스턴스 {len(open_)}개가 아직 외부와 통신합니다. 예: {instance}({'; '.join(parts_ko)}). 각 인스턴스에 "
            "격리용 보안 그룹 하나만 연결하세요. 인바운드 규칙도 아웃바운드 규칙도 없어야 합니다(새 보안 그룹은 아웃바운드를 "
            "회수하기 전까지 모두 허용합니다).")
    return holds(f"All {len(found)} miners are cut off from the network.",
                 f"채굴 인스턴스 {len(found)}개가 모두 네트워크에서 격리되었습니다.")


def _volumes_kept(lab, state, incident):
    from labs.incident.response import forensic_snapshots

    kept = forensic_snapshots(lab, incident)
    missing = [v for v in incident.miner_volumes if not kept.get(v)]
    if missing:
        return fails(
            f"No snapshot keeps the disk of {len(missing)} miner(s) ({', '.join(missing[:2])}): take one per volume "
            "before anything stops or terminates them; it is the evidence of what ran there.",
            f"채굴 인스턴스 {len(missing)}개의 디스크({', '.join(missing[:2])})를 보관한 스냅샷이 없습니다. 인스턴스를 "
            "중지하거나 종료하기 전에 볼륨마다 스냅샷을 만드세요. 그 안에서 무엇이 돌았는지 보여 주는 증거입니다.")
    return holds(f"Each miner's disk is kept in a snapshot ({len(kept)} volumes).",
                 f"채굴 인스턴스의 디스크마다 스냅샷이 있습니다(볼륨 {len(kept)}개).")


def _management_and_data(lab, state, incident):
    from labs.chapters.ch03_cloudtrail import RECORDS_MANAGEMENT_EVENTS

    return RECORDS_MANAGEMENT_EVENTS.test(lab, state)


def _only_admins_stop_the_trail(lab, state, incident):
    from labs.policy import can, iam_user

    trail = state.cloudtrail.trail(company.TRAIL_NAME)
    if trail is None:
        return fails(f"The trail {company.TRAIL_NAME} no longer exists; run the labs.start(...) cell again.",
                     f"추적 {josa(company.TRAIL_NAME, '이')} 더 이상 없습니다. labs.start(...) 셀을 다시 실행하세요.")
    admins = state.iam.group("admins")
    members = set(admins.members) if admins else set()
    able = []
    for user in state.iam.users:
        if user.name in members:
            continue
        for action in ("cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"):
            if can(iam_user(lab.account_id, user.name), action, trail.arn, identity=state.iam.identity_policies(user),
                   context={"aws:MultiFactorAuthPresent": "true"}).allowed:
                able.append((user.name, action))
                break
    if able:
        named = ", ".join(f"{u} ({a})" for u, a in able)
        return fails(f"Besides the administrators, {named} can still blind the trail: take that permission away.",
                     f"관리자 말고도 {josa(named, '이')} 아직 추적을 멈출 수 있습니다. 그 권한을 회수하세요.")
    return holds("Only the administrators (with MFA) can stop, delete or change the trail.",
                 "관리자(MFA 사용)만 추적을 중지, 삭제, 변경할 수 있습니다.")


def _persistence_gone(lab, state, incident):
    if not incident.persistence_key:
        return holds("The attacker made no other key.", "공격자가 만든 다른 키는 없습니다.")
    status = incident_play.key_status(lab, incident.persistence_user, incident.persistence_key)
    if status is not None:
        return fails(f"The key the attacker made for {incident.persistence_user}, {incident.persistence_key}, is "
                     f"still there ({status}): delete it (it was never {incident.persistence_user}'s).",
                     f"공격자가 {incident.persistence_user}에게 만든 키 {josa(incident.persistence_key, '이')} 아직 있습니다"
                     f"({status}). 삭제하세요({incident.persistence_user}의 키였던 적이 없습니다).")
    return holds(f"The key made for {incident.persistence_user} is deleted.",
                 f"{incident.persistence_user}에게 만든 키가 삭제되었습니다.")


def _ssh_closed(lab, state, incident):
    from labs.incident.response import bastion_open_to

    sources = bastion_open_to(lab, incident)
    if sources:
        return fails(f"The bastion's security group still admits SSH from {', '.join(sources)}: remove the rule the "
                     "attacker added, keep the office's.",
                     f"베스천의 보안 그룹이 아직 {', '.join(sources)}에서 오는 SSH를 허용합니다. 공격자가 넣은 규칙을 "
                     "지우고 사무실 주소 규칙은 남기세요.")
    return holds("SSH to the bastion is closed to the internet.", "베스천 SSH가 인터넷에 닫혔습니다.")


def _snapshot_unshared(lab, state, incident):
    from labs.incident.response import snapshot_shared_with

    shared = snapshot_shared_with(lab, incident)
    if shared is None:
        return holds(f"The snapshot {incident.shared_snapshot} is deleted.",
                     f"스냅샷 {josa(incident.shared_snapshot, '이')} 삭제되었습니다.")
    outside = [s for s in shared if s != lab.account_id]
    if outside:
        return fails(f"The snapshot {incident.shared_snapshot} can still be copied by {', '.join(outside)}: remove "
                     "that createVolumePermission.",
                     f"스냅샷 {josa(incident.shared_snapshot, '은')} 아직 {josa(', '.join(outside), '이')} 복사할 수 있습니다. "
                     "그 "
                     "createVolumePermission을 제거하세요.")
    return holds(f"Nobody outside the account may copy {incident.shared_snapshot}.",
                 f"계정 밖의 누구도 {josa(incident.shared_snapshot, '을')} 복사할 수 없습니다.")


def grade_attacker_gone(lab, answer=None):
    from labs.cloudtrail import event_history
    from labs.incident.response import attacker_returns

    incident = _incident(lab)
    if incident is None:
        return _missing_incident()
    paths = attacker_returns(lab)
    moment = recorder.timestamp(incident.returns[-1])
    through = [r for r in event_history.records() if r.get("sourceIPAddress") == incident.plan.attacker_ip
               and r["eventTime"] >= moment and "errorCode" not in r]
    still = [p for p in paths if p.open]
    if still or through:
        said_en = "; ".join(p.message["en"] for p in still)
        said_ko = " ".join(p.message["ko"] + "." for p in still)
        calls = f" Their calls that went through just now: {', '.join(r['eventName'] for r in through)}." if through else ""
        calls_ko = f" 방금 통과한 호출: {', '.join(r['eventName'] for r in through)}." if through else ""
        return False, both(f"The attacker came back and is still in: {said_en}.{calls}",
                           f"공격자가 다시 왔고 아직 들어와 있습니다. {said_ko}{calls_ko}")
    refused = len(incident.attempts)
    return True, both(f"The attacker came back and every path is cut: no call of theirs went through "
                      f"({refused} attempts never reached the account).",
                      f"공격자가 다시 왔지만 모든 경로가 막혔습니다. 통과한 호출이 없습니다"
                      f"(계정까지 도달하지 못한 시도 {refused}번).")


# --- 10.14 GuardDuty and Security Hub ------------------------------------------------------------------

def _everywhere(check_id: str, text: dict):
    def test(lab, state):
        from labs.checks import all_checks

        findings = all_checks()[check_id].run(state)
        failing = [f for f in findings if f.status == "FAIL"]
        if failing:
            return fails(" ".join(f.message["en"] for f in failing), " ".join(f.message["ko"] for f in failing))
        return holds(" ".join(f.message["en"] for f in findings), " ".join(f.message["ko"] for f in findings))

    from labs.grading import of_check

    return of_check(check_id, test, text)  # the checks are loaded when graded, not when chapters load


# --- 10.15 the report ---------------------------------------------------------------------------------

REPORT_FIELDS = ("what", "first_malicious_event", "actor", "source_address", "how_found", "what_changed")


def _as_time(value):
    import pandas as pd

    try:
        moment = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    if moment is pd.NaT:
        return None
    if moment.tzinfo is None:
        moment = moment.tz_localize("UTC")
    return moment.tz_convert("UTC").to_pydatetime()


def grade_report(lab, answer):
    if _incident(lab) is None:
        return _missing_incident()
    if not isinstance(answer, dict):
        return False, both(f"Pass the report as a dict with the keys {', '.join(REPORT_FIELDS)}.",
                           f"보고서를 {', '.join(REPORT_FIELDS)} 키가 있는 dict로 넘기세요.")
    missing = [k for k in REPORT_FIELDS if not answer.get(k) and answer.get(k) != 0]
    if missing:
        return False, both(f"The report lacks {', '.join(missing)}.", f"보고서에 {josa(', '.join(missing), '이')} 빠졌습니다.")
    first = attacker_records(lab)[0]
    incident = _incident(lab)
    wrong = []
    when = _as_time(answer["first_malicious_event"])
    truth = datetime.strptime(first["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    if when is None or abs(when - truth) > timedelta(seconds=1):
        wrong.append(("first_malicious_event", f"{answer['first_malicious_event']!s:.40}"))
    actor = str(answer["actor"])
    if DEPLOY_USER not in actor and incident.leaked_key not in actor:
        wrong.append(("actor", actor[:60]))
    if str(answer["source_address"]).strip() != incident.plan.attacker_ip:
        wrong.append(("source_address", str(answer["source_address"])[:40]))
    short = [k for k in ("what", "how_found") if len(str(answer[k]).split()) < 5]
    if wrong:
        listed = ", ".join(f"{k} ({v})" for k, v in wrong)
        return False, both(f"These facts do not match the trail: {listed}. Take them from your hunt (10.2, 10.3).",
                           f"다음 사실이 추적과 맞지 않습니다: {listed}. 헌팅 결과(10.2, 10.3)에서 가져오세요.")
    if short:
        return False, both(f"Say it in a sentence or two: {', '.join(short)} is too short for whoever reads the report.",
                           f"한두 문장으로 쓰세요. {josa(', '.join(short), '이')} 보고서를 읽을 사람에게는 너무 짧습니다.")
    return True, both(f"The report's facts match the trail: {first['eventTime']}, {DEPLOY_USER}'s key, from "
                      f"{incident.plan.attacker_ip}.",
                      f"보고서의 사실이 추적과 일치합니다: {first['eventTime']}, {DEPLOY_USER}의 키, "
                      f"{incident.plan.attacker_ip}에서.")


def _account(aws):
    return aws.account_id


CIS_CHECKS = (
    "cloudwatch_log_metric_filter_unauthorized_api_calls",
    "cloudwatch_log_metric_filter_sign_in_without_mfa",
    "cloudwatch_log_metric_filter_root_usage",
    "cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled",
    "cloudwatch_log_metric_filter_security_group_changes",
)


def _cis_requirement(check_id: str):
    """The check's judgment without "the trail is logging": the trail is stopped until exercise 10.11
    starts it again, and 10.8's text asks for the filters and alarms (the check itself, as CIS, asks
    both)."""
    from labs.checks.lib.cloudwatch import CONTROLS, monitored

    control = CONTROLS[check_id]

    def test(lab, state):
        ok, why = monitored(state, control, require_logging=False)
        return holds(why["en"], why["ko"]) if ok else fails(why["en"], why["ko"])

    return Requirement(both(f"A metric filter and alarm for {control.what['en']} (CIS {control.cis})",
                            f"{control.what['ko']}에 대한 지표 필터와 경보(CIS {control.cis})"),
                       test, ("cloudwatch", "cloudtrail"), check=check_id)


def _req(en, ko, test, services):
    return Requirement(both(en, ko), _need_incident(test), services)


def _sigma(exercise_id, en, ko):
    return Exercise(id=exercise_id, title=both(en, ko), grader=sigma_grader(exercise_id), needs_answer=True,
                    hint=both("Run your rule with labs.detection.sigma.matches(rule, logs) and read what it catches; "
                              "list the event names the intent covers, failed attempts included.",
                              "labs.detection.sigma.matches(rule, logs)로 규칙을 실행해 무엇을 잡는지 보세요. 실패한 시도를 "
                              "포함해 이 목적에 해당하는 이벤트 이름을 모두 나열하세요."))


CHAPTER = Chapter(
    number="10",
    stem="10-detection-and-response",
    title=both("Detection and incident response", "탐지와 침해 사고 대응"),
    build_company=(publish_the_bill, play_the_night),
    wrap_up=(close_the_case,),
    services=("cloudtrail", "ec2", "iam", "s3", "sts", "events", "sqs", "logs", "cloudwatch", "sns", "guardduty",
              "securityhub", "ce"),
    scenarios=(
        "incident_trail_stopped",
        "incident_bastion_ssh_opened",
        "cloudwatch_cis_alarms_missing",
        "guardduty_not_enabled",
        "securityhub_not_enabled",
    ),
    checks=(
        "cloudtrail_multi_region_enabled",
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
        *CIS_CHECKS,
        "guardduty_is_enabled",
        "securityhub_enabled",
    ),
    exercises=(
        Exercise(id="10.1", title=both("Find the night in the bill", "청구서에서 그날 밤 찾기"), grader=grade_bill,
                 needs_answer=True, hint=both("Group the bill by REGION and run chapter 04's detector on it.",
                                              "청구서를 REGION별로 묶고 챕터 04의 탐지기를 실행하세요.")),
        Exercise(id="10.2", title=both("The first malicious call", "첫 번째 악성 호출"), grader=grade_first_call,
                 needs_answer=True, hint=both("Everything deploy-bot did, sorted by time: which address is new?",
                                              "deploy-bot이 한 모든 일을 시간순으로 보세요. 어느 주소가 처음 보는 주소인가요?")),
        Exercise(id="10.3", title=both("Everything the attacker did", "공격자가 한 모든 일"), grader=grade_everything,
                 needs_answer=True, hint=both("Pivot on the address of the first malicious call.",
                                              "첫 번째 악성 호출의 주소로 피벗하세요.")),
        _sigma("10.4", "A Sigma rule: the trail stopped or deleted", "Sigma 규칙: 추적 중지나 삭제"),
        _sigma("10.5", "A Sigma rule: an access key made for another user", "Sigma 규칙: 다른 사용자의 액세스 키 생성"),
        _sigma("10.6", "A Sigma rule: a snapshot shared outside the account", "Sigma 규칙: 계정 밖으로 공유된 스냅샷"),
        Exercise(id="10.7", title=both("Alerts within seconds: root use and trail tampering",
                                       "몇 초 안의 경보: 루트 사용과 추적 변조"),
                 requirements=(_alert_requirement("root"), _alert_requirement("tampering"))),
        Exercise(id="10.8", title=both("CIS 4.x: metric filters and alarms", "CIS 4.x: 지표 필터와 경보"),
                 requirements=tuple(_cis_requirement(check_id) for check_id in CIS_CHECKS)),
        Exercise(id="10.9", title=both("Cut the leaked key and its sessions", "유출된 키와 그 세션 끊기"), requirements=(
            _req("The leaked key is deleted", "유출된 키가 삭제됨", _leaked_key_gone, ()),
            _req("The sessions it made are revoked", "그 키로 만든 세션이 무효화됨", _sessions_revoked, ()),
        )),
        Exercise(id="10.10", title=both("Isolate the miners, keep their disks", "채굴 인스턴스 격리, 디스크 보관"),
                 requirements=(
                     _req("Every miner is cut off from the network", "모든 채굴 인스턴스가 네트워크에서 격리됨",
                          _miners_isolated, ()),
                     _req("Every miner's disk is kept in a snapshot", "채굴 인스턴스의 디스크마다 스냅샷이 있음",
                          _volumes_kept, ()),
                 )),
        Exercise(id="10.11", title=both("Logging back on, and protected", "로그 기록 재개와 보호"),
                 checks=("cloudtrail_multi_region_enabled",), resource=_account, requirements=(
                     _req("The trail records read and write management events", "추적이 읽기와 쓰기 관리 이벤트를 기록",
                          _management_and_data, ("cloudtrail",)),
                     _req("Only the administrators can stop the trail", "관리자만 추적을 중지할 수 있음",
                          _only_admins_stop_the_trail, ("cloudtrail", "iam")),
                 )),
        Exercise(id="10.12", title=both("Remove what the attacker left", "공격자가 남긴 것 제거"), requirements=(
            _req("The key made for another user is deleted", "다른 사용자에게 만든 키가 삭제됨", _persistence_gone, ()),
            _req("SSH to the bastion is closed to the internet", "베스천 SSH가 인터넷에 닫힘", _ssh_closed, ()),
            _req("The snapshot is shared with nobody outside", "스냅샷이 계정 밖과 공유되지 않음", _snapshot_unshared, ()),
        )),
        Exercise(id="10.13", title=both("Is the attacker gone?", "공격자는 나갔을까?"), grader=grade_attacker_gone,
                 hint=both("Every path the night opened: the key, the session, the other key, SSH, the miners, the "
                           "snapshot.", "그날 밤 열린 모든 경로를 보세요. 키, 세션, 다른 키, SSH, 채굴 인스턴스, 스냅샷입니다.")),
        Exercise(id="10.14", title=both("GuardDuty and Security Hub on", "GuardDuty와 Security Hub 켜기"), requirements=(
            _everywhere("guardduty_is_enabled", both("GuardDuty on in both regions", "두 리전 모두 GuardDuty 켜짐")),
            _everywhere("securityhub_enabled", both("Security Hub on in both regions", "두 리전 모두 Security Hub 켜짐")),
        )),
        Exercise(id="10.15", title=both("The post-incident report", "사후 보고서"), grader=grade_report,
                 needs_answer=True, hint=both("Take the time, the actor and the address from your own hunt.",
                                              "시각, 행위자, 주소는 직접 한 헌팅 결과에서 가져오세요.")),
    ),
)
