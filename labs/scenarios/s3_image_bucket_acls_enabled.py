"""To let the old upload tool set per-object ACLs, the bucket's Object Ownership was switched from
"bucket owner enforced" to "object writer". ACLs are back in force: access now depends on a policy
and on a grant list on every single object."""

from labs.company import image_bucket_name

BREAKS = ("s3_bucket_acl_prohibited",)


def resource(aws) -> str:
    return image_bucket_name(aws.account_id)


def _set_ownership(aws, ownership: str) -> None:
    aws.client("s3").put_bucket_ownership_controls(
        Bucket=resource(aws), OwnershipControls={"Rules": [{"ObjectOwnership": ownership}]}
    )


def build(aws) -> None:
    _set_ownership(aws, "ObjectWriter")


def fix(aws) -> None:
    _set_ownership(aws, "BucketOwnerEnforced")
