"""Chapter 03: CloudTrail. Each exercise lists what its text asks for (labs.grading): the
Prowler-style check of the resource is one requirement; what the text adds is judged as AWS would
judge it: the colleague's trail itself covering every region and recording every management event
(3.2), a key CloudTrail may encrypt with, asked of the policy engine with the context CloudTrail
sends (3.5), the contractor's grant removed and not only hidden, Block Public Access in force,
CloudTrail still able to deliver and plain HTTP still refused (3.6), compliance mode for 365 days
(3.7)."""

from labs import company
from labs.chapters import Chapter, Exercise
from labs.checks.lib.cloudtrail import bucket_refuses_delivery, key_refuses_encryption, trail_arn
from labs.checks.lib.s3 import all_on, plain_http_allowed, policy_public_grants, restricts_public
from labs.cloudtrail import event_history, recorder
from labs.grading import Requirement, fails, holds
from labs.language import both
from labs.korean import josa

LOCK_DAYS = 365


def _trail(aws):
    return company.TRAIL_NAME


def _account(aws):
    return aws.account_id


def _key(aws):
    return company.find_key_id(aws, company.CLOUDTRAIL_KEY_ALIAS)


def _log_bucket(aws):
    return company.cloudtrail_bucket_name(aws.account_id)


def _user_name(answer) -> str | None:
    """The user name an answer gives: the name itself, or the user's ARN (the same user); IAM user
    names are unique regardless of case, so "Colleague" names the same user."""
    text = answer.strip()
    if text.startswith("arn:") and ":user/" in text:
        text = text.rsplit("/", 1)[-1]
    return text.lower()


def grade_who_stopped_the_trail(lab, answer):
    """The user name on the StopLogging event in this region's event history."""
    stops = [r for r in event_history.records(lab.region) if r["eventName"] == "StopLogging" and "errorCode" not in r]
    if not stops:
        return False, both(
            "Event history holds no StopLogging in this region any more; run the labs.start(...) cell again.",
            "이 리전의 이벤트 기록에 StopLogging이 더 이상 없습니다. labs.start(...) 셀을 다시 실행하세요.",
        )
    stop = stops[0]
    who = event_history.username_of(stop)
    if not isinstance(answer, str) or not answer.strip():
        return False, both(
            f"Pass the user name as a string (you passed {type(answer).__name__}): the Username of the StopLogging "
            "event.",
            f"사용자 이름을 문자열로 넘기세요(넘긴 값은 {type(answer).__name__}입니다). StopLogging 이벤트의 "
            "Username입니다.",
        )
    given = answer.strip()
    if given == (stop.get("userIdentity") or {}).get("accessKeyId"):
        return False, both(
            f"{given} is the access key that was used, not who used it: pass the Username of the event.",
            f"{josa(given, '은')} 사용된 액세스 키이지 사용한 사람이 아닙니다. 이벤트의 Username을 넘기세요.",
        )
    if _user_name(given) != who.lower():
        return False, both(
            f"{given[:60]!r} did not stop the trail. Look up the events named StopLogging and read their Username.",
            f"{josa(repr(given[:60]), '은')} 추적을 중지하지 않았습니다. 이름이 StopLogging인 이벤트를 조회해 Username을 "
            "읽어 보세요.",
        )
    return True, both(
        f"Yes: {who} stopped the trail ({stop['eventTime']}, from {stop['sourceIPAddress']}).",
        f"맞습니다. {josa(who, '이')} 추적을 중지했습니다({stop['eventTime']}, {stop['sourceIPAddress']}에서).",
    )


