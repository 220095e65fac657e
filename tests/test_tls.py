"""Chapter 05's real TLS: certificates, the local HTTPS server (loopback only, always stopped) and
the graders of the handshake exercises."""

import datetime as dt
import socket
import ssl
import threading

import pandas as pd
import pytest

from labs.chapters import ch05_network_tls as ch05
from labs.chapters import ch06_server_access as ch06
from labs.tls import certificates, policies
from labs.tls.local_server import LocalHttpsServer, outdated_client_context

HOST = certificates.APP_HOST


def _handshake(port, name, context):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as tcp:
        with context.wrap_socket(tcp, server_hostname=name) as tls:
            return {"version": tls.version(), "peer_certificate": tls.getpeercert()}


@pytest.fixture(scope="module")
def key():
    return certificates.make_key()


def _server(key, **issue):
    certificate = certificates.issue_certificate(key.public_key(), HOST, **issue)
    return LocalHttpsServer(certificates.certificate_pem(certificate), certificates.key_pem(key))


def _trusting():
    return ssl.create_default_context(cadata=certificates.company_ca().pem.decode())


def test_the_server_listens_on_loopback_and_stops_with_its_block(key):
    before = threading.active_count()
    with _server(key) as server:
        assert server.host == "127.0.0.1" and server.running
        assert server._server.server_address[0] == "127.0.0.1"
        result = _handshake(server.port, HOST, _trusting())
        port = server.port
    assert not server.running and threading.active_count() == before
    assert result["version"] in ("TLSv1.2", "TLSv1.3") and ch05.grade_handshake(None, result)[0]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_refusals_are_graded_by_their_reason(key):
    refusals = {}
    old_client = outdated_client_context(certificates.company_ca().pem)
    with _server(key, days=90, not_before=certificates.now() - dt.timedelta(days=91)) as expired, _server(key) as valid:
        for name, port, server_name, context in (("expired", expired.port, HOST, _trusting()),
                                                 ("wrong_host", valid.port, "admin.community-app.example", _trusting()),
                                                 ("old_tls", valid.port, HOST, old_client)):
            with pytest.raises(ssl.SSLError) as caught:
                _handshake(port, server_name, context)
            refusals[name] = caught.value
    assert refusals["expired"].verify_code == 10 and refusals["wrong_host"].verify_code == 62
    assert ch05.grade_refusals(None, refusals)[0]
    swapped = {**refusals, "expired": refusals["wrong_host"]}
    done, message = ch05.grade_refusals(None, swapped)
    assert not done and "verify code 10 (certificate has expired)" in message["en"]
    assert "old_tls" in ch05.grade_refusals(None, {"expired": refusals["expired"]})[1]["en"]


def test_the_certificate_grader_names_what_is_wrong(key):
    good = certificates.issue_certificate(key.public_key(), HOST, days=90)
    assert ch05.grade_certificate(None, good)[0]
    assert ch05.grade_certificate(None, certificates.certificate_pem(good))[0]
    assert "Subject Alternative Name" in ch05.grade_certificate(
        None, certificates.issue_certificate(key.public_key(), "other.example", days=90))[1]["en"]
    assert "at most" in ch05.grade_certificate(
        None, certificates.issue_certificate(key.public_key(), HOST, days=825))[1]["en"]
    assert not ch05.grade_certificate(None, None)[0]


def test_a_handshake_without_verification_is_not_accepted():
    done, message = ch05.grade_handshake(None, {"version": "TLSv1.3", "peer_certificate": {}})
    assert not done and "verified" in message["en"]


def test_public_validity_shrinks_on_the_ballot_dates():
    at = lambda y, m, d: dt.datetime(y, m, d, tzinfo=dt.timezone.utc)  # noqa: E731
    assert [certificates.max_public_validity_days(at(*day)) for day in
            ((2025, 1, 1), (2026, 4, 1), (2027, 4, 1), (2029, 4, 1))] == [398, 200, 100, 47]


def test_policies_judge_by_the_oldest_tls_version():
    assert policies.is_secure(policies.RECOMMENDED)
    assert not policies.is_secure(policies.OUTDATED_EXAMPLE)
    assert not policies.is_secure("ELBSecurityPolicy-Made-Up")
    assert policies.protocols("ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04") == ("TLSv1.2", "TLSv1.3")
    assert policies.oldest_tls("ELBSecurityPolicy-Made-Up") is None and not policies.is_known(None)


def test_the_policy_table_holds_every_family_of_the_elb_guide():
    names = set(policies.PROTOCOLS)
    assert sum("-FIPS-" in n and "PQ" not in n and "RFC9151" not in n for n in names) == 8
    assert sum(n.endswith("-FIPS-PQ-2025-09") for n in names) == 8
    assert sum(n.endswith("-PQ-2025-09") and "FIPS" not in n for n in names) == 6
    assert sum("RFC9151" in n for n in names) == 7
    assert {"ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06", "ELBSecurityPolicy-TLS-1-2-Ext-2018-06"} <= names


def test_each_policy_offers_consecutive_versions_and_tls13_names_say_the_oldest():
    order = policies.VERSION_ORDER
    for name, offered in policies.PROTOCOLS.items():
        start = order.index(offered[0])
        assert offered == order[start:start + len(offered)], name
        if "-TLS13-" in name:
            oldest = name.split("-TLS13-", 1)[1][:3]  # "1-2" is TLS 1.2 and later, with 1.3 always
            assert offered[-1] == "TLSv1.3" and offered[0] == {"1-0": "TLSv1", "1-1": "TLSv1.1",
                                                              "1-2": "TLSv1.2", "1-3": "TLSv1.3"}[oldest], name


def test_the_table_agrees_with_the_policies_moto_carries():
    """moto's own copy (moto/elbv2/ssl_policies.py) holds 18 policies with their SslProtocols; every one is
    in the lab's table with the same versions. A policy moto adds later fails here until the table has it."""
    from moto.elbv2.ssl_policies import SSL_POLICIES

    for name, policy in SSL_POLICIES.items():
        assert policies.protocols(name) is not None, f"moto knows {name}; add it from the ELB guide's table"
        assert set(policies.protocols(name)) == set(policy["ssl_protocols"]), name


def test_the_comparison_grader_names_missing_rows_and_empty_cells():
    table = pd.DataFrame(index=list(ch06.WAYS_IN), columns=list(ch06.ASPECTS))
    done, message = ch06.grade_comparison(None, table)
    assert not done and "20 cells" in message["en"]
    done, message = ch06.grade_comparison(None, table.drop(index="Bastion host"))
    assert not done and "Bastion host" in message["en"]
    filled = table.copy()
    for row, way in enumerate(ch06.WAYS_IN):
        filled.loc[way] = [f"{aspect} of way {row}" for aspect in ch06.ASPECTS]
    assert ch06.grade_comparison(None, filled)[0]
    done, message = ch06.grade_comparison(None, table.fillna("a few words"))
    assert not done and "same thing" in message["en"]
