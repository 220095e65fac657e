"""Is the attacker still in? Every path the night opened, judged as AWS would judge it now, and
the attacker's return: the same credentials tried again, recorded like the night.

The paths:
1. the leaked key (deploy-bot's): usable while it exists and is Active;
2. the session it made (GetSessionToken, 36 hours): usable while the policy engine still allows it
   anything with the user's current policies and the token's issue time;
3. the key made for another user (persistence): usable while it exists and is Active;
4. SSH to the bastion host from the internet: open while its security group admits tcp/22 from the
   internet (the policy engine's address sets);
5. the miners in us-east-1: working while one runs with a security group that lets traffic in or out;
6. the snapshot shared with the foreign account: copyable while its createVolumePermission names
   that account (or everyone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from botocore.exceptions import ClientError

from labs import company
from labs.cloudtrail import recorder
from labs.incident.plan import DEPLOY_GROUP, DEPLOY_USER, MINER_REGION
from labs.incident.play import Actor, Incident, SessionIdentity, _iso, decide, key_status, user_policies
from labs.language import both
from labs.policy.network import Rule, open_to_internet
from labs.korean import josa

SESSION_ACTIONS = ("ec2:RunInstances", "ec2:DescribeInstances", "s3:GetObject", "cloudtrail:StopLogging",
                   "ec2:ModifySnapshotAttribute", "ec2:AuthorizeSecurityGroupIngress")


@dataclass(frozen=True)
class Path:
    key: str
    open: bool
    message: dict


def _now() -> datetime:
    return datetime.now(timezone.utc)


def session_can(aws, incident: Incident, moment: datetime | None = None) -> list[str]:
    """What the attacker's session may still do (the actions of SESSION_ACTIONS the engine allows)."""
    moment = moment or _now()
    policies = user_policies(aws, DEPLOY_USER)
    if policies is None:
        return []
    allowed = []
    for action in SESSION_ACTIONS:
        authenticated, ok, _ = decide(aws, incident.session, action, "*", incident.plan.attacker_ip, moment, policies)
        if authenticated and ok:
            allowed.append(action)
    return allowed


def _group_rules(ec2, group_ids: list[str]) -> tuple[list, list]:
    if not group_ids:
        return [], []
    with recorder.unrecorded():
        groups = ec2.describe_security_groups(GroupIds=group_ids)["SecurityGroups"]
    inbound = [Rule.from_permission(p) for g in groups for p in g.get("IpPermissions", [])]
    outbound = [Rule.from_permission(p) for g in groups for p in g.get("IpPermissionsEgress", [])]
    return inbound, outbound


def miners(aws, incident: Incident) -> list[dict]:
    """Each miner: id, state, its security groups' rules (policy engine Rules), its volume."""
    ec2 = recorder.internal_client("ec2", MINER_REGION)
    found = []
    if not incident.miners:
        return found
    with recorder.unrecorded():
        reservations = ec2.describe_instances(InstanceIds=incident.miners)["Reservations"]
    for reservation in reservations:
        for instance in reservation["Instances"]:
            # The instance's own list is authoritative: after modify_instance_attribute(Groups=...) moto 5.2.5
            # replaces it but appends to the network interface's (AWS replaces both); the interface's list is
            # the only one when the instance was launched without SecurityGroupIds.
            groups = [g["GroupId"] for g in instance.get("SecurityGroups", [])] or list(dict.fromkeys(
                g["GroupId"] for eni in instance.get("NetworkInterfaces", []) for g in eni.get("Groups", [])))
            inbound, outbound = _group_rules(ec2, groups)
            found.append({"id": instance["InstanceId"], "state": instance["State"]["Name"], "groups": groups,
                          "inbound": inbound, "outbound": outbound})
    return found


def miner_reachable(miner: dict) -> bool:
    return miner["state"] in ("pending", "running") and bool(miner["inbound"] or miner["outbound"])


