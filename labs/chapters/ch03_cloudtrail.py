from labs import company
from labs.chapters import Chapter, Exercise
from labs.cloudtrail import event_history, recorder
from labs.language import both


def _trail(aws):
    return company.TRAIL_NAME


def _account(aws):
    return aws.account_id


def _key(aws):
    return company.find_key_id(aws, company.CLOUDTRAIL_KEY_ALIAS)


def _log_bucket(aws):
    return company.cloudtrail_bucket_name(aws.account_id)


def grade_who_stopped_the_trail(lab, answer):
    """The user name on the StopLogging event in this region's event history."""
    stops = [r for r in event_history.records(lab.region) if r["eventName"] == "StopLogging" and "errorCode" not in r]
    if not stops:
        return False, both(
            "Event history holds no StopLogging in this region any more; run the labs.start(...) cell again.",
            "이 리전의 이벤트 기록에 StopLogging이 더 이상 없습니다. labs.start(...) 셀을 다시 실행하세요.",
        )
    who = event_history.username_of(stops[0])
    if not isinstance(answer, str) or not answer.strip():
        return False, both(
            "Pass the user name as a string: the Username of the StopLogging event.",
            "사용자 이름을 문자열로 넘기세요. StopLogging 이벤트의 Username입니다.",
        )
    if answer.strip() != who:
        return False, both(
            f"{answer.strip()!r} did not stop the trail. Look up the events named StopLogging and read their Username.",
            f"{answer.strip()!r}은(는) 추적을 중지하지 않았습니다. 이름이 StopLogging인 이벤트를 조회해 Username을 읽어 보세요.",
        )
    return True, both(
        f"Yes: {who} stopped the trail ({stops[0]['eventTime']}, from {stops[0]['sourceIPAddress']}).",
        f"맞습니다. {who}이(가) 추적을 중지했습니다({stops[0]['eventTime']}, {stops[0]['sourceIPAddress']}에서).",
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
            "Your trail's log files hold no failed call yet: run the cells that make one (the refused "
            "delete, the trail without a bucket policy) while the trail is logging.",
            "추적의 로그 파일에 실패한 호출이 아직 없습니다. 추적이 로그를 기록하는 동안 실패하는 호출을 만드는 셀"
            "(거부된 삭제, 버킷 정책 없는 추적)을 실행하세요.",
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
        ),
        Exercise(
            id="3.6",
            title={"en": "Close the log bucket to the public", "ko": "로그 버킷의 퍼블릭 공개 닫기"},
            checks=("cloudtrail_logs_s3_bucket_is_not_publicly_accessible",),
            resource=_trail,
        ),
        Exercise(
            id="3.7",
            title={"en": "Lock the log files for 365 days (compliance mode)", "ko": "로그 파일을 365일 잠그기(규정 준수 모드)"},
            checks=("s3_bucket_object_lock",),
            resource=_log_bucket,
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
