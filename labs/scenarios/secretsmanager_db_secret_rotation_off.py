"""The colleague chose "Managed in AWS Secrets Manager" for the master password, then copied the
password out of the secret into the app's configuration (/community-app/db/password, plain text),
because the app read its password from there. A week later RDS rotated the secret, as it does every
7 days, the app could no longer connect, and the colleague "fixed" it: he turned rotation off and
copied the new password into the configuration again. The password now never changes, and sits in
plain text wherever the configuration is read."""

import json

from labs import company

BREAKS = ("secretsmanager_automatic_rotation_enabled",)


def resource(aws) -> str:
    """The secret's name (rds!db-...): the check's resource."""
    company.create_database(aws)
    arn = company.db_instance(aws)["MasterUserSecret"]["SecretArn"]
    return aws.client("secretsmanager").describe_secret(SecretId=arn)["Name"]


def build(aws) -> None:
    secret = resource(aws)
    manager, ssm = aws.client("secretsmanager"), aws.client("ssm")
    password = json.loads(manager.get_secret_value(SecretId=secret)["SecretString"])["password"]
    manager.cancel_rotate_secret(SecretId=secret)
    ssm.put_parameter(Name=company.APP_CONFIG_PASSWORD, Value=password, Type="String", Overwrite=True)
    try:
        ssm.delete_parameter(Name=company.APP_CONFIG_SECRET)
    except ssm.exceptions.ParameterNotFound:
        pass


def fix(aws) -> None:
    secret = resource(aws)
    ssm = aws.client("ssm")
    try:
        ssm.delete_parameter(Name=company.APP_CONFIG_PASSWORD)
    except ssm.exceptions.ParameterNotFound:
        pass
    ssm.put_parameter(Name=company.APP_CONFIG_SECRET, Value=secret, Type="String", Overwrite=True)
    aws.client("secretsmanager").rotate_secret(SecretId=secret, RotationRules={"AutomaticallyAfterDays": 7})