def forensic_snapshots(aws, incident: Incident) -> dict:
    """volume id -> the snapshots of it taken by anyone but the attacker (us-east-1)."""
    ec2 = recorder.internal_client("ec2", MINER_REGION)
    if not incident.miner_volumes:
        return {}
    with recorder.unrecorded():
        snapshots = ec2.describe_snapshots(OwnerIds=["self"], Filters=[
            {"Name": "volume-id", "Values": list(incident.miner_volumes)}])["Snapshots"]
    by_volume = {v: [] for v in incident.miner_volumes}
    for snapshot in snapshots:
        by_volume.setdefault(snapshot["VolumeId"], []).append(snapshot["SnapshotId"])
    return by_volume


def snapshot_shared_with(aws, incident: Incident) -> list[str] | None:
    """Who may create volumes from the shared snapshot (account ids, "all"); None when it is gone."""
    if not incident.shared_snapshot:
        return None
    with recorder.unrecorded():
        try:
            permissions = aws.client("ec2").describe_snapshot_attribute(
                SnapshotId=incident.shared_snapshot, Attribute="createVolumePermission")["CreateVolumePermissions"]
        except ClientError as error:
            if error.response["Error"]["Code"] in ("InvalidSnapshot.NotFound", "InvalidSnapshotID.NotFound"):
                return None
            raise
    return [p.get("UserId") or p.get("Group") for p in permissions]


def bastion_open_to(aws, incident: Incident) -> list[str]:
    ec2 = aws.client("ec2")
    inbound, _ = _group_rules(ec2, [incident.bastion_group] if incident.bastion_group else [])
    return open_to_internet(inbound, "tcp", 22)


def paths(aws, incident: Incident) -> list[Path]:
    """Every path the night opened, and whether it is still open."""
    found = []
    status = key_status(aws, DEPLOY_USER, incident.leaked_key)
    found.append(Path("leaked key", status == "Active", both(
        f"the leaked key {incident.leaked_key} is {status or 'deleted'}",
        f"유출된 키 {incident.leaked_key}: {'삭제됨' if status is None else status}")))
    can_do = session_can(aws, incident)
    found.append(Path("session", bool(can_do), both(
        f"the session {incident.plan.session_key_id} may still {', '.join(can_do)}" if can_do
        else f"the session {incident.plan.session_key_id} may do nothing",
        f"세션 {josa(incident.plan.session_key_id, '은')} 아직 {josa(', '.join(can_do), '을')} 할 수 있습니다" if can_do
        else f"세션 {josa(incident.plan.session_key_id, '은')} 아무것도 할 수 없습니다")))
    if incident.persistence_key:
        status = key_status(aws, incident.persistence_user, incident.persistence_key)
        found.append(Path("persistence", status == "Active", both(
            f"the key made for {incident.persistence_user}, {incident.persistence_key}, is {status or 'deleted'}",
            f"{incident.persistence_user}에게 만든 키 {incident.persistence_key}: {'삭제됨' if status is None else status}")))
    sources = bastion_open_to(aws, incident)
    found.append(Path("ssh", bool(sources), both(
        f"SSH to the bastion is open to {', '.join(sources)}" if sources else "SSH to the bastion is closed to the internet",
        f"베스천 SSH가 {', '.join(sources)}에 열려 있습니다" if sources else "베스천 SSH가 인터넷에 닫혀 있습니다")))
    working = [m["id"] for m in miners(aws, incident) if miner_reachable(m)]
    found.append(Path("miners", bool(working), both(
        f"miners still reach the internet: {', '.join(working)}" if working else "no miner reaches the internet",
        f"아직 인터넷과 통신하는 채굴 인스턴스: {', '.join(working)}" if working
        else "인터넷과 통신하는 채굴 인스턴스가 없습니다")))
    shared = snapshot_shared_with(aws, incident) or []
    outside = [s for s in shared if s != aws.account_id]
    found.append(Path("snapshot", bool(outside), both(
        f"the snapshot {incident.shared_snapshot} is shared with {', '.join(outside)}" if outside
        else f"the snapshot {incident.shared_snapshot} is shared with nobody",
        f"스냅샷 {josa(incident.shared_snapshot, '이')} {', '.join(outside)}에 공유되어 있습니다" if outside
        else f"스냅샷 {josa(incident.shared_snapshot, '은')} 아무에게도 공유되어 있지 않습니다")))
    return found


