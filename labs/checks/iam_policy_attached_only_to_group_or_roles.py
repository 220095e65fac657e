"""IAM users get their permissions only through groups (or roles), never policies of their own
(CIS 1.14, FSBP IAM.2).

Permissions attached to one person are invisible from anywhere else and outlive the job they were
given for. Attached to a group ("developers", "admins"), they describe a job, and moving a person
between jobs is one group membership.
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="iam_policy_attached_only_to_group_or_roles",
    service="iam",
    severity="low",
    title={
        "en": "IAM users have no policies of their own; permissions come through groups or roles",
        "ko": "IAM 사용자에게 직접 연결된 정책이 없고, 권한은 그룹이나 역할로 받습니다",
    },
    hint={
        "en": "List the policies attached to the user directly and its inline policies. Put the same "
        "permissions on a group, add the user to it, then take them off the user.",
        "ko": "사용자에게 직접 연결된 정책과 인라인 정책을 확인하세요. 같은 권한을 그룹에 주고 사용자를 그룹에 "
        "넣은 뒤, 사용자에게서는 분리하세요.",
    },
    remediation=(
        'for p in iam.list_attached_user_policies(UserName="{user}")["AttachedPolicies"]: '
        'iam.create_group(GroupName="team-" + p["PolicyName"]); '
        'iam.attach_group_policy(GroupName="team-" + p["PolicyName"], PolicyArn=p["PolicyArn"]); '
        'iam.add_user_to_group(GroupName="team-" + p["PolicyName"], UserName="{user}"); '
        'iam.detach_user_policy(UserName="{user}", PolicyArn=p["PolicyArn"])'
    ),
)


def check(account):
    findings = []
    for user in account.iam.users:
        own = user.attached_policies + [f"{name} (inline)" for name in user.inline_policies]
        if own:
            findings.append(failed(METADATA, user.name,
                                   f"User {user.name} has policies of its own: {', '.join(own)}.",
                                   f"사용자 {user.name}에게 직접 연결된 정책이 있습니다: {', '.join(own)}."))
        else:
            via = ", ".join(user.groups) or "no group"
            via_ko = ", ".join(user.groups) or "없음"
            findings.append(passed(METADATA, user.name,
                                   f"User {user.name} has no policies of its own (groups: {via}).",
                                   f"사용자 {user.name}에게 직접 연결된 정책이 없습니다(그룹: {via_ko})."))
    return findings
