"""labs.policy.document: what the engine does to a document besides reading it."""

import json

def test_without_statements_takes_out_one_sid_and_says_when_there_is_none():
    from labs.policy.document import without_statements

    document = {"Version": "2012-10-17", "Statement": [{"Sid": "Keep", "Effect": "Allow", "Action": "s3:*",
                                                        "Resource": "*"},
                                                       {"Sid": "Drop", "Effect": "Allow", "Action": "*", "Resource": "*"}]}
    assert without_statements(document, "Drop")["Statement"] == [document["Statement"][0]]
    assert without_statements(json.dumps(document), "Drop")["Statement"] == [document["Statement"][0]]
    assert without_statements(document, "Missing") is None
    single = {"Statement": {"Sid": "Drop", "Effect": "Deny", "Action": "*", "Resource": "*"}}
    assert without_statements(single, "Drop") == {"Statement": []}
