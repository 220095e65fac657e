"""Secrets Manager as the checks see it: every secret, who owns it (a service such as RDS, or the
account), and its rotation. Secret values are never collected here: a check has no business
reading a password."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Secret:
    name: str
    arn: str
    owning_service: str | None
    """"rds" for a master user password RDS manages; None for a secret the account made itself."""
    rotation_enabled: bool
    rotation_rules: dict = field(default_factory=dict)
    """RotationRules as DescribeSecret returns them: AutomaticallyAfterDays, ScheduleExpression, Duration."""
    rotation_lambda_arn: str | None = None
    kms_key_id: str | None = None
    tags: dict = field(default_factory=dict)

    @property
    def rotation_days(self) -> int | None:
        """Days between rotations, read from AutomaticallyAfterDays or a `rate(...)` schedule; None
        when rotation is off or the schedule is a cron expression."""
        from labs.emulator_fidelity import rotation_days

        return rotation_days(self.rotation_rules) if self.rotation_enabled else None


@dataclass
class SecretsManagerState:
    secrets: list[Secret]

    def secret(self, secret_id: str) -> Secret | None:
        return next((s for s in self.secrets if secret_id in (s.name, s.arn)), None)


def collect(aws) -> SecretsManagerState:
    client = aws.client("secretsmanager")
    secrets = []
    for page in client.get_paginator("list_secrets").paginate():
        for entry in page.get("SecretList", []):
            tags = {t["Key"]: t.get("Value") for t in entry.get("Tags", []) or []}
            secrets.append(Secret(
                name=entry["Name"], arn=entry["ARN"],
                owning_service=entry.get("OwningService") or tags.get("aws:secretsmanager:owningService"),
                rotation_enabled=bool(entry.get("RotationEnabled")),
                rotation_rules=dict(entry.get("RotationRules") or {}),
                rotation_lambda_arn=entry.get("RotationLambdaARN") or None,
                kms_key_id=entry.get("KmsKeyId"), tags=tags,
            ))
    return SecretsManagerState(secrets=secrets)
