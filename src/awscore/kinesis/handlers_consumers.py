"""Enhanced fan-out handlers: consumers and SubscribeToShard's event stream."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.registry import RequestContext
from .api import api, backend_of, child_wire, record_wire, reject, seconds
from .consumers import Consumer, Subscription
from .errors import ExpiredNextTokenException, InvalidArgumentException, stream_not_found
from .iterators import ITERATOR_TTL, decode_token, encode_token
from .reading import epoch_of
from .stream import Stream

Params = dict[str, Any]
Result = dict[str, Any]


def consumer_wire(stream: Stream, consumer: Consumer, with_stream: bool) -> Result:
    out: Result = {
        "ConsumerName": consumer.name,
        "ConsumerARN": consumer.arn,
        "ConsumerStatus": consumer.status(stream.clock.now()).value,
        "ConsumerCreationTimestamp": seconds(consumer.created_at),
    }
    if with_stream:
        out["StreamARN"] = stream.arn
    return out


@api.operation("RegisterStreamConsumer")
def register_stream_consumer(ctx: RequestContext, params: Params) -> Result:
    reject(params, "StreamId")
    stream = backend_of(ctx).stream(arn=params["StreamARN"])
    consumer = stream.register_consumer(params["ConsumerName"], dict(params.get("Tags") or {}))
    out = consumer_wire(stream, consumer, False)
    out["ConsumerStatus"] = "CREATING"  # AWS always answers CREATING; the status then moves on the clock
    return {"Consumer": out}


@api.operation("DescribeStreamConsumer")
def describe_stream_consumer(ctx: RequestContext, params: Params) -> Result:
    reject(params, "StreamId")
    stream, consumer = backend_of(ctx).consumer(params.get("ConsumerARN"), params.get("StreamARN"),
                                                params.get("ConsumerName"))
    return {"ConsumerDescription": consumer_wire(stream, consumer, True)}


@api.operation("DeregisterStreamConsumer")
def deregister_stream_consumer(ctx: RequestContext, params: Params) -> Result:
    reject(params, "StreamId")
    stream, consumer = backend_of(ctx).consumer(params.get("ConsumerARN"), params.get("StreamARN"),
                                                params.get("ConsumerName"))
    stream.deregister_consumer(consumer.name)
    return {}


@api.operation("ListStreamConsumers")
def list_stream_consumers(ctx: RequestContext, params: Params) -> Result:
    reject(params, "StreamId")
    stream = backend_of(ctx).stream(arn=params["StreamARN"])
    created = params.get("StreamCreationTimestamp")
    if created is not None and int(epoch_of(created)) != int(stream.created_at):
        raise stream_not_found(stream.name, ctx.account)
    limit = min(params.get("MaxResults") or 100, 100)  # AWS: default and cap 100
    start = 0
    token = params.get("NextToken")
    if token is not None:
        data = decode_token("consumers", token)
        if data is None or data.get("stream") != stream.arn:
            raise InvalidArgumentException(f"Invalid NextToken {token}.")  # [verify]
        if ctx.clock.now() * 1000 - data["t"] > ITERATOR_TTL * 1000:
            raise ExpiredNextTokenException("The NextToken has expired.")  # [verify]
        start = data["start"]
    consumers = stream.list_consumers()
    page = consumers[start:start + limit]
    out: Result = {"Consumers": [consumer_wire(stream, c, False) for c in page]}
    if start + limit < len(consumers):
        out["NextToken"] = encode_token("consumers", ctx.clock.now_ms(),  # type: ignore[attr-defined]
                                        stream=stream.arn, start=start + limit)
    return out


class EventStream:
    """What boto3's ``response["EventStream"]`` holds: an iterable of ``{"SubscribeToShardEvent": {...}}``."""

    def __init__(self, subscription: Subscription) -> None:
        self._subscription = subscription

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for event in self._subscription:
            body: Result = {"Records": [record_wire(r) for r in event.records],
                            "MillisBehindLatest": event.millis_behind_latest}
            if event.continuation is not None:
                body["ContinuationSequenceNumber"] = str(event.continuation)
            if event.child_shards is not None:
                body["ChildShards"] = [child_wire(c) for c in event.child_shards]
            yield {"SubscribeToShardEvent": body}

    def close(self) -> None:
        """End the subscription (as botocore's EventStream.close does)."""
        self._subscription.close()

    def get_initial_response(self) -> dict[str, Any]:
        """SubscribeToShard's initial response, as botocore's EventStream returns it: no members."""
        return {}


@api.operation("SubscribeToShard")
def subscribe_to_shard(ctx: RequestContext, params: Params) -> Result:
    reject(params, "StreamId", "DryRun")
    stream, consumer = backend_of(ctx).consumer(consumer_arn=params["ConsumerARN"])
    position = params["StartingPosition"]
    subscription = stream.subscribe_to_shard(consumer.name, params["ShardId"], position["Type"],
                                             position.get("SequenceNumber"), position.get("Timestamp"))
    return {"EventStream": EventStream(subscription)}
