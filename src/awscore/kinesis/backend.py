"""The streams of one account in one region (the state behind the boto3 API).

>>> from awscore.clock import ManualClock
>>> backend = KinesisBackend(clock=ManualClock(0))
>>> backend.create_stream("orders", shard_count=2).arn
'arn:aws:kinesis:us-east-1:123456789012:stream/orders'
"""

from __future__ import annotations

import re
import threading

from ..clock import Clock, SystemClock
from .consumers import Consumer
from .enums import StreamMode, parse_enum
from .errors import (
    InvalidArgumentException,
    LimitExceededException,
    ResourceInUseException,
    ResourceNotFoundException,
    shard_not_found,
    stream_not_found,
)
from .iterators import decode_iterator
from .reading import GetRecordsResult, check_token_age
from .state import DEFAULT_ACCOUNT, DEFAULT_REGION, default_mode
from .stream import Stream

__all__ = ["KinesisBackend", "shard_quota"]

STREAM_ARN = re.compile(r"arn:aws[^:]*:kinesis:([^:]*):(\d{12}):stream/([a-zA-Z0-9_.-]+)")
CONSUMER_ARN = re.compile(r"arn:aws[^:]*:kinesis:([^:]*):(\d{12}):stream/([a-zA-Z0-9_.-]+)/consumer/"
                          r"([a-zA-Z0-9_.-]+):(\d+)")
ON_DEMAND_STREAM_LIMIT = 50
_BIG_REGIONS = frozenset({"us-east-1", "us-west-2", "eu-west-1"})


def shard_quota(region: str) -> int:
    """The default account shard quota: 500 in us-east-1, us-west-2 and eu-west-1, 200 elsewhere."""
    return 500 if region in _BIG_REGIONS else 200


