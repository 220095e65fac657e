"""Where the lab makes the emulator answer the way AWS does. Each correction says what moto does
(moto 5.2.5, measured), what AWS does, and why the lab's answer is the honest one.

Nothing here fakes a control AWS would enforce: the corrections either refuse what AWS refuses
at the API (a malformed policy, a trail whose bucket CloudTrail could not write to), stop moto from
enforcing something wrongly (bucket-policy conditions, Object Lock on existing buckets), or answer a
read-only call from data moto already stores (budget subscribers; Cost Explorer results the lab
injected).

What moto lacks entirely for CloudTrail (recorded events, LookupEvents, log file delivery, events
on EventBridge) the lab provides in `labs.cloudtrail`, each module saying what AWS does. Where moto
breaks on a request AWS would answer, `labs.emulator_failures` (installed from here) turns moto's
exception into one sentence. tests/test_emulator_fidelity.py holds, for the ELBv2 and KMS
corrections, a test that fails the day moto itself is fixed, so the correction can go.
"""

from __future__ import annotations

import json
import os
import uuid

import botocore.handlers
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError

from labs import emulator_failures

_applied = {"done": False}


def apply() -> None:
    if _applied["done"]:
        return
    _bucket_policy_conditions_not_enforced()
    _cost_explorer_matches_parameters_not_bytes()
    _budgets_describe_subscribers_for_notification()
    _no_sample_machine_images()
    _kms_private_keys_on_demand()
    _aws_managed_policies_the_lab_uses()
    _object_lock_on_existing_buckets()
    _elbv2_knows_every_security_policy()
    _kms_refuses_rotation_it_cannot_do()
    emulator_failures.install()
    _empty_user_data_is_no_user_data()
    _replaced_instance_profile_reaches_the_instance()
    botocore.handlers.BUILTIN_HANDLERS.append(
        ("before-parameter-build.ec2.ModifyInstanceAttribute", _user_data_encoded_once_as_on_aws))
    botocore.handlers.BUILTIN_HANDLERS.append(("before-call.ec2.ModifyInstanceAttribute", _user_data_only_when_stopped))
    botocore.handlers.BUILTIN_HANDLERS.append(("after-call.iam.GetAccessKeyLastUsed", _access_key_last_used_from_history))
    _rds_managed_master_user_secrets()
    _aws_managed_keys()
    _rds_restore_and_subnet_groups()
    botocore.handlers.BUILTIN_HANDLERS.append(
        ("before-parameter-build.s3.PutBucketPolicy", _refuse_malformed_bucket_policy)
    )
    botocore.handlers.BUILTIN_HANDLERS.append(
        ("before-parameter-build.acm.ImportCertificate", _refuse_certificate_with_another_key)
    )
    botocore.handlers.BUILTIN_HANDLERS.append(("before-call.cloudtrail.CreateTrail", _refuse_unusable_trail_bucket))
    botocore.handlers.BUILTIN_HANDLERS.append(("before-call.cloudtrail.UpdateTrail", _refuse_unusable_trail_bucket))
    _applied["done"] = True


def bucket_policy_problem(text) -> str | None:
    """Why S3 would refuse this bucket policy, in S3's own words, or None when it is well formed
    (labs.policy.validation.bucket_policy_refusal)."""
    from labs.policy.validation import bucket_policy_refusal

    return bucket_policy_refusal(text)


def _refuse_malformed_bucket_policy(params, model, **_kwargs):
    """S3 refuses a policy that is not JSON or lacks a required field with MalformedPolicy (400);
    moto stores any text. The lab refuses it first, with S3's error code and message."""
    problem = bucket_policy_problem(params.get("Policy"))
    if problem:
        raise ClientError(
            {"Error": {"Code": "MalformedPolicy", "Message": problem},
             "ResponseMetadata": {"HTTPStatusCode": 400}},
            model.name,
        )


