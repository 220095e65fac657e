"""Scenarios: each deliberate misconfiguration is one module with a story (its docstring), the
checks it turns red (`BREAKS`), the resource it breaks, `build` and a reference `fix`.

A chapter's starting world builds its own scenarios; earlier chapters' scenarios are built and then
fixed, so the world a learner starts in is "everything before, done right, plus today's mistakes".
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from types import ModuleType

from botocore.exceptions import ClientError

from labs.policy import PolicyDocument, parse


def load(name: str) -> ModuleType:
    module = importlib.import_module(f"{__name__}.{name}")
    for attribute in ("BREAKS", "resource", "build", "fix"):
        if not hasattr(module, attribute):
            raise AttributeError(f"scenario {name} has no {attribute}")
    return module


def all_scenarios() -> dict[str, ModuleType]:
    return {info.name: load(info.name) for info in pkgutil.iter_modules(__path__)}


def read_bucket_policy(s3, bucket: str) -> PolicyDocument:
    """The bucket policy as the policy engine reads it (empty when the bucket has none)."""
    try:
        return parse(s3.get_bucket_policy(Bucket=bucket)["Policy"], name=f"the bucket policy of {bucket}")
    except ClientError as error:
        if error.response["Error"]["Code"] == "NoSuchBucketPolicy":
            return PolicyDocument()
        raise


def keep_statements(s3, bucket: str, keep) -> None:
    """Rewrite the bucket policy with the statements for which `keep(statement)` is true (a
    labs.policy Statement); the policy is deleted when none is left."""
    statements = read_bucket_policy(s3, bucket).statements
    write_bucket_policy_statements(s3, bucket, [s.raw for s in statements if keep(s)])


def read_bucket_policy_statements(s3, bucket: str) -> list[dict]:
    """The bucket policy's statements as written (dicts), to add one and write them back."""
    return [s.raw for s in read_bucket_policy(s3, bucket).statements]


def add_public_read_statement(s3, bucket: str, sid: str) -> None:
    """The statement that opens a bucket's objects to anyone: Allow, Principal "*", s3:GetObject."""
    statements = read_bucket_policy_statements(s3, bucket)
    statements.append({
        "Sid": sid,
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    })
    write_bucket_policy_statements(s3, bucket, statements)


def write_bucket_policy_statements(s3, bucket: str, statements: list[dict]) -> None:
    if statements:
        policy = {"Version": "2012-10-17", "Statement": statements}
        s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    else:
        s3.delete_bucket_policy(Bucket=bucket)
