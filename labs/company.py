"""The startup from the talk: a community app where about 100 users a day upload small images,
run by 3 employees. Its AWS resources have the same names in every chapter."""

from __future__ import annotations

from pathlib import Path

SAMPLE_IMAGES = Path(__file__).with_name("sample_images")


def image_bucket_name(account_id: str) -> str:
    # Bucket names are global across all AWS accounts, so the account id keeps this one unique.
    return f"community-app-images-{account_id}"


def create_image_bucket(aws) -> str:
    """The bucket the app stores user uploads in, with a few uploads in it."""
    name = image_bucket_name(aws.account_id)
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": aws.region})
    for image in sorted(SAMPLE_IMAGES.glob("*.png")):
        s3.put_object(Bucket=name, Key=f"uploads/{image.name}", Body=image.read_bytes(), ContentType="image/png")
    return name


def publish_cost_history(aws) -> None:
    """The startup's daily bill since October 2024, served by the emulator's Cost Explorer
    (chapter 04; generated, see labs/costs/generator.py)."""
    from labs.costs.cost_explorer import publish_cost_history as publish

    publish(aws)