def grade_failed_calls(lab, answer):
    """The rows of the trail's own log files whose errorCode is set, and only those."""
    import pandas as pd

    from labs.cloudtrail import load

    if not isinstance(answer, pd.DataFrame) or "eventID" not in answer.columns:
        return False, both(
            "Pass a DataFrame of rows from labs.cloudtrail.load(...) (it has an eventID column).",
            "labs.cloudtrail.load(...)가 돌려준 행으로 된 DataFrame을 넘기세요(eventID 열이 있습니다).",
        )
    with recorder.unrecorded():
        logs = load(f"s3://{_log_bucket(lab)}", quiet=True)
    expected = set(logs.loc[logs["errorCode"].notna(), "eventID"])
    given = set(answer["eventID"])
    if not expected:
        return False, both(
            "Your trail's log files hold no failed call yet. A trail records management events, such as the "
            "refused CreateTrail calls of \"What CloudTrail refuses\"; run that cell again while the trail is "
            "logging (exercise 3.2), then load the logs again. (The refused DeleteObject is a data event: "
            "this trail does not record those.)",
            "추적의 로그 파일에 실패한 호출이 아직 없습니다. 추적은 \"CloudTrail이 거부하는 것\"의 거부된 CreateTrail "
            "호출 같은 관리 이벤트를 기록합니다. 추적이 로그를 기록하는 동안(실습 3.2) 그 셀을 다시 실행한 다음 "
            "로그를 다시 불러오세요. (거부된 DeleteObject는 데이터 이벤트라서 이 추적이 기록하지 않습니다.)",
        )
    if given - set(logs["eventID"]):
        return False, both(
            "Some rows are not in your trail's log files: load them from the trail's bucket.",
            "일부 행이 추적의 로그 파일에 없습니다. 추적의 버킷에서 로그를 불러오세요.",
        )
    if given != expected:
        return False, both(
            f"The trail's log files hold {len(expected)} failed calls (errorCode set); you passed {len(given)} "
            f"rows, {len(given & expected)} of them failed calls.",
            f"추적의 로그 파일에는 실패한 호출(errorCode가 있는 행)이 {len(expected)}개 있습니다. 넘긴 행은 "
            f"{len(given)}개이고, 그중 {len(given & expected)}개가 실패한 호출입니다.",
        )
    codes = ", ".join(sorted(set(logs.loc[logs["eventID"].isin(expected), "errorCode"])))
    return True, both(
        f"All {len(expected)} failed calls in the trail's logs: {codes}.",
        f"추적 로그의 실패한 호출 {len(expected)}개를 모두 찾았습니다: {codes}.",
    )



# --- what the exercises' texts ask, besides their checks ----------------------------------------

def _company_trail(lab, state):
    """(the colleague's trail, None) or (None, the sentence saying it is gone)."""
    trail = state.cloudtrail.trail(company.TRAIL_NAME)
    if trail is None:
        return None, fails(
            f"The trail {company.TRAIL_NAME} no longer exists; run the labs.start(...) cell again.",
            f"추적 {josa(company.TRAIL_NAME, '이')} 더 이상 없습니다. labs.start(...) 셀을 다시 실행하세요.",
        )
    return trail, None


def _the_trail_logs_every_region(lab, state):
    """3.2 asks for this trail, not any trail: a second trail leaves the colleague's stopped."""
    trail, missing = _company_trail(lab, state)
    if missing:
        return missing
    wrong = [w for w, bad in (("region", not trail.multi_region), ("stopped", not trail.is_logging)) if bad]
    others = [t.name for t in state.cloudtrail.trails if t.name != trail.name and t.multi_region and t.is_logging]
    if wrong and not others:
        # The check (cloudtrail_multi_region_enabled) fails and names what is wrong with this trail.
        return holds(f"No trail is multi-region and logging yet, {trail.name} included.",
                     f"{josa(trail.name, '을')} 포함해 다중 리전이면서 기록 중인 추적이 아직 없습니다.")
    if wrong:
        region_en, region_ko = f"records only {trail.home_region}", f"{trail.home_region} 리전만 기록"
        en = " and ".join({"region": region_en, "stopped": "is not logging"}[w] for w in wrong)
        ko = {("region",): f"{region_ko}합니다", ("stopped",): "로그 기록이 중지되어 있습니다",
              ("region", "stopped"): f"{region_ko}하고, 로그 기록도 중지되어 있습니다"}[tuple(wrong)]
        also_en = f" (another trail logging, {', '.join(others)}, does not start this one)"
        also_ko = f" 다른 추적({', '.join(others)})이 기록 중이어도 이 추적이 켜지지는 않습니다."
        return fails(f"The trail {trail.name} {en}{also_en}.", f"추적 {josa(trail.name, '은')} {ko}.{also_ko}")
    return holds(f"The trail {trail.name} records every region and is logging.",
                 f"추적 {josa(trail.name, '은')} 모든 리전을 기록하고 있습니다.")


