"""CloudTrail's cost in the lab: what recording adds to a 200-call scenario, and how fast
`labs.cloudtrail.load` reads real CloudTrail records.

    python benchmarks/cloudtrail.py

The scenario runs in chapter 03's world with the trail fixed and logging (so every call is
recorded, kept in event history and queued for delivery), once with recording on and once off,
alternating. The loader reads the 453 real records of data/cloudtrail/panther-labelled, repeated
250 times, and the lab's own records, both in gzipped files of 1,000 records, as a trail delivers
them.
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def scenario_200_calls(boto3, bucket: str) -> None:
    s3, cloudtrail, kms, iam, sts = (boto3.client(s) for s in ("s3", "cloudtrail", "kms", "iam", "sts"))
    for i in range(40):
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "run", "Value": str(i)}]})
        s3.get_bucket_tagging(Bucket=bucket)
        cloudtrail.describe_trails()
        kms.list_keys()
        iam.list_users()
    sts.get_caller_identity()


def recording_overhead(runs: int) -> tuple[float, float, float]:
    """Median seconds of the 200-call scenario with recording on and off, and the median time spent
    in the recorder's own work (building, keeping and queueing records) during one run."""
    import boto3

    import labs
    from labs import company
    from labs.cloudtrail import delivery, event_history, eventbridge, recorder

    lab = labs.start("08-s3")  # chapter 03's trail fixed and logging, plus the image bucket
    bucket = company.image_bucket_name(lab.account_id)
    scenario_200_calls(boto3, bucket)  # warm: clients, models
    spent = [0.0]
    originals = []
    for module, name in ((recorder, "build_record"), (event_history, "add"), (delivery, "queue"), (eventbridge, "publish")):
        original = getattr(module, name)
        originals.append((module, name, original))

        def timed(*args, _original=original, **kwargs):
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - started

        setattr(module, name, timed)
    on, off, work = [], [], []
    try:
        # Many alternating runs: a shared 2-core machine is noisy, the median is not.
        for round_ in range(4 * runs + 1):
            pair = ((True, on), (False, off))
            for enabled, times in (pair if round_ % 2 else pair[::-1]):  # alternate which goes first
                recorder._state["enabled"] = enabled
                spent[0] = 0.0
                started = time.perf_counter()
                scenario_200_calls(boto3, bucket)
                times.append(time.perf_counter() - started)
                if enabled:
                    work.append(spent[0])
    finally:
        recorder._state["enabled"] = True
        for module, name, original in originals:
            setattr(module, name, original)
    return statistics.median(on), statistics.median(off), statistics.median(work)


def loader_speed(runs: int) -> tuple[float, int, float, int]:
    """(records per second on real records, their count, records per second on the lab's gzipped files, count)."""
    import labs
    from labs import company
    from labs.cloudtrail import event_history, load

    real = json.loads((ROOT / "data/cloudtrail/panther-labelled/panther_cloudtrail_test_events.json").read_text())["Records"]
    # As a trail delivers them: gzipped files of about a thousand records.
    folder = Path(tempfile.mkdtemp(prefix="labs-bench-ct-"))
    repeated = real * 250
    for i in range(0, len(repeated), 1000):
        chunk = {"Records": repeated[i:i + 1000]}
        (folder / f"{i // 1000:04}.json.gz").write_bytes(gzip.compress(json.dumps(chunk).encode()))
    speeds = []
    for _ in range(runs):
        speeds.append(_timed_load(load, folder))
    count = len(real) * 250
    # The lab's own records, as a trail delivers them: 100 gzipped files of 1,000 records.
    lab = labs.start("03-cloudtrail")
    own = event_history.records(lab.region)
    lab_folder = Path(tempfile.mkdtemp(prefix="labs-bench-ct-own-"))
    records = (own * (1000 // len(own) + 1))[:1000]
    for i in range(100):
        (lab_folder / f"{i:03}.json.gz").write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
    own_speeds = [_timed_load(load, lab_folder) for _ in range(runs)]
    del company
    return statistics.median(speeds), count, statistics.median(own_speeds), 100_000


def _timed_load(load, folder: Path) -> float:
    """Records per second, until the frame is returned (freeing it afterwards is not the loader's work)."""
    started = time.perf_counter()
    frame = load(folder, quiet=True)
    elapsed = time.perf_counter() - started
    count = len(frame)
    del frame
    return count / elapsed


def rows(runs: int = 5) -> list[str]:
    on, off, work = recording_overhead(runs)
    overhead = (on - off) / off * 100
    real_speed, real_count, own_speed, own_count = loader_speed(runs)
    return [
        f"| recording overhead, 200-call scenario (trail logging), moto | {on:.2f} s vs {off:.2f} s "
        f"(+{overhead:.1f} %) | < 10 % {'✅' if overhead < 10 else '❌'} | recording on vs off, medians; the "
        f"recorder's own work {work * 1000:.0f} ms ({work / off * 100:.1f} %, {work / 200 * 1e6:.0f} µs a call) |",
        f"| `labs.cloudtrail.load`, {real_count:,} real records (panther's 453, repeated; 114 `.json.gz` files) | "
        f"{real_speed:,.0f} records/s | "
        f"≥ 50,000/s {'✅' if real_speed >= 50000 else '❌'} | |",
        f"| `labs.cloudtrail.load`, {own_count:,} lab records (100 `.json.gz` files) | {own_speed:,.0f} records/s | "
        f"≥ 50,000/s {'✅' if own_speed >= 50000 else '❌'} | |",
    ]


if __name__ == "__main__":
    print("\n".join(rows()))