def attacker_returns(aws) -> list[Path]:
    """The attacker tries every credential again, now: the calls are recorded as the night's were
    (refused ones with their error code; those whose credentials are gone only in
    `incident.attempts`). Returns every path, open or cut."""
    incident: Incident = aws.incident
    chosen = incident.plan
    moment = _now().replace(microsecond=0)
    incident.returns.append(moment)
    bucket = company.image_bucket_name(aws.account_id)
    image = f"arn:aws:s3:::{bucket}/uploads/user-42-cat.png"
    from labs.cloudtrail.recorder import Identity

    key = Actor(aws, incident, Identity(DEPLOY_USER, incident.deploy_user_id, incident.leaked_key, chosen.attacker_ip),
                chosen.user_agent, incident.leaked)
    key.call("sts", "GetCallerIdentity", region="us-east-1")
    key.call("ec2", "DescribeInstances", region=MINER_REGION)
    session = Actor(aws, incident, SessionIdentity(DEPLOY_USER, incident.deploy_user_id, chosen.session_key_id,
                                                   chosen.attacker_ip, issued=_iso(incident.session_issued)),
                    chosen.user_agent, incident.session)
    session.call("ec2", "DescribeInstances", region=MINER_REGION)
    session.call("s3", "GetObject", resource=image, Bucket=bucket, Key="uploads/user-42-cat.png")
    if incident.persistence:
        from labs.incident.play import _user_id

        try:
            user_id = _user_id(aws, incident.persistence_user)
        except ClientError:
            user_id = "AIDA-DELETED"
        backdoor = Actor(aws, incident, Identity(incident.persistence_user, user_id, incident.persistence_key,
                                                 chosen.attacker_ip), chosen.user_agent, incident.persistence)
        backdoor.call("s3", "GetObject", resource=image, Bucket=bucket, Key="uploads/user-42-cat.png")
    return paths(aws, incident)


# --- chapter 10's wrap-up: the night answered as its learner leaves it ---------------------------------

ALERT_QUEUE = "security-alerts"
ALERT_RULES = {
    "root-activity": {
        "detail-type": ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"],
        "detail": {"userIdentity": {"type": ["Root"]}},
    },
    "trail-tampering": {
        "source": ["aws.cloudtrail"],
        "detail-type": ["AWS API Call via CloudTrail"],
        "detail": {"eventName": ["StopLogging", "DeleteTrail"]},
    },
}
"""Exercise 10.7's rules, as the chapter's solution writes them."""
QUARANTINE_GROUP = "quarantine"


def _alerts(aws) -> None:
    """10.7: root use and trail tampering reach an SQS queue whose policy lets EventBridge deliver."""
    import json

    events, sqs = aws.client("events"), aws.client("sqs")
    url = sqs.create_queue(QueueName=ALERT_QUEUE)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    rules = [events.put_rule(Name=name, EventPattern=json.dumps(pattern))["RuleArn"]
             for name, pattern in ALERT_RULES.items()]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage",
                       "Resource": arn, "Condition": {"ArnEquals": {"aws:SourceArn": rules}}}],
    })})
    for name in ALERT_RULES:
        events.put_targets(Rule=name, Targets=[{"Id": "queue", "Arn": arn}])


