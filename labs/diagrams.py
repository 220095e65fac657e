"""Architecture diagrams drawn from the account as it is now (Mermaid, which JupyterLab 4 renders).

`architecture(lab)` reads the company's VPC, subnets, instances, load balancer and VPC endpoints
with plain describe calls and draws what it finds, so the diagram changes when the account does:
the talk's architecture v0.2 after chapter 05, v0.3 after chapter 06.
"""

from __future__ import annotations

from labs import company

KEEP_WORDS = '%%{init: {"themeCSS": ".nodeLabel, .edgeLabel { word-break: keep-all; }"}}%%'
"""A Mermaid diagram's first line wherever its labels hold Korean: a label too wide for its box wraps between
words, as Korean is written, not inside one (a browser's default breaks Hangul anywhere). JupyterLab draws
Mermaid as an image, so only the diagram's own CSS (themeCSS) reaches its labels."""


def _label(text: str) -> str:
    return text.replace('"', "'")


def mermaid(aws) -> str:
    ec2, elbv2 = aws.client("ec2"), aws.client("elbv2")
    vpc = company.vpc_id(aws)
    lines = [KEEP_WORDS, "flowchart LR", '    internet(("Internet"))']
    if vpc is None:
        return "\n".join(lines + ['    internet --- none["no VPC yet"]'])
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    names = {s["SubnetId"]: company._name_of(s) or s["SubnetId"] for s in subnets}
    instances = [i for r in ec2.describe_instances(Filters=[
        {"Name": "vpc-id", "Values": [vpc]}, {"Name": "instance-state-name", "Values": ["pending", "running"]}])["Reservations"]
        for i in r["Instances"]]
    endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["VpcEndpoints"]
    lines.append(f'    subgraph vpc["VPC {company.VPC_NAME} {company.VPC_CIDR}"]')
    for subnet_id, name in sorted(names.items(), key=lambda item: item[1]):
        lines.append(f'        subgraph {subnet_id.replace("-", "_")}["{_label(name)}"]')
        for instance in instances:
            if instance.get("SubnetId") == subnet_id:
                label = company._name_of(instance) or instance["InstanceId"]
                tokens = instance.get("MetadataOptions", {}).get("HttpTokens")
                role = "role" if instance.get("IamInstanceProfile") else "no role"
                node = instance["InstanceId"].replace("-", "_")
                lines.append(f'            {node}["{_label(label)}<br/>IMDS tokens {tokens}, {role}"]')
        lines.append("        end")
    for endpoint in endpoints:
        service = endpoint["ServiceName"].rsplit(".", 1)[-1]
        lines.append(f'        {endpoint["VpcEndpointId"].replace("-", "_")}{{{{"endpoint {service}"}}}}')
    lines.append("    end")
    try:
        lbs = elbv2.describe_load_balancers(Names=[company.LOAD_BALANCER])["LoadBalancers"]
    except elbv2.exceptions.LoadBalancerNotFoundException:
        lbs = []
    for lb in lbs:
        lines.append(f'    alb["ALB {lb["LoadBalancerName"]}"]')
        for listener in elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]:
            action = listener["DefaultActions"][0]
            if action["Type"] == "redirect":
                what = f'redirect to {action.get("RedirectConfig", {}).get("Protocol")}'
            else:
                what = action["Type"]
            policy = f"<br/>{listener['SslPolicy']}" if listener["Protocol"] in ("HTTPS", "TLS") else ""
            lines.append(f'    internet -- "{listener["Protocol"]} {listener["Port"]}: {what}{policy}" --> alb')
        for group in elbv2.describe_target_groups(LoadBalancerArn=lb["LoadBalancerArn"])["TargetGroups"]:
            for target in elbv2.describe_target_health(TargetGroupArn=group["TargetGroupArn"])["TargetHealthDescriptions"]:
                lines.append(f'    alb -- "HTTP {group["Port"]}" --> {target["Target"]["Id"].replace("-", "_")}')
    return "\n".join(lines)


def architecture(aws):
    """The diagram as a Markdown cell output (JupyterLab renders Mermaid in Markdown)."""
    from IPython.display import Markdown

    return Markdown(f"```mermaid\n{mermaid(aws)}\n```")
