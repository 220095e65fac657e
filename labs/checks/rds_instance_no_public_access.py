"""RDS DB instances cannot be reached from the internet (CIS 2.2.3, FSBP RDS.2).

A database belongs in private subnets, answering only the servers that need it: "RDS에는 주로
프라이빗 서브넷에 위치해야 하며, 필요한 소스로 부터만 트래픽을 받아야 합니다", as the talk puts it.
Three settings together decide whether the internet reaches it: the instance's PubliclyAccessible
flag (a public address in DNS), the subnets of its DB subnet group (a route to an internet gateway),
and the rules of its security groups for its port. This check needs RDS's state and EC2's.

Prowler's check of this id fails only when all three line up (flag, public subnet, a security
group open to 0.0.0.0/0 on the port). Security Hub's RDS.2 fails on the flag alone, and CIS 2.2.3
asks for private subnets too. The lab fails on any of the three: each one is a single change away
from exposure. Security group sources are judged as address sets, so 0.0.0.0/1 with 128.0.0.0/1
is the internet, as 0.0.0.0/0 is.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="rds_instance_no_public_access",
    service="rds",
    reads=("ec2",),
    severity="critical",
    title={
        "en": "RDS DB instances are private: not publicly accessible, in private subnets, closed to the internet",
        "ko": "RDS DB 인스턴스가 프라이빗입니다. 퍼블릭 액세스 불가, 프라이빗 서브넷, 인터넷에 닫힘",
    },
    hint={
        "en": "Look at three things: the instance's publicly accessible setting, the route tables of the "
        "subnets in its DB subnet group, and what its security groups admit on its port. RDS moves an "
        "instance into other subnets of the same VPC only by a restore from a snapshot.",
        "ko": "세 가지를 보세요. 인스턴스의 퍼블릭 액세스 설정, DB 서브넷 그룹에 속한 서브넷의 라우팅 테이블, "
        "그리고 보안 그룹이 인스턴스 포트에 허용하는 소스입니다. RDS는 같은 VPC 안의 다른 서브넷으로 "
        "인스턴스를 옮길 때 스냅샷 복원으로만 옮길 수 있습니다.",
    },
    remediation=(
        'old = rds.describe_db_instances(DBInstanceIdentifier="{db_instance}")["DBInstances"][0]\n'
        'vpc, port = old["DBSubnetGroup"]["VpcId"], old["Endpoint"]["Port"]\n'
        'tables = ec2.describe_route_tables(Filters=[{{"Name": "vpc-id", "Values": [vpc]}}])["RouteTables"]\n'
        'public = {{a["SubnetId"] for t in tables for a in t.get("Associations", []) if a.get("SubnetId") '
        'and any(str(r.get("GatewayId", "")).startswith("igw-") for r in t["Routes"])}}\n'
        'private = [s["SubnetId"] for s in ec2.describe_subnets(Filters=[{{"Name": "vpc-id", "Values": [vpc]}}])'
        '["Subnets"] if s["SubnetId"] not in public]\n'
        'rds.create_db_subnet_group(DBSubnetGroupName="{db_instance}-private", DBSubnetGroupDescription="private", '
        'SubnetIds=private)\n'
        'for g in old["VpcSecurityGroups"]:\n'
        '    for p in ec2.describe_security_groups(GroupIds=[g["VpcSecurityGroupId"]])["SecurityGroups"][0]["IpPermissions"]:\n'
        '        if p.get("IpRanges") or p.get("Ipv6Ranges"):\n'
        '            ec2.revoke_security_group_ingress(GroupId=g["VpcSecurityGroupId"], IpPermissions=[{{'
        '**{{k: v for k, v in p.items() if k in ("IpProtocol", "FromPort", "ToPort")}}, '
        '"IpRanges": p.get("IpRanges", []), "Ipv6Ranges": p.get("Ipv6Ranges", [])}}])\n'
        'rds.create_db_snapshot(DBInstanceIdentifier="{db_instance}", DBSnapshotIdentifier="{db_instance}-move")\n'
        'rds.modify_db_instance(DBInstanceIdentifier="{db_instance}", DeletionProtection=False, ApplyImmediately=True)\n'
        'rds.delete_db_instance(DBInstanceIdentifier="{db_instance}", SkipFinalSnapshot=True)\n'
        'rds.restore_db_instance_from_db_snapshot(DBInstanceIdentifier="{db_instance}", '
        'DBSnapshotIdentifier="{db_instance}-move", DBSubnetGroupName="{db_instance}-private", PubliclyAccessible=False, '
        'VpcSecurityGroupIds=[g["VpcSecurityGroupId"] for g in old["VpcSecurityGroups"]], DeletionProtection=True)\n'
        'rds.modify_db_instance(DBInstanceIdentifier="{db_instance}", ManageMasterUserPassword=True, ApplyImmediately=True)\n'
        'rds.delete_db_snapshot(DBSnapshotIdentifier="{db_instance}-move")'
    ),
)


def check(account):
    from labs.checks.lib.rds import exposure

    findings = []
    for instance in account.rds.instances:
        reasons = exposure(instance, getattr(account, "ec2", None))
        if reasons["en"]:
            findings.append(failed(
                METADATA, instance.id,
                f"DB instance {instance.id} can be reached from the internet: {'; '.join(reasons['en'])}.",
                f"DB 인스턴스 {instance.id}에 인터넷에서 접근할 수 있습니다. {' '.join(r + '.' for r in reasons['ko'])}",
            ))
        else:
            findings.append(passed(
                METADATA, instance.id,
                f"DB instance {instance.id} is private: not publicly accessible, in private subnets, and no "
                f"security group admits the internet to port {instance.port}.",
                f"DB 인스턴스 {josa(instance.id, '은')} 프라이빗입니다. 퍼블릭 액세스가 꺼져 있고, 프라이빗 서브넷에 있으며, "
                f"어떤 보안 그룹도 인터넷에서 포트 {josa(instance.port, '으로')} 들어오는 트래픽을 허용하지 않습니다.",
            ))
    return findings
