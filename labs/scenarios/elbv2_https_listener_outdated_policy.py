"""The HTTPS listener was made years ago with the console's default of the time,
ELBSecurityPolicy-2016-08, and never changed. It still accepts TLS 1.0 and 1.1, deprecated since
2021, so a client can be talked down to them."""

from labs import company
from labs.tls import policies

BREAKS = ("elbv2_insecure_ssl_ciphers",)


def resource(aws) -> str:
    company.create_load_balancer(aws)
    return company.LOAD_BALANCER


def build(aws) -> None:
    resource(aws)
    aws.client("elbv2").modify_listener(ListenerArn=company.listener_arn(aws, 443), SslPolicy=policies.OUTDATED_EXAMPLE)


def fix(aws) -> None:
    resource(aws)
    aws.client("elbv2").modify_listener(ListenerArn=company.listener_arn(aws, 443), SslPolicy=policies.RECOMMENDED)