def _management_event_kinds(trail) -> set:
    """Which management events ("read", "write") the trail's selectors record."""
    kinds = set()
    if trail.advanced_event_selectors:
        for selector in trail.advanced_event_selectors:
            fields = {f.get("Field"): f for f in selector.get("FieldSelectors", [])}
            if "Management" not in (fields.get("eventCategory") or {}).get("Equals", []):
                continue
            read_only = (fields.get("readOnly") or {}).get("Equals")
            kinds |= {"read", "write"} if not read_only else {"read" if v == "true" else "write" for v in read_only}
        return kinds
    if not trail.event_selectors:
        return {"read", "write"}  # no selectors: every management event
    for selector in trail.event_selectors:
        if selector.get("IncludeManagementEvents", True):
            kinds |= {"All": {"read", "write"}, "ReadOnly": {"read"}, "WriteOnly": {"write"}}.get(
                selector.get("ReadWriteType", "All"), set())
    return kinds


def _records_management_events(lab, state):
    """CIS 3.1 asks for a multi-region trail that records read and write management events."""
    trail, missing = _company_trail(lab, state)
    if missing:
        return missing
    kinds = _management_event_kinds(trail)
    if kinds == {"read", "write"}:
        return holds(f"The trail {trail.name} records every management event, reads and writes.",
                     f"추적 {josa(trail.name, '은')} 읽기와 쓰기를 포함한 모든 관리 이벤트를 기록합니다.")
    if not kinds:
        return fails(
            f"The trail {trail.name}'s event selectors leave out management events: it records none of the calls "
            "that change or read the account. Put back a selector with IncludeManagementEvents and ReadWriteType All.",
            f"추적 {trail.name}의 이벤트 선택기가 관리 이벤트를 빼고 있어 계정을 바꾸거나 읽는 호출을 하나도 기록하지 "
            "않습니다. IncludeManagementEvents와 ReadWriteType All인 선택기를 다시 넣으세요.",
        )
    missing_kind = "read" if "read" not in kinds else "write"
    return fails(
        f"The trail {trail.name} records only {'write' if missing_kind == 'read' else 'read'} management events: "
        + ("an intruder's reconnaissance (List, Describe, Get) would go unrecorded. " if missing_kind == "read"
           else "the changes themselves (StopLogging, PutBucketPolicy) would go unrecorded. ")
        + "Record both (ReadWriteType All).",
        f"추적 {josa(trail.name, '은')} 관리 이벤트 중 {'쓰기' if missing_kind == 'read' else '읽기'}만 기록합니다. "
        + ("침입자의 정찰(List, Describe, Get)이 기록되지 않습니다. " if missing_kind == "read"
           else "변경 자체(StopLogging, PutBucketPolicy)가 기록되지 않습니다. ")
        + "둘 다 기록하세요(ReadWriteType All).",
    )


def _key_region(named: str) -> str | None:
    parts = named.split(":")
    return parts[3] if named.startswith("arn:") and len(parts) > 5 else None


