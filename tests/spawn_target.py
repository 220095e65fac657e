"""What a `multiprocessing` child (spawn) runs in tests/guard_child.py: plain boto3, no `import labs`.
It inherits only the environment, and must fail on this machine."""

import os
import sys


def caller_identity() -> str:
    import escapes

    sys.addaudithook(escapes._hook)  # this child has no guard: it records every attempt beyond loopback
    escapes._on[0] = True
    os.environ["AWS_MAX_ATTEMPTS"] = "1"  # fail at once rather than after botocore's retries
    import boto3
    from botocore.exceptions import EndpointConnectionError

    try:
        return f"answered: {boto3.client('sts').get_caller_identity()['Account']}"
    except EndpointConnectionError as error:
        where = str(error)
        if '"http://127.0.0.1:' in where and not escapes._recorded:
            return f"LOCAL FAILURE: {where}"
        return f"{where}; escapes: {escapes._recorded}"
    finally:
        escapes._on[0] = False
