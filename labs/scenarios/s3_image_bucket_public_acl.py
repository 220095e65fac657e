"""With ACLs enabled, someone also gave the bucket the canned ACL public-read: AllUsers may list
every object in it. A second door open to the public, easy to miss when only the policy is read."""

from labs.company import image_bucket_name

BREAKS = ("s3_bucket_public_access",)


def resource(aws) -> str:
    return image_bucket_name(aws.account_id)


def build(aws) -> None:
    s3, bucket = aws.client("s3"), resource(aws)
    # S3 refuses ACLs while ACLs are disabled, so this mistake needs ObjectWriter first.
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    s3.put_bucket_acl(Bucket=bucket, ACL="public-read")


def fix(aws) -> None:
    aws.client("s3").put_bucket_acl(Bucket=resource(aws), ACL="private")