def _cloudtrail_may_use_the_key(lab, state):
    """The key the trail names is one CloudTrail accepts: a customer managed, enabled, symmetric key
    in the trail's region, whose key policy lets cloudtrail.amazonaws.com generate data keys for this
    trail (the policy engine, with the context CloudTrail sends). A key id, key ARN, alias name or
    alias ARN all name it."""
    trail, missing = _company_trail(lab, state)
    if missing:
        return missing
    named = trail.kms_key_id
    if not named:
        # The check (cloudtrail_kms_encryption_enabled) fails and says so; no key, nothing more to judge.
        return holds("The trail names no KMS key yet.", "추적에 아직 KMS 키가 지정되어 있지 않습니다.")
    key = state.kms.key(named)
    if key is None:
        region = _key_region(named)
        if region and region != trail.home_region:
            return fails(
                f"The trail names a key in {region}: CloudTrail needs a key in the region of the trail and its "
                f"bucket, {trail.home_region}.",
                f"추적에 {region} 리전의 키가 지정되어 있습니다. CloudTrail에는 추적과 버킷이 있는 리전"
                f"({trail.home_region})의 키가 필요합니다.",
            )
        return fails(
            f"The trail names {named[:80]}, which is no KMS key of this account in {trail.home_region}: on AWS, "
            "CloudTrail refuses it. Give it the key's ARN (key_arn).",
            f"추적에 지정된 {josa(named[:80], '은')} 이 계정의 {trail.home_region} KMS 키가 아닙니다. AWS에서는 "
            "CloudTrail이 거부합니다. 키의 ARN(key_arn)을 지정하세요.",
        )
    if key.manager != "CUSTOMER":
        return fails(
            f"{key.label} is an AWS managed key: CloudTrail encrypts only with a customer managed key, whose key "
            "policy you control.",
            f"{josa(key.label, '은')} AWS 관리형 키입니다. CloudTrail은 키 정책을 직접 관리하는 고객 관리형 키로만 "
            "암호화합니다.",
        )
    if key.state != "Enabled":
        return fails(
            f"The key {key.label} is {key.state}: CloudTrail cannot encrypt new log files with it, and nobody can "
            "read the ones it encrypted. Use an enabled key.",
            f"키 {key.label}의 상태가 {key.state}입니다. CloudTrail이 새 로그 파일을 암호화할 수 없고, 이미 "
            "암호화한 파일도 아무도 읽을 수 없습니다. 활성화된 키를 쓰세요.",
        )
    if key.spec != "SYMMETRIC_DEFAULT":
        return fails(f"The key {key.label} is {key.spec}: CloudTrail encrypts only with a symmetric key.",
                     f"키 {josa(key.label, '은')} {key.spec}입니다. CloudTrail은 대칭 키로만 암호화합니다.")
    refusal = key_refuses_encryption(key.policy, key.arn, lab.account_id,
                                     trail_arn(trail.home_region, lab.account_id, trail.name))
    if refusal is not None:
        return fails(
            f"The key policy of {key.label} does not let CloudTrail encrypt this trail's log files "
            f"({refusal.explain('en')}): on AWS, CloudTrail refuses the key (InsufficientEncryptionPolicyException). "
            f"Use a key whose policy allows it, such as {company.CLOUDTRAIL_KEY_ALIAS}.",
            f"{key.label}의 키 정책이 CloudTrail에게 이 추적의 로그 파일 암호화를 허용하지 않습니다"
            f"({refusal.explain('ko')}). AWS에서는 CloudTrail이 이 키를 거부합니다"
            f"(InsufficientEncryptionPolicyException). {company.CLOUDTRAIL_KEY_ALIAS}처럼 정책이 허용하는 키를 쓰세요.",
        )
    return holds(f"CloudTrail may encrypt this trail's log files with {key.label} (its key policy allows it).",
                 f"CloudTrail은 {josa(key.label, '으로')} 이 추적의 로그 파일을 암호화할 수 있습니다(키 정책이 허용합니다).")


def _log_bucket_state(lab, state):
    trail, missing = _company_trail(lab, state)
    if missing:
        return None, None, missing
    if trail.bucket is None:
        return trail, None, fails(
            f"The trail's bucket {trail.bucket_name} no longer exists; run the labs.start(...) cell again.",
            f"추적의 버킷 {josa(trail.bucket_name, '이')} 더 이상 없습니다. labs.start(...) 셀을 다시 실행하세요.",
        )
    return trail, trail.bucket, None


def _no_public_statement(lab, state):
    _, bucket, missing = _log_bucket_state(lab, state)
    if missing:
        return missing
    grants = policy_public_grants(bucket)
    hidden = restricts_public(bucket.public_access_block) or restricts_public(state.cloudtrail.account_public_access_block)
    if grants and not hidden:
        # The check (cloudtrail_logs_s3_bucket_is_not_publicly_accessible) fails and names the statement.
        return holds("The bucket is public; the check says through which statement.",
                     "버킷이 퍼블릭입니다. 어느 정책 문(Statement) 때문인지는 점검 결과가 알려 줍니다.")
    if grants:
        names = ", ".join(g.statement.label for g in grants)
        names_ko = ", ".join(g.statement.label_ko for g in grants)
        return fails(
            f"The bucket policy still lets the public in ({names}: {grants[0].why['en']}). Block Public Access only "
            "hides it: the day someone turns it off, the logs are public again. Remove the statement.",
            f"버킷 정책이 아직 퍼블릭에 권한을 줍니다({names_ko}: {grants[0].why['ko']}). 퍼블릭 액세스 차단은 이를 "
            "가릴 뿐이라 누군가 차단을 끄는 날 로그가 다시 공개됩니다. 그 정책 문(Statement)을 지우세요.",
        )
    return holds("No statement of the log bucket's policy lets the public in.",
                 "로그 버킷 정책의 어떤 정책 문(Statement)도 퍼블릭에 권한을 주지 않습니다.")


