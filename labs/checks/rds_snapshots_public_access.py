"""RDS snapshots are not public (FSBP RDS.1).

A manual DB snapshot can be shared: its `restore` attribute lists the accounts that may copy it or
restore it into a database of their own. The value "all" makes it public: any AWS account in the
world can restore the company's database, every table of it, and read it at leisure. Encrypted
snapshots cannot be made public at all; an unencrypted one is one attribute away.

Prowler judges the same attribute ("all" among the values); the lab's message also names the
accounts a private snapshot is shared with.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa, particle

METADATA = CheckMetadata(
    id="rds_snapshots_public_access",
    service="rds",
    severity="critical",
    title={
        "en": "RDS snapshots are not public",
        "ko": "RDS 스냅샷이 퍼블릭이 아닙니다",
    },
    hint={
        "en": "Read the snapshot's attributes: the restore attribute lists who may restore it, and 'all' means "
        "everyone. Take 'all' out (or delete the snapshot when nobody needs it).",
        "ko": "스냅샷의 속성을 읽어 보세요. restore 속성은 복원할 수 있는 대상을 나열하고, 'all'은 모두를 뜻합니다. "
        "'all'을 빼세요(아무도 필요로 하지 않는 스냅샷이면 삭제하세요).",
    },
    remediation=(
        'rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="{snapshot}", AttributeName="restore", '
        'ValuesToRemove=["all"])'
    ),
)


def check(account):
    findings = []
    for snapshot in account.rds.snapshots:
        if snapshot.public:
            findings.append(failed(
                METADATA, snapshot.id,
                f"DB snapshot {snapshot.id} (of {snapshot.instance_id}) is public: any AWS account can restore it.",
                f"DB 스냅샷 {snapshot.id}(인스턴스 {snapshot.instance_id}의 스냅샷){particle(snapshot.id, '이')} "
                "퍼블릭입니다. 어떤 AWS 계정이든 복원할 수 있습니다.",
            ))
        elif snapshot.restorable_by:
            accounts = ", ".join(snapshot.restorable_by)
            findings.append(passed(
                METADATA, snapshot.id,
                f"DB snapshot {snapshot.id} is not public; it is shared with {accounts}.",
                f"DB 스냅샷 {josa(snapshot.id, '은')} 퍼블릭이 아니며, {josa(accounts, '과')} 공유되어 있습니다.",
            ))
        else:
            findings.append(passed(
                METADATA, snapshot.id,
                f"DB snapshot {snapshot.id} is not shared.",
                f"DB 스냅샷 {josa(snapshot.id, '은')} 공유되어 있지 않습니다.",
            ))
    return findings
