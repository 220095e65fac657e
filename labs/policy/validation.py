"""What a service refuses at the API when a policy is malformed, in that service's own words
(measured on AWS's error messages; moto stores any text, so the lab refuses it first).

S3 PutBucketPolicy answers MalformedPolicy with these messages (S3 API Reference, PutBucketPolicy;
"Policies must be valid JSON and the first byte must be '{'", "Missing required field Statement",
"Invalid effect: ...", "Missing required field Principal", ...)."""

from __future__ import annotations

from labs.policy.document import parse

NOT_JSON = "Policies must be valid JSON and the first byte must be '{'"


def bucket_policy_refusal(text) -> str | None:
    """S3's MalformedPolicy message for a bucket policy, or None when S3 would accept it."""
    if not isinstance(text, str) or not text.lstrip().startswith("{"):
        return NOT_JSON
    document = parse(text)
    if document.problems and not document.statements:
        return NOT_JSON if "JSON" in document.problems[0]["en"] else "Missing required field Statement"
    if not document.statements:
        return "Missing required field Statement"
    for statement in document.statements:
        raw = statement.raw
        if not isinstance(raw, dict):
            return "Statement must be a JSON object"
        if raw.get("Effect") not in ("Allow", "Deny"):
            return "Invalid effect: " + str(raw.get("Effect"))
        if "Action" not in raw and "NotAction" not in raw:
            return "Missing required field Action"
        if "Resource" not in raw and "NotResource" not in raw:
            return "Missing required field Resource"
        if "Principal" not in raw and "NotPrincipal" not in raw:
            return "Missing required field Principal"
    return None
