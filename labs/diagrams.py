"""Architecture diagrams drawn from the account as it is now (Mermaid, which JupyterLab 4 renders).

`architecture(lab)` draws the company's VPC, subnets, instances, load balancer, VPC endpoints and
databases as labs.inventory collects them (`collect`, then `draw`, which calls nothing), so the
diagram changes when the account does: the talk's architecture v0.2 after chapter 05, v0.3 after
chapter 06, v0.4 (the database on RDS, in the private subnets, reached from the app servers) after
chapter 07, v1.0 after chapter 09 (the instance's role by name, the S3 gateway endpoint and the image
bucket behind it).
"""

from __future__ import annotations

from labs import company, inventory
from labs.language import current

# The diagram's words; names, ids, ports and AWS's own values (HttpTokens, SslPolicy) stay as AWS shows them.
WORDS = {
    "en": {"internet": "Internet", "no vpc": "no VPC yet", "tokens": "IMDS tokens {tokens}", "role": "role",
           "no role": "no role", "endpoint": "endpoint {service}", "forward": "forward",
           "redirect": "redirect to {protocol}", "encrypted": "encrypted", "not encrypted": "NOT encrypted",
           "public": "PUBLIC", "open": "{port} open to the internet", "images": "SSE-KMS, Block Public Access",
           "role credentials": "HTTPS, role credentials"},
    "ko": {"internet": "인터넷", "no vpc": "아직 VPC 없음", "tokens": "IMDS 토큰 {tokens}", "role": "역할",
           "no role": "역할 없음", "endpoint": "엔드포인트 {service}", "forward": "전달",
           "redirect": "{protocol}로 리디렉션", "encrypted": "암호화됨", "not encrypted": "암호화 안 됨",
           "public": "퍼블릭", "open": "{port}: 인터넷에 열림", "images": "SSE-KMS, 퍼블릭 액세스 차단",
           "role credentials": "HTTPS, 역할 자격 증명"},
}
TOKENS_KO = {"required": "필수(IMDSv2만)", "optional": "선택(IMDSv1도 응답)"}

KEEP_WORDS = '%%{init: {"themeCSS": ".nodeLabel, .edgeLabel { word-break: keep-all; }"}}%%'
"""A Mermaid diagram's first line wherever its labels hold Korean: a label too wide for its box wraps between
words, as Korean is written, not inside one (a browser's default breaks Hangul anywhere). JupyterLab draws
Mermaid as an image, so only the diagram's own CSS (themeCSS) reaches its labels."""


def _label(text: str) -> str:
    return text.replace('"', "'")


def mermaid(aws) -> str:
    """The diagram of the account as it is now, in the learner's language."""
    return draw(collect(aws), current())


def collect(aws):
    """What the diagram draws, collected by labs.inventory: EC2 (the VPC, subnets, instances, endpoints,
    security groups), ELBv2 (load balancers, listeners, targets) and RDS (None on an emulator without it)."""
    from botocore.exceptions import ClientError

    from labs.errors import EmulatorFailureError

    state = inventory.collect(aws, ("ec2", "elbv2"))
    try:
        state.rds = inventory.collector("rds")(aws)
    except (ClientError, EmulatorFailureError):  # an emulator without RDS
        state.rds = None
    return state


