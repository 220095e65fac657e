"""Chapter 08's mutation table (see conftest.py)."""

import json

import boto3
import pytest
import requests

from labs import company
from labs.inventory.s3 import BLOCK_PUBLIC_ACCESS_ALL_ON as ALL_ON
from tests.graders.conftest import Case, assert_verdict, ids

KEY = "uploads/user-42-cat.png"


def bucket_of(lab):
    return company.image_bucket_name(lab.account_id)


def put_policy(lab, *statements):
    boto3.client("s3").put_bucket_policy(Bucket=bucket_of(lab), Policy=json.dumps(
        {"Version": "2012-10-17", "Statement": list(statements)}))


def public_read(lab, **changes):
    statement = {"Sid": "PublicReadForAppImages", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": f"arn:aws:s3:::{bucket_of(lab)}/*"}
    return {**statement, **changes}


def deny_http(lab, **changes):
    bucket = bucket_of(lab)
    statement = {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                 "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    return {**statement, **changes}


# 8.1 --------------------------------------------------------------------------------------------

def close_8_1(lab):
    s3 = boto3.client("s3")
    s3.delete_bucket_policy(Bucket=bucket_of(lab))
    s3.put_bucket_acl(Bucket=bucket_of(lab), ACL="private")


def acl_private(lab):
    boto3.client("s3").put_bucket_acl(Bucket=bucket_of(lab), ACL="private")


def with_policy(*make):
    def apply(lab):
        put_policy(lab, *[m(lab) for m in make])
        acl_private(lab)
    return apply


def bpa_over_grants(lab):
    boto3.client("s3").put_public_access_block(Bucket=bucket_of(lab), PublicAccessBlockConfiguration=ALL_ON)


def account_bpa_over_grants(lab):
    boto3.client("s3control").put_public_access_block(AccountId=lab.account_id, PublicAccessBlockConfiguration=ALL_ON)


def policy_gone_acl_left(lab):
    boto3.client("s3").delete_bucket_policy(Bucket=bucket_of(lab))


def one_object_public(lab):
    close_8_1(lab)
    boto3.client("s3").put_object_acl(Bucket=bucket_of(lab), Key=KEY, ACL="public-read")


def acl_by_grant_list(lab):
    s3 = boto3.client("s3")
    s3.delete_bucket_policy(Bucket=bucket_of(lab))
    owner = s3.get_bucket_acl(Bucket=bucket_of(lab))["Owner"]
    s3.put_bucket_acl(Bucket=bucket_of(lab), AccessControlPolicy={
        "Owner": owner, "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": owner["ID"]}, "Permission": "FULL_CONTROL"}]})


CASES_8_1 = [
    Case("8.1", "the worked answer", close_8_1, True, "No statement"),
    Case("8.1", "a read statement for the account itself", with_policy(
        lambda lab: public_read(lab, Principal={"AWS": f"arn:aws:iam::{lab.account_id}:root"})), True),
    Case("8.1", "a read statement pinned to a VPC endpoint", with_policy(
        lambda lab: public_read(lab, Condition={"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"}})), True),
    Case("8.1", "the ACL written as an owner-only grant list", acl_by_grant_list, True),
    Case("8.1", "Block Public Access on the bucket, grants left", bpa_over_grants, False, "only hides"),
    Case("8.1", "Block Public Access on the account, grants left", account_bpa_over_grants, False, "only hides"),
    Case("8.1", "the policy deleted, the ACL left public", policy_gone_acl_left, False, "bucket ACL still grants"),
    Case("8.1", "one object made public by its own ACL", one_object_public, False, KEY),
    Case("8.1", "Principal {AWS: *} instead of *", with_policy(lambda lab: public_read(lab, Principal={"AWS": "*"})),
         False, "everyone"),
    Case("8.1", "two halves of the internet as the source", with_policy(lambda lab: public_read(
        lab, Condition={"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"]}})), False, "PublicReadForAppImages"),
    Case("8.1", "anyone who signs in with Facebook", with_policy(lambda lab: public_read(
        lab, Principal={"Federated": "graph.facebook.com"})), False, "graph.facebook.com"),
    Case("8.1", "any VPC (a wildcard)", with_policy(lambda lab: public_read(
        lab, Condition={"StringLike": {"aws:SourceVpc": "vpc-*"}})), False, "PublicReadForAppImages"),
]


# 8.2 and 8.3 --------------------------------------------------------------------------------------

def bucket_bpa(**off):
    def apply(lab):
        boto3.client("s3").put_public_access_block(Bucket=bucket_of(lab),
                                                   PublicAccessBlockConfiguration={**ALL_ON, **off})
    return apply


def account_bpa(**off):
    def apply(lab):
        boto3.client("s3control").put_public_access_block(AccountId=lab.account_id,
                                                          PublicAccessBlockConfiguration={**ALL_ON, **off})
    return apply


def both_levels(lab):
    bucket_bpa()(lab)
    account_bpa()(lab)


CASES_8_2 = [
    Case("8.2", "the worked answer", bucket_bpa(), True, "all four"),
    Case("8.2", "the bucket's and the account's", both_levels, True),
    Case("8.2", "RestrictPublicBuckets left off", bucket_bpa(RestrictPublicBuckets=False), False, "RestrictPublicBuckets"),
    Case("8.2", "only the two that refuse new grants", bucket_bpa(IgnorePublicAcls=False, RestrictPublicBuckets=False),
         False, "IgnorePublicAcls"),
    Case("8.2", "the account's instead of the bucket's", account_bpa(), False, "community-app-images"),
]
CASES_8_3 = [
    Case("8.3", "the worked answer", account_bpa(), True, "blocks public access to every S3 bucket"),
    Case("8.3", "the account's and the bucket's", both_levels, True),
    Case("8.3", "the bucket's instead of the account's", bucket_bpa(), False),
    Case("8.3", "BlockPublicPolicy left off", account_bpa(BlockPublicPolicy=False), False, "BlockPublicPolicy"),
]


# 8.4 ------------------------------------------------------------------------------------------------

def ownership(value):
    def apply(lab):
        boto3.client("s3").put_bucket_ownership_controls(
            Bucket=bucket_of(lab), OwnershipControls={"Rules": [{"ObjectOwnership": value}]})
    return apply


def private_then_enforced(lab):
    acl_private(lab)
    ownership("BucketOwnerEnforced")(lab)


def ownership_deleted(lab):
    boto3.client("s3").delete_bucket_ownership_controls(Bucket=bucket_of(lab))


CASES_8_4 = [
    Case("8.4", "the worked answer", ownership("BucketOwnerEnforced"), True, "ACLs disabled"),
    Case("8.4", "the ACL made private first", private_then_enforced, True),
    Case("8.4", "bucket owner preferred", ownership("BucketOwnerPreferred"), False, "BucketOwnerPreferred"),
    Case("8.4", "only the ACL made private", acl_private, False, "ObjectWriter"),
    Case("8.4", "the ownership controls deleted", ownership_deleted, False, "still honours ACLs"),
]


# 8.5 ------------------------------------------------------------------------------------------------

def encryption(key_of=lambda key: key["Arn"], bucket_key=True, alias=True, algorithm="aws:kms", disable=False):
    def apply(lab):
        kms = boto3.client("kms")
        key = kms.create_key(Description="Default encryption of the app's image bucket")["KeyMetadata"]
        if alias:
            kms.create_alias(AliasName="alias/community-app-images", TargetKeyId=key["KeyId"])
        if disable:
            kms.disable_key(KeyId=key["KeyId"])
        default = {"SSEAlgorithm": algorithm}
        if key_of(key):
            default["KMSMasterKeyID"] = key_of(key)
        boto3.client("s3").put_bucket_encryption(Bucket=bucket_of(lab), ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": bucket_key}]})
    return apply


def alias_on_another_key(lab):
    kms = boto3.client("kms")
    kms.create_alias(AliasName="alias/community-app-images",
                     TargetKeyId=kms.create_key(Description="another")["KeyMetadata"]["KeyId"])
    encryption(alias=False)(lab)


CASES_8_5 = [
    Case("8.5", "the worked answer", encryption(), True, "alias/community-app-images"),
    Case("8.5", "the key named by its id", encryption(key_of=lambda key: key["KeyId"]), True),
    Case("8.5", "the key named by its alias", encryption(key_of=lambda key: "alias/community-app-images"), True),
    Case("8.5", "the key named by its alias ARN", encryption(
        key_of=lambda key: key["Arn"].split(":key/")[0] + ":alias/community-app-images"), True),
    Case("8.5", "KMS without naming a key", encryption(key_of=lambda key: None), False, "aws/s3"),
    Case("8.5", "the Bucket Key off", encryption(bucket_key=False), False, "Bucket Key"),
    Case("8.5", "no alias", encryption(alias=False), False, "alias/community-app-images"),
    Case("8.5", "the alias on another key", alias_on_another_key, False, "it points to"),
    Case("8.5", "a disabled key", encryption(disable=True), False, "Disabled"),
    Case("8.5", "SSE-S3 left", encryption(algorithm="AES256", key_of=lambda key: None), False, "AES256"),
]


# 8.6 ------------------------------------------------------------------------------------------------

def not_principal_exempt(lab):
    statement = deny_http(lab, NotPrincipal={"AWS": "arn:aws:iam::999999999999:root"})
    del statement["Principal"]
    put_policy(lab, statement)


CASES_8_6 = [
    Case("8.6", "the worked answer", lambda lab: put_policy(lab, deny_http(lab)), True, "denies every request"),
    Case("8.6", "the key in lower case", lambda lab: put_policy(
        lab, deny_http(lab, Condition={"Bool": {"aws:securetransport": "false"}})), True),
    Case("8.6", "two statements, bucket and objects", lambda lab: put_policy(
        lab, deny_http(lab, Resource=f"arn:aws:s3:::{bucket_of(lab)}"),
        deny_http(lab, Sid="DenyInsecureObjects", Resource=f"arn:aws:s3:::{bucket_of(lab)}/*")), True),
    Case("8.6", "BoolIfExists and a one-value list", lambda lab: put_policy(
        lab, deny_http(lab, Condition={"BoolIfExists": {"aws:SecureTransport": ["false"]}})), True),
    Case("8.6", "the objects only", lambda lab: put_policy(
        lab, deny_http(lab, Resource=f"arn:aws:s3:::{bucket_of(lab)}/*")), False, "plain HTTP"),
    Case("8.6", "one action only", lambda lab: put_policy(lab, deny_http(lab, Action="s3:GetObject")),
         False, "plain HTTP"),
    Case("8.6", "the deny added next to the public statement", lambda lab: put_policy(
        lab, public_read(lab), deny_http(lab)), False, "still opens the bucket"),
    Case("8.6", "the condition inverted", lambda lab: put_policy(
        lab, deny_http(lab, Condition={"Bool": {"aws:SecureTransport": "true"}})), False, "plain HTTP"),
    Case("8.6", "another account exempted", not_principal_exempt, False, "plain HTTP"),
]


# 8.7 ------------------------------------------------------------------------------------------------

def presign(method="get_object", seconds=300, key=KEY, bucket=None):
    def apply(lab):
        return boto3.client("s3").generate_presigned_url(
            method, Params={"Bucket": bucket or bucket_of(lab), "Key": key}, ExpiresIn=seconds)
    return apply


def tampered(lab):
    url = presign()(lab)
    signature = url.rsplit("X-Amz-Signature=", 1)[1]
    return url.replace(signature, ("0" if signature[0] != "0" else "1") + signature[1:])


def plain_url(lab):
    return f"https://{bucket_of(lab)}.s3.ap-northeast-2.amazonaws.com/{KEY}"


CASES_8_7 = [
    Case("8.7", "the worked answer", presign(), True, "downloads", answers=True),
    Case("8.7", "for one minute", presign(seconds=60), True, answers=True),
    Case("8.7", "for an hour", presign(seconds=3600), True, answers=True),
    Case("8.7", "an upload (PUT) URL", presign("put_object"), False, "signed for PUT", answers=True),
    Case("8.7", "valid for a week", presign(seconds=604800), False, "an hour", answers=True),
    Case("8.7", "a plain object URL", plain_url, False, "no Signature Version 4", answers=True),
    Case("8.7", "a tampered signature", tampered, False, "does not verify", answers=True),
    Case("8.7", "an object that does not exist", presign(key="uploads/nobody.png"), False, "404", answers=True),
    Case("8.7", "an object in another bucket", presign(bucket="some-other-bucket"), False, "image bucket",
         answers=True),
]

CASES = CASES_8_1 + CASES_8_2 + CASES_8_3 + CASES_8_4 + CASES_8_5 + CASES_8_6 + CASES_8_7


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_chapter_08(fresh, case):
    lab = fresh("08-s3")
    assert_verdict(lab, case)


def test_the_anonymous_download_agrees_with_the_grade_after_8_1(fresh):
    """What 8.1 grades is what a stranger gets: 403 once the grants are gone (moto enforces these)."""
    lab = fresh("08-s3")
    close_8_1(lab)
    url = f"https://s3.{lab.region}.amazonaws.com/{bucket_of(lab)}/{KEY}"
    assert requests.get(url, timeout=10).status_code == 403
