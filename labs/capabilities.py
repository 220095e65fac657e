"""Which chapters each backend can run. A chapter needs the services of its checks and of the
resources it builds; on a backend that lacks one, the lab says so in one sentence and names the
backend that has it, instead of failing inside the emulator."""

from __future__ import annotations

from labs.errors import BackendUnavailableError
from labs.korean import josa

# What LocalStack 4.14.0's free edition offers, as its /_localstack/health listed it (measured
# 2026-11-28). CloudTrail, RDS, ELBv2, Budgets and Cost Explorer are not among them.
LOCALSTACK_FREE_TIER_SERVICES = frozenset({
    "acm", "apigateway", "cloudformation", "cloudwatch", "config", "dynamodb", "dynamodbstreams", "ec2",
    "es", "events", "firehose", "iam", "kinesis", "kms", "lambda", "logs", "opensearch", "redshift",
    "resource-groups", "resourcegroupstaggingapi", "route53", "route53resolver", "s3", "s3control",
    "scheduler", "secretsmanager", "ses", "sns", "sqs", "ssm", "stepfunctions", "sts", "support", "swf",
    "transcribe",
})


LAB_MODELS = frozenset({"accessanalyzer"})
"""Services no emulator offers, which the lab models itself (labs/access_analyzer.py): no backend needs them."""


def services_needed(chapter) -> set[str]:
    from labs.checks import all_checks

    checks = all_checks()
    needed = set(chapter.services) | {s for c in chapter.checks if c in checks for s in checks[c].metadata.services}
    return needed - LAB_MODELS


def missing_services(chapter, backend) -> set[str]:
    """The services this chapter needs that the running backend does not offer (none for moto)."""
    available = getattr(backend, "services", None)
    if available is None:
        return set()
    return services_needed(chapter) - set(available)


def missing_on_localstack_free_tier(chapter) -> set[str]:
    return services_needed(chapter) - LOCALSTACK_FREE_TIER_SERVICES


def require(chapter, backend) -> None:
    missing = sorted(missing_services(chapter, backend))
    if missing:
        raise BackendUnavailableError(
            f"Chapter {chapter.stem} needs {', '.join(missing)}, which the {backend.name} backend does not "
            "offer; run it with LABS_BACKEND=moto (or moto-server), which has it.",
            f"챕터 {chapter.stem}에는 {josa(', '.join(missing), '이')} 필요한데 {backend.name} 백엔드에는 없습니다. "
            "LABS_BACKEND=moto(또는 moto-server)로 실행하세요.",
        )
