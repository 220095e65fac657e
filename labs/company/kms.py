"""The company's customer managed KMS keys: each found by its alias, created once."""

from __future__ import annotations

import json

from labs.cloudtrail.recorder import unrecorded


def find_key_id(aws, alias: str) -> str | None:
    with unrecorded():  # the lab looking, not anybody's action
        for page in aws.client("kms").get_paginator("list_aliases").paginate():
            for entry in page.get("Aliases", []):
                if entry["AliasName"] == alias and entry.get("TargetKeyId"):
                    return entry["TargetKeyId"]
    return None


def key_arn(aws, key_id: str) -> str:
    return f"arn:aws:kms:{aws.region}:{aws.account_id}:key/{key_id}"


def ensure_key(aws, alias: str, description: str, policy: dict | None = None, rotate: bool = True) -> str:
    """The id of the key behind `alias`, created (with `policy`, rotating yearly unless `rotate` is
    False: chapter 03's rule for every customer managed key) when there is none."""
    existing = find_key_id(aws, alias)
    if existing:
        return existing
    kms = aws.client("kms")
    extra = {"Policy": json.dumps(policy)} if policy else {}
    key = kms.create_key(Description=description, **extra)["KeyMetadata"]["KeyId"]
    if rotate:
        kms.enable_key_rotation(KeyId=key)
    kms.create_alias(AliasName=alias, TargetKeyId=key)
    return key

__all__ = ["find_key_id", "key_arn", "ensure_key"]
