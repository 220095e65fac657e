"""CloudTrail for the lab: the emulator (moto 5.2.5) stores trails but records no events, answers
no `LookupEvents` and delivers no log files. The lab provides all three, in the real formats:

- `recorder`: every API call made through the lab becomes a CloudTrail record (botocore handlers);
- `event_history`: the last 90 days of management events, served to plain
  `boto3.client("cloudtrail").lookup_events(...)`;
- `delivery`: gzipped JSON log files in the trail's bucket, under CloudTrail's key layout;
- `eventbridge`: management events on the default event bus as "AWS API Call via CloudTrail";
- `loader`: `labs.cloudtrail.load(...)` reads real CloudTrail logs (files, folders, a bucket) into pandas.
"""

from labs.cloudtrail.loader import load

__all__ = ["load"]
