import boto3

from labs.costs.cost_explorer import REQUEST, inject
from labs.emulator_fidelity import cost_explorer_parameters as correction
from tests.emulator_fidelity.conftest import without

ANSWER = {"ResultsByTime": [{"TimePeriod": {"Start": "2024-10-01", "End": "2024-10-02"}, "Groups": [],
                             "Total": {"UnblendedCost": {"Amount": "1.23", "Unit": "USD"}}, "Estimated": False}]}


def _asked_in_another_order():
    return boto3.client("ce").get_cost_and_usage(**dict(reversed(list(REQUEST.items()))))["ResultsByTime"]


def test_moto_itself_matches_the_bytes_of_the_request(lab):
    with without(correction):
        inject(lab, ANSWER)
        assert _asked_in_another_order() == [], "moto now matches parameters: the lab's correction can go"


def test_the_lab_matches_the_parameters(lab):
    inject(lab, ANSWER)
    assert _asked_in_another_order()[0]["Total"]["UnblendedCost"]["Amount"] == "1.23"
