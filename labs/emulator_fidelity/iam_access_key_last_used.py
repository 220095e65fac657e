"""IAM: GetAccessKeyLastUsed answers from the story's dates of each key.

moto never records when an access key was used: GetAccessKeyLastUsed always answers N/A (measured).
The lab keeps the story's dates of each key (`labs.credential_report.IamHistory`, the same dates the
credential report shows) and answers from them, as AWS would.

Test: tests/emulator_fidelity/test_iam_access_key_last_used.py (moto itself still answers without a date).
"""

from __future__ import annotations

from labs.emulator_fidelity._patching import handle

EVENT = "after-call.iam.GetAccessKeyLastUsed"


def last_used_from_history(parsed, context, **_kwargs):
    from labs.cloudtrail import recorder
    from labs.credential_report import current_history

    history = current_history()
    used = parsed.get("AccessKeyLastUsed") if isinstance(parsed, dict) else None
    key_id = ((context or {}).get(recorder._PARAMS) or {}).get("AccessKeyId")
    if history is None or used is None or key_id is None:
        return
    entry = history.keys.get(key_id, {})
    if "used" in entry:
        used.update(LastUsedDate=entry["used"], ServiceName=entry["service"], Region=entry["region"])


def install() -> None:
    handle(__name__, EVENT, last_used_from_history)
