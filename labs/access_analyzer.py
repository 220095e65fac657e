"""The lab's model of IAM Access Analyzer (external access), which the emulator does not have.

moto 5.2.5 has no Access Analyzer at all (`boto3.client("accessanalyzer")` gets a 404 in-process
and an HTTP 500 from moto-server, measured). The lab keeps a small model of it, one per lab (so
`labs.start` resets it), with methods named and shaped like the Access Analyzer API's:

    analyzer = labs.access_analyzer.client(lab)          # like boto3.client("accessanalyzer")
    analyzer.create_analyzer(analyzerName="community-app", type="ACCOUNT")
    analyzer.list_findings(analyzerArn=arn)["findings"]
    analyzer.update_findings(analyzerArn=arn, ids=[...], status="ARCHIVED", reason="...")

What it does as AWS does: an analyzer is regional, its zone of trust is the account; a finding is
one resource shared with one principal outside it (S3 bucket policies, IAM role trust policies, KMS
key policies, EBS snapshots, RDS snapshots), with the actions and the conditions, ACTIVE until
archived, RESOLVED once the share is gone. The judgment is the lab's policy engine
(`labs.checks.lib.access`), not AWS's automated reasoning (Zelkova), and it answers whenever you ask,
where AWS may take a while after a change.

What it adds: `reason=` on `update_findings`. AWS's UpdateFindings takes no reason; teams write it in
a ticket, or encode it in an archive rule's name. The lab keeps it with the finding so that "intended"
is a decision someone wrote down.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from labs.errors import LabError
from labs.inventory import absent_on
from labs.korean import josa

ANALYZER_TYPES = ("ACCOUNT", "ORGANIZATION")
FINDING_STATUSES = ("ACTIVE", "ARCHIVED")
_STATE = "_access_analyzer_state"


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class _Analyzer:
    name: str
    arn: str
    type: str
    created_at: datetime
    status: str = "ACTIVE"

    def summary(self) -> dict:
        return {"arn": self.arn, "name": self.name, "type": self.type, "createdAt": self.created_at,
                "status": self.status}


@dataclass
class _State:
    analyzers: dict = field(default_factory=dict)
    """region -> {name: _Analyzer}"""
    decisions: dict = field(default_factory=dict)
    """finding id -> {"status": "ARCHIVED" | "ACTIVE", "reason": str, "updatedAt": datetime}"""
    seen: dict = field(default_factory=dict)
    """finding id -> the finding as last seen (to report it RESOLVED once the share is gone)"""


def _state(lab) -> _State:
    state = lab.__dict__.get(_STATE)
    if state is None:
        state = lab.__dict__[_STATE] = _State()
    return state


def client(lab, region_name: str | None = None) -> AccessAnalyzerClient:
    """The lab's Access Analyzer for one region (the lab's region by default)."""
    return AccessAnalyzerClient(lab, region_name or lab.region)


def finding_id(resource: str, principal: dict) -> str:
    key = resource + "|" + "|".join(f"{k}={v}" for k, v in sorted(principal.items()))
    return str(uuid.uuid5(uuid.NAMESPACE_URL, key))


def _error(code: str, en: str, ko: str) -> LabError:
    return LabError(f"{code}: {en}", f"{code}: {ko}")


class AccessAnalyzerClient:
    """API-shaped methods of the lab's Access Analyzer model (see the module's docstring)."""

    def __init__(self, lab, region: str):
        self._lab = lab
        self.region = region

    # --- analyzers ---------------------------------------------------------------------------

    def _analyzers(self) -> dict:
        return _state(self._lab).analyzers.setdefault(self.region, {})

    def create_analyzer(self, analyzerName: str, type: str = "ACCOUNT", archiveRules=None, tags=None) -> dict:
        name = str(analyzerName).strip()
        if not name:
            raise _error("ValidationException", "analyzerName must not be empty.", "analyzerName이 비어 있으면 안 됩니다.")
        if type not in ANALYZER_TYPES:
            raise _error("ValidationException", f"type must be one of {', '.join(ANALYZER_TYPES)} (external access).",
                         f"type은 {', '.join(ANALYZER_TYPES)} 중 하나여야 합니다(외부 액세스).")
        if type == "ORGANIZATION":
            raise _error("ValidationException",
                         "This account is not the management account of an organization in AWS Organizations; "
                         "its zone of trust can only be the account (type='ACCOUNT').",
                         "이 계정은 AWS Organizations 조직의 관리 계정이 아니므로 신뢰 영역은 계정(type='ACCOUNT')만 "
                         "될 수 있습니다.")
        analyzers = self._analyzers()
        if name in analyzers:
            raise _error("ConflictException", f"An analyzer named {name} already exists.",
                         f"{josa(name, '이라는')} 분석기가 이미 있습니다.")
        if any(a.type == "ACCOUNT" for a in analyzers.values()):
            raise _error("ServiceQuotaExceededException",
                         "An account can have one analyzer with the account as its zone of trust per Region.",
                         "계정을 신뢰 영역으로 하는 분석기는 리전마다 하나만 만들 수 있습니다.")
        arn = f"arn:aws:access-analyzer:{self.region}:{self._lab.account_id}:analyzer/{name}"
        analyzers[name] = _Analyzer(name, arn, type, _now())
        return {"arn": arn}

    def delete_analyzer(self, analyzerName: str) -> dict:
        if self._analyzers().pop(str(analyzerName), None) is None:
            raise _error("ResourceNotFoundException", f"Analyzer {analyzerName} not found.",
                         f"분석기 {josa(analyzerName, '을')} 찾을 수 없습니다.")
        return {}

    def list_analyzers(self, type: str | None = None) -> dict:
        return {"analyzers": [a.summary() for a in self._analyzers().values() if type in (None, a.type)]}

    def get_analyzer(self, analyzerName: str) -> dict:
        analyzer = self._analyzers().get(str(analyzerName))
        if analyzer is None:
            raise _error("ResourceNotFoundException", f"Analyzer {analyzerName} not found.",
                         f"분석기 {josa(analyzerName, '을')} 찾을 수 없습니다.")
        return {"analyzer": analyzer.summary()}

    def _analyzer(self, arn) -> _Analyzer:
        for analyzer in self._analyzers().values():
            if arn in (analyzer.arn, analyzer.name):
                return analyzer
        raise _error("ResourceNotFoundException",
                     f"No analyzer {arn} in {self.region}; list_analyzers() shows the analyzers of this Region.",
                     f"{self.region}에 분석기 {josa(arn, '이')} 없습니다. list_analyzers()로 이 리전의 분석기를 보세요.")

    # --- findings ----------------------------------------------------------------------------

    def _findings(self) -> list[dict]:
        from labs.checks.lib.access import Share

        state = _state(self._lab)
        now = _now()
        current = {}
        for share in external_shares(self._lab, self.region):
            assert isinstance(share, Share)
            fid = finding_id(share.resource, share.principal)
            decision = state.decisions.get(fid, {})
            previous = state.seen.get(fid, {})
            current[fid] = {
                "id": fid, "resource": share.resource, "resourceType": share.resource_type,
                "resourceOwnerAccount": self._lab.account_id, "principal": dict(share.principal),
                "action": list(share.actions), "condition": dict(share.condition), "isPublic": share.public,
                "status": decision.get("status", "ACTIVE"), "createdAt": previous.get("createdAt", now),
                "analyzedAt": now, "updatedAt": decision.get("updatedAt", previous.get("createdAt", now)),
                "findingType": "ExternalAccess",
            }
            if decision.get("reason"):
                current[fid]["reason"] = decision["reason"]
        for fid, old in list(state.seen.items()):
            if fid not in current and old["resource"].split(":")[3] in (self.region, ""):
                current[fid] = {**old, "status": "RESOLVED", "analyzedAt": now}
        state.seen.update({fid: f for fid, f in current.items()})
        return list(current.values())

    def list_findings(self, analyzerArn: str, filter: dict | None = None, **_kwargs) -> dict:
        """The analyzer's findings. `filter` as the API's: {"status": {"eq": ["ACTIVE"]}}, and the
        same for resourceType or isPublic."""
        self._analyzer(analyzerArn)
        findings = self._findings()
        for name, criterion in (filter or {}).items():
            wanted = criterion.get("eq") or criterion.get("contains") or []
            findings = [f for f in findings if str(f.get(name)).lower() in {str(w).lower() for w in wanted}]
        return {"findings": findings}

    def get_finding(self, analyzerArn: str, id: str) -> dict:
        self._analyzer(analyzerArn)
        for finding in self._findings():
            if finding["id"] == id:
                return {"finding": finding}
        raise _error("ResourceNotFoundException", f"Finding {id} not found.", f"결과 {josa(id, '을')} 찾을 수 없습니다.")

    def update_findings(self, analyzerArn: str, status: str, ids=None, resourceArn: str | None = None,
                        reason: str | None = None, **_kwargs) -> dict:
        """Archive (or reactivate) findings by id, or every finding of one resource. `reason` is the
        lab's addition (see the module's docstring)."""
        self._analyzer(analyzerArn)
        if status not in FINDING_STATUSES:
            raise _error("ValidationException", f"status must be ACTIVE or ARCHIVED, not {status!r}.",
                         f"status는 ACTIVE나 ARCHIVED여야 합니다({josa(repr(status), '은')} 안 됩니다).")
        findings = {f["id"]: f for f in self._findings()}
        chosen = list(ids or []) + [fid for fid, f in findings.items() if resourceArn and f["resource"] == resourceArn]
        unknown = [fid for fid in chosen if fid not in findings]
        if unknown or not chosen:
            raise _error("ResourceNotFoundException", f"No finding {unknown[0] if unknown else '(none given)'}: "
                         "pass ids from list_findings (or resourceArn).",
                         (f"결과 {josa(unknown[0], '이')} 없습니다." if unknown else "결과를 하나도 지정하지 않았습니다.")
                         + " list_findings의 id(또는 resourceArn)를 넘기세요.")
        decisions = _state(self._lab).decisions
        for fid in chosen:
            decisions[fid] = {"status": status, "reason": (reason or "").strip() if status == "ARCHIVED" else "",
                              "updatedAt": _now()}
        return {}

    def __repr__(self) -> str:
        from labs.language import current

        names = ", ".join(self._analyzers()) or ("없음" if current() == "ko" else "none")
        if current() == "ko":
            return f"<{self.region}의 IAM Access Analyzer (실습 환경의 모델: 에뮬레이터에는 없음) · 분석기: {names}>"
        return f"<IAM Access Analyzer in {self.region} (the lab's model: the emulator has none) · analyzers: {names}>"


# --- what the account shares outside itself ----------------------------------------------------

def external_shares(lab, region: str | None = None) -> list:
    """Every resource of the account shared with a principal outside it (labs.checks.lib.access.Share)."""
    from labs.checks.lib.access import attribute_shares, policy_shares

    region = region or lab.region
    account = lab.account_id
    shares = []
    s3 = lab.client("s3")
    for bucket in s3.list_buckets().get("Buckets", []):
        name = bucket["Name"]
        location = absent_on({"NoSuchBucket"}, s3.get_bucket_location, Bucket=name) or {}
        if (location.get("LocationConstraint") or "us-east-1") != region:
            continue
        policy = absent_on({"NoSuchBucketPolicy", "NoSuchBucket"}, s3.get_bucket_policy, Bucket=name)
        if policy:
            shares += policy_shares(policy["Policy"], f"arn:aws:s3:::{name}", "AWS::S3::Bucket", account)
    iam = lab.client("iam")
    for page in iam.get_paginator("list_roles").paginate():
        for role in page["Roles"]:
            if role.get("Path", "/").startswith("/aws-service-role/"):
                continue
            shares += policy_shares(role.get("AssumeRolePolicyDocument") or {}, role["Arn"], "AWS::IAM::Role", account)
    kms = lab.client("kms") if region == lab.region else _regional(lab, "kms", region)
    for page in kms.get_paginator("list_keys").paginate():
        for entry in page["Keys"]:
            metadata = absent_on({"NotFoundException"}, kms.describe_key, KeyId=entry["KeyId"])
            if not metadata or metadata["KeyMetadata"].get("KeyManager") != "CUSTOMER":
                continue
            policy = absent_on({"NotFoundException"}, kms.get_key_policy, KeyId=entry["KeyId"], PolicyName="default")
            if policy:
                shares += policy_shares(policy["Policy"], metadata["KeyMetadata"]["Arn"], "AWS::KMS::Key", account)
    ec2 = lab.client("ec2") if region == lab.region else _regional(lab, "ec2", region)
    for page in ec2.get_paginator("describe_snapshots").paginate(OwnerIds=["self"]):
        for snapshot in page["Snapshots"]:
            permissions = ec2.describe_snapshot_attribute(
                SnapshotId=snapshot["SnapshotId"], Attribute="createVolumePermission").get("CreateVolumePermissions", [])
            values = [p.get("Group") or p.get("UserId") for p in permissions]
            arn = f"arn:aws:ec2:{region}::snapshot/{snapshot['SnapshotId']}"
            shares += attribute_shares(values, arn, "AWS::EC2::Snapshot", "ec2:CreateVolume", account)
    shares += _rds_snapshot_shares(lab, region, account)
    return shares


def _regional(lab, service: str, region: str):
    import boto3

    from labs.cloudtrail import recorder

    return recorder.mark_as_lab_client(boto3.client(service, region_name=region))


def _rds_snapshot_shares(lab, region: str, account: str) -> list:
    """RDS snapshots shared with "all" or with other accounts (chapter 07's database; a database
    snapshot is the talk's example of a public snapshot). Read once a chapter up to the lab's uses RDS."""
    from labs.checks.lib.access import attribute_shares

    from labs.chapters import earlier

    chapter = getattr(lab, "chapter", None)
    if chapter is None or not any("rds" in c.services for c in earlier(chapter) + [chapter]):
        return []
    rds = lab.client("rds")
    shares = []
    for page in rds.get_paginator("describe_db_snapshots").paginate(SnapshotType="manual"):
        for snapshot in page["DBSnapshots"]:
            attributes = rds.describe_db_snapshot_attributes(DBSnapshotIdentifier=snapshot["DBSnapshotIdentifier"])
            values = [v for a in attributes["DBSnapshotAttributesResult"]["DBSnapshotAttributes"]
                      if a["AttributeName"] == "restore" for v in a.get("AttributeValues", [])]
            shares += attribute_shares(values, snapshot["DBSnapshotArn"], "AWS::RDS::DBSnapshot",
                                       "rds:RestoreDBInstanceFromDBSnapshot", account)
    return shares
