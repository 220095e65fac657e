"""A multi-region trail is logging read and write management events (CIS 3.1, FSBP CloudTrail.1).

Event history keeps 90 days of management events in each region, and then they are gone. A trail
keeps them for as long as its bucket does. A multi-region trail records every region, including
the ones nobody uses: an attacker who starts instances in a region you never look at is recorded
too. A trail that has stopped logging records nothing, however well it is configured, and a trail
whose event selectors leave management events out (IncludeManagementEvents false, or advanced
selectors without the Management category) or keep only half of them (ReadWriteType WriteOnly or
ReadOnly, or a readOnly field) misses the calls the control is about: CIS 3.1 and CloudTrail.1 ask
for read and write management events.

Where it judges differently from Prowler: Prowler's check passes any logging trail and does not
read event selectors (it has a separate check, cloudtrail_multi_region_enabled_logging_management_events,
for them), and passes a region covered by any logging trail, single-region ones included; this one
asks for one multi-region, logging trail that records both, as CIS 3.1 and CloudTrail.1 do. Excluding the
noisy KMS or RDS Data API event sources (ExcludeManagementEventSources) still counts as logging
management events here.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.inventory.cloudtrail import READ_AND_WRITE
from labs.korean import josa

METADATA = CheckMetadata(
    id="cloudtrail_multi_region_enabled",
    service="cloudtrail",
    severity="high",
    title={
        "en": "A multi-region CloudTrail trail is logging read and write management events",
        "ko": "다중 리전 CloudTrail 추적이 읽기와 쓰기 관리 이벤트를 기록하고 있습니다",
    },
    hint={
        "en": "Read the trail's status (is it logging?), its settings (does it cover every region?) and its "
        "event selectors (which management events does it keep?). All three have to be true of the same trail.",
        "ko": "추적의 상태(로그를 기록하고 있나요?), 설정(모든 리전을 다루나요?), 이벤트 선택기(어떤 관리 이벤트를 "
        "남기나요?)를 읽어 보세요. 한 추적이 세 가지를 모두 만족해야 합니다.",
    },
    remediation=(
        'cloudtrail.update_trail(Name="{trail}", IsMultiRegionTrail=True); cloudtrail.start_logging(Name="{trail}"); '
        'cloudtrail.put_event_selectors(TrailName="{trail}", '
        'EventSelectors=[{{"ReadWriteType": "All", "IncludeManagementEvents": True}}])'
    ),
)


def _management_problem(trail) -> tuple[str, str] | None:
    logged = trail.management_events
    if logged == READ_AND_WRITE:
        return None
    if not logged:
        return "logs no management events", "관리 이벤트를 기록하지 않음"
    if logged == {"write"}:
        return "logs only write management events", "쓰기 관리 이벤트만 기록함"
    return "logs only read management events", "읽기 관리 이벤트만 기록함"


def check(account):
    trails = account.cloudtrail.trails
    good = [t for t in trails if t.multi_region and t.is_logging and _management_problem(t) is None]
    if good:
        names = ", ".join(t.name for t in good)
        return [passed(
            METADATA, account.account_id,
            f"Account {account.account_id} has a multi-region trail logging read and write management events: {names}.",
            f"계정 {account.account_id}에 읽기와 쓰기 관리 이벤트를 기록 중인 다중 리전 추적이 있습니다: {names}.",
        )]
    if not trails:
        return [failed(
            METADATA, account.account_id,
            f"Account {account.account_id} has no trail: only 90 days of event history are kept.",
            f"계정 {account.account_id}에는 추적이 없습니다. 이벤트 기록 90일치만 남습니다.",
        )]
    problems_en, problems_ko = [], []
    for trail in trails:
        en, ko = [], []
        if not trail.multi_region:
            en.append(f"covers only {trail.home_region}")
            ko.append(f"{trail.home_region} 리전만 기록함")
        if not trail.is_logging:
            en.append("is not logging")
            ko.append("로그 기록이 중지됨")
        management = _management_problem(trail)
        if management:
            en.append(management[0])
            ko.append(management[1])
        problems_en.append(f"{trail.name} {' and '.join(en)}")
        problems_ko.append(f"{josa(trail.name, '은')} {', '.join(ko)}")
    return [failed(
        METADATA, account.account_id,
        f"Account {account.account_id} has no multi-region trail logging read and write management events: "
        f"{'; '.join(problems_en)}.",
        f"계정 {account.account_id}에 읽기와 쓰기 관리 이벤트를 기록 중인 다중 리전 추적이 없습니다: {'; '.join(problems_ko)}.",
    )]
