"""S3 buckets have Object Lock enabled (FSBP S3.15).

Object Lock stores objects write-once-read-many (WORM): a locked object version cannot be
overwritten or deleted until its retention period ends. In compliance mode nobody can shorten the
retention or remove the lock, not even the root user; in governance mode, users with
s3:BypassGovernanceRetention can. For log files that is what keeps an intruder, or a hurried
colleague, from erasing the evidence. Object Lock needs versioning, and once on it stays on.
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="s3_bucket_object_lock",
    service="s3",
    severity="low",
    title={
        "en": "S3 buckets have Object Lock enabled",
        "ko": "S3 버킷에 객체 잠금이 활성화되어 있습니다",
    },
    hint={
        "en": "Object Lock works only on a bucket with versioning on; then give the bucket a lock "
        "configuration with a default retention (mode and days).",
        "ko": "객체 잠금은 버전 관리가 켜진 버킷에서만 동작합니다. 그다음 기본 보존 기간(모드와 일수)이 "
        "있는 잠금 구성을 버킷에 설정하세요.",
    },
    remediation=(
        's3.put_bucket_versioning(Bucket="{bucket}", VersioningConfiguration={{"Status": "Enabled"}}); '
        's3.put_object_lock_configuration(Bucket="{bucket}", ObjectLockConfiguration={{"ObjectLockEnabled": "Enabled", '
        '"Rule": {{"DefaultRetention": {{"Mode": "COMPLIANCE", "Days": 365}}}}}})'
    ),
)


def _retention(lock: dict) -> tuple[str, str]:
    default = (lock.get("Rule") or {}).get("DefaultRetention") or {}
    if not default:
        return "no default retention", "기본 보존 기간 없음"
    amount = f"{default['Years']} years" if default.get("Years") else f"{default.get('Days', 0)} days"
    amount_ko = f"{default['Years']}년" if default.get("Years") else f"{default.get('Days', 0)}일"
    mode_ko = {"COMPLIANCE": "규정 준수", "GOVERNANCE": "거버넌스"}.get(default.get("Mode"), default.get("Mode"))
    return f"{default.get('Mode')} mode, {amount}", f"{mode_ko} 모드, {amount_ko}"


def check(account):
    findings = []
    for bucket in account.s3.buckets:
        lock = bucket.object_lock or {}
        if lock.get("ObjectLockEnabled") == "Enabled":
            en, ko = _retention(lock)
            findings.append(passed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} has Object Lock enabled ({en}).",
                f"버킷 {bucket.name}에 객체 잠금이 활성화되어 있습니다({ko}).",
            ))
        else:
            findings.append(failed(
                METADATA, bucket.name,
                f"Bucket {bucket.name} has no Object Lock: any object version in it can be deleted.",
                f"버킷 {bucket.name}에는 객체 잠금이 없습니다. 버킷의 어떤 객체 버전이든 삭제될 수 있습니다.",
            ))
    return findings
