"""S3: a bucket policy that is not JSON, or lacks a required field, is refused with MalformedPolicy.

S3 refuses a policy that is not JSON or lacks a required field with MalformedPolicy (400); moto 5.2.5
stores any text (measured). The lab refuses it first, with S3's error code and message (the policy
engine says why: labs.policy.validation.bucket_policy_refusal).

Test: tests/emulator_fidelity/test_s3_malformed_bucket_policy.py (moto itself still stores any text).
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from labs.emulator_fidelity._patching import handle

EVENT = "before-parameter-build.s3.PutBucketPolicy"


def bucket_policy_problem(text) -> str | None:
    """Why S3 would refuse this bucket policy, in S3's own words, or None when it is well formed
    (labs.policy.validation.bucket_policy_refusal)."""
    from labs.policy.validation import bucket_policy_refusal

    return bucket_policy_refusal(text)


def refuse_malformed_bucket_policy(params, model, **_kwargs):
    problem = bucket_policy_problem(params.get("Policy"))
    if problem:
        raise ClientError(
            {"Error": {"Code": "MalformedPolicy", "Message": problem},
             "ResponseMetadata": {"HTTPStatusCode": 400}},
            model.name,
        )


def install() -> None:
    handle(__name__, EVENT, refuse_malformed_bucket_policy)
