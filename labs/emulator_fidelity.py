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