def _block_public_access_on(lab, state):
    """All four settings in force for the bucket: S3 applies, setting by setting, the most restrictive
    of the bucket's and the account's."""
    _, bucket, missing = _log_bucket_state(lab, state)
    if missing:
        return missing
    account = state.cloudtrail.account_public_access_block or {}
    bucket_block = bucket.public_access_block or {}
    off = [name for name in all_on(bucket_block) if name in all_on(account)]
    if off:
        return fails(
            f"Block Public Access is not all on for the log bucket: {', '.join(off)} "
            f"{'is' if len(off) == 1 else 'are'} off. Turn all four back on.",
            f"로그 버킷의 퍼블릭 액세스 차단이 모두 켜져 있지 않습니다. {josa(', '.join(off), '이')} 꺼져 있습니다. "
            "네 가지를 모두 다시 켜세요.",
        )
    return holds("All four Block Public Access settings are on for the log bucket.",
                 "로그 버킷에 퍼블릭 액세스 차단 설정 네 가지가 모두 켜져 있습니다.")


def _cloudtrail_can_still_deliver(lab, state):
    """The statements CloudTrail needs are kept: without them, delivery fails (on AWS the trail's
    status shows InsufficientS3BucketPolicyException as its LatestDeliveryError)."""
    trail, bucket, missing = _log_bucket_state(lab, state)
    if missing:
        return missing
    refusal = bucket_refuses_delivery(bucket.policy_document, bucket.name, trail.key_prefix, lab.account_id,
                                      trail_arn(trail.home_region, lab.account_id, trail.name))
    if refusal is not None:
        return fails(
            f"CloudTrail can no longer write the logs: {refusal.explain('en')} Keep the statements CloudTrail "
            "needs (AWSCloudTrailAclCheck, AWSCloudTrailWrite) and remove only the contractor's.",
            f"CloudTrail이 더 이상 로그를 쓸 수 없습니다. {refusal.explain('ko')} CloudTrail에 필요한 정책 "
            "문(Statement)(AWSCloudTrailAclCheck, AWSCloudTrailWrite)은 남기고 외주 개발자의 것만 지우세요.",
        )
    return holds("CloudTrail can still write the trail's log files into the bucket.",
                 "CloudTrail은 여전히 추적의 로그 파일을 버킷에 쓸 수 있습니다.")


def _still_refuses_plain_http(lab, state):
    _, bucket, missing = _log_bucket_state(lab, state)
    if missing:
        return missing
    allowed = plain_http_allowed(bucket, lab.account_id)
    if allowed:
        return fails(
            "The bucket policy no longer refuses plain HTTP (the DenyInsecureTransport statement is gone or "
            "narrowed): keep the other statements as they were.",
            "버킷 정책이 더 이상 암호화되지 않은 HTTP를 거부하지 않습니다(DenyInsecureTransport 정책 문(Statement)이 "
            "없어졌거나 좁아졌습니다). 나머지 정책 문(Statement)은 그대로 두세요.",
        )
    return holds("The bucket policy still refuses every request over plain HTTP.",
                 "버킷 정책은 여전히 암호화되지 않은 HTTP 요청을 모두 거부합니다.")