def certificate_key_mismatch(certificate, private_key) -> bool:
    """Whether PEM `certificate` and PEM `private_key` are both readable and belong to different key
    pairs (what cannot be read is left to the emulator's own answer)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    def pem(value):
        return value.encode() if isinstance(value, str) else value

    try:
        public = x509.load_pem_x509_certificate(pem(certificate)).public_key()
        key = serialization.load_pem_private_key(pem(private_key), password=None)
    except (TypeError, ValueError):
        return False
    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return public.public_bytes(*spki) != key.public_key().public_bytes(*spki)


def _refuse_certificate_with_another_key(params, model, **_kwargs):
    """ACM refuses to import a certificate together with a private key that is not its own (no TLS
    server could use the pair: the handshake proves possession of the certificate's key); moto 5.2.5
    stores any pair (measured). The lab refuses it first, as ACM does, with a ValidationException."""
    if certificate_key_mismatch(params.get("Certificate"), params.get("PrivateKey")):
        raise ClientError(
            {"Error": {"Code": "ValidationException",
                       "Message": "The private key does not match the public key in the certificate."},
             "ResponseMetadata": {"HTTPStatusCode": 400}},
            model.name,
        )


def _bucket_policy_conditions_not_enforced() -> None:
    """moto 5.2 treats a bucket-policy statement whose Condition it cannot evaluate as an explicit
    Deny, so a TLS-only policy (Deny when aws:SecureTransport is false) refuses HTTPS requests too,
    and a bucket with it becomes unreadable. The emulator evaluates no condition keys at all, so
    the lab leaves such statements out of moto's evaluation: bucket-policy conditions are then
    consistently not enforced, which the chapters say, rather than enforced wrongly.
    """
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3.models import FakeBucket

    if getattr(FakeBucket.get_permission, "_labs_patched", False):
        return
    original = FakeBucket.get_permission

    def get_permission(self, action, resource):
        from labs.policy import parse

        document = parse(self.policy) if self.policy else None
        if document is None or document.problems:
            return original(self, action, resource)
        unconditional = [s.raw for s in document.statements if "Condition" not in (s.raw or {})]
        if not unconditional:
            return PermissionResult.NEUTRAL
        return IAMPolicy(json.dumps({"Version": document.version or "2012-10-17", "Statement": unconditional})
                         ).is_action_permitted(action, resource)

    get_permission._labs_patched = True
    FakeBucket.get_permission = get_permission


def _cost_explorer_matches_parameters_not_bytes() -> None:
    """moto answers GetCostAndUsage from results injected by the lab, matched to the request by its
    exact body text, so the same question with its parameters in another order (botocore keeps the
    caller's order) got an empty answer (measured). AWS does not care about the order; the lab
    makes moto compare the parameters (the JSON with its keys sorted) instead of the bytes."""
    from moto.ce.models import CostExplorerBackend

    if getattr(CostExplorerBackend.get_cost_and_usage, "_labs_patched", False):
        return
    original = CostExplorerBackend.get_cost_and_usage

    def get_cost_and_usage(self, body: str):
        try:
            body = json.dumps(json.loads(body), sort_keys=True)
        except (TypeError, ValueError):
            pass
        return original(self, body)

    get_cost_and_usage._labs_patched = True
    CostExplorerBackend.get_cost_and_usage = get_cost_and_usage


def _budgets_describe_subscribers_for_notification() -> None:
    """moto stores the subscribers (email recipients) given with a budget's notification, but does
    not implement DescribeSubscribersForNotification, the only call that reads them back (measured:
    NotImplementedError in-process, HTTP 500 from the server). The lab answers it from moto's own
    stored subscribers, as AWS would; it adds nothing moto did not store."""
    from moto.budgets.exceptions import NotFoundException
    from moto.budgets.responses import BudgetsResponse

    if hasattr(BudgetsResponse, "describe_subscribers_for_notification"):
        return

    def same(stored: dict, asked: dict) -> bool:
        keys = ("NotificationType", "ComparisonOperator", "ThresholdType")
        return all(stored.get(k, "PERCENTAGE" if k == "ThresholdType" else None)
                   == asked.get(k, "PERCENTAGE" if k == "ThresholdType" else None) for k in keys) and (
            float(stored.get("Threshold", 0)) == float(asked.get("Threshold", 0)))

    def describe_subscribers_for_notification(self) -> str:
        account_id = self._get_param("AccountId")
        budget_name = self._get_param("BudgetName")
        asked = self._get_param("Notification") or {}
        budget = self.backend.budgets[account_id].get(budget_name)
        if budget is None:
            raise NotFoundException(f"Unable to get budget: {budget_name} - the budget doesn't exist.")
        for notification in budget.notifications:
            if same(notification.details, asked):
                return json.dumps({"Subscribers": notification.subscribers or []})
        raise NotFoundException("Unable to find notification - the notification doesn't exist.")

    BudgetsResponse.describe_subscribers_for_notification = describe_subscribers_for_notification


def _no_sample_machine_images() -> None:
    """moto loads about 2,600 sample AMIs into every region's EC2 backend when it first answers an
    EC2 call, after every reset: 0.6 s of each chapter start that uses EC2 (measured). Real accounts
    launch from AWS's images, which the lab does not need: it registers the one image the company's
    instances use (`labs.company.APP_IMAGE`). A learner who sets the variable keeps their choice."""
    os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")


def _kms_private_keys_on_demand() -> None:
    """moto generates an RSA-2048 private key for every KMS key it creates, symmetric keys included,
    although only Sign, Verify and GetPublicKey of asymmetric keys use it: 60 to 200 ms for each key
    a chapter's world creates (measured). The lab makes that private key the first time it is used.
    Nothing a learner can observe changes."""
    from moto.kms import models

    if getattr(models.generate_private_key, "_labs_patched", False):
        return
    original = models.generate_private_key

    class PrivateKeyOnDemand:
        def __init__(self, key_spec):
            self._key_spec = key_spec
            self._key = None

        def __getattr__(self, name):
            if name.startswith("_"):
                raise AttributeError(name)
            if self._key is None:
                self._key = original(self._key_spec)
            return getattr(self._key, name)

    def generate_private_key(key_spec):
        return PrivateKeyOnDemand(key_spec)

    generate_private_key._labs_patched = True
    models.generate_private_key = generate_private_key


AWS_MANAGED_POLICIES = ("AmazonSSMManagedInstanceCore", "AdministratorAccess", "PowerUserAccess", "AmazonS3FullAccess")
"""The AWS managed policies the chapters attach, which moto then knows even when it loads none."""


def _aws_managed_policies_the_lab_uses() -> None:
    """moto knows AWS managed policies only with MOTO_IAM_LOAD_MANAGED_POLICIES=true, which loads
    all ~1,400 of them into every account (+1.7 s per start, measured); without it, attaching
    arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore fails with NoSuchEntity, while every real
    account has it. The lab adds the few it uses, with their real documents from moto's own copy."""
    from moto.iam import models

    if getattr(models.IAMBackend._init_aws_policies, "_labs_patched", False):
        return
    original = models.IAMBackend._init_aws_policies
    documents = {}

    def _init_aws_policies(self):
        policies = original(self)
        if policies:
            return policies
        if not documents:
            data = json.loads(models.aws_managed_policies_data)
            documents.update({name: data[name] for name in AWS_MANAGED_POLICIES})
        return [models.AWSManagedPolicy.from_data(name, self.account_id, self.region_name, document)
                for name, document in documents.items()]

    _init_aws_policies._labs_patched = True
    models.IAMBackend._init_aws_policies = _init_aws_policies


def trail_bucket_problem(s3, bucket: str, prefix: str, account_id: str, trail_arn: str | None = None):
    """(error code, message) CloudTrail answers for a bucket it cannot deliver to, or None.

    CloudTrail checks, when a trail is created or pointed at a bucket, that the bucket exists and
    that its policy lets the service principal cloudtrail.amazonaws.com read the bucket ACL
    (s3:GetBucketAcl) and write under [prefix/]AWSLogs/<account id>/ (s3:PutObject), with the
    request context CloudTrail sends (aws:SourceArn the trail, aws:SourceAccount, the
    bucket-owner-full-control ACL): the policy engine decides, conditions included
    (labs.checks.lib.cloudtrail)."""
    from botocore.exceptions import ClientError

    from labs.checks.lib.cloudtrail import bucket_refuses_delivery

    try:
        text = s3.get_bucket_policy(Bucket=bucket)["Policy"]
    except ClientError as error:
        code = error.response["Error"]["Code"]
        if code == "NoSuchBucket":
            return "S3BucketDoesNotExistException", f"S3 bucket {bucket} does not exist!"
        if code != "NoSuchBucketPolicy":
            raise
        text = "{}"
    if bucket_refuses_delivery(text, bucket, prefix, account_id, trail_arn) is None:
        return None
    return "InsufficientS3BucketPolicyException", f"Incorrect S3 bucket policy is detected for bucket: {bucket}"


def _refuse_unusable_trail_bucket(context, **_kwargs):
    """moto creates a trail for any existing bucket, and UpdateTrail accepts any bucket name at
    all; CloudTrail refuses both unless it can deliver there. The lab answers with CloudTrail's
    error codes (S3BucketDoesNotExistException, InsufficientS3BucketPolicyException) and messages
    (moto's own for a missing bucket) before the request reaches moto, so the refused call is
    recorded in CloudTrail as failed, as on AWS."""
    from labs.cloudtrail import recorder

    params = context.get(recorder._PARAMS) or {}
    bucket, prefix = params.get("S3BucketName"), params.get("S3KeyPrefix")
    if not bucket and prefix is None:
        return None
    region = context.get("client_region") or recorder.home_region()
    with recorder.unrecorded():
        if not bucket or prefix is None:  # UpdateTrail changing one of the two: the other is the trail's
            trails = recorder.internal_client("cloudtrail", region).describe_trails(trailNameList=[params.get("Name", "")])
            current = (trails.get("trailList") or [{}])[0]
            bucket = bucket or current.get("S3BucketName")
            prefix = current.get("S3KeyPrefix") if prefix is None else prefix
            if not bucket:
                return None
        s3 = recorder.internal_client("s3", region)
        name = params.get("Name", "")
        trail_arn = name if name.startswith("arn:") else f"arn:aws:cloudtrail:{region}:{recorder.account_id()}:trail/{name}"
        problem = trail_bucket_problem(s3, bucket, prefix or "", recorder.account_id(), trail_arn)
    if problem is None:
        return None
    code, message = problem
    metadata = {"RequestId": str(uuid.uuid4()), "HTTPStatusCode": 400, "HTTPHeaders": {}, "RetryAttempts": 0}
    return (AWSResponse("https://cloudtrail.amazonaws.com/", 400, {}, None),
            {"Error": {"Code": code, "Message": message}, "ResponseMetadata": metadata})


def _object_lock_on_existing_buckets() -> None:
    """moto 5.2 refuses PutObjectLockConfiguration on any bucket that holds an object
    (InvalidBucket "Bucket needs to be empty"), even to change the default retention of a bucket
    that is already locked. S3 has allowed Object Lock on existing versioned buckets since
    November 2023, and always allowed changing the default retention: the lab drops moto's
    emptiness test and keeps its versioning test (InvalidBucketState). As on AWS, the default
    retention applies to object versions written from then on, not to the ones already there.
    """
    from moto.s3.exceptions import InvalidBucketState
    from moto.s3.models import S3Backend

    if getattr(S3Backend.put_object_lock_configuration, "_labs_patched", False):
        return

    def put_object_lock_configuration(self, bucket_name, lock_enabled, mode=None, days=None, years=None):
        bucket = self.get_bucket(bucket_name)
        if not bucket.is_versioned:
            raise InvalidBucketState(
                "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration"
            )
        if lock_enabled:
            bucket.object_lock_enabled = True
            bucket.versioning_status = "Enabled"
        bucket.default_lock_mode = mode
        bucket.default_lock_days = days
        bucket.default_lock_years = years

    put_object_lock_configuration._labs_patched = True
    S3Backend.put_object_lock_configuration = put_object_lock_configuration


def _elbv2_knows_every_security_policy() -> None:
    """moto 5.2's ModifyListener checks the policy name against the 18 policies it knows and
    answers SSLPolicyNotFound for the others, FIPS and RFC 9151 ones among them, which AWS accepts
    (measured: ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04 is refused). The lab lets moto accept every
    policy of the ELB guide's table (labs/tls/policies.py) and still refuses a made-up name, with
    moto's own SSLPolicyNotFound, as AWS does. (CreateListener in moto accepts any name at all; the
    lab leaves that alone, and its check says when it does not know a listener's policy.)"""
    from moto.elbv2 import responses

    from labs.tls import policies

    if getattr(responses.ELBV2Response.modify_listener, "_labs_patched", False):
        return

    def modify_listener(self):
        ssl_policy = self._get_param("SslPolicy")
        if ssl_policy is not None and ssl_policy not in responses.SSL_POLICIES and not policies.is_known(ssl_policy):
            raise responses.RESTError("SSLPolicyNotFound", f"Policy {ssl_policy} not found")
        listener = self.elbv2_backend.modify_listener(
            self._get_param("ListenerArn"), self._get_param("Port"), self._get_param("Protocol"), ssl_policy,
            self._get_param("Certificates", []), self._get_param("DefaultActions", []),
        )
        return responses.ActionResult({"Listeners": [listener]})

    modify_listener._labs_patched = True
    responses.ELBV2Response.modify_listener = modify_listener


def rotation_refusal(metadata: dict) -> str | None:
    """KMS's message refusing automatic rotation of this key (UnsupportedOperationException), or
    None when KMS rotates it. Automatic rotation exists only for symmetric encryption keys whose
    key material KMS made: not for imported material (Origin EXTERNAL), keys in a custom key store
    (AWS_CLOUDHSM, EXTERNAL_KEY_STORE), asymmetric or HMAC keys (KMS EnableKeyRotation reference)."""
    arn = metadata.get("Arn") or metadata.get("KeyId", "")
    origin = metadata.get("Origin") or "AWS_KMS"
    if origin != "AWS_KMS":
        return f"{arn} origin is {origin} which is not valid for this operation."
    spec = metadata.get("KeySpec") or metadata.get("CustomerMasterKeySpec") or "SYMMETRIC_DEFAULT"
    if spec != "SYMMETRIC_DEFAULT":
        return f"{arn} is not a symmetric encryption KMS key."
    return None


def _kms_refuses_rotation_it_cannot_do() -> None:
    """moto 5.2 turns automatic rotation on for any key (measured: a key with imported material,
    Origin EXTERNAL, an RSA, ECC or HMAC key all answer KeyRotationEnabled true afterwards). KMS
    refuses EnableKeyRotation for each of them with UnsupportedOperationException (400): it cannot
    make new key material for a key whose material you imported, and rotates only symmetric
    encryption keys. The lab answers with KMS's error code; its messages are worded as KMS words
    them for imported material ("<key ARN> origin is EXTERNAL which is not valid for this
    operation."), which local-kms, an emulator that copies KMS's answers, also returns.
    DisableKeyRotation is refused the same way, as KMS does."""
    from moto.kms.exceptions import JsonRESTError
    from moto.kms.models import KmsBackend

    if getattr(KmsBackend.enable_key_rotation, "_labs_patched", False):
        return

    def refusing(original):
        def rotation_call(self, key_id, *args, **kwargs):
            key = self.keys[self.get_key_id(key_id)]
            refusal = rotation_refusal({"Arn": key.arn, "KeyId": key.id, "Origin": key.origin, "KeySpec": key.key_spec})
            if refusal:
                raise JsonRESTError("UnsupportedOperationException", refusal)
            return original(self, key_id, *args, **kwargs)

        rotation_call._labs_patched = True
        rotation_call.__wrapped__ = original  # moto's own, for the test that notices when moto is fixed
        return rotation_call

    KmsBackend.enable_key_rotation = refusing(KmsBackend.enable_key_rotation)
    KmsBackend.disable_key_rotation = refusing(KmsBackend.disable_key_rotation)


def _user_data_encoded_once_as_on_aws(params, **_kwargs):
    """ModifyInstanceAttribute's user data: boto3 base64-encodes it for you, as it does for
    RunInstances (EC2 User Guide, "Work with instance user data": "The AWS SDK for Python (Boto3)
    performs base64-encoding of the UserData parameter for you"). moto 5.2.5 decodes the request and
    then expects base64 again, refusing a plain script with InvalidUserData.Malformed (measured). The
    lab encodes the value once more before it leaves, so that the script you pass is the script the
    instance gets, as on AWS; a value you base64-encoded yourself is stored as that base64 text, as on
    AWS too."""
    user_data = params.get("UserData")
    if isinstance(user_data, dict) and user_data.get("Value"):
        import base64

        value = user_data["Value"]
        user_data["Value"] = base64.b64encode(value.encode() if isinstance(value, str) else bytes(value))


def _user_data_only_when_stopped(context, **_kwargs):
    """EC2 changes an instance's user data only while it is stopped (IncorrectInstanceState
    otherwise); moto changes it at any time (measured). The lab refuses it first, with EC2's code."""
    from labs.cloudtrail import recorder

    params = context.get(recorder._PARAMS) or {}
    if "UserData" not in params or not params.get("InstanceId"):
        return None
    region = context.get("client_region") or recorder.home_region()
    with recorder.unrecorded():
        try:
            reservations = recorder.internal_client("ec2", region).describe_instances(
                InstanceIds=[params["InstanceId"]])["Reservations"]
        except ClientError:
            return None  # an unknown instance: EC2's own error comes back from the emulator
    state = next((i["State"]["Name"] for r in reservations for i in r["Instances"]), "stopped")
    if state == "stopped":
        return None
    message = f"The instance '{params['InstanceId']}' is not in the 'stopped' state."
    metadata = {"RequestId": str(uuid.uuid4()), "HTTPStatusCode": 400, "HTTPHeaders": {}, "RetryAttempts": 0}
    return (AWSResponse("https://ec2.amazonaws.com/", 400, {}, None),
            {"Error": {"Code": "IncorrectInstanceState", "Message": message}, "ResponseMetadata": metadata})


def _empty_user_data_is_no_user_data() -> None:
    """Setting empty user data clears it on AWS; moto 5.2.5 stores the text "b''" instead (measured),
    which DescribeInstanceAttribute then returns as if it were base64. The lab stores nothing."""
    from moto.ec2.models.instances import InstanceBackend

    if getattr(InstanceBackend.modify_instance_attribute, "_labs_patched", False):
        return
    original = InstanceBackend.modify_instance_attribute

    def modify_instance_attribute(self, instance_id, key, value):
        if key == "user_data" and not value:
            value = None
        return original(self, instance_id, key, value)

    modify_instance_attribute._labs_patched = True
    InstanceBackend.modify_instance_attribute = modify_instance_attribute


def _access_key_last_used_from_history(parsed, context, **_kwargs):
    """moto never records when an access key was used: GetAccessKeyLastUsed always answers N/A
    (measured). The lab keeps the story's dates of each key (`labs.credential_report.IamHistory`,
    the same dates the credential report shows) and answers from them, as AWS would."""
    from labs.cloudtrail import recorder
    from labs.credential_report import current_history

    history = current_history()
    used = parsed.get("AccessKeyLastUsed") if isinstance(parsed, dict) else None
    key_id = ((context or {}).get(recorder._PARAMS) or {}).get("AccessKeyId")
    if history is None or used is None or key_id is None:
        return
    entry = history.keys.get(key_id, {})
    if "used" in entry:
        used.update(LastUsedDate=entry["used"], ServiceName=entry["service"], Region=entry["region"])


def _replaced_instance_profile_reaches_the_instance() -> None:
    """ReplaceIamInstanceProfileAssociation (how the console's "Modify IAM role" swaps a running
    instance's role) changes the association in moto 5.2.5 but not the instance: DescribeInstances
    keeps showing the old profile (measured). On AWS the instance has the new profile at once. The
    lab updates the instance as moto does when it associates a profile."""
    from moto.ec2.models.iam_instance_profile import IamInstanceProfileAssociationBackend

    if getattr(IamInstanceProfileAssociationBackend.replace_iam_instance_profile_association, "_labs_patched", False):
        return
    original = IamInstanceProfileAssociationBackend.replace_iam_instance_profile_association

    def replace_iam_instance_profile_association(self, *args, **kwargs):
        association = original(self, *args, **kwargs)
        self.modify_instance_attribute(association.instance_id, "iam_instance_profile",
                                       {"Arn": association.iam_instance_profile.arn, "Id": association.association_id})
        return association

    replace_iam_instance_profile_association._labs_patched = True
    IamInstanceProfileAssociationBackend.replace_iam_instance_profile_association = replace_iam_instance_profile_association


RDS_MANAGED_ROTATION_DAYS = 7
"""How often RDS rotates a master user password it manages, unless told otherwise (Amazon RDS User
Guide, "Password management with Amazon RDS and AWS Secrets Manager": every seven days by default)."""


def rotation_days(rules: dict | None) -> int | None:
    """The days between rotations a RotationRules dict asks for: AutomaticallyAfterDays, or a
    ScheduleExpression `rate(N days)` / `rate(N hours)` (rounded up to whole days); None for a cron
    expression or no rule."""
    import math
    import re

    rules = rules or {}
    if rules.get("AutomaticallyAfterDays"):
        return int(rules["AutomaticallyAfterDays"])
    found = re.fullmatch(r"\s*rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)\s*", str(rules.get("ScheduleExpression", "")))
    if not found:
        return None
    amount = int(found.group(1))
    return amount if found.group(2).startswith("day") else max(1, math.ceil(amount / 24))


def _rds_managed_master_user_secrets() -> None:
    """A master user password that RDS manages in Secrets Manager (ManageMasterUserPassword) behaves
    here as RDS manages it. moto 5.2.5 (measured) creates the `rds!db-...` secret, but:

    - the secret holds {"username": "admin", "password": "P@55w0rd!"}, whatever the master user is
      called; RDS stores the instance's master user name and a password it generated;
    - the secret has no rotation at all; RDS turns rotation on, every 7 days;
    - RotateSecret without a Lambda function adds a version with no value and makes it AWSCURRENT,
      so the secret can no longer be read (and RotateMasterUserPassword does the same); RDS rotates
      its secrets itself ("managed rotation", no Lambda): it sets a new generated password on the
      instance and stores it as AWSCURRENT, the old one staying as AWSPREVIOUS;
    - CancelRotateSecret refuses any secret without a Lambda function, while a managed secret's
      rotation can be turned off (and on again with RotateSecret);
    - a ScheduleExpression in RotationRules is dropped; `rate(N days)` is kept here as N days.

    Secrets of other owners, and secrets with a rotation Lambda, are left to moto."""
    import secrets as random_source
    import string
    import time

    from moto.rds.models import MasterUserSecret
    from moto.secretsmanager.models import FakeSecret, SecretsManagerBackend

    if getattr(MasterUserSecret._create_secret, "_labs_patched", False):
        return
    alphabet = string.ascii_letters + string.digits + "!#$%&()*+,-.:;<=>?[]^_{|}~"

    def new_password() -> str:
        # RDS's generated passwords are 41 characters from letters, digits and punctuation
        # except the characters MariaDB and MySQL refuse in a password ('/', '@', '"', ' ').
        return "".join(random_source.choice(alphabet) for _ in range(41))

    def turn_on(secret, days: int, schedule: str | None = None) -> None:
        secret.rotation_requested = True
        secret.rotation_enabled = True
        secret.rotation_lambda_arn = ""
        secret.auto_rotate_after_days = days
        secret.next_rotation_date = int(time.time()) + days * 86400
        secret._labs_schedule_expression = schedule

    original_create = MasterUserSecret._create_secret

    def _create_secret(self, kms_key_id):
        secret = original_create(self, kms_key_id)
        turn_on(secret, RDS_MANAGED_ROTATION_DAYS)
        return secret

    def _generate_secret_string(self) -> str:
        username = getattr(self.resource, "master_username", None) or "admin"
        return json.dumps({"username": username, "password": new_password()})

    def managed(backend, secret_id, lambda_arn):
        if lambda_arn or not backend._is_valid_identifier(secret_id):
            return None
        secret = backend.secrets[secret_id]
        if isinstance(secret, FakeSecret) and secret.owning_service and not secret.rotation_lambda_arn \
                and not secret.is_deleted():
            return secret
        return None

    original_rotate = SecretsManagerBackend.rotate_secret

    def rotate_secret(self, secret_id, client_request_token=None, rotation_lambda_arn=None, rotation_rules=None,
                      rotate_immediately=True):
        secret = managed(self, secret_id, rotation_lambda_arn)
        if secret is None:
            return original_rotate(self, secret_id, client_request_token, rotation_lambda_arn, rotation_rules,
                                   rotate_immediately)
        if rotation_rules and rotation_rules.get("AutomaticallyAfterDays") is not None:
            if not 1 <= int(rotation_rules["AutomaticallyAfterDays"]) <= 1000:
                from moto.secretsmanager.exceptions import InvalidParameterException

                raise InvalidParameterException("RotationRules.AutomaticallyAfterDays must be within 1-1000.")
        days = rotation_days(rotation_rules) or secret.auto_rotate_after_days or RDS_MANAGED_ROTATION_DAYS
        schedule = (rotation_rules or {}).get("ScheduleExpression") if rotation_rules else \
            getattr(secret, "_labs_schedule_expression", None)
        if rotate_immediately:
            current = json.loads(self.get_secret_value(secret.arn, None, "AWSCURRENT").get("SecretString") or "{}")
            current["password"] = new_password()
            self.put_secret_value(secret.arn, json.dumps(current), None, client_request_token, ["AWSCURRENT"])
            secret.last_rotation_date = int(time.time())
        turn_on(secret, days, schedule)
        return secret.to_short_dict()

    original_cancel = SecretsManagerBackend.cancel_rotate_secret

    def cancel_rotate_secret(self, secret_id):
        secret = managed(self, secret_id, None)
        if secret is None:
            return original_cancel(self, secret_id)
        secret.rotation_requested = True
        secret.rotation_enabled = False
        secret.next_rotation_date = None
        return secret.to_short_dict()

    original_to_dict = FakeSecret.to_dict

    def to_dict(self):
        answer = original_to_dict(self)
        schedule = getattr(self, "_labs_schedule_expression", None)
        if schedule and "RotationRules" in answer:
            answer["RotationRules"]["ScheduleExpression"] = schedule
        return answer

    _create_secret._labs_patched = True
    MasterUserSecret._create_secret = _create_secret
    MasterUserSecret._generate_secret_string = _generate_secret_string
    SecretsManagerBackend.rotate_secret = rotate_secret
    SecretsManagerBackend.cancel_rotate_secret = cancel_rotate_secret
    FakeSecret.to_dict = to_dict


def _aws_managed_keys() -> None:
    """The keys behind the aliases AWS reserves (alias/aws/rds, alias/aws/secretsmanager, ...) are
    AWS managed keys: KMS reports KeyManager "AWS", they rotate every year, and nobody in the account
    can change that. moto 5.2.5 creates them on first use as customer managed keys without rotation
    (measured), so a check of customer managed keys would blame the account for a key AWS owns,
    and a grader would take aws/rds for a key of the account's own.

    moto also records an instance encrypted with the default key (StorageEncrypted without KmsKeyId)
    as KmsKeyId "default_kms_key_id"; RDS records the ARN of the account's aws/rds key."""
    from moto.kms.models import KmsBackend
    from moto.rds.models import DBInstance

    if getattr(KmsBackend._generate_default_keys, "_labs_patched", False):
        return
    original_generate = KmsBackend._generate_default_keys

    def _generate_default_keys(self, alias_name):
        key_id = original_generate(self, alias_name)
        if key_id is not None:
            self.keys[key_id].key_manager = "AWS"
            self.keys[key_id].key_rotation_status = True
        return key_id

    original_setter = DBInstance.kms_key_id.fset

    def kms_key_id(self, value):
        if value == "default_kms_key_id":
            kms = self.backend.kms
            value = kms.keys[kms.get_key_id_from_alias("alias/aws/rds")].arn
        original_setter(self, value)

    _generate_default_keys._labs_patched = True
    KmsBackend._generate_default_keys = _generate_default_keys
    DBInstance.kms_key_id = DBInstance.kms_key_id.setter(kms_key_id)


def _rds_restore_and_subnet_groups() -> None:
    """Two RDS answers moto 5.2.5 gets wrong for the lab's database move (measured):

    - RestoreDBInstanceFromDBSnapshot ignores every parameter whose value is false, so
      `PubliclyAccessible=False` or `DeletionProtection=False` restores an instance that keeps the
      source's True; and it copies the source's deletion protection, which a restore does not
      (AWS: off unless asked). The lab applies what the call says, as RDS does.
    - A restore also copies the source's managed master password, with a new secret. RDS restores
      the password the database held when the snapshot was taken, self-managed, and accepts
      ManageMasterUserPassword in a restore for RDS for Oracle only: the restored instance's password
      is handed back to Secrets Manager afterwards, with ModifyDBInstance.
    - ModifyDBInstance moves an instance to any DB subnet group; RDS refuses a subnet group in the
      instance's own VPC (InvalidVPCNetworkStateFault: the parameter moves an instance to another
      VPC). An instance in public subnets gets into private subnets of its VPC by a restore from a
      snapshot into a subnet group of those subnets, which the chapter teaches.
    """
    from moto.rds.exceptions import RDSClientError
    from moto.rds.models import RDSBackend

    if getattr(RDSBackend.restore_db_instance_from_db_snapshot, "_labs_patched", False):
        return
    original_restore = RDSBackend.restore_db_instance_from_db_snapshot

    def restore_db_instance_from_db_snapshot(self, from_snapshot_id, overrides):
        # moto copies the source's option group and then fails to find "default:..." groups it
        # never stores; a default group is rebuilt for the restored instance instead, as RDS does.
        try:
            snapshot_id = from_snapshot_id.rsplit(":", 1)[-1] if from_snapshot_id.startswith("arn:") else from_snapshot_id
            source = self.describe_db_snapshots(db_instance_identifier=None, db_snapshot_identifier=snapshot_id)[0].database
        except Exception:  # moto's own call reports a missing snapshot with the right error
            source = None
        supplied = getattr(source, "option_group_supplied", None)
        if source is not None and str(getattr(source, "option_group_name", "")).startswith("default:"):
            source.option_group_supplied = False
        engine = str(getattr(source, "engine", "") or overrides.get("engine") or "")
        if overrides.get("manage_master_user_password") and not engine.startswith("oracle"):
            raise RDSClientError(
                "InvalidParameterCombination",
                f"ManageMasterUserPassword can't be set when restoring a {engine} DB instance from a snapshot (RDS for "
                "Oracle only). Restore the instance, then modify it to manage its master user password.",
            )
        try:
            database = original_restore(self, from_snapshot_id, overrides)
        finally:
            if source is not None and supplied is not None:
                source.option_group_supplied = supplied
        if getattr(database, "manage_master_user_password", False) and not overrides.get("manage_master_user_password"):
            database.master_user_secret.delete_secret()
            del database.master_user_secret
            database.manage_master_user_password = False
        for key, value in overrides.items():
            if value is not None and not value and hasattr(database, key):
                setattr(database, key, value)
        if overrides.get("deletion_protection") is None:
            database.deletion_protection = False
        return database

    original_modify = RDSBackend.modify_db_instance

    def modify_db_instance(self, db_instance_identifier, db_kwargs):
        wanted = db_kwargs.get("db_subnet_group_name")
        if wanted:
            database = self.describe_db_instances(db_instance_identifier)[0]
            current = getattr(database, "db_subnet_group", None)
            target = self.subnet_groups.get(wanted)
            if current is not None and target is not None and target.name != current.name \
                    and target.vpc_id == current.vpc_id:
                raise RDSClientError(
                    "InvalidVPCNetworkStateFault",
                    f"You cannot move DB instance {database.db_instance_identifier} to subnet group {target.name}. "
                    "The specified DB subnet group and DB instance are in the same VPC. Choose a DB subnet group in "
                    "different VPC than the specified DB instance and try again.",
                )
        return original_modify(self, db_instance_identifier, db_kwargs)

    restore_db_instance_from_db_snapshot._labs_patched = True
    RDSBackend.restore_db_instance_from_db_snapshot = restore_db_instance_from_db_snapshot
    RDSBackend.modify_db_instance = modify_db_instance
