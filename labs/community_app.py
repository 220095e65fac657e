"""The community app on its server, as the lab models it: which credentials it finds, which AWS calls
each of its pages makes, and a week of its traffic.

There is no real server in the emulator, so the lab plays the app's part. What it does as the real
app would:

- **Credentials**, in the AWS SDK's order: keys written in the app's config file (its code passes
  them to the client), then the environment (`AWS_ACCESS_KEY_ID` in the env file systemd loads), then
  the instance role from the instance metadata service: with a session token (IMDSv2) when the
  instance requires it, and modern SDKs ask for one first anyway. The config and env file are the
  ones the user data writes at launch (`labs.company.app_user_data`). So while a key is still in the
  user data, the app keeps using it, role or no role.
- **Calls**: an upload is `s3:PutObject` (and, with SSE-KMS and a Bucket Key, S3 asking KMS for a data
  key on the app's behalf, `kms:GenerateDataKey`), a page view `s3:GetObject` (`kms:Decrypt`), a
  gallery `ListObjectsV2` under the user's prefix (IAM's action: `s3:ListBucket`), a thumbnail check
  `HeadObject` (`s3:GetObject`), a removal `s3:DeleteObject`; at start the app logs who it runs as
  with `sts:GetCallerIdentity`, which needs no permission.
- **Permissions**: the emulator enforces no IAM policy, so the lab asks the policy engine whether the
  app's identity (the key's user, or the role with its permissions boundary) may make each call. A
  call the engine denies fails with AccessDenied, and CloudTrail records it with that error code, as
  AWS does; a call with a deleted or inactive key fails with InvalidAccessKeyId and is not recorded.

Every call is recorded in CloudTrail as the app's identity: the IAM user with its access key, or
the role's session named after the instance (`assumed-role/<role>/<instance id>`, with
`ec2RoleDelivery` "2.0" for IMDSv2 credentials). `run_week()` plays seven days of traffic at once,
dated over the seven days that follow, deterministically (the same week every time).
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError

from labs import company
from labs.cloudtrail import recorder
from labs.language import both, pick
from labs.korean import josa

KST = timezone(timedelta(hours=9))
WEEK_SEED = 9
SAMPLE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


@dataclass(frozen=True)
class Call:
    """One AWS call the app makes: as CloudTrail names it, and as IAM authorizes it."""

    service: str
    operation: str
    """The API operation (PutObject); CloudTrail's eventName (ListObjectsV2 is written ListObjects)."""
    action: str | None
    """The IAM action it needs (s3:ListBucket for ListObjectsV2); None when it needs none."""
    resource: str
    params: dict = field(default_factory=dict)
    context: dict = field(default_factory=dict)
    also: tuple = ()
    """Further (action, resource) pairs the call needs (a KMS data key for an SSE-KMS upload)."""

    @property
    def needs(self) -> list[tuple[str, str, dict]]:
        """Every (action, resource, context) IAM must allow for the call to succeed."""
        needed = [(self.action, self.resource, self.context)] if self.action else []
        return needed + [(action, resource, {}) for action, resource in self.also]


@dataclass(frozen=True)
class Credentials:
    source: str
    """"config", "environment", "instance-role" or "none"."""
    access_key_id: str | None = None
    role: str | None = None
    delivery: str | None = None
    """"2.0" (IMDSv2) or "1.0" (IMDSv1) for an instance role."""
    problem: dict | None = None

    def describe(self) -> dict:
        if self.source == "config":
            return both(f"the access key {self.access_key_id} written in the app's config file ({company.APP_CONFIG_PATH})",
                        f"앱 설정 파일({company.APP_CONFIG_PATH})에 적힌 액세스 키 {self.access_key_id}")
        if self.source == "environment":
            return both(f"the access key {self.access_key_id} in the environment (AWS_ACCESS_KEY_ID in app.env)",
                        f"환경 변수의 액세스 키 {self.access_key_id}(app.env의 AWS_ACCESS_KEY_ID)")
        if self.source == "instance-role":
            version = "IMDSv2" if self.delivery == "2.0" else "IMDSv1"
            return both(f"the instance role {self.role} (temporary credentials from the instance metadata service, {version})",
                        f"인스턴스 역할 {self.role}(인스턴스 메타데이터 서비스 {version}의 임시 자격 증명)")
        return self.problem or both("no credentials at all", "자격 증명이 전혀 없습니다")


