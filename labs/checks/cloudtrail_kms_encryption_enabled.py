"""CloudTrail trails encrypt their log files with a KMS key (CIS 3.5, FSBP CloudTrail.2).

Log files are encrypted with SSE-S3 by default: anyone allowed s3:GetObject on the bucket reads
them. With SSE-KMS and a customer managed key, reading a log file also takes kms:Decrypt on that
key, which the key policy grants only to the people who investigate, and every use of the key is
itself recorded. The key must be in the same region as the bucket.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import josa

METADATA = CheckMetadata(
    id="cloudtrail_kms_encryption_enabled",
    service="cloudtrail",
    severity="medium",
    title={
        "en": "CloudTrail trails encrypt log files with a KMS key",
        "ko": "CloudTrail 추적이 로그 파일을 KMS 키로 암호화합니다",
    },
    hint={
        "en": "A trail names the KMS key its log files are encrypted with, or names none. Find a customer "
        "managed key in this region (its alias says what it is for) and give it to the trail.",
        "ko": "추적에 로그 파일을 암호화할 KMS 키가 지정되어 있는지 확인하세요. 없다면 이 리전의 고객 관리형 키를 "
        "찾아(별칭이 용도를 알려 줍니다) 추적에 지정하세요.",
    },
    remediation='cloudtrail.update_trail(Name="{trail}", KmsKeyId="{key_id}")',
)


def check(account):
    findings = []
    for trail in account.cloudtrail.trails:
        if trail.kms_key_id:
            findings.append(passed(
                METADATA, trail.name,
                f"Trail {trail.name} encrypts its log files with KMS key {trail.kms_key_id}.",
                f"추적 {josa(trail.name, '은')} 로그 파일을 KMS 키 {josa(trail.kms_key_id, '으로')} 암호화합니다.",
            ))
        else:
            findings.append(failed(
                METADATA, trail.name,
                f"Trail {trail.name} has no KMS key: its log files are readable by anyone who may read the bucket.",
                f"추적 {trail.name}에는 KMS 키가 없습니다. 버킷을 읽을 수 있는 누구나 로그 파일을 읽을 수 있습니다.",
            ))
    return findings
