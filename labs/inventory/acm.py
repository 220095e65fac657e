"""ACM as the checks see it: every certificate in the region, with its dates and who uses it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from botocore.exceptions import ClientError


@dataclass
class Certificate:
    arn: str
    domain_name: str
    status: str
    """ISSUED, PENDING_VALIDATION, EXPIRED, ..."""
    type: str
    """IMPORTED (you renew it) or AMAZON_ISSUED (ACM renews it)."""
    not_after: dt.datetime | None = None
    tags: dict = field(default_factory=dict)
    subject_alternative_names: list = field(default_factory=list)
    """The host names the certificate covers (clients match against these)."""

    def days_left(self, at: dt.datetime) -> float | None:
        if self.not_after is None:
            return None
        return (self.not_after - at).total_seconds() / 86400


@dataclass
class AcmState:
    certificates: list[Certificate]
    collected_at: dt.datetime

    def certificate(self, arn: str) -> Certificate | None:
        return next((c for c in self.certificates if c.arn == arn), None)


def collect(aws) -> AcmState:
    acm = aws.client("acm")
    certificates = []
    summaries = [s for page in acm.get_paginator("list_certificates").paginate(
        # Without Includes, ACM lists only RSA_2048 certificates; the app's key may be EC or RSA.
        Includes={"keyTypes": ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1",
                               "EC_secp384r1", "EC_secp521r1"]}
    ) for s in page.get("CertificateSummaryList", [])]
    for summary in summaries:
        try:
            detail = acm.describe_certificate(CertificateArn=summary["CertificateArn"])["Certificate"]
            tags = acm.list_tags_for_certificate(CertificateArn=summary["CertificateArn"]).get("Tags", [])
        except ClientError as error:
            if error.response["Error"]["Code"] == "ResourceNotFoundException":
                continue  # deleted between listing and reading
            raise
        not_after = detail.get("NotAfter")
        certificates.append(Certificate(
            arn=detail["CertificateArn"],
            domain_name=detail.get("DomainName", ""),
            status=detail.get("Status", ""),
            type=detail.get("Type", ""),
            not_after=not_after.astimezone(dt.timezone.utc) if not_after else None,
            tags={t["Key"]: t.get("Value", "") for t in tags},
            subject_alternative_names=list(detail.get("SubjectAlternativeNames") or [detail.get("DomainName", "")]),
        ))
    return AcmState(certificates=certificates, collected_at=dt.datetime.now(dt.timezone.utc))
