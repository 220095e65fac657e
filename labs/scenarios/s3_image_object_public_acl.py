"""For a partner's newsletter, the colleague made one user's photo public with an object ACL
(public-read), which needed ACLs switched back on for the bucket (Object Ownership: object writer,
s3_image_bucket_acls_enabled). Block Public Access ignores public ACLs today, so S3 serves nothing to
strangers; the grant stays on the object, ready for the day someone turns that setting off.

No check of the lab reads object ACLs (a call per object; Prowler's s3_bucket_public_access does not
either): BREAKS is empty on purpose. Chapter 11 plants it as a hidden mistake, found by reading the
objects' ACLs, and judges it by chapter 08's requirement that no object is public through its own ACL."""

from labs.company import UPLOADS_PREFIX, image_bucket_name

BREAKS = ()
KEY = f"{UPLOADS_PREFIX}user-13-mountain.png"


def resource(aws) -> str:
    """The object, as `bucket/key`."""
    return f"{image_bucket_name(aws.account_id)}/{KEY}"


def build(aws) -> None:
    s3, bucket = aws.client("s3"), image_bucket_name(aws.account_id)
    # S3 refuses object ACLs while ACLs are disabled: the bucket needs an ownership that honours them.
    ownership = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"][0]["ObjectOwnership"] \
        if _has_ownership_controls(s3, bucket) else None
    if ownership in (None, "BucketOwnerEnforced"):
        s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    s3.put_object_acl(Bucket=bucket, Key=KEY, ACL="public-read")


def _has_ownership_controls(s3, bucket: str) -> bool:
    try:
        s3.get_bucket_ownership_controls(Bucket=bucket)
        return True
    except s3.exceptions.ClientError as error:
        if error.response["Error"]["Code"] == "OwnershipControlsNotFoundError":
            return False
        raise


def fix(aws) -> None:
    """The grant removed while ACLs still apply (AWS refuses ACL changes once they are disabled)."""
    aws.client("s3").put_object_acl(Bucket=image_bucket_name(aws.account_id), Key=KEY, ACL="private")
