"""Architecture diagrams drawn from the account as it is now (Mermaid, which JupyterLab 4 renders).

`architecture(lab)` reads the company's VPC, subnets, instances, load balancer and VPC endpoints
with plain describe calls and draws what it finds, so the diagram changes when the account does:
the talk's architecture v0.2 after chapter 05, v0.3 after chapter 06, v0.4 (the database on RDS,
in the private subnets, reached from the app servers) after chapter 07, v1.0 after chapter 09 (the
instance's role by name, the S3 gateway endpoint and the image bucket behind it).
"""

from __future__ import annotations

from labs import company
from labs.company.ids import name_of
from labs.language import current

# The diagram's words; names, ids, ports and AWS's own values (HttpTokens, SslPolicy) stay as AWS shows them.
WORDS = {
    "en": {"internet": "Internet", "no vpc": "no VPC yet", "tokens": "IMDS tokens {tokens}", "role": "role",
           "no role": "no role", "endpoint": "endpoint {service}", "forward": "forward",
           "redirect": "redirect to {protocol}"},
    "ko": {"internet": "인터넷", "no vpc": "아직 VPC 없음", "tokens": "IMDS 토큰 {tokens}", "role": "역할",
           "no role": "역할 없음", "endpoint": "엔드포인트 {service}", "forward": "전달",
           "redirect": "{protocol}로 리디렉션"},
}
TOKENS_KO = {"required": "필수(IMDSv2만)", "optional": "선택(IMDSv1도 응답)"}

KEEP_WORDS = '%%{init: {"themeCSS": ".nodeLabel, .edgeLabel { word-break: keep-all; }"}}%%'
"""A Mermaid diagram's first line wherever its labels hold Korean: a label too wide for its box wraps between
words, as Korean is written, not inside one (a browser's default breaks Hangul anywhere). JupyterLab draws
Mermaid as an image, so only the diagram's own CSS (themeCSS) reaches its labels."""


def _label(text: str) -> str:
    return text.replace('"', "'")


def mermaid(aws) -> str:
    ec2, elbv2 = aws.client("ec2"), aws.client("elbv2")
    lang = current()
    words = WORDS[lang]
    vpc = company.vpc_id(aws)
    lines = [KEEP_WORDS, "flowchart LR", f'    internet(("{words["internet"]}"))']
    if vpc is None:
        return "\n".join(lines + [f'    internet --- none["{words["no vpc"]}"]'])
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    names = {s["SubnetId"]: name_of(s) or s["SubnetId"] for s in subnets}
    instances = [i for r in ec2.describe_instances(Filters=[
        {"Name": "vpc-id", "Values": [vpc]}, {"Name": "instance-state-name", "Values": ["pending", "running"]}])["Reservations"]
        for i in r["Instances"]]
    endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["VpcEndpoints"]
    databases, database_edges = _databases(aws, vpc, subnets, instances)
    lines.append(f'    subgraph vpc["VPC {company.VPC_NAME} {company.VPC_CIDR}"]')
    for subnet_id, name in sorted(names.items(), key=lambda item: item[1]):
        lines.append(f'        subgraph {subnet_id.replace("-", "_")}["{_label(name)}"]')
        lines += [f"            {line}" for line in databases.get(subnet_id, [])]
        for instance in instances:
            if instance.get("SubnetId") == subnet_id:
                label = name_of(instance) or instance["InstanceId"]
                tokens = instance.get("MetadataOptions", {}).get("HttpTokens")
                if lang == "ko":
                    tokens = TOKENS_KO.get(tokens, tokens)
                profile = (instance.get("IamInstanceProfile") or {}).get("Arn")
                role = f"{words['role']} {profile.rsplit('/', 1)[-1]}" if profile else words["no role"]
                node = instance["InstanceId"].replace("-", "_")
                lines.append(f'            {node}["{_label(label)}<br/>{words["tokens"].format(tokens=tokens)}, {role}"]')
        lines.append("        end")
    for endpoint in endpoints:
        service = endpoint["ServiceName"].rsplit(".", 1)[-1]
        shown = words["endpoint"].format(service=service)
        lines.append(f'        {endpoint["VpcEndpointId"].replace("-", "_")}{{{{"{shown}"}}}}')
    lines.append("    end")
    bucket = company.image_bucket_name(aws.account_id)
    gateways = [e for e in endpoints if e["ServiceName"].endswith(".s3") and e.get("VpcEndpointType") == "Gateway"]
    app = company.instance_id(aws)
    if gateways and app:
        node = gateways[0]["VpcEndpointId"].replace("-", "_")
        lines.append(f'    images[("S3 {bucket}<br/>SSE-KMS, Block Public Access")]')
        lines.append(f'    {app.replace("-", "_")} -- "HTTPS, role credentials" --> {node} --> images')
    try:
        lbs = elbv2.describe_load_balancers(Names=[company.LOAD_BALANCER])["LoadBalancers"]
    except elbv2.exceptions.LoadBalancerNotFoundException:
        lbs = []
    for lb in lbs:
        lines.append(f'    alb["ALB {lb["LoadBalancerName"]}"]')
        for listener in elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]:
            action = listener["DefaultActions"][0]
            if action["Type"] == "redirect":
                what = words["redirect"].format(protocol=action.get("RedirectConfig", {}).get("Protocol"))
            else:
                what = words["forward"] if action["Type"] == "forward" else action["Type"]
            policy = f"<br/>{listener['SslPolicy']}" if listener["Protocol"] in ("HTTPS", "TLS") else ""
            lines.append(f'    internet -- "{listener["Protocol"]} {listener["Port"]}: {what}{policy}" --> alb')
        for group in elbv2.describe_target_groups(LoadBalancerArn=lb["LoadBalancerArn"])["TargetGroups"]:
            for target in elbv2.describe_target_health(TargetGroupArn=group["TargetGroupArn"])["TargetHealthDescriptions"]:
                lines.append(f'    alb -- "HTTP {group["Port"]}" --> {target["Target"]["Id"].replace("-", "_")}')
    return "\n".join(lines + database_edges)


