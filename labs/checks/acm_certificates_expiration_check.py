"""Certificates in ACM do not expire within the next 30 days (FSBP ACM.1).

When a certificate expires, every browser and client refuses the site: an outage that looks like an
attack to users. ACM renews the certificates it issued by itself (as long as their DNS validation
record stays in place); certificates you imported are yours to renew and re-import, and that is
the renewal that gets missed. 30 days is the threshold Security Hub uses.

Prowler's check of the same id flags 7 days by default (its audit setting days_to_expire_threshold);
the lab judges as Security Hub's ACM.1 does, which Prowler matches with days_to_expire_threshold: 30.
"""

from labs.checks import CheckMetadata, failed, passed
from labs.korean import particle

METADATA = CheckMetadata(
    id="acm_certificates_expiration_check",
    service="acm",
    severity="high",
    title={
        "en": "ACM certificates are valid for more than 30 more days",
        "ko": "ACM 인증서의 남은 유효 기간이 30일보다 깁니다",
    },
    hint={
        "en": "Compare the certificate's NotAfter with today. An imported certificate is renewed by "
        "whoever imported it: bring a new certificate for the same name, and keep the ARN so that "
        "the listeners using it pick it up.",
        "ko": "인증서의 NotAfter를 오늘 날짜와 비교해 보세요. 가져온 인증서는 가져온 사람이 갱신합니다. 같은 "
        "이름의 새 인증서를 준비하고, 리스너가 그대로 쓰도록 ARN은 유지하세요.",
    },
    remediation=(
        'key = certificates.make_key()\n'
        'domain = acm.describe_certificate(CertificateArn="{certificate_arn}")["Certificate"]["DomainName"]\n'
        'renewed = certificates.issue_certificate(key.public_key(), domain, days=90)\n'
        'acm.import_certificate(CertificateArn="{certificate_arn}", Certificate=certificates.certificate_pem(renewed), '
        'PrivateKey=certificates.key_pem(key), CertificateChain=certificates.company_ca().pem)'
    ),
)

THRESHOLD_DAYS = 30


def check(account):
    findings = []
    for certificate in account.acm.certificates:
        days = certificate.days_left(account.acm.collected_at)
        if certificate.status != "ISSUED" or days is None:
            continue  # a requested certificate still waiting for validation has not started to run out
        owner_en = "you must renew and re-import it" if certificate.type == "IMPORTED" else "ACM renews it"
        owner_ko = "직접 갱신해 다시 가져와야 합니다" if certificate.type == "IMPORTED" else "ACM이 갱신합니다"
        if days > THRESHOLD_DAYS:
            findings.append(passed(
                METADATA, certificate.arn,
                f"Certificate {certificate.arn} ({certificate.domain_name}) is valid for {days:.0f} more days.",
                f"인증서 {certificate.arn}({certificate.domain_name}){particle(certificate.arn, '은')} {days:.0f}일 더 "
                "유효합니다.",
            ))
        elif days > 0:
            findings.append(failed(
                METADATA, certificate.arn,
                f"Certificate {certificate.arn} ({certificate.domain_name}) expires in {days:.0f} days "
                f"({certificate.not_after:%Y-%m-%d}); it is {certificate.type}, so {owner_en}.",
                f"인증서 {certificate.arn}({certificate.domain_name}){particle(certificate.arn, '은')} {days:.0f}일 뒤"
                f"({certificate.not_after:%Y-%m-%d})에 만료됩니다. {certificate.type} 인증서이므로 {owner_ko}.",
            ))
        else:
            findings.append(failed(
                METADATA, certificate.arn,
                f"Certificate {certificate.arn} ({certificate.domain_name}) expired on {certificate.not_after:%Y-%m-%d}.",
                f"인증서 {certificate.arn}({certificate.domain_name}){particle(certificate.arn, '은')} "
                f"{certificate.not_after:%Y-%m-%d}에 만료되었습니다.",
            ))
    return findings
