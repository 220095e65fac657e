"""No customer managed policy that grants full administrative privileges is attached to anything
(CIS 1.15, FSBP IAM.1).

A policy the team wrote can be administrative without saying "*": `iam:*` with `sts:AssumeRole`
lets its holder create a role with AdministratorAccess and assume it, and an Allow with a NotAction
that exempts one harmless call allows everything else, including every call not invented yet.

Judged by the policy engine (labs.checks.lib.iam.administrative): every action on every resource, or
all of IAM. Prowler's check of the same id counts an Allow on Resource "*" whose Action is "*" or
which has only a NotAction; it passes `iam:*` with `sts:AssumeRole`, which the lab fails. Prowler
reports attached policies only; the lab reports the others as attached to nothing (PASS).
"""

from labs.checks import CheckMetadata, failed, passed
from labs.checks.lib.iam import administrative, unreadable
from labs.korean import particle

METADATA = CheckMetadata(
    id="iam_customer_attached_policy_no_administrative_privileges",
    service="iam",
    severity="high",
    title={
        "en": "No attached customer managed policy allows full administrative privileges (*:*)",
        "ko": "연결된 고객 관리형 정책 중 전체 관리자 권한(*:*)을 허용하는 정책이 없습니다",
    },
    hint={
        "en": "Read the policy's default version as IAM would: a NotAction in an Allow, or all of IAM, can be "
        "as good as *:*. Keep the actions the job needs, as a new default version, or detach the policy.",
        "ko": "정책의 기본 버전을 IAM처럼 읽어 보세요. Allow 안의 NotAction이나 IAM 전체 허용은 *:*와 다를 바 "
        "없습니다. 업무에 필요한 작업만 남긴 새 기본 버전을 만들거나 정책을 분리하세요.",
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
    attached = {p.arn for p in account.iam.attached_policies}
    for arn in account.iam.customer_policies:
        if arn not in attached:
            name = arn.rsplit("/", 1)[-1]
            findings.append(passed(METADATA, arn, f"Customer managed policy {name} ({arn}) is attached to nothing.",
                                   f"고객 관리형 정책 {name}(ARN {arn}){particle(name, '은')} 어디에도 연결되어 있지 않습니다."))
    for policy in account.iam.attached_policies:
        if policy.type != "Custom":
            continue
        where = ", ".join(policy.attached_to)
        why = administrative(policy.document, account.account_id)
        problems = unreadable(policy.document)
        note_en = f" Part of it cannot be read ({problems[0]['en']}) and grants nothing." if problems else ""
        note_ko = f" 일부를 읽을 수 없어({problems[0]['ko']}) 아무 권한도 주지 않는 것으로 봅니다." if problems else ""
        if why:
            findings.append(failed(
                METADATA, policy.arn,
                f"Customer managed policy {policy.name} ({policy.arn}) is attached to {where}: {why['en']}.{note_en}",
                f"고객 관리형 정책 {policy.name}(ARN {policy.arn}){particle(policy.name, '이')} {where}에 연결되어 있습니다. 이 "
                "정책은 "
                f"{why['ko']}.{note_ko}",
            ))
        else:
            findings.append(passed(
                METADATA, policy.arn,
                f"Customer managed policy {policy.name} ({policy.arn}), attached to {where}, does not allow full "
                f"administrative privileges.{note_en}",
                f"{where}에 연결된 고객 관리형 정책 {policy.name}(ARN {policy.arn}){particle(policy.name, '은')} 전체 관리자 "
                "권한을 허용하지 "
                f"않습니다.{note_ko}",
            ))
    return findings
