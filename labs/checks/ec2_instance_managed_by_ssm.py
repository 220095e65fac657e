"""Every instance can be managed by Systems Manager (FSBP SSM.1).

The SSM agent on the instance (preinstalled on Amazon Linux) calls out to three endpoints over
HTTPS, 443: ssm, ssmmessages (Session Manager's channels) and ec2messages. It needs two things:

1. permission: a role allowing the agent's actions, usually the AWS managed policy
   AmazonSSMManagedInstanceCore;
2. a path: a private subnet has no route to the internet, so it needs interface VPC endpoints for
   all three services, with private DNS on (so the agent's usual host names resolve to them) and a
   security group that admits 443 from the instance.

Prowler's check of the same id asks SSM which instances have registered (describe_instance_information).
The emulator has no SSM agents and does not implement that call (measured), so the lab checks the
two conditions an agent needs in order to register, which is also what you would look at when an
instance does not show up in Fleet Manager.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.checks.lib.ec2 import admits
from labs.korean import josa

METADATA = CheckMetadata(
    id="ec2_instance_managed_by_ssm",
    service="ec2",
    severity="medium",
    title={
        "en": "Instances can be managed by Systems Manager (role and a path to its endpoints)",
        "ko": "인스턴스를 Systems Manager로 관리할 수 있습니다(역할과 엔드포인트까지의 경로)",
    },
    hint={
        "en": "The agent needs permission (what does the instance's role allow?) and a path: from a "
        "private subnet, one interface VPC endpoint for each of ssm, ssmmessages and ec2messages, with "
        "private DNS and a security group that lets the instance in on 443.",
        "ko": "에이전트에는 권한(인스턴스 역할이 무엇을 허용하나요?)과 경로가 필요합니다. 프라이빗 서브넷에서는 "
        "ssm, ssmmessages, ec2messages마다 인터페이스 VPC 엔드포인트가 하나씩 있어야 하고, 프라이빗 DNS가 켜져 "
        "있고, 보안 그룹이 인스턴스의 443 접속을 허용해야 합니다.",
    },
    remediation=(
        'instance = ec2.describe_instances(InstanceIds=["{instance_id}"])["Reservations"][0]["Instances"][0]\n'
        'if "IamInstanceProfile" not in instance:\n'
        '    trust = {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", '
        '"Principal": {{"Service": "ec2.amazonaws.com"}}, "Action": "sts:AssumeRole"}}]}}\n'
        '    iam.create_role(RoleName="{instance_id}-ssm", AssumeRolePolicyDocument=json.dumps(trust))\n'
        '    iam.attach_role_policy(RoleName="{instance_id}-ssm", '
        'PolicyArn="arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")\n'
        '    iam.create_instance_profile(InstanceProfileName="{instance_id}-ssm")\n'
        '    iam.add_role_to_instance_profile(InstanceProfileName="{instance_id}-ssm", RoleName="{instance_id}-ssm")\n'
        '    ec2.associate_iam_instance_profile(InstanceId="{instance_id}", IamInstanceProfile={{"Name": "{instance_id}-ssm"}})\n'
        'group = ec2.create_security_group(GroupName="{instance_id}-ssm-endpoints", '
        'Description="HTTPS from the instance to the SSM endpoints", VpcId=instance["VpcId"])["GroupId"]\n'
        'ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{{"IpProtocol": "tcp", "FromPort": 443, '
        '"ToPort": 443, "UserIdGroupPairs": [{{"GroupId": g["GroupId"]}} for g in instance["SecurityGroups"]]}}])\n'
        'for service in ("ssm", "ssmmessages", "ec2messages"):\n'
        '    ec2.create_vpc_endpoint(VpcId=instance["VpcId"], VpcEndpointType="Interface", '
        'ServiceName=f"com.amazonaws.ap-northeast-2.{{service}}", SubnetIds=[instance["SubnetId"]], '
        'SecurityGroupIds=[group], PrivateDnsEnabled=True)'
    ),
)

SSM_SERVICES = ("ssm", "ssmmessages", "ec2messages")
AGENT_ACTIONS = ("ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel",
                 "ssmmessages:OpenDataChannel", "ec2messages:GetMessages")


def _admits_https_from(group, instance) -> bool:
    """Whether the group admits HTTPS (TCP 443) from the instance: from one of its security groups,
    or from an address range holding its private address (labs.policy.network reads the sources)."""
    return admits(group.inbound, "tcp", 443, groups=instance.group_ids, address=instance.private_ip)


def path_problems(account, instance) -> list[tuple[str, str]]:
    """What stops the agent from reaching the SSM endpoints, as (en, ko) pairs; empty when nothing does."""
    subnet = account.ec2.subnet(instance.subnet_id)
    if subnet is not None and subnet.route_to_internet:
        return []  # a public subnet (or a NAT gateway) reaches the public endpoints
    problems = []
    for service in SSM_SERVICES:
        endpoints = [e for e in account.ec2.endpoints if e.vpc_id == instance.vpc_id and e.service == service
                     and e.type == "Interface" and e.state == "available"]
        if not endpoints:
            problems.append((f"no interface endpoint for {service}", f"{service} 인터페이스 엔드포인트 없음"))
            continue
        if not any(e.private_dns for e in endpoints):
            problems.append((f"the {service} endpoint has private DNS off", f"{service} 엔드포인트의 프라이빗 DNS 꺼짐"))
            continue
        reachable = False
        for endpoint in endpoints:
            # An endpoint made without a security group gets the VPC's default group.
            group_ids = endpoint.group_ids or [g.id for g in [account.ec2.default_group(endpoint.vpc_id)] if g]
            if any(_admits_https_from(account.ec2.group(g), instance) for g in group_ids if account.ec2.group(g)):
                reachable = True
        if not reachable:
            problems.append((f"the {service} endpoint's security group does not admit 443 from the instance",
                             f"{service} 엔드포인트의 보안 그룹이 인스턴스의 443 접속을 허용하지 않음"))
    return problems


def check(account):
    findings = []
    for instance in account.ec2.instances:
        problems = []
        if not instance.role_name:
            problems.append(("no IAM role", "IAM 역할 없음"))
        else:
            missing = [a for a in AGENT_ACTIONS if not instance.role_allows(a)]
            if missing:
                problems.append((f"the role {instance.role_name} does not allow {', '.join(missing)}",
                                 f"역할 {josa(instance.role_name, '이')} {josa(', '.join(missing), '을')} 허용하지 않음"))
        problems += path_problems(account, instance)
        if problems:
            findings.append(failed(
                METADATA, instance.id,
                f"Instance {instance.label} cannot be managed by SSM: {'; '.join(en for en, _ in problems)}.",
                f"인스턴스 {josa(instance.label, '은')} SSM으로 관리할 수 없습니다. {'; '.join(ko for _, ko in problems)}.",
            ))
        else:
            findings.append(passed(
                METADATA, instance.id,
                f"Instance {instance.label} has the permissions and the network path the SSM agent needs.",
                f"인스턴스 {instance.label}에는 SSM 에이전트에 필요한 권한과 네트워크 경로가 있습니다.",
            ))
    return findings
