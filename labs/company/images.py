"""The app's image bucket (every chapter's S3): users' uploads, under uploads/."""

from __future__ import annotations

from pathlib import Path

from labs.company.buckets import bucket_exists
from labs.company.kms import ensure_key, find_key_id, key_arn
from labs.company.naming import bucket_name, key_alias

SAMPLE_IMAGES = Path(__file__).resolve().parent.parent / "sample_images"
UPLOADS_PREFIX = "uploads/"
IMAGE_KEY_ALIAS = key_alias("images")
"""The customer managed key the bucket encrypts new images with, once chapter 08 is done."""


def image_bucket_name(account_id: str) -> str:
    return bucket_name("images", account_id)


def create_image_bucket(aws) -> str:
    """The bucket the app stores user uploads in, with a few uploads in it. Idempotent: an existing
    bucket keeps its objects as they are."""
    name = image_bucket_name(aws.account_id)
    if bucket_exists(aws, name):
        return name
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": aws.region})
    for image in sorted(SAMPLE_IMAGES.glob("*.png")):
        s3.put_object(Bucket=name, Key=f"{UPLOADS_PREFIX}{image.name}", Body=image.read_bytes(), ContentType="image/png")
    return name


def create_image_key(aws) -> str:
    """The customer managed key for the image bucket's default encryption (chapter 08). Idempotent."""
    return ensure_key(aws, IMAGE_KEY_ALIAS, "Default encryption of the app's image bucket")


def image_key_arn(aws) -> str | None:
    key_id = find_key_id(aws, IMAGE_KEY_ALIAS)
    return key_arn(aws, key_id) if key_id else None

__all__ = ["SAMPLE_IMAGES", "UPLOADS_PREFIX", "IMAGE_KEY_ALIAS", "image_bucket_name", "create_image_bucket",
           "create_image_key", "image_key_arn"]
