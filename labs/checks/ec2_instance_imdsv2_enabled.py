"""Every instance requires IMDSv2 (CIS 5.7, FSBP EC2.8).

The instance metadata service (169.254.169.254) hands the instance role's temporary credentials to
anything on the instance that asks. With IMDSv1 a plain GET is enough, so one server-side request
forgery (SSRF) bug in the app gives an attacker the role's keys: that is how the Capital One breach
of 2019 worked. IMDSv2 requires a session token obtained with a PUT first, which such bugs cannot send.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="ec2_instance_imdsv2_enabled",
    service="ec2",
    severity="high",
    title={
        "en": "Instances require IMDSv2 (session tokens) for instance metadata",
        "ko": "인스턴스가 인스턴스 메타데이터에 IMDSv2(세션 토큰)를 요구합니다",
    },
    hint={
        "en": "Look at the instance's MetadataOptions: HttpTokens says whether a session token is "
        "optional (IMDSv1 still works) or required.",
        "ko": "인스턴스의 MetadataOptions를 보세요. HttpTokens가 세션 토큰이 선택(IMDSv1도 동작)인지 "
        "필수인지를 알려 줍니다.",
    },
    remediation=(
        'ec2.modify_instance_metadata_options(InstanceId="{instance_id}", HttpTokens="required", HttpEndpoint="enabled")'
    ),
)


def check(account):
    findings = []
    for instance in account.ec2.instances:
        options = instance.metadata_options
        if options.get("HttpEndpoint") == "disabled":
            findings.append(passed(
                METADATA, instance.id,
                f"Instance {instance.label} has the metadata service turned off.",
                f"인스턴스 {josa(instance.label, '은')} 메타데이터 서비스가 꺼져 있습니다.",
            ))
        elif options.get("HttpTokens") == "required":
            findings.append(passed(
                METADATA, instance.id,
                f"Instance {instance.label} requires IMDSv2 session tokens.",
                f"인스턴스 {josa(instance.label, '은')} IMDSv2 세션 토큰을 요구합니다.",
            ))
        else:
            findings.append(failed(
                METADATA, instance.id,
                f"Instance {instance.label} still answers IMDSv1: HttpTokens is {options.get('HttpTokens')!r}.",
                f"인스턴스 {josa(instance.label, '은')} 아직 IMDSv1에 응답합니다. HttpTokens가 "
                f"{options.get('HttpTokens')!r}입니다.",
            ))
    return findings