def _compliance_for_a_year(lab, state):
    """Default retention COMPLIANCE for at least 365 days (a year counts as 365 days)."""
    bucket = state.s3.bucket(_log_bucket(lab))
    if bucket is None:
        return fails(f"The log bucket {_log_bucket(lab)} no longer exists; run the labs.start(...) cell again.",
                     f"로그 버킷 {josa(_log_bucket(lab), '이')} 더 이상 없습니다. labs.start(...) 셀을 다시 실행하세요.")
    lock = bucket.object_lock or {}
    if lock.get("ObjectLockEnabled") != "Enabled":
        # The check (s3_bucket_object_lock) fails and says so.
        return holds("Object Lock is not enabled on the log bucket yet.", "로그 버킷에 아직 객체 잠금이 활성화되지 않았습니다.")
    default = (lock.get("Rule") or {}).get("DefaultRetention") or {}
    if not default:
        return fails(
            "Object Lock is on but has no default retention: new log files are written unlocked. Give it a default "
            f"retention: COMPLIANCE, {LOCK_DAYS} days.",
            f"객체 잠금은 켜졌지만 기본 보존 기간이 없어 새 로그 파일이 잠기지 않은 채로 쓰입니다. 기본 보존 기간을 "
            f"설정하세요: COMPLIANCE, {LOCK_DAYS}일.",
        )
    mode = default.get("Mode")
    days = (default.get("Days") or 0) + 365 * (default.get("Years") or 0)
    if mode != "COMPLIANCE":
        return fails(
            f"The default retention is {mode} mode: anyone allowed s3:BypassGovernanceRetention, an intruder with "
            "administrator rights included, can still delete the logs. Use COMPLIANCE mode.",
            f"기본 보존 모드가 {mode}입니다. s3:BypassGovernanceRetention 권한이 있는 사람은, 관리자 권한을 가진 "
            "침입자도 포함해, 여전히 로그를 지울 수 있습니다. COMPLIANCE 모드를 쓰세요.",
        )
    if days < LOCK_DAYS:
        return fails(
            f"The default retention is {days} days: an intrusion found after that would find its logs deletable. "
            f"The talk keeps them {LOCK_DAYS} days.",
            f"기본 보존 기간이 {days}일입니다. 그 뒤에 발견된 침입은 로그가 이미 지울 수 있는 상태일 것입니다. "
            f"발표에서는 {LOCK_DAYS}일 동안 보관합니다.",
        )
    return holds(f"New log files are locked in compliance mode for {days} days.",
                 f"새 로그 파일은 규정 준수 모드로 {days}일 동안 잠깁니다.")


THE_TRAIL_LOGS_EVERY_REGION = Requirement(
    both(f"The trail {company.TRAIL_NAME} is multi-region and logging", f"추적 {josa(company.TRAIL_NAME, '이')} 다중 "
                                                                        "리전이고 기록 중"),
    _the_trail_logs_every_region, ("cloudtrail",))
RECORDS_MANAGEMENT_EVENTS = Requirement(
    both("The trail records read and write management events", "추적이 읽기와 쓰기 관리 이벤트를 기록"),
    _records_management_events, ("cloudtrail",))
CLOUDTRAIL_MAY_USE_THE_KEY = Requirement(
    both("The trail's key is one CloudTrail may encrypt with (its key policy allows it)",
         "추적의 키가 CloudTrail이 암호화에 쓸 수 있는 키(키 정책이 허용)"),
    _cloudtrail_may_use_the_key, ("cloudtrail", "kms"))
NO_PUBLIC_STATEMENT = Requirement(
    both("The log bucket's policy grants nothing to the public", "로그 버킷 정책이 퍼블릭에 아무 권한도 주지 않음"),
    _no_public_statement, ("cloudtrail",))
BLOCK_PUBLIC_ACCESS_ON = Requirement(
    both("All four Block Public Access settings on for the log bucket", "로그 버킷의 퍼블릭 액세스 차단 네 가지 모두 켜짐"),
    _block_public_access_on, ("cloudtrail",))
CLOUDTRAIL_CAN_DELIVER = Requirement(
    both("CloudTrail can still write into the bucket", "CloudTrail이 여전히 버킷에 쓸 수 있음"),
    _cloudtrail_can_still_deliver, ("cloudtrail",))
REFUSES_PLAIN_HTTP = Requirement(
    both("The bucket policy still refuses plain HTTP", "버킷 정책이 여전히 HTTP를 거부"),
    _still_refuses_plain_http, ("cloudtrail",))
COMPLIANCE_FOR_A_YEAR = Requirement(
    both(f"Default retention COMPLIANCE, at least {LOCK_DAYS} days", f"기본 보존 COMPLIANCE, {LOCK_DAYS}일 이상"),
    _compliance_for_a_year, ("s3",))


