"""Load balancers take requests over HTTPS only, or redirect plain HTTP to HTTPS (FSBP ELB.1).

An HTTP listener that forwards to the app serves every page, cookie and password in clear text to
anyone on the path: the café Wi-Fi, a compromised router. Keeping port 80 open is fine, and
friendly, as long as all it does is answer "301, go to https://".
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="elbv2_ssl_listeners",
    service="elbv2",
    severity="medium",
    title={
        "en": "Load balancers accept HTTPS only, or redirect HTTP to HTTPS",
        "ko": "로드 밸런서가 HTTPS만 받거나 HTTP를 HTTPS로 리디렉션합니다",
    },
    hint={
        "en": "Look at each listener's protocol and its default action: what does the HTTP "
        "listener do with a request today, and what should it answer instead?",
        "ko": "리스너마다 프로토콜과 기본 작업을 보세요. 지금 HTTP 리스너는 요청을 어떻게 처리하고, "
        "대신 무엇이라고 답해야 할까요?",
    },
    remediation=(
        'load_balancer_arn = elbv2.describe_load_balancers(Names=["{load_balancer}"])["LoadBalancers"][0]["LoadBalancerArn"]\n'
        'for listener in elbv2.describe_listeners(LoadBalancerArn=load_balancer_arn)["Listeners"]:\n'
        '    if listener["Protocol"] == "HTTP":\n'
        '        elbv2.modify_listener(ListenerArn=listener["ListenerArn"], DefaultActions=[{{"Type": "redirect", '
        '"RedirectConfig": {{"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}}}])'
    ),
)

PLAIN_PROTOCOLS = ("HTTP", "TCP", "UDP", "TCP_UDP")


def check(account):
    findings = []
    for lb in account.elbv2.load_balancers:
        if lb.type == "gateway":
            continue  # Gateway Load Balancers pass packets through; they have no TLS to offer.
        plain = [listener for listener in lb.listeners if listener.protocol in PLAIN_PROTOCOLS
                 and not listener.redirects_to_https]
        if not lb.listeners:
            findings.append(passed(
                METADATA, lb.name,
                f"Load balancer {lb.name} has no listeners, so it serves nothing in clear text.",
                f"로드 밸런서 {lb.name}에는 리스너가 없어 평문으로 제공하는 것이 없습니다.",
            ))
        elif plain:
            ports = ", ".join(f"{listener.protocol}:{listener.port}" for listener in plain)
            findings.append(failed(
                METADATA, lb.name,
                f"Load balancer {lb.name} serves requests without TLS on {ports}: the listener neither "
                "uses HTTPS nor redirects to it.",
                f"로드 밸런서 {josa(lb.name, '은')} {ports}에서 TLS 없이 요청을 처리합니다. 이 리스너는 HTTPS를 "
                "쓰지도, HTTPS로 리디렉션하지도 않습니다.",
            ))
        else:
            findings.append(passed(
                METADATA, lb.name,
                f"Load balancer {lb.name} serves HTTPS only; any HTTP listener redirects to HTTPS.",
                f"로드 밸런서 {josa(lb.name, '은')} HTTPS로만 서비스하고, HTTP 리스너는 HTTPS로 리디렉션합니다.",
            ))
    return findings