def _keys_and_sessions(aws, incident: Incident) -> None:
    """10.9 and 10.12: the leaked key and the key made for Minho deleted; deploy-bot's older sessions denied,
    through its group (the notebook writes the Deny on the user; CIS 1.15 asks policies of groups, and the
    group holds deploy-bot alone)."""
    import json

    iam = aws.client("iam")
    for user, key in ((DEPLOY_USER, incident.leaked_key), (incident.persistence_user, incident.persistence_key)):
        if key and key_status(aws, user, key) is not None:
            iam.delete_access_key(UserName=user, AccessKeyId=key)
    issued_before = _now().strftime("%Y-%m-%dT%H:%M:%SZ")
    iam.put_group_policy(GroupName=DEPLOY_GROUP, PolicyName="AWSRevokeOlderSessions", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
                       "Condition": {"DateLessThan": {"aws:TokenIssueTime": issued_before}}}],
    }))


def _only_admins_stop_the_trail(aws) -> None:
    """10.11: the pipeline's policy loses "QuietDuringLoadTests" (the trail itself is the scenario's fix)."""
    import json

    from labs.incident.plan import DEPLOY_POLICY
    from labs.policy.document import without_statements

    iam = aws.client("iam")
    arn = f"arn:aws:iam::{aws.account_id}:policy/{DEPLOY_POLICY}"
    version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]
    kept = without_statements(document, "QuietDuringLoadTests")
    if kept is not None:
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(kept), SetAsDefault=True)


def _snapshot_unshared(aws, incident: Incident) -> None:
    """10.12: the app server's disk shared with nobody outside."""
    shared = [s for s in snapshot_shared_with(aws, incident) or [] if s != aws.account_id]
    accounts, groups = [s for s in shared if s != "all"], [s for s in shared if s == "all"]
    if accounts or groups:
        aws.client("ec2").modify_snapshot_attribute(SnapshotId=incident.shared_snapshot,
                                                    Attribute="createVolumePermission", OperationType="remove",
                                                    **({"UserIds": accounts} if accounts else {}),
                                                    **({"GroupNames": groups} if groups else {}))


def _miners_kept_then_gone(aws, incident: Incident) -> None:
    """10.10, then the case closed: each miner's disk kept in a snapshot, the miners terminated, the
    attacker's security group deleted (nothing of the night runs or stays open in us-east-1)."""
    ec2 = recorder.internal_client("ec2", MINER_REGION)
    kept = forensic_snapshots(aws, incident)
    for volume, snapshots in kept.items():
        if not snapshots:
            ec2.create_snapshot(VolumeId=volume, Description="forensics IR-1", TagSpecifications=[
                {"ResourceType": "snapshot", "Tags": [{"Key": "case", "Value": "IR-1"}]}])
    running = [m["id"] for m in miners(aws, incident) if m["state"] not in ("shutting-down", "terminated")]
    if running:
        ec2.terminate_instances(InstanceIds=running)
    if incident.miner_group:
        try:
            ec2.delete_security_group(GroupId=incident.miner_group)
        except ClientError as error:
            if error.response["Error"]["Code"] != "DependencyViolation":  # InvalidGroup.NotFound: gone already
                if error.response["Error"]["Code"] != "InvalidGroup.NotFound":
                    raise
                return
            ec2.revoke_security_group_ingress(GroupId=incident.miner_group, IpPermissions=[{  # a miner still holds it
                "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])


def close_the_case(aws) -> None:
    """Chapter 10's wrap-up, applied when a later chapter starts from its world: the response its
    notebook makes (10.7 the alerts, 10.9 the leaked key and its sessions, 10.10 the miners' disks
    kept, 10.11 only administrators may stop the trail, 10.12 the key made for Minho and the shared
    snapshot; the trail, the bastion's SSH, the CIS alarms, GuardDuty and Security Hub are its
    scenarios' fixes), then the case closed: the miners terminated with their disks kept, the
    attacker's security group deleted, and the bastion the night went through retired again, as
    chapter 06 left the architecture (Session Manager is the way in)."""
    incident = getattr(aws, "incident", None)
    if incident is None:
        return
    with recorder.unrecorded():
        _alerts(aws)
        _keys_and_sessions(aws, incident)
        _only_admins_stop_the_trail(aws)
        _snapshot_unshared(aws, incident)
        _miners_kept_then_gone(aws, incident)
        company.retire_bastion_host(aws)
