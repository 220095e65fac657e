"""Chapter 01's mutation table (see conftest.py): both exercises grade the learner's answer."""

import boto3
import pytest

from labs import company
from labs.chapters.ch01_cloud_security_basics import SERVICES, duties_table
from tests.graders.conftest import Case, assert_verdict, ids

# 1.1 ----------------------------------------------------------------------------------------------


def duties(change=None):
    def apply(lab):
        table = duties_table(answers=True)
        return change(table) if change else table
    return apply


def spelled(words):
    def change(table):
        table[list(SERVICES)] = table[list(SERVICES)].replace(words)
        return table
    return change


def cell(duty, service, value):
    def change(table):
        table.loc[duty, service] = value
        return table
    return change


def all_customer(table):
    table[list(SERVICES)] = "Customer"
    return table


CASES_1_1 = [
    Case("1.1", "the worked answer", duties(), True, "All 21 duties", answers=True),
    Case("1.1", "lower case, spaces around", duties(spelled({"AWS": " aws", "Customer": "customer ", "n/a": "N/A"})),
         True, answers=True),
    Case("1.1", "in Korean: 고객, 해당 없음", duties(spelled({"Customer": "고객", "n/a": "해당 없음"})), True, answers=True),
    Case("1.1", "a dict of columns instead of a DataFrame", duties(lambda table: table.to_dict()), True, answers=True),
    Case("1.1", "RDS's guest OS as the customer's", duties(cell("guest_os", "RDS", "Customer")), False,
         "(the one you would SSH into) (RDS)", answers=True),
    Case("1.1", "everything the customer's", duties(all_customer), False, "cells are not right yet", answers=True),
    Case("1.1", "S3's capacity as the customer's", duties(cell("capacity", "S3", "Customer")), False,
         "1 of 63", answers=True),
    Case("1.1", "'Shared' for encryption", duties(cell("encryption_at_rest", "EC2", "Shared")), False,
         "Encryption settings", answers=True),
    Case("1.1", "the table never filled", lambda lab: duties_table(), False, "63 of 63", answers=True),
    Case("1.1", "a row dropped", duties(lambda table: table.drop("hypervisor")), False, "'hypervisor'", answers=True),
    Case("1.1", "a string", lambda lab: "AWS", False, "DataFrame", answers=True),
]


# 1.2 ----------------------------------------------------------------------------------------------

def legacy_group_id():
    groups = boto3.client("ec2").describe_security_groups(GroupNames=[company.LEGACY_SECURITY_GROUP])
    return groups["SecurityGroups"][0]["GroupId"]


def found(kind=list, extra=(), drop=(), names=None):
    def apply(lab):
        items = names(lab) if names else [company.image_bucket_name(lab.account_id), "<root_account>",
                                          company.DEVELOPER, legacy_group_id()]
        return kind([i for i in items if i not in drop] + list(extra))
    return apply


def by_arn(lab):
    account, region = lab.account_id, lab.region
    return [f"arn:aws:s3:::{company.image_bucket_name(account)}", f"arn:aws:iam::{account}:root",
            f"arn:aws:iam::{account}:user/minho", f"arn:aws:ec2:{region}:{account}:security-group/{legacy_group_id()}"]


def by_name(lab):
    return [company.image_bucket_name(lab.account_id), "root", "minho", company.LEGACY_SECURITY_GROUP]


CASES_1_2 = [
    Case("1.2", "the worked answer", found(), True, "All 4 found", answers=True),
    Case("1.2", "a set instead of a list", found(kind=set), True, answers=True),
    Case("1.2", "every resource by its ARN", found(names=by_arn), True, answers=True),
    Case("1.2", "the root user as root, the group by name, a tuple", found(kind=tuple, names=by_name), True,
         answers=True),
    Case("1.2", "the security group missed", found(drop=("legacy-web",), names=by_name), False,
         "Still hidden: one security group", answers=True),
    Case("1.2", "jiyoung added (she has MFA and no policy of her own)", found(extra=("jiyoung",)), False,
         "Not planted problems: jiyoung", answers=True),
    Case("1.2", "the root user missed", found(drop=("<root_account>",)), False, "Still hidden: one root user",
         answers=True),
    Case("1.2", "one string", lambda lab: company.image_bucket_name(lab.account_id), False, "Give a list",
         answers=True),
]

CASES = CASES_1_1 + CASES_1_2


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_chapter_01(fresh, case):
    lab = fresh("01")
    assert_verdict(lab, case)
