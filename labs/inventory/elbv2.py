"""Elastic Load Balancing (v2) as the checks see it: every load balancer and its listeners, every target
group and its targets."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Listener:
    arn: str
    port: int
    protocol: str
    """HTTP, HTTPS (Application Load Balancers); TCP, TLS, UDP (Network Load Balancers)."""
    ssl_policy: str | None = None
    certificate_arns: list = field(default_factory=list)
    default_actions: list = field(default_factory=list)

    @property
    def redirects_to_https(self) -> bool:
        """Whether every request to this listener is answered with a redirect to HTTPS."""
        actions = sorted(self.default_actions, key=lambda a: a.get("Order", 0))
        if not actions or actions[0].get("Type") != "redirect":
            return False
        return actions[0].get("RedirectConfig", {}).get("Protocol") == "HTTPS"


@dataclass
class LoadBalancer:
    arn: str
    name: str
    type: str
    """application, network or gateway."""
    scheme: str
    vpc_id: str
    security_groups: list = field(default_factory=list)
    listeners: list[Listener] = field(default_factory=list)


@dataclass
class TargetGroup:
    arn: str
    name: str
    protocol: str
    port: int
    load_balancer_arns: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    """The ids of its registered targets (instance ids, for the app's target group)."""


@dataclass
class Elbv2State:
    load_balancers: list[LoadBalancer]
    target_groups: list[TargetGroup] = field(default_factory=list)

    def target_groups_of(self, load_balancer: LoadBalancer) -> list[TargetGroup]:
        return [g for g in self.target_groups if load_balancer.arn in g.load_balancer_arns]

    def load_balancer(self, arn_or_name: str) -> LoadBalancer | None:
        return next((lb for lb in self.load_balancers if arn_or_name in (lb.arn, lb.name)), None)


def collect(aws) -> Elbv2State:
    elbv2 = aws.client("elbv2")
    load_balancers = []
    for page in elbv2.get_paginator("describe_load_balancers").paginate():
        for entry in page.get("LoadBalancers", []):
            lb = LoadBalancer(
                arn=entry["LoadBalancerArn"], name=entry["LoadBalancerName"], type=entry.get("Type", ""),
                scheme=entry.get("Scheme", ""), vpc_id=entry.get("VpcId", ""),
                security_groups=list(entry.get("SecurityGroups", [])),
            )
            for listeners in elbv2.get_paginator("describe_listeners").paginate(LoadBalancerArn=lb.arn):
                for listener in listeners.get("Listeners", []):
                    lb.listeners.append(Listener(
                        arn=listener["ListenerArn"], port=listener.get("Port", 0),
                        protocol=listener.get("Protocol", ""), ssl_policy=listener.get("SslPolicy"),
                        certificate_arns=[c["CertificateArn"] for c in listener.get("Certificates", [])],
                        default_actions=list(listener.get("DefaultActions", [])),
                    ))
            load_balancers.append(lb)
    target_groups = []
    for page in elbv2.get_paginator("describe_target_groups").paginate():
        for entry in page.get("TargetGroups", []):
            health = elbv2.describe_target_health(TargetGroupArn=entry["TargetGroupArn"])["TargetHealthDescriptions"]
            target_groups.append(TargetGroup(
                arn=entry["TargetGroupArn"], name=entry["TargetGroupName"], protocol=entry.get("Protocol", ""),
                port=entry.get("Port", 0), load_balancer_arns=list(entry.get("LoadBalancerArns", [])),
                targets=[t["Target"]["Id"] for t in health],
            ))
    return Elbv2State(load_balancers=load_balancers, target_groups=target_groups)
