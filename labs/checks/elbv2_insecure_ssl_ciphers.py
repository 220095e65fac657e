"""HTTPS listeners use a security policy that refuses TLS 1.0 and 1.1 (FSBP ELB.17).

A listener's security policy decides which TLS versions and ciphers the load balancer offers. Old
policies still accept TLS 1.0 and 1.1, deprecated since 2021 (RFC 8996), so a client, or an attacker
in the middle, can push the connection down to them. AWS's recommended policy,
ELBSecurityPolicy-TLS13-1-2-2021-06, offers TLS 1.3 and TLS 1.2 with modern ciphers only.

The lab reads each policy's TLS versions from one table, labs/tls/policies.py, which holds every
policy of the ELB guide's table (TLS 1.3, post-quantum, FIPS, RFC 9151 and the older ones). Where it
judges differently from Prowler: Prowler passes only the ten names on its own list, so a FIPS or
post-quantum policy that offers TLS 1.2 and 1.3 only (ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04)
fails there and passes here; a name the table does not hold fails here too, and its finding says
the lab does not know it rather than calling it weak.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.tls import policies
from labs.korean import josa

METADATA = CheckMetadata(
    id="elbv2_insecure_ssl_ciphers",
    service="elbv2",
    severity="medium",
    title={
        "en": "HTTPS listeners use a security policy with TLS 1.2 or later only",
        "ko": "HTTPS 리스너가 TLS 1.2 이상만 허용하는 보안 정책을 사용합니다",
    },
    hint={
        "en": "Read the SslPolicy of each HTTPS listener and look the name up in the ELB guide's "
        "table of security policies: what is the oldest TLS version it still accepts?",
        "ko": "HTTPS 리스너마다 SslPolicy를 읽고, ELB 안내서의 보안 정책 표에서 그 이름을 찾아 보세요. "
        "아직 허용하는 가장 오래된 TLS 버전은 무엇인가요?",
    },
    remediation=(
        'load_balancer_arn = elbv2.describe_load_balancers(Names=["{load_balancer}"])["LoadBalancers"][0]["LoadBalancerArn"]\n'
        'for listener in elbv2.describe_listeners(LoadBalancerArn=load_balancer_arn)["Listeners"]:\n'
        '    if listener["Protocol"] in ("HTTPS", "TLS"):\n'
        '        elbv2.modify_listener(ListenerArn=listener["ListenerArn"], SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06")'
    ),
)


def check(account):
    findings = []
    for lb in account.elbv2.load_balancers:
        secured = [listener for listener in lb.listeners if listener.protocol in ("HTTPS", "TLS")]
        if not secured:
            continue  # nothing to judge: elbv2_ssl_listeners reports load balancers without HTTPS
        weak = [listener for listener in secured if not policies.is_secure(listener.ssl_policy)]
        if not weak:
            names = ", ".join(sorted({listener.ssl_policy for listener in secured}))
            findings.append(passed(
                METADATA, lb.name,
                f"Load balancer {lb.name} offers TLS 1.2 or later only ({names}).",
                f"로드 밸런서 {josa(lb.name, '은')} TLS 1.2 이상만 제공합니다({names}).",
            ))
            continue
        reasons_en, reasons_ko = [], []
        for listener in weak:
            oldest = policies.oldest_tls(listener.ssl_policy)
            if oldest is None:
                reasons_en.append(
                    f"port {listener.port} names {listener.ssl_policy!r}, a policy the lab does not know (it is not "
                    "in the ELB guide's table, labs/tls/policies.py), so which TLS versions it accepts is unknown"
                )
                reasons_ko.append(
                    f"포트 {listener.port}의 정책 {josa(repr(listener.ssl_policy), '은')} 실습 환경이 모르는 정책이라(ELB "
                    "안내서의 표, "
                    "labs/tls/policies.py에 없습니다) 어떤 TLS 버전을 허용하는지 알 수 없습니다"
                )
            else:
                reasons_en.append(f"port {listener.port} uses {listener.ssl_policy}, which still accepts {oldest}")
                reasons_ko.append(f"포트 {josa(listener.port, '은')} {oldest}까지 허용하는 "
                                  f"{josa(listener.ssl_policy, '을')} 씁니다")
        if any(policies.is_known(listener.ssl_policy) for listener in weak):
            head_en = f"Load balancer {lb.name} allows outdated TLS"
            head_ko = f"로드 밸런서 {josa(lb.name, '은')} 오래된 TLS를 허용합니다"
        else:
            head_en = f"Load balancer {lb.name} cannot be shown to offer TLS 1.2 or later only"
            head_ko = f"로드 밸런서 {josa(lb.name, '이')} TLS 1.2 이상만 제공하는지 확인할 수 없습니다"
        findings.append(failed(
            METADATA, lb.name,
            f"{head_en}: {'; '.join(reasons_en)}.",
            f"{head_ko}. {'; '.join(reasons_ko)}.",
        ))
    return findings
