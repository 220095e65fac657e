"""Where things live (docs/design.md): what the account holds is collected in labs/inventory/ alone, the
test harness's switch is read in labs/under_test.py alone, and the lab tells errors apart by their codes,
never by the words of their messages."""

import ast
from pathlib import Path

import pytest

LABS = Path(__file__).resolve().parents[1] / "labs"
DRAWN_FROM_INVENTORY = ["diagrams.py", "display.py", "findings_table.py", "grading.py"]
READS = ("describe_", "list_", "get_", "head_", "lookup_")


def aws_calls(source: str) -> list[str]:
    """The calls in `source` that reach AWS: making a client, or a read on one."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name == "client" or (name.startswith(READS) and name not in ("get", "get_paginator")):
                found.append(f"line {node.lineno}: .{name}(...)")
    return found


def test_the_detector_finds_a_describe_call():
    assert aws_calls("ec2 = aws.client('ec2')\nec2.describe_subnets(Filters=[])") == [
        "line 1: .client(...)", "line 2: .describe_subnets(...)"]
    assert aws_calls("state.ec2.vpc(name)\nwords.get('en')") == []


@pytest.mark.parametrize("module", DRAWN_FROM_INVENTORY)
def test_what_is_drawn_or_judged_is_collected_by_the_inventory(module):
    assert not aws_calls((LABS / module).read_text(encoding="utf-8")), f"labs/{module} calls AWS itself"


def test_the_test_harness_switch_is_read_in_one_place():
    readers = [str(p.relative_to(LABS)) for p in LABS.rglob("*.py") if "LABS_EXPECT" in p.read_text(encoding="utf-8")]
    assert readers == ["under_test.py"]


def branches_on_message_text(source: str) -> list[int]:
    """Lines of `x in <message>` tests: reading an error's words instead of its code."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
            if any("message" in ast.unparse(side).lower() for side in node.comparators):
                found.append(node.lineno)
    return found


def test_the_display_tells_errors_apart_by_code_not_by_message():
    assert branches_on_message_text("if 'not yet implemented' in message.lower(): pass") == [1]
    assert branches_on_message_text((LABS / "display.py").read_text(encoding="utf-8")) == []
