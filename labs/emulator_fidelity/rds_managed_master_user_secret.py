"""RDS and Secrets Manager: a master user password that RDS manages.

A master user password that RDS manages in Secrets Manager (ManageMasterUserPassword) behaves
here as RDS manages it. moto 5.2.5 (measured) creates the `rds!db-...` secret, but:

- the secret holds {"username": "admin", "password": "P@55w0rd!"}, whatever the master user is
  called; RDS stores the instance's master user name and a password it generated;
- the secret has no rotation at all; RDS turns rotation on, every 7 days;
- RotateSecret without a Lambda function adds a version with no value and makes it AWSCURRENT,
  so the secret can no longer be read (and RotateMasterUserPassword does the same); RDS rotates
  its secrets itself ("managed rotation", no Lambda): it sets a new generated password on the
  instance and stores it as AWSCURRENT, the old one staying as AWSPREVIOUS;
- CancelRotateSecret refuses any secret without a Lambda function, while a managed secret's
  rotation can be turned off (and on again with RotateSecret);
- a ScheduleExpression in RotationRules is dropped; `rate(N days)` is kept here as N days.

Secrets of other owners, and secrets with a rotation Lambda, are left to moto.

Test: tests/emulator_fidelity/test_rds_managed_master_user_secret.py (moto itself still stores "P@55w0rd!" for
any master user and rotates nothing).
"""

from __future__ import annotations

import json

from labs.emulator_fidelity._patching import replace

RDS_MANAGED_ROTATION_DAYS = 7
"""How often RDS rotates a master user password it manages, unless told otherwise (Amazon RDS User
Guide, "Password management with Amazon RDS and AWS Secrets Manager": every seven days by default)."""


def rotation_days(rules: dict | None) -> int | None:
    """The days between rotations a RotationRules dict asks for: AutomaticallyAfterDays, or a
    ScheduleExpression `rate(N days)` / `rate(N hours)` (rounded up to whole days); None for a cron
    expression or no rule."""
    import math
    import re

    rules = rules or {}
    if rules.get("AutomaticallyAfterDays"):
        return int(rules["AutomaticallyAfterDays"])
    found = re.fullmatch(r"\s*rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)\s*", str(rules.get("ScheduleExpression", "")))
    if not found:
        return None
    amount = int(found.group(1))
    return amount if found.group(2).startswith("day") else max(1, math.ceil(amount / 24))


def install() -> None:
    import secrets as random_source
    import string
    import time

    from moto.rds.models import MasterUserSecret
    from moto.secretsmanager.models import FakeSecret, SecretsManagerBackend

    alphabet = string.ascii_letters + string.digits + "!#$%&()*+,-.:;<=>?[]^_{|}~"

    def new_password() -> str:
        # RDS's generated passwords are 41 characters from letters, digits and punctuation
        # except the characters MariaDB and MySQL refuse in a password ('/', '@', '"', ' ').
        return "".join(random_source.choice(alphabet) for _ in range(41))

    def turn_on(secret, days: int, schedule: str | None = None) -> None:
        secret.rotation_requested = True
        secret.rotation_enabled = True
        secret.rotation_lambda_arn = ""
        secret.auto_rotate_after_days = days
        secret.next_rotation_date = int(time.time()) + days * 86400
        secret._labs_schedule_expression = schedule

    original_create = MasterUserSecret._create_secret

    def _create_secret(self, kms_key_id):
        secret = original_create(self, kms_key_id)
        turn_on(secret, RDS_MANAGED_ROTATION_DAYS)
        return secret

    def _generate_secret_string(self) -> str:
        username = getattr(self.resource, "master_username", None) or "admin"
        return json.dumps({"username": username, "password": new_password()})

    def managed(backend, secret_id, lambda_arn):
        if lambda_arn or not backend._is_valid_identifier(secret_id):
            return None
        secret = backend.secrets[secret_id]
        if isinstance(secret, FakeSecret) and secret.owning_service and not secret.rotation_lambda_arn \
                and not secret.is_deleted():
            return secret
        return None

    original_rotate = SecretsManagerBackend.rotate_secret

    def rotate_secret(self, secret_id, client_request_token=None, rotation_lambda_arn=None, rotation_rules=None,
                      rotate_immediately=True):
        secret = managed(self, secret_id, rotation_lambda_arn)
        if secret is None:
            return original_rotate(self, secret_id, client_request_token, rotation_lambda_arn, rotation_rules,
                                   rotate_immediately)
        if rotation_rules and rotation_rules.get("AutomaticallyAfterDays") is not None:
            if not 1 <= int(rotation_rules["AutomaticallyAfterDays"]) <= 1000:
                from moto.secretsmanager.exceptions import InvalidParameterException

                raise InvalidParameterException("RotationRules.AutomaticallyAfterDays must be within 1-1000.")
        days = rotation_days(rotation_rules) or secret.auto_rotate_after_days or RDS_MANAGED_ROTATION_DAYS
        schedule = (rotation_rules or {}).get("ScheduleExpression") if rotation_rules else \
            getattr(secret, "_labs_schedule_expression", None)
        if rotate_immediately:
            current = json.loads(self.get_secret_value(secret.arn, None, "AWSCURRENT").get("SecretString") or "{}")
            current["password"] = new_password()
            self.put_secret_value(secret.arn, json.dumps(current), None, client_request_token, ["AWSCURRENT"])
            secret.last_rotation_date = int(time.time())
        turn_on(secret, days, schedule)
        return secret.to_short_dict()

    original_cancel = SecretsManagerBackend.cancel_rotate_secret

    def cancel_rotate_secret(self, secret_id):
        secret = managed(self, secret_id, None)
        if secret is None:
            return original_cancel(self, secret_id)
        secret.rotation_requested = True
        secret.rotation_enabled = False
        secret.next_rotation_date = None
        return secret.to_short_dict()

    original_to_dict = FakeSecret.to_dict

    def to_dict(self):
        answer = original_to_dict(self)
        schedule = getattr(self, "_labs_schedule_expression", None)
        if schedule and "RotationRules" in answer:
            answer["RotationRules"]["ScheduleExpression"] = schedule
        return answer

    replace(__name__, MasterUserSecret, "_create_secret", _create_secret)
    replace(__name__, MasterUserSecret, "_generate_secret_string", _generate_secret_string)
    replace(__name__, SecretsManagerBackend, "rotate_secret", rotate_secret)
    replace(__name__, SecretsManagerBackend, "cancel_rotate_secret", cancel_rotate_secret)
    replace(__name__, FakeSecret, "to_dict", to_dict)