def _user_data(lab, instance: str) -> str:
    from labs.inventory.ec2 import decode_user_data

    with recorder.unrecorded():
        value = lab.client("ec2").describe_instance_attribute(InstanceId=instance, Attribute="userData")
    text, _ = decode_user_data((value.get("UserData") or {}).get("Value"))
    return text or ""


_ENV_KEY = re.compile(r"^\s*(?:export\s+)?AWS_ACCESS_KEY_ID\s*=\s*[\"']?([A-Z0-9]{16,128})", re.MULTILINE)
_CONFIG_KEY = re.compile(r"\"access_key_id\"\s*:\s*\"([A-Z0-9]{16,128})\"")


class CommunityApp:
    """The app on the app server (`labs.company.APP_INSTANCE`) of one lab."""

    def __init__(self, lab):
        self._lab = lab
        self.bucket = company.image_bucket_name(lab.account_id)

    def __repr__(self) -> str:
        return pick(both(f"<community app on {company.APP_INSTANCE} · credentials: {pick(self.credentials().describe(), 'en')}>",
                         f"<{company.APP_INSTANCE}의 커뮤니티 앱 · 자격 증명: {pick(self.credentials().describe(), 'ko')}>"))

    # --- credentials ---------------------------------------------------------------------------

    def _instance(self) -> dict | None:
        instance = company.instance_id(self._lab)
        if instance is None:
            return None
        with recorder.unrecorded():
            reservations = self._lab.client("ec2").describe_instances(InstanceIds=[instance])["Reservations"]
        return next((i for r in reservations for i in r["Instances"]), None)

    def credentials(self) -> Credentials:
        """Where the app's SDK finds credentials now (the order is the module docstring's)."""
        instance = self._instance()
        if instance is None:
            return Credentials("none", problem=both("The app server does not exist.", "앱 서버가 없습니다."))
        text = _user_data(self._lab, instance["InstanceId"])
        found = _CONFIG_KEY.search(text)
        if found:
            return Credentials("config", access_key_id=found.group(1))
        found = _ENV_KEY.search(text)
        if found:
            return Credentials("environment", access_key_id=found.group(1))
        options = instance.get("MetadataOptions") or {}
        if options.get("HttpEndpoint") == "disabled":
            return Credentials("none", problem=both(
                "no credentials: the instance metadata service is turned off, so the SDK cannot reach the role",
                "자격 증명이 없습니다. 인스턴스 메타데이터 서비스가 꺼져 있어 SDK가 역할에 접근할 수 없습니다"))
        role = self._role_name(instance)
        if role is None:
            return Credentials("none", problem=both(
                "no credentials: no key in the config or the environment, and the instance has no role",
                "자격 증명이 없습니다. 설정 파일과 환경 변수에 키가 없고, 인스턴스에 역할도 없습니다"))
        return Credentials("instance-role", role=role, delivery="2.0")

    def _role_name(self, instance: dict) -> str | None:
        profile = (instance.get("IamInstanceProfile") or {}).get("Arn")
        if not profile:
            return None
        iam = self._lab.client("iam")
        with recorder.unrecorded():
            try:
                roles = iam.get_instance_profile(InstanceProfileName=profile.rsplit("/", 1)[-1])["InstanceProfile"]["Roles"]
            except ClientError:
                return None
        return roles[0]["RoleName"] if roles else None

    # --- who the app is, and what it may do ------------------------------------------------------

    def _identity(self, credentials: Credentials):
        """(recorder identity, policy-engine caller, identity policies, boundary, failure sentence)."""
        from labs.inventory.iam import collect_role
        from labs.policy import Caller

        lab, account = self._lab, self._lab.account_id
        instance = self._instance()
        address = (instance or {}).get("PrivateIpAddress") or "10.0.10.10"
        iam = lab.client("iam")
        if credentials.source in ("config", "environment"):
            key = credentials.access_key_id
            with recorder.unrecorded():
                try:
                    owner = iam.get_access_key_last_used(AccessKeyId=key)["UserName"]
                    keys = iam.list_access_keys(UserName=owner)["AccessKeyMetadata"]
                except ClientError:
                    owner, keys = None, []
            status = next((k["Status"] for k in keys if k["AccessKeyId"] == key), None)
            if status != "Active":
                why = "was deleted" if status is None else "is inactive"
                why_ko = "삭제되었습니다" if status is None else "비활성 상태입니다"
                return None, None, [], None, both(
                    f"InvalidAccessKeyId: the app still uses the access key {key}, which {why}",
                    f"InvalidAccessKeyId: 앱이 아직 액세스 키 {josa(key, '을')} 쓰는데, 이 키는 {why_ko}")
            with recorder.unrecorded():
                from labs.inventory.iam import user_policy_documents

                documents = user_policy_documents(iam, owner)
            digest = hashlib.sha256(owner.encode()).hexdigest()[:16].upper()
            identity = recorder.Identity(owner, f"AIDA{digest}", key, address)
            caller = Caller("AWS", f"arn:aws:iam::{account}:user/{owner}", account)
            return identity, caller, documents, None, None
        if credentials.source == "instance-role":
            with recorder.unrecorded():
                entry = iam.get_role(RoleName=credentials.role)["Role"]
                role = collect_role(iam, entry, {})
            session = instance["InstanceId"]
            digest = hashlib.sha256(f"{session}{credentials.role}".encode()).hexdigest()[:16].upper()
            identity = recorder.Identity(session, entry.get("RoleId") or f"AROA{digest}", f"ASIA{digest}", address,
                                         role=credentials.role, ec2_role_delivery=credentials.delivery)
            caller = Caller("AWS", f"arn:aws:sts::{account}:assumed-role/{credentials.role}/{session}", account)
            boundary = role.boundary if role.boundary_arn else None
            return identity, caller, role.policies, boundary, None
        return None, None, [], None, credentials.describe()

    # --- the app's calls ---------------------------------------------------------------------------

    def _image_key(self) -> str | None:
        if not hasattr(self, "_image_key_arn"):
            with recorder.unrecorded():
                self._image_key_arn = company.image_key_arn(self._lab)
        return self._image_key_arn

    def upload(self, key: str) -> Call:
        image_key = self._image_key()
        also = (("kms:GenerateDataKey", image_key),) if image_key else ()
        return Call("s3", "PutObject", "s3:PutObject", f"arn:aws:s3:::{self.bucket}/{key}",
                    {"Bucket": self.bucket, "Key": key, "Body": SAMPLE_PNG, "ContentType": "image/png"}, also=also)

    def view(self, key: str) -> Call:
        image_key = self._image_key()
        also = (("kms:Decrypt", image_key),) if image_key else ()
        return Call("s3", "GetObject", "s3:GetObject", f"arn:aws:s3:::{self.bucket}/{key}",
                    {"Bucket": self.bucket, "Key": key}, also=also)

    def thumbnail_check(self, key: str) -> Call:
        return Call("s3", "HeadObject", "s3:GetObject", f"arn:aws:s3:::{self.bucket}/{key}",
                    {"Bucket": self.bucket, "Key": key})

    def gallery(self, user: int) -> Call:
        prefix = f"{company.UPLOADS_PREFIX}user-{user}-"
        return Call("s3", "ListObjectsV2", "s3:ListBucket", f"arn:aws:s3:::{self.bucket}",
                    {"Bucket": self.bucket, "Prefix": prefix}, context={"s3:prefix": prefix})

    def remove(self, key: str) -> Call:
        return Call("s3", "DeleteObject", "s3:DeleteObject", f"arn:aws:s3:::{self.bucket}/{key}",
                    {"Bucket": self.bucket, "Key": key})

    def whoami(self) -> Call:
        return Call("sts", "GetCallerIdentity", None, "*")

    def bucket_key_data_key(self) -> Call | None:
        """S3 asking KMS for a data key for the bucket's Bucket Key, on the app's behalf."""
        image_key = self._image_key()
        if not image_key:
            return None
        return Call("kms", "GenerateDataKey", "kms:GenerateDataKey", image_key,
                    {"KeyId": image_key, "KeySpec": "AES_256",
                     "EncryptionContext": {"aws:s3:arn": f"arn:aws:s3:::{self.bucket}"}})

    def bucket_key_decrypt(self, ciphertext: bytes | None) -> Call | None:
        image_key = self._image_key()
        if not image_key or not ciphertext:
            return None
        return Call("kms", "Decrypt", "kms:Decrypt", image_key,
                    {"CiphertextBlob": ciphertext, "KeyId": image_key,
                     "EncryptionContext": {"aws:s3:arn": f"arn:aws:s3:::{self.bucket}"}})

    # --- making calls ------------------------------------------------------------------------------

    def _decide(self, call: Call, caller, policies, boundary) -> dict | None:
        """None when IAM allows everything the call needs, else the AccessDenied sentence."""
        from labs.policy import can

        for action, resource, context in call.needs:
            decision = can(caller, action, resource, identity=policies, boundary=boundary,
                           context={"aws:SecureTransport": "true", **context})
            if not decision.allowed:
                return both(f"AccessDenied: {decision.explain('en')}", f"AccessDenied: {decision.explain('ko')}")
        return None

    def _client(self, service: str, refusal: dict):
        import boto3

        client = boto3.client(service, region_name=self._lab.region)

        def refuse(**_kwargs):
            if refusal.get("message") is None:
                return None
            metadata = {"RequestId": "LABS" + hashlib.sha256(refusal["message"].encode()).hexdigest()[:12].upper(),
                        "HTTPStatusCode": 403, "HTTPHeaders": {}, "RetryAttempts": 0}
            return (AWSResponse(f"https://{service}.amazonaws.com/", 403, {}, None),
                    {"Error": {"Code": "AccessDenied", "Message": refusal["message"]}, "ResponseMetadata": metadata})

        client.meta.events.register("before-call", refuse)
        return client

    def _session(self):
        """(make(call) -> (ok, sentence), credentials): the app's SDK session as it is now."""
        credentials = self.credentials()
        identity, caller, policies, boundary, failure = self._identity(credentials)
        refusal: dict = {"message": None}
        clients: dict = {}

        def make(call: Call):
            if failure is not None:
                return False, failure, None
            denied = self._decide(call, caller, policies, boundary)
            refusal["message"] = pick(denied, "en") if denied else None
            if call.service not in clients:
                clients[call.service] = self._client(call.service, refusal)
            method = getattr(clients[call.service], re.sub(r"(?<!^)(?=[A-Z])", "_", call.operation).lower())
            with recorder.acting_as(identity):
                try:
                    answer = method(**call.params)
                except ClientError as error:
                    code = error.response["Error"]["Code"]
                    return False, denied or both(f"{code}: {error.response['Error'].get('Message', '')}",
                                                 f"{code}: {error.response['Error'].get('Message', '')}"), None
            if credentials.access_key_id:
                self._lab.history.used(credentials.access_key_id, call.service)
            return True, both("ok", "정상"), answer

        return make, credentials

    def check(self):
        """One visit to the app: upload, thumbnail, view, gallery, removal. A table: what worked."""
        import pandas as pd

        make, credentials = self._session()
        key = f"{company.UPLOADS_PREFIX}user-42-health-check.png"
        steps = [
            (both("upload an image", "이미지 올리기"), self.upload(key)),
            (both("check the thumbnail", "썸네일 확인"), self.thumbnail_check(key)),
            (both("show the image", "이미지 보기"), self.view(key)),
            (both("list a user's images", "사용자의 이미지 목록"), self.gallery(42)),
            (both("delete the image", "이미지 삭제"), self.remove(key)),
        ]
        rows = []
        for what, call in steps:
            ok, sentence, _ = make(call)
            rows.append({"what": pick(what), "call": call.operation, "IAM action": call.action,
                         "result": pick(sentence)})
        frame = pd.DataFrame(rows)
        frame.attrs["credentials"] = pick(credentials.describe())
        frame.attrs["working"] = all(row["result"] in ("ok", "정상") for row in rows)
        return frame

    # --- a week of traffic ---------------------------------------------------------------------------

    def week(self, start: datetime | None = None, days: int = 7, light: bool = False) -> list[tuple[datetime, Call]]:
        """The app's calls over seven days from `start` (default: tomorrow, 00:00 in Seoul), in time
        order. Deterministic: the same week every time. `light`: a quiet day's traffic (fewer calls)."""
        rng = random.Random(WEEK_SEED)
        if start is None:
            tomorrow = (datetime.now(KST) + timedelta(days=1)).date()
            start = datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=KST)
        calls: list[tuple[datetime, Call]] = []
        uploaded: list[tuple[datetime, str]] = []
        samples = [f"{company.UPLOADS_PREFIX}{name}" for name in ("user-7-sunset.png", "user-13-mountain.png",
                                                                   "user-42-cat.png")]
        words = ("cat", "sunset", "mountain", "coffee", "bike", "garden", "river", "lunch", "dog", "beach")

        def existing(moment):
            return [key for when, key in uploaded if when < moment] or samples

        for day in range(days):
            morning = start + timedelta(days=day, hours=7)

            def at(minutes: float, morning=morning) -> datetime:
                return morning + timedelta(minutes=minutes)

            calls.append((at(0), self.whoami()))
            data_key = self.bucket_key_data_key()
            if data_key:
                calls.append((at(1), data_key))
            uploads, views, galleries = (1, 1, 0) if light else (6, 10, 4)
            for _ in range(uploads):
                user = rng.choice((7, 13, 42, 58, 77, 101, 123, 150))
                key = f"{company.UPLOADS_PREFIX}user-{user}-{rng.choice(words)}-{len(uploaded) + 1}.png"
                moment = at(rng.uniform(30, 900))
                calls.append((moment, self.upload(key)))
                calls.append((moment + timedelta(seconds=2), self.thumbnail_check(key)))
                uploaded.append((moment, key))
            for _ in range(views):
                moment = at(rng.uniform(30, 960))
                calls.append((moment, self.view(rng.choice(existing(moment)))))
            for _ in range(galleries):
                moment = at(rng.uniform(30, 960))
                calls.append((moment, self.gallery(rng.choice((7, 13, 42, 58, 77)))))
            if not light:
                moment = at(rng.uniform(960, 1000))
                mine = [key for when, key in uploaded if when < moment]
                if len(mine) > 3:
                    gone = mine[rng.randrange(len(mine) - 3)]
                    uploaded[:] = [(when, key) for when, key in uploaded if key != gone]
                    calls.append((moment, self.remove(gone)))
        return sorted(calls, key=lambda item: item[0])

    def run_week(self, start: datetime | None = None, days: int = 7, light: bool = False):
        """Play the week (`week()`) against the account, as the app's identity, each call recorded at
        its time of the week. A table: calls per day, and how many failed."""
        import pandas as pd

        make, credentials = self._session()
        rows, removed = [], set()
        for moment, call in self.week(start, days, light):
            if call.operation == "GetObject" and call.params.get("Key") in removed:
                continue
            with recorder.dated(moment):
                ok, sentence, answer = make(call)
                if ok and call.operation == "GenerateDataKey":
                    ciphertext = answer.get("CiphertextBlob")
                    decrypt = self.bucket_key_decrypt(ciphertext)
                    if decrypt:
                        make(decrypt)
                        rows.append({"day": moment.astimezone(KST).date(), "call": "Decrypt", "ok": True})
            if call.operation == "DeleteObject" and ok:
                removed.add(call.params["Key"])
            rows.append({"day": moment.astimezone(KST).date(), "call": call.operation, "ok": ok})
        frame = pd.DataFrame(rows)
        table = frame.groupby("day").agg(calls=("call", "size"), failed=("ok", lambda s: int((~s).sum())))
        table.attrs["credentials"] = pick(credentials.describe())
        return table


def week_calls(lab) -> list[Call]:
    """Every distinct call of the app's week (what a least-privilege policy must allow), without playing it."""
    app = CommunityApp(lab)
    seen, calls = set(), []
    for _, call in app.week():
        key = (call.operation, call.resource, json.dumps(call.context, sort_keys=True))
        if key not in seen:
            seen.add(key)
            calls.append(call)
    data_key = app.bucket_key_data_key()
    if data_key is not None:
        calls.append(Call("kms", "Decrypt", "kms:Decrypt", data_key.resource))
    return calls
