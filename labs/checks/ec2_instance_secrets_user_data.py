"""Instances keep no secrets in their user data (an access key, a password, a private key).

User data is the script an instance runs at launch. Anyone allowed ec2:DescribeInstanceAttribute
reads it in the console or with one API call, and any process on the instance reads it from the
instance metadata service, so a key written there is a key handed to all of them. Credentials come
from the instance role instead (IMDSv2), secrets from Secrets Manager or Parameter Store.

As Prowler's check of the same id: the user data is base64-decoded (and gunzipped when compressed)
and scanned with Yelp's detect-secrets, with the plugins Prowler used (labs.checks.lib.secrets).
No CIS AWS Foundations or AWS FSBP control covers secrets in user data; Prowler checks it on its own.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.checks.lib.secrets import find_secrets

METADATA = CheckMetadata(
    id="ec2_instance_secrets_user_data",
    service="ec2",
    severity="critical",
    title={"en": "Instance user data holds no secrets", "ko": "인스턴스 사용자 데이터에 비밀 정보가 없습니다"},
    hint={
        "en": "Read the instance's user data (it comes back base64-encoded). The instance role gives software its "
        "credentials; user data changes only while the instance is stopped.",
        "ko": "인스턴스의 사용자 데이터를 읽어 보세요(base64로 인코딩되어 옵니다). 소프트웨어의 자격 증명은 "
        "인스턴스 역할이 줍니다. 사용자 데이터는 인스턴스가 중지된 동안에만 바꿀 수 있습니다.",
    },
    remediation=(
        'ec2.stop_instances(InstanceIds=["{instance_id}"])\n'
        'ec2.modify_instance_attribute(InstanceId="{instance_id}", '
        'UserData={{"Value": b"#!/bin/bash\\nsystemctl enable --now community-app\\n"}})\n'
        'ec2.start_instances(InstanceIds=["{instance_id}"])'
    ),
)


# detect-secrets' names for what it found, as a Korean reader says them (the name itself in brackets).
SECRET_TYPES_KO = {
    "AWS Access Key": "AWS 액세스 키", "Secret Keyword": "비밀 키워드(Secret Keyword)",
    "Private Key": "프라이빗 키(Private Key)", "Basic Auth Credentials": "기본 인증 자격 증명(Basic Auth Credentials)",
    "Base64 High Entropy String": "엔트로피가 높은 Base64 문자열", "Hex High Entropy String": "엔트로피가 높은 16진수 문자열",
    "JSON Web Token": "JSON 웹 토큰(JWT)", "GitHub Token": "GitHub 토큰", "GitLab Token": "GitLab 토큰",
    "Slack Token": "Slack 토큰", "OpenAI Token": "OpenAI 토큰", "PyPI Token": "PyPI 토큰", "NPM tokens": "NPM 토큰",
}


def check(account):
    findings = []
    for instance in account.ec2.instances:
        if instance.user_data_problem:
            findings.append(passed(
                METADATA, instance.id,
                f"Instance {instance.label}: its user data cannot be read as text "
                f"({instance.user_data_problem['en']}), so it was not scanned.",
                f"인스턴스 {instance.label}: 사용자 데이터를 텍스트로 읽을 수 없어 검사하지 않았습니다"
                f"({instance.user_data_problem['ko']}).",
            ))
            continue
        secrets = find_secrets(instance.user_data or "")
        if secrets:
            listed = ", ".join(f"{s['type']} on line {s['line_number']}" for s in secrets)
            listed_ko = ", ".join(f"{s['line_number']}번째 줄의 {SECRET_TYPES_KO.get(s['type'], s['type'])}"
                                  for s in secrets)
            findings.append(failed(
                METADATA, instance.id,
                f"Instance {instance.label} has secrets in its user data: {listed}.",
                f"인스턴스 {instance.label}의 사용자 데이터에 비밀 정보가 있습니다: {listed_ko}.",
            ))
        elif instance.user_data:
            findings.append(passed(METADATA, instance.id, f"Instance {instance.label}: no secrets in its user data.",
                                   f"인스턴스 {instance.label}: 사용자 데이터에 비밀 정보가 없습니다."))
        else:
            findings.append(passed(METADATA, instance.id, f"Instance {instance.label} has no user data.",
                                   f"인스턴스 {instance.label}에는 사용자 데이터가 없습니다."))
    return findings
