"""The app's certificate was bought and installed by hand a year ago, imported into ACM, and
nobody put the renewal in a calendar. It expires in 12 days. ACM has been publishing daily expiry
events (EventBridge, AWS Health) since 45 days before, and nobody subscribed to them. When it
expires, every browser will refuse the app."""

from labs import company

BREAKS = ("acm_certificates_expiration_check",)
DAYS_LEFT = 12


def resource(aws) -> str:
    company.create_load_balancer(aws)
    return company.app_certificate_arn(aws)


def build(aws) -> None:
    # Re-importing into the same ARN replaces the certificate; the listener keeps using the ARN.
    company.import_app_certificate(aws, days=DAYS_LEFT, certificate_arn=resource(aws))


def fix(aws) -> None:
    company.import_app_certificate(aws, days=90, certificate_arn=resource(aws))
