"""S3: Object Lock can be turned on for an existing versioned bucket, and its default retention changed.

moto 5.2 refuses PutObjectLockConfiguration on any bucket that holds an object (InvalidBucket "Bucket
needs to be empty"), even to change the default retention of a bucket that is already locked. S3 has
allowed Object Lock on existing versioned buckets since November 2023, and always allowed changing the
default retention: the lab drops moto's emptiness test and keeps its versioning test
(InvalidBucketState). As on AWS, the default retention applies to object versions written from then
on, not to the ones already there.

Test: tests/emulator_fidelity/test_s3_object_lock_existing_buckets.py (moto itself still refuses).
"""

from __future__ import annotations

from labs.emulator_fidelity._patching import replace


def install() -> None:
    from moto.s3.exceptions import InvalidBucketState
    from moto.s3.models import S3Backend

    def put_object_lock_configuration(self, bucket_name, lock_enabled, mode=None, days=None, years=None):
        bucket = self.get_bucket(bucket_name)
        if not bucket.is_versioned:
            raise InvalidBucketState(
                "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration"
            )
        if lock_enabled:
            bucket.object_lock_enabled = True
            bucket.versioning_status = "Enabled"
        bucket.default_lock_mode = mode
        bucket.default_lock_days = days
        bucket.default_lock_years = years

    replace(__name__, S3Backend, "put_object_lock_configuration", put_object_lock_configuration)