class KinesisBackend:
    """Named streams of one account and region, sharing one clock.

    ``status_delay`` (seconds streams and consumers stay CREATING/UPDATING/DELETING)
    and ``throughput_limits`` apply to streams created afterwards; ``shard_limit``
    defaults to AWS's regional quota.
    """

    def __init__(self, clock: Clock | None = None, account: str = DEFAULT_ACCOUNT, region: str = DEFAULT_REGION,
                 *, status_delay: float = 0.0, throughput_limits: bool = False,
                 shard_limit: int | None = None) -> None:
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.account = account
        self.region = region
        self.status_delay = status_delay
        self.throughput_limits = throughput_limits
        self.shard_limit = shard_quota(region) if shard_limit is None else shard_limit
        self._streams: dict[str, Stream] = {}
        self._deleting: dict[str, float] = {}
        self._lock = threading.RLock()

    # -- lifecycle -----------------------------------------------------------------------

    def _settle(self) -> None:
        if not self._deleting:
            return
        now = self.clock.now()
        with self._lock:
            for name, at in list(self._deleting.items()):
                if now >= at:
                    del self._deleting[name]
                    self._streams.pop(name, None)

    def open_shard_count(self) -> int:
        """Open shards of every stream of the account in this region."""
        self._settle()
        with self._lock:
            return sum(len(s._router) for s in self._streams.values())

    def _check_quota(self, additional: int) -> None:
        current = self.open_shard_count()
        if current + additional > self.shard_limit:
            raise LimitExceededException(
                f"This request would exceed the shard limit for the account {self.account} in {self.region}. "
                f"Current shard count for the account: {current}. Limit: {self.shard_limit}. Number of additional "
                f"shards that would have resulted from this request: {additional}. Refer to the AWS Service Limits "
                "page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits "
                "and how to request higher limits.")

    def create_stream(self, name: str, shard_count: int | None = None, *,
                      mode: StreamMode | str | None = None, tags: dict[str, str] | None = None,
                      max_record_size_kib: int = 1024) -> Stream:
        """AWS ``CreateStream``. Raises ResourceInUseException (name taken) and LimitExceededException.

        Without a shard count or a mode the stream is ON_DEMAND (4 shards), as AWS creates it.
        """
        with self._lock:
            self._settle()
            if name in self._streams:
                raise ResourceInUseException(f"Stream {name} under account {self.account} already exists.")
            mode = default_mode(shard_count) if mode is None else parse_enum(
                StreamMode, mode, "streamModeDetails.streamMode")
            if mode is StreamMode.ON_DEMAND:
                count = sum(1 for s in self._streams.values() if s.mode is StreamMode.ON_DEMAND)
                if count >= ON_DEMAND_STREAM_LIMIT:
                    raise LimitExceededException(  # [verify] message
                        f"This request would exceed the on-demand stream limit for the account {self.account} in "
                        f"{self.region}. Limit: {ON_DEMAND_STREAM_LIMIT}.")
            self._check_quota(4 if mode is StreamMode.ON_DEMAND else int(shard_count or 0))
            stream = Stream(name, shard_count, mode=mode, clock=self.clock, account=self.account,
                            region=self.region, status_delay=self.status_delay, tags=tags,
                            max_record_size_kib=max_record_size_kib, throughput_limits=self.throughput_limits,
                            limit_hook=self._check_quota)
            self._streams[name] = stream
            return stream

    def delete_stream(self, stream: Stream, enforce_consumer_deletion: bool = False) -> None:
        """AWS ``DeleteStream``: DELETING for the status delay, then gone.

        Raises ResourceInUseException when consumers are registered and deletion is not enforced.
        """
        with self._lock:
            if stream.list_consumers() and not enforce_consumer_deletion:
                raise ResourceInUseException(  # AWS's text (curly apostrophe), as quoted by users
                    f"DeleteStream can\u2019t delete {self.account}:{stream.name} because there are consumers "
                    f"associated with this data stream. To delete {stream.name} anyway, set the "
                    "EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that "
                    "are associated with it.")
            stream._deleting = True
            stream.consumers.clear()
            self._deleting[stream.name] = self.clock.now() + self.status_delay
            self._settle()

    # -- lookup -----------------------------------------------------------------------------

    def stream(self, name: str | None = None, arn: str | None = None) -> Stream:
        """The stream named ``name`` or with ARN ``arn``; ResourceNotFoundException otherwise."""
        self._settle()
        if arn is not None:
            match = STREAM_ARN.fullmatch(arn)
            if match is None:
                raise InvalidArgumentException(f"Invalid StreamARN {arn}.")  # [verify]
            region, account, arn_name = match.groups()
            if name is not None and name != arn_name:
                raise InvalidArgumentException(  # [verify]
                    f"StreamARN {arn} and StreamName {name} do not refer to the same stream.")
            if region != self.region or account != self.account:
                raise stream_not_found(arn_name, account)
            name = arn_name
        if name is None:
            raise InvalidArgumentException("Either StreamName or StreamARN must be provided.")  # [verify]
        stream = self._streams.get(name)
        if stream is None:
            raise stream_not_found(name, self.account)
        return stream

    def streams(self) -> list[Stream]:
        """Every stream, by name."""
        self._settle()
        with self._lock:
            return [self._streams[n] for n in sorted(self._streams)]

    def consumer(self, consumer_arn: str | None = None, stream_arn: str | None = None,
                 consumer_name: str | None = None) -> tuple[Stream, Consumer]:
        """A consumer by ARN, or by stream ARN + name; ResourceNotFoundException otherwise."""
        if consumer_arn is not None:
            match = CONSUMER_ARN.fullmatch(consumer_arn)
            if match is None:
                raise InvalidArgumentException(f"Invalid ConsumerARN {consumer_arn}.")  # [verify]
            region, account, stream_name, name, created = match.groups()
            missing = ResourceNotFoundException(f"Consumer {consumer_arn}, account {account} not found.")
            if region != self.region or account != self.account:
                raise missing
            self._settle()
            stream = self._streams.get(stream_name)
            if stream is None:
                raise missing
            try:
                consumer = stream.get_consumer(name)
            except ResourceNotFoundException:
                raise missing from None
            if consumer.arn != consumer_arn:
                raise missing
            return stream, consumer
        if stream_arn is None or consumer_name is None:
            raise InvalidArgumentException(  # [verify]
                "Either ConsumerARN or both StreamARN and ConsumerName must be provided.")
        stream = self.stream(arn=stream_arn)
        return stream, stream.get_consumer(consumer_name)

    def get_records(self, shard_iterator: str, limit: int | None = None) -> GetRecordsResult:
        """AWS ``GetRecords`` given only the iterator: finds the stream it belongs to."""
        token = decode_iterator(shard_iterator)
        if token is None:
            raise InvalidArgumentException("Invalid ShardIterator.")
        check_token_age(token, self.clock.now_ms())  # type: ignore[attr-defined]
        self._settle()
        stream = self._streams.get(token.stream)
        if stream is None:
            raise shard_not_found(f"shardId-{token.shard_index:012d}", token.stream, self.account)
        return stream.get_records(shard_iterator, limit)
