"""S3's "meaning of public" (S3 User Guide, "Blocking public access to your Amazon S3 storage",
"The meaning of "public""), statement by statement."""

import pytest

from labs.policy import is_public, public_grants

BUCKET = "arn:aws:s3:::amzn-s3-demo-bucket"
ACCOUNT = "123456789012"


def statement(principal="*", condition=None, effect="Allow", action="s3:GetObject", **extra):
    body = {"Effect": effect, "Principal": principal, "Action": action, "Resource": BUCKET + "/*", **extra}
    if condition is not None:
        body["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [body]}


CASES = [
    ("everyone", statement("*"), True),
    ("AWS wildcard", statement({"AWS": "*"}), True),
    ("AWS wildcard in a list", statement({"AWS": ["arn:aws:iam::111122223333:root", "*"]}), True),
    # The guide's own example of a public policy.
    ("Federated facebook", statement({"Federated": "graph.facebook.com"}, action="s3:PutObject"), True),
    ("a named account", statement({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), False),
    ("a service principal", statement({"Service": "cloudtrail.amazonaws.com"}), False),
    ("a Deny to everyone", statement("*", effect="Deny"), False),
    ("NotPrincipal with Allow", {"Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                                 "Action": "s3:GetObject", "Resource": BUCKET + "/*"}]}, True),
    # aws:SourceIp: fixed and narrow is not public; broader than /8 is, RFC 1918 ranges are not.
    ("SourceIp /24", statement(condition={"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}), False),
    ("SourceIp 0.0.0.0/1", statement(condition={"IpAddress": {"aws:SourceIp": "0.0.0.0/1"}}), True),
    ("SourceIp /7", statement(condition={"IpAddress": {"aws:SourceIp": "2.0.0.0/7"}}), True),
    ("SourceIp /8", statement(condition={"IpAddress": {"aws:SourceIp": "2.0.0.0/8"}}), False),
    ("SourceIp RFC 1918", statement(condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), False),
    ("SourceIp IPv6 /16", statement(condition={"IpAddress": {"aws:SourceIp": "2001::/16"}}), True),
    ("NotIpAddress", statement(condition={"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}), True),
    ("SourceVpc fixed", statement(condition={"StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}), False),
    ("SourceVpc wildcard", statement(condition={"StringLike": {"aws:SourceVpc": "vpc-*"}}), True),
    ("SourceVpce IfExists", statement(condition={"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}}), True),
    ("SourceVpce StringNotEquals", statement(condition={"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}), True),
    ("SourceVpce ForAllValues", statement(condition={"ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-1"}}), True),
    ("SourceArn fixed", statement(condition={"ArnEquals": {"aws:SourceArn": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/t"}}), False),
    ("SourceAccount fixed", statement(condition={"StringEquals": {"aws:SourceAccount": ACCOUNT}}), False),
    ("SourceOwner fixed", statement(condition={"StringEquals": {"aws:SourceOwner": ACCOUNT}}), False),
    ("PrincipalOrgID fixed", statement(condition={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}), False),
    # issue 12, case 1: keys are ANDed, the organisation is fixed
    ("PrincipalOrgID and a wildcard PrincipalArn", statement(condition={
        "StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
        "StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Example-*"}}), False),
    ("PrincipalArn wildcard only", statement(condition={"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Example-*"}}), True),
    # issue 12, case 1: AWS's access-point delegation pattern
    ("DataAccessPointAccount", statement({"AWS": "*"}, condition={"StringEquals": {"s3:DataAccessPointAccount": ACCOUNT}}), False),
    ("DataAccessPointArn, wildcard name", statement(condition={
        "StringLike": {"s3:DataAccessPointArn": f"arn:aws:s3:us-west-2:{ACCOUNT}:accesspoint/*"}}), False),
    ("DataAccessPointArn, wildcard account", statement(condition={
        "StringLike": {"s3:DataAccessPointArn": "arn:aws:s3:us-west-2:*:accesspoint/*"}}), True),
    ("userid role pattern", statement(condition={"StringLike": {"aws:userid": "AROAEXAMPLEID:*"}}), False),
    ("userid wildcard", statement(condition={"StringLike": {"aws:userid": "*"}}), True),
    ("a policy variable", statement(condition={"StringEquals": {"aws:SourceAccount": "${aws:PrincipalAccount}"}}), True),
    ("a key that does not narrow", statement(condition={"Bool": {"aws:SecureTransport": "true"}}), True),
    ("key names are case-insensitive", statement(condition={"StringEquals": {"AWS:SOURCEVPC": "vpc-1a2b3c4d"}}), False),
    ("kms:CallerAccount fixed", statement(condition={"StringEquals": {"kms:CallerAccount": ACCOUNT}}, action="kms:Decrypt"), False),
]


@pytest.mark.parametrize("name, policy, public", CASES, ids=[c[0] for c in CASES])
def test_the_meaning_of_public(name, policy, public):
    assert is_public(policy) is public


def test_a_public_grant_says_who_it_lets_in():
    grant = public_grants(statement({"Federated": "graph.facebook.com"}))[0]
    assert "graph.facebook.com" in grant.why["en"] and "graph.facebook.com" in grant.why["ko"]
