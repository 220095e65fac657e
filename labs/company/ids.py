"""How the builders find what exists: by name (a Name tag for EC2's resources), remembered on the lab.

An id found once is remembered on the lab for as long as it lives (a start makes a new lab, and the
world cache copies what a built world remembered): building a chapter looks the same VPC up dozens
of times, at about 10 ms per describe call."""

from __future__ import annotations

MEMORY = "_company_ids"
"""The lab attribute that holds what the builders remember (labs/world_cache.py copies it with the world)."""


def memory(aws) -> dict:
    return aws.__dict__.setdefault(MEMORY, {})


def remembered(aws, key, look_up):
    """`look_up()`'s answer, asked once per lab while it is not None."""
    ids = memory(aws)
    if ids.get(key) is None:
        ids[key] = look_up()
    return ids[key]


def remember(aws, key, value) -> None:
    """What a builder just made (None: what it just removed)."""
    memory(aws)[key] = value


def name_filter(name: str) -> list[dict]:
    return [{"Name": "tag:Name", "Values": [name]}]


def name_tags(name: str, resource_type: str) -> list[dict]:
    """TagSpecifications that give a new EC2 resource its Name."""
    return [{"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}]}]


def name_of(resource: dict) -> str | None:
    """The Name tag of an EC2 resource as a describe call returns it."""
    return next((t["Value"] for t in resource.get("Tags", []) if t["Key"] == "Name"), None)

__all__ = ["MEMORY", "memory", "remembered", "remember", "name_filter", "name_tags", "name_of"]
