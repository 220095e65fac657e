"""IAM Access Analyzer is enabled in the region (CIS 1.19).

An external access analyzer watches every bucket policy, role trust policy, key policy and snapshot
of the region and reports each one that lets in someone outside the account, the day it happens.
Without one, a share made in a hurry ("just give the agency read access") stays until someone
happens to read that policy again. Analyzers are regional: one per region the account uses.

The emulator has no Access Analyzer; the lab models it (labs/access_analyzer.py). As Prowler's
check of the same id: FAIL when the region has no analyzer, or none is ACTIVE.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="accessanalyzer_enabled",
    service="accessanalyzer",
    severity="low",
    title={"en": "IAM Access Analyzer is enabled in the region", "ko": "리전에서 IAM Access Analyzer가 활성화되어 있습니다"},
    hint={
        "en": "Access Analyzer works through analyzers, one per region, whose zone of trust is the account. "
        "The lab's model of it is labs.access_analyzer.client(lab).",
        "ko": "Access Analyzer는 리전마다 하나씩 만드는 분석기로 동작하며, 분석기의 신뢰 영역은 계정입니다. "
        "실습 환경의 모델은 labs.access_analyzer.client(lab)입니다.",
    },
    remediation='access_analyzer.create_analyzer(analyzerName="account-analyzer", type="ACCOUNT")',
)


def check(account):
    state = account.accessanalyzer
    active = state.active_analyzer
    if active:
        return [passed(METADATA, account.account_id,
                       f"Account {account.account_id} has the active analyzer {active['name']} in {state.region}.",
                       f"계정 {josa(account.account_id, '은')} {state.region}에 활성 분석기 {josa(active['name'], '이')} "
                       "있습니다.")]
    return [failed(METADATA, account.account_id,
                   f"Account {account.account_id} has no active IAM Access Analyzer analyzer in {state.region}.",
                   f"계정 {josa(account.account_id, '은')} {state.region}에 활성 IAM Access Analyzer 분석기가 없습니다.")]
