"""Every instance has an IAM role, through an instance profile (CIS 1.17).

Software on an instance that calls AWS (the app reading S3, the SSM agent) needs credentials. With a
role, the instance receives temporary credentials that rotate by themselves; without one, somebody
ends up copying an access key onto the server, where it never expires and is easy to steal.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="ec2_instance_profile_attached",
    service="ec2",
    severity="medium",
    title={
        "en": "Instances have an IAM role attached (instance profile)",
        "ko": "인스턴스에 IAM 역할(인스턴스 프로파일)이 연결되어 있습니다",
    },
    hint={
        "en": "An instance gets a role through an instance profile: a role that EC2 may assume, a profile "
        "that contains it, and an association between the profile and the instance.",
        "ko": "인스턴스는 인스턴스 프로파일을 통해 역할을 받습니다. EC2가 수임할 수 있는 역할, 그 역할을 담은 "
        "프로파일, 그리고 프로파일과 인스턴스의 연결이 필요합니다.",
    },
    remediation=(
        'trust = {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", '
        '"Principal": {{"Service": "ec2.amazonaws.com"}}, "Action": "sts:AssumeRole"}}]}}\n'
        'iam.create_role(RoleName="{instance_id}-role", AssumeRolePolicyDocument=json.dumps(trust))\n'
        'iam.attach_role_policy(RoleName="{instance_id}-role", '
        'PolicyArn="arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")\n'
        'iam.create_instance_profile(InstanceProfileName="{instance_id}-profile")\n'
        'iam.add_role_to_instance_profile(InstanceProfileName="{instance_id}-profile", RoleName="{instance_id}-role")\n'
        'ec2.associate_iam_instance_profile(InstanceId="{instance_id}", '
        'IamInstanceProfile={{"Name": "{instance_id}-profile"}})'
    ),
)


def check(account):
    findings = []
    for instance in account.ec2.instances:
        if instance.instance_profile_arn and instance.role_name:
            findings.append(passed(
                METADATA, instance.id,
                f"Instance {instance.label} runs with the role {instance.role_name}.",
                f"인스턴스 {josa(instance.label, '은')} 역할 {josa(instance.role_name, '으로')} 실행됩니다.",
            ))
        elif instance.instance_profile_arn:
            findings.append(failed(
                METADATA, instance.id,
                f"Instance {instance.label} has the instance profile {instance.instance_profile_arn}, which holds no role.",
                f"인스턴스 {instance.label}의 인스턴스 프로파일 {instance.instance_profile_arn}에 역할이 없습니다.",
            ))
        else:
            findings.append(failed(
                METADATA, instance.id,
                f"Instance {instance.label} has no IAM role.",
                f"인스턴스 {instance.label}에 IAM 역할이 없습니다.",
            ))
    return findings
