"""The default security group of every VPC allows no traffic at all (CIS 5.5, FSBP EC2.2).

Every VPC comes with a security group named "default" that admits everything from its own members
and lets everything out. Anything launched without choosing a group lands in it, and can then talk
to everything else that did. With no rules, a forgotten default is harmless: each resource gets a
group made for it, with the rules it needs.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="ec2_securitygroup_default_restrict_traffic",
    service="ec2",
    severity="medium",
    title={
        "en": "Default security groups have no inbound and no outbound rules",
        "ko": "기본 보안 그룹에 인바운드 규칙과 아웃바운드 규칙이 하나도 없습니다",
    },
    hint={
        "en": "A default group cannot be deleted, only emptied: read its inbound and its outbound rules, "
        "and take every one of them away.",
        "ko": "기본 보안 그룹은 삭제할 수 없고 비울 수만 있습니다. 인바운드 규칙과 아웃바운드 규칙을 읽고 모두 "
        "없애세요.",
    },
    remediation=(
        'group = ec2.describe_security_groups(GroupIds=["{group_id}"])["SecurityGroups"][0]\n'
        'if group["IpPermissions"]:\n'
        '    ec2.revoke_security_group_ingress(GroupId="{group_id}", IpPermissions=group["IpPermissions"])\n'
        'if group["IpPermissionsEgress"]:\n'
        '    ec2.revoke_security_group_egress(GroupId="{group_id}", IpPermissions=group["IpPermissionsEgress"])'
    ),
)


def check(account):
    findings = []
    for group in account.ec2.security_groups:
        if not group.is_default:
            continue
        inbound, outbound = len(group.inbound), len(group.outbound)
        if inbound or outbound:
            findings.append(failed(
                METADATA, group.id,
                f"Default security group {group.id} of {group.vpc_id} has {inbound} inbound and {outbound} "
                "outbound rules.",
                f"{group.vpc_id}의 기본 보안 그룹 {group.id}에 인바운드 규칙 {inbound}개, 아웃바운드 규칙 "
                f"{outbound}개가 있습니다.",
            ))
        else:
            findings.append(passed(
                METADATA, group.id,
                f"Default security group {group.id} of {group.vpc_id} allows no traffic.",
                f"{group.vpc_id}의 기본 보안 그룹 {josa(group.id, '은')} 어떤 트래픽도 허용하지 않습니다.",
            ))
    return findings
