"""Enhanced fan-out: registered consumers and SubscribeToShard event streams.

A subscription is an iterator of :class:`SubscribeToShardEvent`. Each
``next()`` reads what the shard holds from the consumer's position, so records
written after subscribing are delivered too. It ends after 5 minutes of clock
time, at a closed shard's end (that last event carries the child shards and no
continuation number), when a newer subscription of the same consumer and shard
takes over, or, unless ``live=True``, right after the event that catches up
with the tip (an in-process stream cannot block waiting for writers).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from ..core.validation import render_value, validation_message
from .enums import ConsumerStatus, ShardIteratorType, parse_enum
from .errors import (
    LimitExceededException,
    ResourceInUseException,
    ResourceNotFoundException,
    ValidationException,
)
from .iterators import Position
from .reading import ChildShard, ReaderMixin
from .shard import Record, Shard
from .state import NAME_PATTERN

__all__ = ["Consumer", "SubscribeToShardEvent", "Subscription", "ConsumerMixin", "MAX_CONSUMERS",
           "SUBSCRIPTION_SECONDS"]

MAX_CONSUMERS = 20
MAX_CREATING = 5
SUBSCRIPTION_SECONDS = 300.0
EVENT_MAX_BYTES = 2 * 1024 * 1024
EVENT_MAX_RECORDS = 10_000


@dataclass(eq=False)
class Consumer:
    """A registered enhanced fan-out consumer of one stream."""

    name: str
    arn: str
    created_at: float
    ready_at: float
    tags: dict[str, str] = field(default_factory=dict)
    deleting_at: float | None = None
    subscriptions: dict[int, Subscription] = field(default_factory=dict)

    def status(self, now: float) -> ConsumerStatus:
        if self.deleting_at is not None:
            return ConsumerStatus.DELETING
        return ConsumerStatus.CREATING if now < self.ready_at else ConsumerStatus.ACTIVE


@dataclass(frozen=True, slots=True)
class SubscribeToShardEvent:
    """One event of a subscription; ``continuation`` is None only on the shard-end event."""

    records: list[Record]
    continuation: int | None
    millis_behind_latest: int
    child_shards: list[ChildShard] | None = None


class Subscription(Iterator[SubscribeToShardEvent]):
    """A live SubscribeToShard event stream (see the module docstring for when it ends)."""

    def __init__(self, stream: ConsumerMixin, consumer: Consumer, shard: Shard, position: Position,
                 live: bool) -> None:
        self.stream, self.consumer, self.shard = stream, consumer, shard
        self.position = position
        self.live = live
        self.started_at = stream.clock.now()
        self.finished = False

    def __iter__(self) -> Subscription:
        return self

    def close(self) -> None:
        """End the subscription early."""
        self.finished = True

    def __next__(self) -> SubscribeToShardEvent:
        stream = self.stream
        if (self.finished or stream.clock.now() - self.started_at >= SUBSCRIPTION_SECONDS
                or self.consumer.subscriptions.get(self.shard.index) is not self
                or stream.consumers.get(self.consumer.name) is not self.consumer):
            self.finished = True
            raise StopIteration
        result = stream._read(self.shard, self.position, EVENT_MAX_RECORDS, EVENT_MAX_BYTES, throttle=False)
        if result.records:
            self.position = Position(result.records[-1].sequence_number)
        if result.next_iterator is None:
            self.finished = True
            return SubscribeToShardEvent(result.records, None, result.millis_behind_latest, result.child_shards)
        if result.millis_behind_latest == 0 and not self.live:
            self.finished = True
        return SubscribeToShardEvent(result.records, self.position.seq, result.millis_behind_latest)


class ConsumerMixin(ReaderMixin):
    """Registering consumers and subscribing them to shards."""

    def _settle_consumers(self) -> None:
        now = self.clock.now()
        for name, consumer in list(self.consumers.items()):
            if consumer.deleting_at is not None and now >= consumer.deleting_at:
                del self.consumers[name]

    def register_consumer(self, name: str, tags: dict[str, str] | None = None) -> Consumer:
        """Register an enhanced fan-out consumer (AWS ``RegisterStreamConsumer``); CREATING, then ACTIVE.

        The ARN ends with ``:<creation epoch seconds>``. Raises ResourceInUseException
        (name taken), LimitExceededException (20 consumers, or 5 CREATING at once).
        """
        if not isinstance(name, str) or not 1 <= len(name) <= 128 or not NAME_PATTERN.fullmatch(name):
            raise ValidationException(validation_message([
                f"Value {render_value(name)} at 'consumerName' failed to satisfy constraint: "
                "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"]))
        with self._lock:
            self._settle_consumers()
            now = self.clock.now()
            if name in self.consumers:
                raise ResourceInUseException(
                    f"Consumer {self.consumer_arn(name, self.consumers[name].created_at)} already exists "
                    f"under account {self.account}.")  # [verify] message
            if len(self.consumers) >= MAX_CONSUMERS:
                raise LimitExceededException(
                    f"Consumer limit of {MAX_CONSUMERS} has been reached for stream {self.arn}.")  # [verify]
            creating = sum(1 for c in self.consumers.values() if c.status(now) is ConsumerStatus.CREATING)
            if creating >= MAX_CREATING:
                raise LimitExceededException(
                    f"Too many consumers are being created at once for stream {self.arn}.")  # [verify]
            consumer = Consumer(name, self.consumer_arn(name, now), now, now + self.status_delay, dict(tags or {}))
            self.consumers[name] = consumer
            return consumer

    def consumer_arn(self, name: str, created_at: float) -> str:
        return f"{self.arn}/consumer/{name}:{int(created_at)}"

    def get_consumer(self, name: str) -> Consumer:
        """The consumer called ``name``; ResourceNotFoundException when there is none."""
        self._settle_consumers()
        consumer = self.consumers.get(name)
        if consumer is None:
            raise ResourceNotFoundException(
                f"Consumer {self.arn}/consumer/{name}, account {self.account} not found.")
        return consumer

    def deregister_consumer(self, name: str) -> Consumer:
        """Deregister a consumer (AWS ``DeregisterStreamConsumer``): DELETING, then gone."""
        with self._lock:
            consumer = self.get_consumer(name)
            if consumer.deleting_at is None:
                consumer.deleting_at = self.clock.now() + self.status_delay
                consumer.subscriptions.clear()
            self._settle_consumers()
            return consumer

    def list_consumers(self) -> list[Consumer]:
        """Consumers in registration order."""
        self._settle_consumers()
        return list(self.consumers.values())

    def subscribe_to_shard(
        self,
        consumer_name: str,
        shard_id: str,
        starting_position: ShardIteratorType | str,
        sequence_number: str | int | None = None,
        timestamp: datetime | float | str | None = None,
        *,
        live: bool = False,
    ) -> Subscription:
        """Subscribe a consumer to a shard (AWS ``SubscribeToShard``): an iterator of events.

        Raises ResourceNotFoundException (consumer or shard), ResourceInUseException
        (consumer not ACTIVE, or a running subscription of the same consumer and shard
        younger than 5 seconds), InvalidArgumentException (starting position).
        """
        with self._lock:
            consumer = self.get_consumer(consumer_name)
            now = self.clock.now()
            if consumer.status(now) is not ConsumerStatus.ACTIVE:
                raise ResourceInUseException(
                    f"Consumer {consumer.name} with creation timestamp {int(consumer.created_at)} under stream: "
                    f"{self.name} , account {self.account} is not in ACTIVE status.")
            shard = self._find_shard(shard_id)
            if shard is None:
                raise ResourceNotFoundException(
                    f"Shard {self._display_id(shard_id)} in stream {self.name} under account {self.account} "
                    "does not exist")
            running = consumer.subscriptions.get(shard.index)
            if running is not None and not running.finished and now - running.started_at < 5:
                raise ResourceInUseException(  # the text users quote from AWS
                    "Another active subscription exists for this consumer")
            kind = parse_enum(ShardIteratorType, starting_position, "startingPosition.type")
            seq = sequence_number if kind in (ShardIteratorType.AT_SEQUENCE_NUMBER,
                                              ShardIteratorType.AFTER_SEQUENCE_NUMBER) else None
            shard.trim(self.retention_horizon_ms())
            position = self._position(shard, kind, seq, timestamp)
            subscription = Subscription(self, consumer, shard, position, live)
            consumer.subscriptions[shard.index] = subscription
            return subscription
