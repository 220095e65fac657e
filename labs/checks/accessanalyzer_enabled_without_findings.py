"""IAM Access Analyzer is enabled and has no active findings: every resource shared outside the
account has been looked at, and either closed or archived as intended.

An active finding is a decision nobody made yet. Closing the share (removing the statement, the grant,
the public permission) resolves the finding; archiving it says "we mean this": the lab's model keeps
the reason given (labs/access_analyzer.py). Archiving a share nobody meant only hides it.

The emulator has no Access Analyzer; the lab models it, judging each policy with the policy engine
(labs.checks.lib.access). As Prowler's check of the same id: FAIL when there is no active analyzer,
or when its findings include ACTIVE ones. No CIS AWS Foundations or AWS FSBP control covers the
findings themselves (CIS 1.19 asks only for the analyzer).
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="accessanalyzer_enabled_without_findings",
    service="accessanalyzer",
    severity="medium",
    title={
        "en": "IAM Access Analyzer is enabled and has no active findings",
        "ko": "IAM Access Analyzer가 활성화되어 있고 활성 결과가 없습니다",
    },
    hint={
        "en": "Read each active finding: who outside the account gets in, to what. Close what nobody meant; "
        "archive, with its reason, what the company agreed to.",
        "ko": "활성 결과를 하나씩 읽어 보세요. 계정 밖의 누가 무엇에 접근하나요? 아무도 의도하지 않은 공유는 "
        "닫고, 회사가 합의한 공유는 이유와 함께 보관(archive)하세요.",
    },
    remediation=(
        'arn = (access_analyzer.list_analyzers()["analyzers"] or [access_analyzer.create_analyzer('
        'analyzerName="account-analyzer", type="ACCOUNT")])[0]["arn"]\n'
        'agreed = {{"999988887777": "monitoring vendor under contract; it must present our external id"}}\n'
        'for f in access_analyzer.list_findings(analyzerArn=arn, filter={{"status": {{"eq": ["ACTIVE"]}}}})["findings"]:\n'
        '    who = f["principal"].get("AWS", "")\n'
        '    if who in agreed:\n'
        '        access_analyzer.update_findings(analyzerArn=arn, ids=[f["id"]], status="ARCHIVED", reason=agreed[who])\n'
        '    elif f["resourceType"] == "AWS::EC2::Snapshot":\n'
        '        ec2.modify_snapshot_attribute(SnapshotId=f["resource"].rsplit("/", 1)[1], Attribute="createVolumePermission", '
        'OperationType="remove", **({{"GroupNames": ["all"]}} if who == "*" else {{"UserIds": [who]}}))\n'
        '    elif f["resourceType"] == "AWS::S3::Bucket":\n'
        '        name = f["resource"].split(":::")[1]\n'
        '        policy = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])\n'
        '        policy["Statement"] = [s for s in policy["Statement"] if who not in json.dumps(s.get("Principal", ""))]\n'
        '        if policy["Statement"]: s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))\n'
        '        else: s3.delete_bucket_policy(Bucket=name)\n'
        '    elif f["resourceType"] == "AWS::KMS::Key":\n'
        '        policy = json.loads(kms.get_key_policy(KeyId=f["resource"], PolicyName="default")["Policy"])\n'
        '        policy["Statement"] = [s for s in policy["Statement"] if who not in json.dumps(s.get("Principal", ""))]\n'
        '        kms.put_key_policy(KeyId=f["resource"], PolicyName="default", Policy=json.dumps(policy))'
    ),
)


def check(account):
    state = account.accessanalyzer
    if state.active_analyzer is None:
        return [failed(METADATA, account.account_id,
                       f"Account {account.account_id} has no active IAM Access Analyzer analyzer in {state.region}, so "
                       "nothing reports what is shared outside it.",
                       f"계정 {josa(account.account_id, '은')} {state.region}에 활성 IAM Access Analyzer 분석기가 없어, 계정 "
                       "밖에 공유된 것을 알려 주는 것이 없습니다.")]
    active = state.active_findings
    if active:
        listed = "; ".join(f"{f['resource']} to {_who(f)['en']}" for f in active[:4])
        listed_ko = "; ".join(f"{f['resource']} → {_who(f)['ko']}" for f in active[:4])
        return [failed(METADATA, account.account_id,
                       f"Account {account.account_id} has {len(active)} active Access Analyzer findings: {listed}.",
                       f"계정 {account.account_id}에 활성 Access Analyzer 결과가 {len(active)}개 있습니다: {listed_ko}.")]
    archived = [f for f in state.findings if f["status"] == "ARCHIVED"]
    return [passed(METADATA, account.account_id,
                   f"Account {account.account_id} has no active Access Analyzer findings ({len(archived)} archived).",
                   f"계정 {account.account_id}에 활성 Access Analyzer 결과가 없습니다(보관된 결과 {len(archived)}개).")]


def _who(finding) -> dict:
    if finding["isPublic"]:
        return {"en": "everyone (public)", "ko": "모든 사람(퍼블릭)"}
    kind, value = next(iter(finding["principal"].items()))
    return {"en": f"{value}", "ko": f"{value}"}
