"""S3 as the checks see it: every bucket's access settings, and the account's Block Public Access."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from botocore.exceptions import ClientError

from labs.inventory import absent_on
from labs.policy import PolicyDocument, parse

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
BLOCK_PUBLIC_ACCESS_ALL_ON = {name: True for name in BLOCK_PUBLIC_ACCESS_SETTINGS}
"""The four Block Public Access settings, all on: what every bucket and account should have."""
OBJECT_ACL_LIMIT = 200
"""At most this many objects' ACLs are read per bucket (a call each); more are reported as unread."""


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

    object_acls: dict = field(default_factory=dict)
    """key -> the object's ACL grants, when collected (collect_object_acls); empty otherwise."""
    object_acls_truncated: bool = False

    @cached_property
    def policy_document(self) -> PolicyDocument:
        """The bucket policy as the policy engine reads it (an empty document when there is none)."""
        if not self.policy_text:
            return PolicyDocument(name="bucket policy")
        return parse(self.policy_text, name=f"the bucket policy of {self.name}")

    @property
    def public_acl_grants(self) -> list[tuple[dict, str]]:
        """(grantee in each language, permission) pairs that open the bucket to the public. With ACLs disabled
        (BucketOwnerEnforced) S3 ignores every grant, so none count."""
        if self.object_ownership == "BucketOwnerEnforced":
            return []
        return public_grantees(self.acl_grants)

    @property
    def public_object_grants(self) -> list[tuple[str, dict, str]]:
        """(key, grantee in each language, permission) for the collected object ACLs that open an object
        to the public; none count with ACLs disabled."""
        if self.object_ownership == "BucketOwnerEnforced":
            return []
        return [(key, grantee, permission) for key, grants in self.object_acls.items()
                for grantee, permission in public_grantees(grants)]


def public_grantees(grants) -> list[tuple[dict, str]]:
    found = []
    for grant in grants if isinstance(grants, list) else []:
        uri = (grant.get("Grantee") or {}).get("URI") if isinstance(grant, dict) else None
        if uri in PUBLIC_GRANTEES:
            found.append((PUBLIC_GRANTEES[uri], grant.get("Permission", "")))
    return found


@dataclass
class S3State:
    buckets: list[Bucket]
    account_public_access_block: dict | None

    def bucket(self, name: str) -> Bucket | None:
        return next((b for b in self.buckets if b.name == name), None)


def collect_bucket(s3, name: str, region: str) -> Bucket:
    bucket = Bucket(name=name, region=region)
    policy = absent_on({"NoSuchBucketPolicy"}, s3.get_bucket_policy, Bucket=name)
    bucket.policy_text = policy["Policy"] if policy else None
    bucket.acl_grants = s3.get_bucket_acl(Bucket=name).get("Grants", [])
    block = absent_on({"NoSuchPublicAccessBlockConfiguration"}, s3.get_public_access_block, Bucket=name)
    bucket.public_access_block = block["PublicAccessBlockConfiguration"] if block else None
    encryption = absent_on(
        {"ServerSideEncryptionConfigurationNotFoundError"}, s3.get_bucket_encryption, Bucket=name
    )
    if encryption:
        bucket.default_encryption = encryption["ServerSideEncryptionConfiguration"].get("Rules", [])
    ownership = absent_on({"OwnershipControlsNotFoundError"}, s3.get_bucket_ownership_controls, Bucket=name)
    if ownership:
        rules = ownership["OwnershipControls"].get("Rules", [])
        bucket.object_ownership = rules[0].get("ObjectOwnership") if rules else None
    bucket.versioning = s3.get_bucket_versioning(Bucket=name).get("Status")
    lock = absent_on({"ObjectLockConfigurationNotFoundError"}, s3.get_object_lock_configuration, Bucket=name)
    bucket.object_lock = lock["ObjectLockConfiguration"] if lock else None
    return bucket


def collect_object_acls(aws, bucket: Bucket) -> Bucket:
    """Read the ACL of each object in the bucket (up to OBJECT_ACL_LIMIT), for the questions that
    ask whether any single object is public. A call per object: graders ask for it, checks do not."""
    s3 = aws.client("s3")
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket.name):
        keys += [item["Key"] for item in page.get("Contents", [])]
        if len(keys) > OBJECT_ACL_LIMIT:
            break
    bucket.object_acls_truncated = len(keys) > OBJECT_ACL_LIMIT
    for key in keys[:OBJECT_ACL_LIMIT]:
        acl = absent_on({"NoSuchKey"}, s3.get_object_acl, Bucket=bucket.name, Key=key)
        if acl is not None:
            bucket.object_acls[key] = acl.get("Grants", [])
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
    block = absent_on(
        {"NoSuchPublicAccessBlockConfiguration"},
        aws.client("s3control").get_public_access_block,
        AccountId=aws.account_id,
    )
    return S3State(
        buckets=buckets,
        account_public_access_block=block["PublicAccessBlockConfiguration"] if block else None,
    )
