"""The load balancer's HTTP listener forwards to the app, as it did before the app had a certificate.
Every visitor who types the address without https:// (most of them) logs in over plain HTTP: the
password travels in clear text through every network on the way."""

from labs import company

BREAKS = ("elbv2_ssl_listeners",)


def resource(aws) -> str:
    company.create_load_balancer(aws)
    return company.LOAD_BALANCER


def build(aws) -> None:
    resource(aws)
    aws.client("elbv2").modify_listener(
        ListenerArn=company.listener_arn(aws, 80),
        DefaultActions=[{"Type": "forward", "TargetGroupArn": company.target_group_arn(aws)}],
    )


def fix(aws) -> None:
    resource(aws)
    aws.client("elbv2").modify_listener(ListenerArn=company.listener_arn(aws, 80),
                                        DefaultActions=[company.REDIRECT_TO_HTTPS])
