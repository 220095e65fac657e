"""The Application Load Balancer in front of the app and its certificate in ACM (chapter 05, the
talk's architecture v0.2)."""

from __future__ import annotations

from labs.company.ids import remembered
from labs.company.naming import name
from labs.company.network import ALB_SECURITY_GROUP, APP_PORT, security_group_id, subnet_ids, vpc_id
from labs.company.servers import create_app_server, instance_id

LOAD_BALANCER = name("alb")
TARGET_GROUP = name("web")
APP_CERTIFICATE_TAG = name()
"""The Name tag of the app's certificate in ACM."""
REDIRECT_TO_HTTPS = {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}


def load_balancer_arn(aws) -> str | None:
    def look_up():
        elbv2 = aws.client("elbv2")
        try:
            return elbv2.describe_load_balancers(Names=[LOAD_BALANCER])["LoadBalancers"][0]["LoadBalancerArn"]
        except elbv2.exceptions.LoadBalancerNotFoundException:
            return None

    return remembered(aws, "load balancer", look_up)


def listener_arn(aws, port: int) -> str | None:
    listeners = aws.client("elbv2").describe_listeners(LoadBalancerArn=load_balancer_arn(aws))["Listeners"]
    return next((listener["ListenerArn"] for listener in listeners if listener["Port"] == port), None)


def target_group_arn(aws) -> str:
    return aws.client("elbv2").describe_target_groups(Names=[TARGET_GROUP])["TargetGroups"][0]["TargetGroupArn"]


def app_certificate_arn(aws) -> str | None:
    """The app's certificate in ACM: the one the load balancer's HTTPS listener uses, or before
    there is one, the one tagged Name=community-app."""
    if load_balancer_arn(aws):
        listeners = aws.client("elbv2").describe_listeners(LoadBalancerArn=load_balancer_arn(aws))["Listeners"]
        https = [listener for listener in listeners if listener["Port"] == 443 and listener.get("Certificates")]
        if https:
            return https[0]["Certificates"][0]["CertificateArn"]
    acm = aws.client("acm")
    for page in acm.get_paginator("list_certificates").paginate(Includes={"keyTypes": ["EC_prime256v1", "RSA_2048"]}):
        for summary in page["CertificateSummaryList"]:
            tags = acm.list_tags_for_certificate(CertificateArn=summary["CertificateArn"]).get("Tags", [])
            if {"Key": "Name", "Value": APP_CERTIFICATE_TAG} in tags:
                return summary["CertificateArn"]
    return None


def import_app_certificate(aws, days: float = 365, certificate_arn: str | None = None) -> str:
    """Issue a certificate for the app's host name from the lab's CA and import it into ACM (into
    `certificate_arn` when given: that is how an imported certificate is renewed)."""
    from labs.tls import certificates

    key = certificates.make_key()
    certificate = certificates.issue_certificate(key.public_key(), certificates.APP_HOST, days=days)
    acm = aws.client("acm")
    extra = {"CertificateArn": certificate_arn} if certificate_arn else {}
    arn = acm.import_certificate(
        Certificate=certificates.certificate_pem(certificate), PrivateKey=certificates.key_pem(key),
        CertificateChain=certificates.company_ca().pem, **extra,
    )["CertificateArn"]
    # moto ignores Tags given to import_certificate and drops a certificate's tags when it is
    # re-imported (measured; ACM keeps them), so they are added afterwards, every time.
    acm.add_tags_to_certificate(CertificateArn=arn, Tags=[{"Key": "Name", "Value": APP_CERTIFICATE_TAG}])
    return arn


def create_load_balancer(aws) -> str:
    """The Application Load Balancer in front of the app, as the talk's architecture v0.2 draws it:
    an HTTPS listener on 443 with the app's certificate from ACM and AWS's recommended TLS policy,
    and an HTTP listener on 80 whose only job is to redirect to HTTPS."""
    from labs.tls import policies

    existing = load_balancer_arn(aws)
    if existing:
        return existing
    create_app_server(aws)
    elbv2 = aws.client("elbv2")
    lb = elbv2.create_load_balancer(
        Name=LOAD_BALANCER, Type="application", Scheme="internet-facing", Subnets=subnet_ids(aws, public=True),
        SecurityGroups=[security_group_id(aws, ALB_SECURITY_GROUP)],
    )["LoadBalancers"][0]["LoadBalancerArn"]
    group = elbv2.create_target_group(
        Name=TARGET_GROUP, Protocol="HTTP", Port=APP_PORT, VpcId=vpc_id(aws), TargetType="instance",
        HealthCheckPath="/health",
    )["TargetGroups"][0]["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=group, Targets=[{"Id": instance_id(aws), "Port": APP_PORT}])
    certificate = app_certificate_arn(aws) or import_app_certificate(aws)
    elbv2.create_listener(
        LoadBalancerArn=lb, Protocol="HTTPS", Port=443, SslPolicy=policies.RECOMMENDED,
        Certificates=[{"CertificateArn": certificate}],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group}],
    )
    elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[REDIRECT_TO_HTTPS])
    return lb

__all__ = ["LOAD_BALANCER", "TARGET_GROUP", "APP_CERTIFICATE_TAG", "REDIRECT_TO_HTTPS", "load_balancer_arn",
           "listener_arn", "target_group_arn", "app_certificate_arn", "import_app_certificate", "create_load_balancer"]