def draw(state, lang: str) -> str:
    """The Mermaid source for the collected `state` (a pure function: no call to AWS)."""
    words = WORDS[lang]
    lines = [KEEP_WORDS, "flowchart LR", f'    internet(("{words["internet"]}"))']
    vpc = state.ec2.vpc(company.VPC_NAME)
    if vpc is None:
        return "\n".join(lines + [f'    internet --- none["{words["no vpc"]}"]'])
    subnets = [s for s in state.ec2.subnets if s.vpc_id == vpc.id]
    instances = [i for i in state.ec2.instances if i.vpc_id == vpc.id and i.state in ("pending", "running")]
    endpoints = [e for e in state.ec2.endpoints if e.vpc_id == vpc.id]
    databases, database_edges = _databases(state, vpc.id, subnets, instances, words)
    lines.append(f'    subgraph vpc["VPC {vpc.name} {vpc.cidr}"]')
    for subnet in sorted(subnets, key=lambda s: s.name or s.id):
        lines.append(f'        subgraph {_node(subnet.id)}["{_label(subnet.name or subnet.id)}"]')
        lines += [f"            {line}" for line in databases.get(subnet.id, [])]
        for instance in instances:
            if instance.subnet_id == subnet.id:
                tokens = instance.metadata_options.get("HttpTokens")
                if lang == "ko":
                    tokens = TOKENS_KO.get(tokens, tokens)
                profile = instance.instance_profile_arn
                role = f"{words['role']} {profile.rsplit('/', 1)[-1]}" if profile else words["no role"]
                lines.append(f'            {_node(instance.id)}["{_label(instance.name or instance.id)}<br/>'
                             f'{words["tokens"].format(tokens=tokens)}, {role}"]')
        lines.append("        end")
    for endpoint in endpoints:
        lines.append(f'        {_node(endpoint.id)}{{{{"{words["endpoint"].format(service=endpoint.service)}"}}}}')
    lines.append("    end")
    gateways = [e for e in endpoints if e.service == "s3" and e.type == "Gateway"]
    app = next((i.id for i in instances if i.name == company.APP_INSTANCE), None)
    if gateways and app:
        lines.append(f'    images[("S3 {company.image_bucket_name(state.account_id)}<br/>{words["images"]}")]')
        lines.append(f'    {_node(app)} -- "{words["role credentials"]}" --> {_node(gateways[0].id)} --> images')
    load_balancer = state.elbv2.load_balancer(company.LOAD_BALANCER)
    if load_balancer is not None:
        lines.append(f'    alb["ALB {load_balancer.name}"]')
        for listener in load_balancer.listeners:
            action = listener.default_actions[0]
            if action["Type"] == "redirect":
                what = words["redirect"].format(protocol=action.get("RedirectConfig", {}).get("Protocol"))
            else:
                what = words["forward"] if action["Type"] == "forward" else action["Type"]
            policy = f"<br/>{listener.ssl_policy}" if listener.protocol in ("HTTPS", "TLS") else ""
            lines.append(f'    internet -- "{listener.protocol} {listener.port}: {what}{policy}" --> alb')
        for group in state.elbv2.target_groups_of(load_balancer):
            lines += [f'    alb -- "HTTP {group.port}" --> {_node(target)}' for target in group.targets]
    return "\n".join(lines + database_edges)


def _node(resource_id: str) -> str:
    return resource_id.replace("-", "_")


def _databases(state, vpc: str, subnets: list, instances: list, words: dict) -> tuple[dict, list]:
    """The VPC's RDS instances as nodes in the subnet of their Availability Zone, and the edges that
    reach them: from the app servers whose security group the database admits, from the internet when
    it is exposed (chapter 07's architecture v0.4)."""
    from labs.policy.network import open_to_internet, sources_for

    if state.rds is None:
        return {}, []
    nodes, edges = {}, []
    zone_of = {s.id: s.availability_zone for s in subnets}
    for database in [d for d in state.rds.instances if d.vpc_id == vpc]:
        subnet = next((s for s in database.subnet_ids if zone_of.get(s) == database.availability_zone),
                      database.subnet_ids[0] if database.subnet_ids else None)
        node = "db_" + _node(database.id)
        encrypted = words["encrypted"] if database.storage_encrypted else words["not encrypted"]
        public = f", {words['public']}" if database.publicly_accessible else ""
        label = f"RDS {database.id}<br/>{database.engine} {database.engine_version}, {encrypted}{public}"
        nodes.setdefault(subnet, []).append(f'{node}[("{_label(label)}")]')
        port = database.port or company.DB_PORT
        groups = [state.ec2.group(group_id) for group_id in database.security_group_ids]
        rules = [rule for group in groups if group is not None for rule in group.inbound]
        admitted = set(sources_for(rules, "tcp", port))
        for instance in instances:
            if admitted & set(instance.group_ids):
                edges.append(f'    {_node(instance.id)} -- "MariaDB {port}" --> {node}')
        if open_to_internet(rules, "tcp", port):
            edges.append(f'    internet -- "{words["open"].format(port=port)}" --> {node}')
    return nodes, edges


def architecture(aws):
    """The diagram as a Markdown cell output (JupyterLab renders Mermaid in Markdown)."""
    from IPython.display import Markdown

    return Markdown(f"```mermaid\n{mermaid(aws)}\n```")
