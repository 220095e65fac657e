"""The account's password policy is the talk's screenshot: 8 characters, the four character kinds,
users may change their own password, and nothing prevents reusing an old one. Better than IAM's
default, and still short of CIS (14 characters, the last 24 passwords remembered)."""

BREAKS = ("iam_password_policy_minimum_length_14", "iam_password_policy_reuse_24")
TALK_POLICY = {
    "MinimumPasswordLength": 8,
    "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "AllowUsersToChangePassword": True,
}


def resource(aws) -> str:
    return aws.account_id


def build(aws) -> None:
    aws.client("iam").update_account_password_policy(**TALK_POLICY)


def fix(aws) -> None:
    aws.client("iam").update_account_password_policy(
        **{**TALK_POLICY, "MinimumPasswordLength": 14, "PasswordReusePrevention": 24}
    )
