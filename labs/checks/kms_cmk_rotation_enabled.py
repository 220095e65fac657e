"""Customer managed KMS keys rotate their key material (CIS 3.6, FSBP KMS.4).

With automatic rotation, KMS makes new key material every year (or the period you choose, 90 days
to 7 years) and keeps the old material to decrypt what it encrypted: nothing to re-encrypt,
nothing for applications to change. A key that never rotates protects more and more data with the
same secret for as long as it lives.

The control applies only to the keys KMS can rotate automatically: enabled, symmetric encryption,
customer managed keys whose key material KMS made. Every other key gets an N/A finding that says
why it was skipped: imported key material (Origin EXTERNAL: KMS cannot make new material for it,
and EnableKeyRotation is refused; you rotate it on demand after importing new material), a custom
key store, asymmetric and HMAC keys (no automatic rotation exists for them), AWS managed keys (AWS
rotates them every year; nobody can turn that off) and keys that are disabled or waiting for
deletion. Where it judges differently from Prowler: Prowler leaves out the AWS managed, disabled and
non-symmetric keys without a word, but judges a key with imported material and FAILs it for a
rotation nobody can turn on; here it is N/A.
"""

from labs.checks import CheckMetadata, failed, not_applicable, passed

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

SKIPPED = {
    "imported": (
        "holds imported key material (Origin EXTERNAL), which KMS cannot rotate automatically; rotate it on "
        "demand after importing new material",
        "가져온 키 구성 요소(Origin EXTERNAL)를 쓰므로 KMS가 자동으로 교체할 수 없습니다. 새 구성 요소를 가져온 뒤 "
        "온디맨드로 교체하세요",
    ),
    "custom_key_store": (
        "lives in a custom key store ({origin}), where KMS does not rotate keys automatically",
        "사용자 지정 키 스토어({origin})에 있어 KMS가 자동으로 교체하지 않습니다",
    ),
    "asymmetric": (
        "is an asymmetric key ({spec}), and automatic rotation exists only for symmetric encryption keys",
        "비대칭 키({spec})이고, 자동 교체는 대칭 암호화 키에만 있습니다",
    ),
    "hmac": (
        "is an HMAC key ({spec}), and automatic rotation exists only for symmetric encryption keys",
        "HMAC 키({spec})이고, 자동 교체는 대칭 암호화 키에만 있습니다",
    ),
    "aws_managed": (
        "is an AWS managed key, which AWS rotates every year by itself",
        "AWS 관리형 키이므로 AWS가 해마다 알아서 교체합니다",
    ),
    "not_enabled": (
        "is {state}, so it encrypts nothing new",
        "상태가 {state}이므로 새로 암호화하는 데이터가 없습니다",
    ),
}


def check(account):
    findings = []
    for key in account.kms.keys:
        reason = key.rotation_not_applicable
        if reason:
            en, ko = (text.format(origin=key.origin, spec=key.spec, state=key.state) for text in SKIPPED[reason])
            findings.append(not_applicable(
                METADATA, key.key_id,
                f"KMS key {key.key_id} ({key.label}) is not judged: it {en}.",
                f"KMS 키 {key.key_id}({key.label})는 판정하지 않습니다. 이 키는 {ko}.",
            ))
        elif key.rotation_enabled:
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
