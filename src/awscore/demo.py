"""The demo: one pipeline across the engines, on one Cloud and one clock."""

from __future__ import annotations

from .clock import ManualClock
from .cloud import Cloud


def run() -> int:
    cloud = Cloud(clock=ManualClock(1_700_000_000))
    sts = cloud.client("sts")
    print("caller account:", sts.get_caller_identity()["Account"])
    return 0
