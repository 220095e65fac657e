"""CloudTrail as the checks see it: every trail this region can see (its own and other regions'
multi-region trails), whether it is logging, its settings, and the bucket it delivers to."""

from __future__ import annotations

from dataclasses import dataclass, field

from botocore.exceptions import ClientError

from labs.inventory import s3 as s3_inventory


@dataclass
class Trail:
    name: str
    arn: str
    home_region: str
    multi_region: bool
    log_file_validation: bool
    kms_key_id: str | None
    bucket_name: str
    key_prefix: str | None
    is_logging: bool
    event_selectors: list = field(default_factory=list)
    advanced_event_selectors: list = field(default_factory=list)
    bucket: s3_inventory.Bucket | None = None
    """The log bucket's settings; None when the bucket does not exist (or is another account's)."""
    log_group: str | None = None
    """The CloudWatch Logs group the trail also sends its events to (from CloudWatchLogsLogGroupArn)."""


@dataclass
class CloudTrailState:
    trails: list[Trail]
    account_public_access_block: dict | None

    def trail(self, name: str) -> Trail | None:
        return next((t for t in self.trails if t.name == name or t.arn == name), None)


def _status_client(aws, home_region: str):
    if home_region == aws.region:
        return aws.client("cloudtrail")
    from labs.cloudtrail.recorder import internal_client

    return internal_client("cloudtrail", home_region)


def _log_group_name(arn: str | None) -> str | None:
    """arn:aws:logs:<region>:<account>:log-group:<name>:* -> <name>."""
    if not arn or ":log-group:" not in arn:
        return None
    return arn.split(":log-group:", 1)[1].removesuffix(":*")


def collect(aws) -> CloudTrailState:
    cloudtrail, s3 = aws.client("cloudtrail"), aws.client("s3")
    trails = []
    for entry in cloudtrail.describe_trails(includeShadowTrails=True).get("trailList", []):
        home = entry.get("HomeRegion") or aws.region
        client = _status_client(aws, home)
        try:
            status = client.get_trail_status(Name=entry["TrailARN"])
            selectors = client.get_event_selectors(TrailName=entry["TrailARN"])
        except ClientError as error:
            if error.response["Error"]["Code"] == "TrailNotFoundException":
                continue  # deleted between listing and reading
            raise
        trail = Trail(
            name=entry["Name"],
            arn=entry["TrailARN"],
            home_region=home,
            multi_region=bool(entry.get("IsMultiRegionTrail")),
            log_file_validation=bool(entry.get("LogFileValidationEnabled")),
            kms_key_id=entry.get("KmsKeyId") or None,
            bucket_name=entry.get("S3BucketName", ""),
            key_prefix=entry.get("S3KeyPrefix"),
            is_logging=bool(status.get("IsLogging")),
            event_selectors=selectors.get("EventSelectors") or [],
            advanced_event_selectors=selectors.get("AdvancedEventSelectors") or [],
            log_group=_log_group_name(entry.get("CloudWatchLogsLogGroupArn")),
        )
        if trail.bucket_name:
            try:
                trail.bucket = s3_inventory.collect_bucket(s3, trail.bucket_name, home)
            except ClientError as error:
                if error.response["Error"]["Code"] not in ("NoSuchBucket", "AccessDenied"):
                    raise
        trails.append(trail)
    try:
        block = aws.client("s3control").get_public_access_block(AccountId=aws.account_id)
        account_block = block["PublicAccessBlockConfiguration"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchPublicAccessBlockConfiguration":
            raise
        account_block = None
    return CloudTrailState(trails=trails, account_public_access_block=account_block)
