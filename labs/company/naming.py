"""One naming scheme for the company's resources, so that a name says whose it is and what it is for.

- `community-app-<what>`: everything the company names in its account (the VPC and its subnets,
  security groups, instances, the load balancer and its target group, roles, the trail, the
  database and its groups, the analyzer), `name(what)`;
- `community-app-<what>-<account id>`: S3 buckets, whose names are global across all AWS accounts,
  `bucket_name(what, account_id)`;
- `alias/community-app-<what>`: KMS keys, `key_alias(what)`;
- `/community-app/<what>/`: the app's configuration in Parameter Store, `parameter_path(what)`.

Named otherwise, each for a reason (`EXCEPTIONS`): the people's IAM users by first name, as
people are (`minho`, `jiyoung`); the security group copied from the on-premises days
(`legacy-web`, chapter 01: it predates the app's scheme, which is the point); customer managed
policies in IAM's own CamelCase, as AWS names its managed policies (`CommunityAppImages` beside
`AmazonS3FullAccess`); the app's machine image, named as AWS names Amazon Linux's; and names
inside AWS's own namespaces (`/aws/ssm/...` log groups). tests/test_company_builders.py builds
every resource and holds each name to this page.
"""

from __future__ import annotations

PREFIX = "community-app"


def name(what: str = "") -> str:
    """`community-app-<what>` (`community-app` alone for the app itself)."""
    return f"{PREFIX}-{what}" if what else PREFIX


def bucket_name(what: str, account_id: str) -> str:
    # Bucket names are global across all AWS accounts, so the account id keeps each one unique.
    return f"{PREFIX}-{what}-{account_id}"


def key_alias(what: str) -> str:
    return f"alias/{PREFIX}-{what}"


def parameter_path(what: str) -> str:
    return f"/{PREFIX}/{what}/"


def policy_name(what: str) -> str:
    """A customer managed policy: IAM's CamelCase, `CommunityApp<What>`."""
    return "CommunityApp" + "".join(part.capitalize() for part in what.split("-"))


PEOPLE = ("minho", "jiyoung")
"""IAM users of the team's people, named by first name."""
EXCEPTIONS = {
    "legacy-web": "copied from the on-premises web server before the app's scheme (chapter 01)",
    "al2023-ami-2023-community-app": "a machine image, named as AWS names Amazon Linux's",
}

__all__ = ["PREFIX", "name", "bucket_name", "key_alias", "parameter_path", "policy_name", "PEOPLE", "EXCEPTIONS"]
