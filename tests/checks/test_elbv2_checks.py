"""elbv2_ssl_listeners and elbv2_insecure_ssl_ciphers: PASS and FAIL against the emulator."""

import pytest

from labs import company
from labs.checks import elbv2_insecure_ssl_ciphers, elbv2_ssl_listeners
from labs.tls import policies
from tests.conftest import findings_for, status_of

LB = company.LOAD_BALANCER


def _modify(account, port, **changes):
    company.create_load_balancer(account)
    account.client("elbv2").modify_listener(ListenerArn=company.listener_arn(account, port), **changes)


def test_elbv2_ssl_listeners_pass_with_https_and_a_redirect(account):
    company.create_load_balancer(account)
    assert status_of(elbv2_ssl_listeners, LB, account) == "PASS"


def test_elbv2_ssl_listeners_pass_with_https_only(account):
    company.create_load_balancer(account)
    account.client("elbv2").delete_listener(ListenerArn=company.listener_arn(account, 80))
    assert status_of(elbv2_ssl_listeners, LB, account) == "PASS"


def test_elbv2_ssl_listeners_fail_when_http_forwards(account):
    company.create_load_balancer(account)
    _modify(account, 80, DefaultActions=[{"Type": "forward", "TargetGroupArn": company.target_group_arn(account)}])
    [finding] = findings_for(elbv2_ssl_listeners, LB, account)
    assert finding.status == "FAIL" and "HTTP:80" in finding.message["en"]


def test_elbv2_ssl_listeners_fail_when_http_redirects_to_http(account):
    _modify(account, 80, DefaultActions=[{"Type": "redirect", "RedirectConfig": {
        "Protocol": "HTTP", "Port": "8080", "StatusCode": "HTTP_302"}}])
    assert status_of(elbv2_ssl_listeners, LB, account) == "FAIL"


def test_elbv2_insecure_ssl_ciphers_pass_with_the_recommended_policy(account):
    company.create_load_balancer(account)
    assert status_of(elbv2_insecure_ssl_ciphers, LB, account) == "PASS"


def test_elbv2_insecure_ssl_ciphers_pass_with_tls12_only(account):
    _modify(account, 443, SslPolicy="ELBSecurityPolicy-TLS-1-2-Ext-2018-06")
    assert status_of(elbv2_insecure_ssl_ciphers, LB, account) == "PASS"


def test_elbv2_insecure_ssl_ciphers_fail_with_an_outdated_policy(account):
    _modify(account, 443, SslPolicy=policies.OUTDATED_EXAMPLE)
    [finding] = findings_for(elbv2_insecure_ssl_ciphers, LB, account)
    assert finding.status == "FAIL" and "TLSv1" in finding.message["en"]


def test_elbv2_insecure_ssl_ciphers_fail_with_a_made_up_name(account):
    # moto's create_listener accepts any name (measured); AWS would refuse it with SSLPolicyNotFound.
    company.create_load_balancer(account)
    account.client("elbv2").create_listener(
        LoadBalancerArn=company.load_balancer_arn(account), Protocol="HTTPS", Port=8443,
        SslPolicy="ELBSecurityPolicy-Made-Up-2099", Certificates=[{"CertificateArn": company.app_certificate_arn(account)}],
        DefaultActions=[company.REDIRECT_TO_HTTPS])
    [finding] = findings_for(elbv2_insecure_ssl_ciphers, LB, account)
    assert finding.status == "FAIL"
    assert "does not know" in finding.message["en"] and "모르는 정책" in finding.message["ko"]
    assert "no ELB policy" not in finding.message["en"] and "outdated" not in finding.message["en"]


def test_elbv2_insecure_ssl_ciphers_pass_with_the_fips_policy_of_tls12_and_tls13(account):
    """The issue's case: ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04 offers TLS 1.2 and 1.3 only. moto's own
    modify_listener refuses the name; the lab's correction lets it through as AWS does."""
    _modify(account, 443, SslPolicy="ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04")
    [finding] = findings_for(elbv2_insecure_ssl_ciphers, LB, account)
    assert finding.status == "PASS" and "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04" in finding.message["en"]


@pytest.mark.parametrize("policy", [
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
])
def test_elbv2_insecure_ssl_ciphers_pass_with_each_family_of_current_policies(account, policy):
    _modify(account, 443, SslPolicy=policy)
    assert status_of(elbv2_insecure_ssl_ciphers, LB, account) == "PASS"


@pytest.mark.parametrize("policy, oldest", [
    ("ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", "TLSv1"), ("ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09", "TLSv1.1"),
    ("ELBSecurityPolicy-TLS13-1-0-PQ-2025-09", "TLSv1"), ("ELBSecurityPolicy-FS-1-1-2019-08", "TLSv1.1"),
])
def test_elbv2_insecure_ssl_ciphers_fail_with_fips_and_pq_policies_that_keep_old_tls(account, policy, oldest):
    _modify(account, 443, SslPolicy=policy)
    [finding] = findings_for(elbv2_insecure_ssl_ciphers, LB, account)
    assert finding.status == "FAIL" and f"still accepts {oldest}" in finding.message["en"]
