"""Cost Explorer: GetCostAndUsage matches the lab's injected results by the request's parameters.

moto answers GetCostAndUsage from results injected by the lab, matched to the request by its exact
body text, so the same question with its parameters in another order (botocore keeps the caller's
order) got an empty answer (measured). AWS does not care about the order; the lab makes moto compare
the parameters (the JSON with its keys sorted) instead of the bytes.

Test: tests/emulator_fidelity/test_cost_explorer_parameters.py (moto's own matching still compares bytes).
"""

from __future__ import annotations

import json

from labs.emulator_fidelity._patching import replace


def install() -> None:
    from moto.ce.models import CostExplorerBackend

    original = CostExplorerBackend.get_cost_and_usage

    def get_cost_and_usage(self, body: str):
        try:
            body = json.dumps(json.loads(body), sort_keys=True)
        except (TypeError, ValueError):
            pass
        return original(self, body)

    replace(__name__, CostExplorerBackend, "get_cost_and_usage", get_cost_and_usage)
