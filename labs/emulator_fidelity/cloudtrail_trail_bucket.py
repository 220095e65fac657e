"""CloudTrail: a trail is created for, or pointed at, a bucket CloudTrail can deliver to, or not at all.

moto 5.2.5 creates a trail for any existing bucket, and UpdateTrail accepts any bucket name at all
(measured); CloudTrail refuses both unless it can deliver there. The lab answers with CloudTrail's
error codes (S3BucketDoesNotExistException, InsufficientS3BucketPolicyException) and messages (moto's
own for a missing bucket) before the request reaches moto, so the refused call is recorded in
CloudTrail as failed, as on AWS.

Test: tests/emulator_fidelity/test_cloudtrail_trail_bucket.py (moto itself still accepts such a bucket).
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from labs.emulator_fidelity._patching import handle, refusal

EVENTS = ("before-call.cloudtrail.CreateTrail", "before-call.cloudtrail.UpdateTrail")


def trail_bucket_problem(s3, bucket: str, prefix: str, account_id: str, trail_arn: str | None = None):
    """(error code, message) CloudTrail answers for a bucket it cannot deliver to, or None.

    CloudTrail checks, when a trail is created or pointed at a bucket, that the bucket exists and
    that its policy lets the service principal cloudtrail.amazonaws.com read the bucket ACL
    (s3:GetBucketAcl) and write under [prefix/]AWSLogs/<account id>/ (s3:PutObject), with the
    request context CloudTrail sends (aws:SourceArn the trail, aws:SourceAccount, the
    bucket-owner-full-control ACL): the policy engine decides, conditions included
    (labs.checks.lib.cloudtrail)."""
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


def refuse_unusable_trail_bucket(context, **_kwargs):
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
    return refusal("cloudtrail", *problem)


def install() -> None:
    for event in EVENTS:
        handle(__name__, event, refuse_unusable_trail_bucket)
