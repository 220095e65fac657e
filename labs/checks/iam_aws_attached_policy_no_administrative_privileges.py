"""No AWS managed policy that grants full administrative privileges is attached to anything
(CIS 1.15, FSBP IAM.1).

AdministratorAccess attached to the app's IAM user turns its access key, wherever it was copied, into
the keys to the whole account. Administrators get their rights through a group whose policy asks
for MFA (chapter 02); software gets a role with what it calls (chapter 09).

Judged by the policy engine (labs.checks.lib.iam.administrative): a policy is administrative when it
allows every action on every resource, or all of IAM. Prowler's check of the same id looks for a
statement with Action "*" and Resource "*" only; for AWS managed policies the two agree on the
policies AWS publishes (AdministratorAccess fails, PowerUserAccess passes). Prowler reports attached
policies only; the lab also reports AdministratorAccess when it is attached to nothing, as a PASS.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.checks.lib.iam import administrative
from labs.korean import particle

METADATA = CheckMetadata(
    id="iam_aws_attached_policy_no_administrative_privileges",
    service="iam",
    severity="high",
    title={
        "en": "No attached AWS managed policy allows full administrative privileges (*:*)",
        "ko": "연결된 AWS 관리형 정책 중 전체 관리자 권한(*:*)을 허용하는 정책이 없습니다",
    },
    hint={
        "en": "List which users, groups and roles the AWS managed policy is attached to. Software needs a "
        "role with what it calls; an administrator, a group whose policy asks for MFA.",
        "ko": "AWS 관리형 정책이 어떤 사용자, 그룹, 역할에 연결되어 있는지 보세요. 소프트웨어에는 호출하는 "
        "작업만 허용하는 역할이, 관리자에게는 MFA를 요구하는 그룹 정책이 필요합니다.",
    },
    remediation=(
        'for u in iam.list_entities_for_policy(PolicyArn="{policy_arn}")["PolicyUsers"]: '
        'iam.detach_user_policy(UserName=u["UserName"], PolicyArn="{policy_arn}")\n'
        'for g in iam.list_entities_for_policy(PolicyArn="{policy_arn}")["PolicyGroups"]: '
        'iam.detach_group_policy(GroupName=g["GroupName"], PolicyArn="{policy_arn}")\n'
        'for r in iam.list_entities_for_policy(PolicyArn="{policy_arn}")["PolicyRoles"]: '
        'iam.detach_role_policy(RoleName=r["RoleName"], PolicyArn="{policy_arn}")'
    ),
)


def check(account):
    findings = []
    for policy in account.iam.attached_policies:
        if policy.type != "AWS":
            continue
        where = ", ".join(policy.attached_to)
        if not policy.attached_to:
            findings.append(passed(
                METADATA, policy.arn,
                f"AWS managed policy {policy.name} ({policy.arn}) is attached to nothing.",
                f"AWS 관리형 정책 {policy.name}(ARN {policy.arn}){particle(policy.name, '은')} 어디에도 연결되어 있지 않습니다.",
            ))
            continue
        why = administrative(policy.document, account.account_id)
        if why:
            findings.append(failed(
                METADATA, policy.arn,
                f"AWS managed policy {policy.name} ({policy.arn}) is attached to {where}: {why['en']}.",
                f"AWS 관리형 정책 {policy.name}(ARN {policy.arn}){particle(policy.name, '이')} {where}에 연결되어 있습니다. 이 "
                f"정책은 {why['ko']}.",
            ))
        else:
            findings.append(passed(
                METADATA, policy.arn,
                f"AWS managed policy {policy.name} ({policy.arn}), attached to {where}, does not allow full "
                "administrative privileges.",
                f"{where}에 연결된 AWS 관리형 정책 {policy.name}(ARN {policy.arn}){particle(policy.name, '은')} 전체 관리자 "
                "권한을 "
                "허용하지 않습니다.",
            ))
    return findings
