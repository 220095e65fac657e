"""Finding secrets in text (user data): Yelp's detect-secrets, with the plugins and filters Prowler
used for its ec2_instance_secrets_user_data check (Prowler 4; later versions scan with Kingfisher).

detect-secrets scans files, so the text goes into a temporary file for the scan and is deleted after
it, as Prowler does. Each finding is a type ("AWS Access Key", "Secret Keyword", "Private Key", ...)
and a line number; the secret itself is never returned, only its hash.
"""

from __future__ import annotations

import os
import tempfile

PLUGINS = (
    "ArtifactoryDetector", "AWSKeyDetector", "AzureStorageKeyDetector", "BasicAuthDetector", "CloudantDetector",
    "DiscordBotTokenDetector", "GitHubTokenDetector", "GitLabTokenDetector", "IbmCloudIamDetector",
    "IbmCosHmacDetector", "JwtTokenDetector", "KeywordDetector", "MailchimpDetector", "NpmDetector",
    "OpenAIDetector", "PrivateKeyDetector", "PypiTokenDetector", "SendGridDetector", "SlackDetector",
    "SoftlayerDetector", "SquareOAuthDetector", "StripeDetector", "TwilioKeyDetector",
)
SETTINGS = {
    "plugins_used": [{"name": name} for name in PLUGINS] + [
        {"name": "Base64HighEntropyString", "limit": 6.0}, {"name": "HexHighEntropyString", "limit": 3.0}],
    "filters_used": [
        {"path": "detect_secrets.filters.common.is_invalid_file"},
        {"path": "detect_secrets.filters.common.is_known_false_positive"},
        {"path": "detect_secrets.filters.heuristic.is_likely_id_string"},
        {"path": "detect_secrets.filters.heuristic.is_potential_secret"},
    ],
}


def find_secrets(text: str) -> list[dict]:
    """[{"type": "AWS Access Key", "line_number": 5}, ...], sorted by line; [] when there are none."""
    from detect_secrets import SecretsCollection
    from detect_secrets.settings import transient_settings

    if not text:
        return []
    handle, path = tempfile.mkstemp(prefix="labs-user-data-", suffix=".txt")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(text.encode("utf-8"))
        secrets = SecretsCollection()
        with transient_settings(SETTINGS):
            secrets.scan_file(path)
        found = secrets.json().get(path, [])
    finally:
        os.remove(path)
    return sorted(({"type": s["type"], "line_number": s["line_number"]} for s in found),
                  key=lambda s: (s["line_number"], s["type"]))