CHAPTER = Chapter(
    number="03",
    stem="03-cloudtrail",
    title={"en": "CloudTrail: who did what, kept for the long term", "ko": "CloudTrail: 누가 무엇을 했는지, 오래 보관하기"},
    # The colleague made the key, the bucket and the trail eight days ago (UTC; 11:07 in Seoul); the
    # scenarios tell the rest of that week (each says when).
    build_company=tuple(recorder.on_story_day(8, "02:07", create) for create in
                        (company.create_cloudtrail_key, company.create_cloudtrail_bucket, company.create_trail)),
    scenarios=(
        "cloudtrail_trail_without_log_file_validation",
        "cloudtrail_trail_not_encrypted",
        "kms_cloudtrail_key_rotation_off",
        "s3_cloudtrail_bucket_without_object_lock",
        "cloudtrail_log_bucket_public_read",
        "cloudtrail_trail_stopped_logging",
    ),
    checks=(
        "cloudtrail_multi_region_enabled",
        "cloudtrail_log_file_validation_enabled",
        "cloudtrail_kms_encryption_enabled",
        "cloudtrail_logs_s3_bucket_is_not_publicly_accessible",
        "kms_cmk_rotation_enabled",
        "s3_bucket_object_lock",
    ),
    exercises=(
        Exercise(
            id="3.1",
            title={"en": "Find who stopped the trail, in event history", "ko": "이벤트 기록에서 추적을 중지한 사람 찾기"},
            hint={
                "en": "Event history answers lookups by one attribute at a time; the event's name is one of them.",
                "ko": "이벤트 기록은 속성 하나로 조회합니다. 이벤트 이름도 그중 하나입니다.",
            },
            grader=grade_who_stopped_the_trail,
            needs_answer=True,
        ),
        Exercise(
            id="3.2",
            title={"en": "Log every region again", "ko": "모든 리전의 로그를 다시 기록하기"},
            checks=("cloudtrail_multi_region_enabled",),
            resource=_account,
            requirements=(THE_TRAIL_LOGS_EVERY_REGION, RECORDS_MANAGEMENT_EVENTS),
        ),
        Exercise(
            id="3.3",
            title={"en": "Turn on log file validation", "ko": "로그 파일 검증 켜기"},
            checks=("cloudtrail_log_file_validation_enabled",),
            resource=_trail,
        ),
        Exercise(
            id="3.4",
            title={"en": "Rotate the log files' KMS key every year", "ko": "로그 파일 KMS 키를 해마다 교체하기"},
            checks=("kms_cmk_rotation_enabled",),
            resource=_key,
        ),
        Exercise(
            id="3.5",
            title={"en": "Encrypt the log files with the customer managed key", "ko": "로그 파일을 고객 관리형 키로 암호화하기"},
            checks=("cloudtrail_kms_encryption_enabled",),
            resource=_trail,
            requirements=(CLOUDTRAIL_MAY_USE_THE_KEY,),
        ),
        Exercise(
            id="3.6",
            title={"en": "Close the log bucket to the public", "ko": "로그 버킷의 퍼블릭 액세스 막기"},
            checks=("cloudtrail_logs_s3_bucket_is_not_publicly_accessible",),
            resource=_trail,
            requirements=(NO_PUBLIC_STATEMENT, BLOCK_PUBLIC_ACCESS_ON, CLOUDTRAIL_CAN_DELIVER, REFUSES_PLAIN_HTTP),
        ),
        Exercise(
            id="3.7",
            title={"en": "Lock the log files for 365 days (compliance mode)", "ko": "로그 파일을 365일 잠그기(규정 준수 모드)"},
            checks=("s3_bucket_object_lock",),
            resource=_log_bucket,
            requirements=(COMPLIANCE_FOR_A_YEAR,),
        ),
        Exercise(
            id="3.8",
            title={"en": "Find every failed call in your trail's logs", "ko": "추적 로그에서 실패한 호출 모두 찾기"},
            hint={
                "en": "Load the trail's bucket with labs.cloudtrail.load, then keep the rows where errorCode is set.",
                "ko": "labs.cloudtrail.load로 추적의 버킷을 불러온 다음, errorCode가 있는 행만 남기세요.",
            },
            grader=grade_failed_calls,
            needs_answer=True,
        ),
    ),
)
