"""No inline policy of a user, group or role grants full administrative privileges (CIS 1.15,
FSBP IAM.1).

An inline policy lives inside one identity: no list of policies shows it, and it goes only when the
identity goes. "Everything except deleting the trail" (an Allow with NotAction
cloudtrail:DeleteTrail) is still everything else, IAM included.

Judged by the policy engine (labs.checks.lib.iam.administrative): every action on every resource, or
all of IAM. Prowler's check of the same id looks for a statement with Action "*" and Resource "*"
only, so it passes the NotAction above; the lab fails it.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.checks.lib.iam import administrative
from labs.korean import particle

METADATA = CheckMetadata(
    id="iam_inline_policy_no_administrative_privileges",
    service="iam",
    severity="high",
    title={
        "en": "No inline policy allows full administrative privileges (*:*)",
        "ko": "전체 관리자 권한(*:*)을 허용하는 인라인 정책이 없습니다",
    },
    hint={
        "en": "Inline policies hide inside users, groups and roles: list each identity's inline policies and "
        "read them as IAM would. Replace an administrative one with what the person's job needs.",
        "ko": "인라인 정책은 사용자, 그룹, 역할 안에 숨어 있습니다. 각 자격 증명의 인라인 정책을 나열해 IAM처럼 "
        "읽어 보고, 관리자 권한을 주는 정책은 그 사람의 업무에 필요한 권한으로 바꾸세요.",
    },
    remediation=(
        'kind, name, policy = "{inline_policy}".split("/")\n'
        '# Keep the name; grant what the job needs. Here: reading IAM only, until someone says more.\n'
        'needed = json.dumps({{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", '
        '"Action": ["iam:Get*", "iam:List*"], "Resource": "*"}}]}})\n'
        'if kind == "user": iam.put_user_policy(UserName=name, PolicyName=policy, PolicyDocument=needed)\n'
        'if kind == "group": iam.put_group_policy(GroupName=name, PolicyName=policy, PolicyDocument=needed)\n'
        'if kind == "role": iam.put_role_policy(RoleName=name, PolicyName=policy, PolicyDocument=needed)'
    ),
)


def check(account):
    findings = []
    for policy in account.iam.inline_policies:
        why = administrative(policy.document, account.account_id)
        owner = f"{policy.entity} {policy.entity_name}"
        owner_ko = {"user": "사용자", "group": "그룹", "role": "역할"}[policy.entity] + f" {policy.entity_name}"
        if why:
            findings.append(failed(
                METADATA, policy.resource,
                f"Inline policy {policy.name} of {owner} ({policy.resource}): {why['en']}.",
                f"{owner_ko}의 인라인 정책 {policy.name}(리소스 {policy.resource}){particle(policy.name, '은')} {why['ko']}.",
            ))
        else:
            findings.append(passed(
                METADATA, policy.resource,
                f"Inline policy {policy.name} of {owner} ({policy.resource}) does not allow full administrative "
                "privileges.",
                f"{owner_ko}의 인라인 정책 {policy.name}(리소스 {policy.resource}){particle(policy.name, '은')} 전체 관리자 "
                "권한을 "
                "허용하지 않습니다.",
            ))
    return findings