def _databases(aws, vpc: str, subnets: list, instances: list) -> tuple[dict, list]:
    """The VPC's RDS instances as nodes in the subnet of their Availability Zone, and the edges that
    reach them: from the app servers whose security group the database admits, from the internet when
    it is exposed (chapter 07's architecture v0.4)."""
    from botocore.exceptions import ClientError

    from labs.policy.network import Rule, open_to_internet, sources_for

    try:
        found = [d for page in aws.client("rds").get_paginator("describe_db_instances").paginate()
                 for d in page["DBInstances"] if (d.get("DBSubnetGroup") or {}).get("VpcId") == vpc]
    except ClientError:
        return {}, []
    except NotImplementedError:  # an emulator without RDS
        return {}, []
    nodes, edges = {}, []
    zone_of = {s["SubnetId"]: s["AvailabilityZone"] for s in subnets}
    for database in found:
        group_subnets = [s["SubnetIdentifier"] for s in database["DBSubnetGroup"].get("Subnets", [])]
        zone = database.get("AvailabilityZone")
        subnet = next((s for s in group_subnets if zone_of.get(s) == zone), group_subnets[0] if group_subnets else None)
        node = "db_" + database["DBInstanceIdentifier"].replace("-", "_")
        encrypted = "encrypted" if database.get("StorageEncrypted") else "NOT encrypted"
        public = ", PUBLIC" if database.get("PubliclyAccessible") else ""
        label = (f'RDS {database["DBInstanceIdentifier"]}<br/>{database["Engine"]} {database["EngineVersion"]}, '
                 f"{encrypted}{public}")
        nodes.setdefault(subnet, []).append(f'{node}[("{_label(label)}")]')
        port = (database.get("Endpoint") or {}).get("Port", 3306)
        rules = []
        for group in database.get("VpcSecurityGroups", []):
            described = aws.client("ec2").describe_security_groups(GroupIds=[group["VpcSecurityGroupId"]])["SecurityGroups"]
            rules += [Rule.from_permission(p) for g in described for p in g.get("IpPermissions", [])]
        admitted = set(sources_for(rules, "tcp", port))
        for instance in instances:
            if admitted & {g["GroupId"] for g in instance.get("SecurityGroups", [])}:
                edges.append(f'    {instance["InstanceId"].replace("-", "_")} -- "MariaDB {port}" --> {node}')
        if open_to_internet(rules, "tcp", port):
            edges.append(f'    internet -- "{port} open to the internet" --> {node}')
    return nodes, edges


def architecture(aws):
    """The diagram as a Markdown cell output (JupyterLab renders Mermaid in Markdown)."""
    from IPython.display import Markdown

    return Markdown(f"```mermaid\n{mermaid(aws)}\n```")
