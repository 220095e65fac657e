"""S3 as the checks see it: every bucket's access settings, and the account's Block Public Access."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from botocore.exceptions import ClientError

PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers": {"en": "everyone (AllUsers)", "ko": "모든 사람(AllUsers)"},
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": {
        "en": "any AWS account (AuthenticatedUsers)",
        "ko": "모든 인증된 AWS 사용자(AuthenticatedUsers)",
    },
}
BLOCK_PUBLIC_ACCESS_SETTINGS = (
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
)


@dataclass
class Bucket:
    name: str
    region: str
    policy_text: str | None = None
    acl_grants: list = field(default_factory=list)
    public_access_block: dict | None = None
    default_encryption: list = field(default_factory=list)
    object_ownership: str | None = None
    versioning: str | None = None
    object_lock: dict | None = None

    @property
    def policy(self) -> dict | None:
        """The bucket policy as a dict; None when there is none or it is not valid JSON."""
        if not self.policy_text:
            return None
        try:
            policy = json.loads(self.policy_text)
        except ValueError:
            return None
        return policy if isinstance(policy, dict) else None

    @property
    def policy_statements(self) -> list[dict]:
        statements = (self.policy or {}).get("Statement", [])
        statements = [statements] if isinstance(statements, dict) else statements
        return [s for s in statements if isinstance(s, dict)]

    @property
    def public_acl_grants(self) -> list[tuple[dict, str]]:
        """(grantee in each language, permission) pairs that open the bucket to the public. With ACLs disabled
        (BucketOwnerEnforced) S3 ignores every grant, so none count."""
        if self.object_ownership == "BucketOwnerEnforced":
            return []
        found = []
        for grant in self.acl_grants:
            uri = grant.get("Grantee", {}).get("URI")
            if uri in PUBLIC_GRANTEES:
                found.append((PUBLIC_GRANTEES[uri], grant.get("Permission", "")))
        return found


@dataclass
class S3State:
    buckets: list[Bucket]
    account_public_access_block: dict | None

    def bucket(self, name: str) -> Bucket | None:
        return next((b for b in self.buckets if b.name == name), None)


def _absent_on(codes, call, **kwargs):
    """The answer of `call`, or None when S3 says the setting does not exist."""
    try:
        return call(**kwargs)
    except ClientError as error:
        if error.response["Error"]["Code"] in codes:
            return None
        raise


def collect_bucket(s3, name: str, region: str) -> Bucket:
    bucket = Bucket(name=name, region=region)
    policy = _absent_on({"NoSuchBucketPolicy"}, s3.get_bucket_policy, Bucket=name)
    bucket.policy_text = policy["Policy"] if policy else None
    bucket.acl_grants = s3.get_bucket_acl(Bucket=name).get("Grants", [])
    block = _absent_on({"NoSuchPublicAccessBlockConfiguration"}, s3.get_public_access_block, Bucket=name)
    bucket.public_access_block = block["PublicAccessBlockConfiguration"] if block else None
    encryption = _absent_on(
        {"ServerSideEncryptionConfigurationNotFoundError"}, s3.get_bucket_encryption, Bucket=name
    )
    if encryption:
        bucket.default_encryption = encryption["ServerSideEncryptionConfiguration"].get("Rules", [])
    ownership = _absent_on({"OwnershipControlsNotFoundError"}, s3.get_bucket_ownership_controls, Bucket=name)
    if ownership:
        rules = ownership["OwnershipControls"].get("Rules", [])
        bucket.object_ownership = rules[0].get("ObjectOwnership") if rules else None
    bucket.versioning = s3.get_bucket_versioning(Bucket=name).get("Status")
    lock = _absent_on({"ObjectLockConfigurationNotFoundError"}, s3.get_object_lock_configuration, Bucket=name)
    bucket.object_lock = lock["ObjectLockConfiguration"] if lock else None
    return bucket


def collect(aws) -> S3State:
    s3 = aws.client("s3")
    buckets = []
    listed = [b for page in s3.get_paginator("list_buckets").paginate() for b in page.get("Buckets", [])]
    for entry in listed:
        region = entry.get("BucketRegion") or aws.region
        try:
            buckets.append(collect_bucket(s3, entry["Name"], region))
        except ClientError as error:
            # Deleted between listing and reading: it is simply not there any more.
            if error.response["Error"]["Code"] != "NoSuchBucket":
                raise
    block = _absent_on(
        {"NoSuchPublicAccessBlockConfiguration"},
        aws.client("s3control").get_public_access_block,
        AccountId=aws.account_id,
    )
    return S3State(
        buckets=buckets,
        account_public_access_block=block["PublicAccessBlockConfiguration"] if block else None,
    )
