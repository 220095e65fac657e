"""Chapter 00's mutation table (see conftest.py): exercise 0.1, Block Public Access on the image bucket."""

import boto3
import pytest

from labs import company
from labs.inventory.s3 import BLOCK_PUBLIC_ACCESS_ALL_ON as ALL_ON
from tests.graders.conftest import Case, assert_verdict, ids


def bucket_bpa(**changes):
    def apply(lab):
        boto3.client("s3").put_public_access_block(Bucket=company.image_bucket_name(lab.account_id),
                                                   PublicAccessBlockConfiguration={**ALL_ON, **changes})
    return apply


def account_bpa(lab):
    boto3.client("s3control").put_public_access_block(AccountId=lab.account_id, PublicAccessBlockConfiguration=ALL_ON)


def both_levels(lab):
    bucket_bpa()(lab)
    account_bpa(lab)


def three_then_four(lab):
    bucket_bpa(RestrictPublicBuckets=False)(lab)
    bucket_bpa()(lab)


def deleted(lab):
    boto3.client("s3").delete_public_access_block(Bucket=company.image_bucket_name(lab.account_id))


CASES = [
    Case("0.1", "the worked answer", bucket_bpa(), True, "all four"),
    Case("0.1", "the bucket's and the account's", both_levels, True),
    Case("0.1", "three first, then all four", three_then_four, True),
    Case("0.1", "RestrictPublicBuckets left off", bucket_bpa(RestrictPublicBuckets=False), False, "RestrictPublicBuckets"),
    Case("0.1", "only the two that refuse new grants", bucket_bpa(IgnorePublicAcls=False, RestrictPublicBuckets=False),
         False, "IgnorePublicAcls"),
    Case("0.1", "the account's instead of the bucket's", account_bpa, False, "community-app-images"),
    Case("0.1", "the bucket's setting deleted", deleted, False, "community-app-images"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_chapter_00(fresh, case):
    lab = fresh("00")
    assert_verdict(lab, case)
