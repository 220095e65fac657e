"""CloudTrail as the checks see it: every trail this region can see (its own and other regions'
multi-region trails), whether it is logging, its settings, its event selectors (which management
events it logs), and the bucket it delivers to."""

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
    """Classic event selectors, as GetEventSelectors answers them."""
    advanced_event_selectors: list = field(default_factory=list)
    """Advanced event selectors, as GetEventSelectors answers them."""
    bucket: s3_inventory.Bucket | None = None
    """The log bucket's settings; None when the bucket does not exist (or is another account's)."""
    log_group: str | None = None
    """The CloudWatch Logs group the trail also sends its events to (from CloudWatchLogsLogGroupArn)."""

    @property
    def management_events(self) -> frozenset:
        """Which management events the trail logs: {"read", "write"}, one of them, or none.

        A trail uses classic event selectors or advanced ones, never both (PutEventSelectors with
        one kind replaces the other). moto keeps stale advanced selectors when classic ones are put
        (measured), so classic selectors, when there are any, are the ones in force. A trail nobody
        gave selectors logs every management event (CloudTrail's default selector); moto answers
        such a trail with no selectors at all."""
        if self.event_selectors:
            return frozenset().union(*(_classic_management(s) for s in self.event_selectors))
        if self.advanced_event_selectors:
            return frozenset().union(*(_advanced_management(s) for s in self.advanced_event_selectors))
        return READ_AND_WRITE


READ_AND_WRITE = frozenset({"read", "write"})
_READ_WRITE_TYPES = {"All": READ_AND_WRITE, "ReadOnly": frozenset({"read"}), "WriteOnly": frozenset({"write"})}


def _classic_management(selector: dict) -> frozenset:
    """IncludeManagementEvents and ReadWriteType default to true and All (CloudTrail API reference)."""
    if not isinstance(selector, dict) or selector.get("IncludeManagementEvents", True) is False:
        return frozenset()
    return _READ_WRITE_TYPES.get(selector.get("ReadWriteType", "All"), frozenset())


def _advanced_management(selector: dict) -> frozenset:
    """An advanced selector logs management events when its eventCategory field equals Management;
    a readOnly field narrows it to read ("true") or write ("false") events."""
    fields = [f for f in (selector or {}).get("FieldSelectors", []) if isinstance(f, dict)]
    categories = [f for f in fields if f.get("Field") == "eventCategory"]
    if not any("Management" in (f.get("Equals") or []) for f in categories):
        return frozenset()
    kinds = set(READ_AND_WRITE)
    for f in fields:
        if f.get("Field") != "readOnly":
            continue
        if f.get("Equals"):
            kinds &= {"read" if str(v).lower() == "true" else "write" for v in f["Equals"]}
        if f.get("NotEquals"):
            kinds -= {"read" if str(v).lower() == "true" else "write" for v in f["NotEquals"]}
    return frozenset(kinds)


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
