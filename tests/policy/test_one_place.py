"""Policies and network rules are read in one place, the policy engine (labs/policy): no check,
grader, inventory or scenario reads a policy document's elements or a rule's address ranges itself.
Writing a policy (a dict literal) is fine; reading one goes through labs.policy.parse."""

import ast
from pathlib import Path

LABS = Path(__file__).resolve().parents[2] / "labs"
POLICY_ELEMENTS = {"Statement", "Principal", "NotPrincipal", "Condition", "Action", "NotAction", "Resource",
                   "NotResource", "Effect", "Sid"}
ADDRESS_RANGES = {"CidrIp", "CidrIpv6", "IpRanges", "Ipv6Ranges", "UserIdGroupPairs"}
# Chapters whose graders are being moved onto the engine in their own branches (issue 11).
NOT_YET: set = set()


def reads(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and isinstance(node.slice, ast.Constant):
            yield node.lineno, node.slice.value
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                and node.args and isinstance(node.args[0], ast.Constant)):
            yield node.lineno, node.args[0].value


def test_no_policy_or_address_range_is_read_outside_the_policy_engine():
    found = []
    for path in sorted(LABS.rglob("*.py")):
        if path.parent.name == "policy" or path.name in NOT_YET:
            continue
        text = path.read_text(encoding="utf-8")
        if "policyuniverse" in text:
            found.append(f"{path.relative_to(LABS)} uses policyuniverse")
        for line, key in reads(ast.parse(text)):
            if key in POLICY_ELEMENTS | ADDRESS_RANGES:
                found.append(f"{path.relative_to(LABS)}:{line} reads {key!r}")
    assert found == [], "read these through labs.policy instead:\n" + "\n".join(found)


def test_the_scan_finds_a_policy_read():
    tree = ast.parse('policy = json.loads(text)\nfor s in policy["Statement"]:\n    s.get("Principal")')
    assert {key for _, key in reads(tree)} >= {"Statement", "Principal"}
