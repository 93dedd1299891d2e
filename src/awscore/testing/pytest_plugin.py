"""pytest plugin (entry point ``pytest11``): the ``aws`` fixture.

``aws`` yields a fresh :class:`~awscore.Cloud` (on a :class:`~awscore.clock.ManualClock`)
with ``mock_aws`` active, so plain ``boto3.client(...)`` calls in the test are
answered in-process::

    def test_upload(aws):
        boto3.client("s3").create_bucket(Bucket="b")
        aws.clock.advance(86400)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ..clock import ManualClock
from ..cloud import Cloud


@pytest.fixture
def aws() -> Iterator[Cloud]:
    """A fresh Cloud on a manual clock, with ``mock_aws`` active for the test."""
    from ..mock import mock_aws

    with mock_aws(cloud=Cloud(clock=ManualClock())) as cloud:
        yield cloud

