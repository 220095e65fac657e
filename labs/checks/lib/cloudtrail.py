"""CloudTrail judgments shared by the lab's CloudTrail emulation, checks and graders: what CloudTrail
needs from a trail's bucket policy and from its KMS key policy, asked of the policy engine with the
request context CloudTrail sends.

Sources: AWS CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail" (s3:GetBucketAcl on the
bucket, s3:PutObject under [prefix/]AWSLogs/<account id>/ with the bucket-owner-full-control ACL,
aws:SourceArn the trail) and "Configure AWS KMS key policies for CloudTrail" (kms:GenerateDataKey*
for cloudtrail.amazonaws.com, with aws:SourceArn the trail and the encryption context
kms:EncryptionContext:aws:cloudtrail:arn the trail's ARN; CloudTrail refuses a key whose policy does
not allow it with InsufficientEncryptionPolicyException).
"""

from __future__ import annotations

from labs.policy import Decision, can, parse, service

CLOUDTRAIL = "cloudtrail.amazonaws.com"


def trail_arn(region: str, account_id: str, name: str) -> str:
    return name if name.startswith("arn:") else f"arn:aws:cloudtrail:{region}:{account_id}:trail/{name}"


def log_folder(prefix: str | None, account_id: str) -> str:
    """Where the trail writes: [prefix/]AWSLogs/<account id>/."""
    prefix = (prefix or "").strip("/")
    return (prefix + "/" if prefix else "") + f"AWSLogs/{account_id}/"


def bucket_refuses_delivery(policy, bucket: str, prefix: str | None, account_id: str,
                            trail: str | None = None) -> Decision | None:
    """The engine's refusal when the bucket policy does not let CloudTrail read the bucket ACL or write
    the trail's log files (the first of the two that fails), or None when it lets CloudTrail deliver.
    `policy`: the bucket policy (text, dict or parsed; "{}" or None when the bucket has none)."""
    document = parse(policy or "{}")
    context = {"aws:SourceAccount": account_id, "s3:x-amz-acl": "bucket-owner-full-control"}
    if trail:
        context["aws:SourceArn"] = trail
    requests = (("s3:GetBucketAcl", f"arn:aws:s3:::{bucket}"),
                ("s3:PutObject", f"arn:aws:s3:::{bucket}/{log_folder(prefix, account_id)}CloudTrail/file.json.gz"))
    for action, resource in requests:
        decision = can(service(CLOUDTRAIL), action, resource, resource_policy=document, context=context)
        if not decision.allowed:
            return decision
    return None


def key_refuses_encryption(policy, key_arn: str, account_id: str, trail: str) -> Decision | None:
    """The engine's refusal when the key policy does not let CloudTrail generate data keys for the
    trail's log files, or None when it does."""
    context = {
        "aws:SourceArn": trail,
        "aws:SourceAccount": account_id,
        "kms:EncryptionContext:aws:cloudtrail:arn": trail,
    }
    decision = can(service(CLOUDTRAIL), "kms:GenerateDataKey", key_arn, resource_policy=parse(policy or "{}"),
                   context=context)
    return None if decision.allowed else decision
