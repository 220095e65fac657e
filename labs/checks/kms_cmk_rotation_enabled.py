"""Customer managed KMS keys rotate their key material (CIS 3.6, FSBP KMS.4).

With automatic rotation, KMS makes new key material every year (or the period you choose, 90 days
to 7 years) and keeps the old material to decrypt what it encrypted: nothing to re-encrypt,
nothing for applications to change. A key that never rotates protects more and more data with the
same secret for as long as it lives.
"""

from labs.checks import CheckMetadata, failed, passed

METADATA = CheckMetadata(
    id="kms_cmk_rotation_enabled",
    service="kms",
    severity="medium",
    title={
        "en": "Customer managed KMS keys have automatic rotation enabled",
        "ko": "고객 관리형 KMS 키의 자동 교체가 활성화되어 있습니다",
    },
    hint={
        "en": "Ask KMS about the key's rotation status; a symmetric customer managed key can rotate itself every year.",
        "ko": "KMS에 키의 교체 상태를 물어보세요. 대칭 고객 관리형 키는 해마다 스스로 교체될 수 있습니다.",
    },
    remediation='kms.enable_key_rotation(KeyId="{key_id}")',
)


def check(account):
    findings = []
    for key in account.kms.keys:
        if not key.rotatable_customer_key:
            continue
        if key.rotation_enabled:
            findings.append(passed(
                METADATA, key.key_id,
                f"KMS key {key.key_id} ({key.label}) rotates its key material automatically.",
                f"KMS 키 {key.key_id}({key.label})는 키 구성 요소를 자동으로 교체합니다.",
            ))
        else:
            findings.append(failed(
                METADATA, key.key_id,
                f"KMS key {key.key_id} ({key.label}) never rotates its key material.",
                f"KMS 키 {key.key_id}({key.label})는 키 구성 요소를 교체하지 않습니다.",
            ))
    return findings
