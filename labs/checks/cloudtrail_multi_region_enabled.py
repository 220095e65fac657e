"""A multi-region trail is logging (CIS 3.1, FSBP CloudTrail.1).

Event history keeps 90 days of management events in each region, and then they are gone. A trail
keeps them for as long as its bucket does. A multi-region trail records every region, including
the ones nobody uses: an attacker who starts instances in a region you never look at is recorded
too. A trail that has stopped logging records nothing, however well it is configured.

Judged as CIS 3.1 asks, more strictly than Prowler's check of the same id, which passes a region
covered by any logging trail, single-region ones included: here one trail must be multi-region and
logging. (Whether it records every management event is judged by exercise 3.2's grader.)
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="cloudtrail_multi_region_enabled",
    service="cloudtrail",
    severity="high",
    title={
        "en": "A multi-region CloudTrail trail is logging",
        "ko": "다중 리전 CloudTrail 추적이 로그를 기록하고 있습니다",
    },
    hint={
        "en": "Read the trail's status (is it logging?) and its settings (does it cover every region?). "
        "Both have to be true of the same trail.",
        "ko": "추적의 상태(로그를 기록하고 있나요?)와 설정(모든 리전을 다루나요?)을 읽어 보세요. 한 추적이 "
        "두 가지를 모두 만족해야 합니다.",
    },
    remediation='cloudtrail.update_trail(Name="{trail}", IsMultiRegionTrail=True); cloudtrail.start_logging(Name="{trail}")',
)


def check(account):
    trails = account.cloudtrail.trails
    good = [t for t in trails if t.multi_region and t.is_logging]
    if good:
        names = ", ".join(t.name for t in good)
        return [passed(
            METADATA, account.account_id,
            f"Account {account.account_id} has a multi-region trail that is logging: {names}.",
            f"계정 {account.account_id}에 로그를 기록 중인 다중 리전 추적이 있습니다: {names}.",
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
        problems_en.append(f"{trail.name} {' and '.join(en)}")
        problems_ko.append(f"{trail.name}은(는) {', '.join(ko)}")
    return [failed(
        METADATA, account.account_id,
        f"Account {account.account_id} has no multi-region trail that is logging: {'; '.join(problems_en)}.",
        f"계정 {account.account_id}에 로그를 기록 중인 다중 리전 추적이 없습니다: {'; '.join(problems_ko)}.",
    )]
