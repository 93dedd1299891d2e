"""The boto3-shaped layer: the operation table, request validation and wire conversions.

Handlers live in ``handlers_*.py``; they turn AWS's request dicts into engine
calls and engine objects into fresh response dicts (strings for sequence
numbers and hash keys, tz-aware datetimes, bytes for data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..clock import to_datetime
from ..core.errors import NotImplementedByAwscore
from ..core.registry import RequestContext, ServiceAPI
from ..core.validation import Validator, validation_message
from .backend import KinesisBackend
from .enums import ShardIteratorType
from .reading import ChildShard
from .shapes import OPERATIONS, SHAPES
from .shard import Record, Shard
from .stream import Stream

__all__ = ["api", "backend_of", "stream_of", "shard_wire", "record_wire", "child_wire", "reject"]

# The model caps Data at 10 MiB (the largest configurable record); the engine
# applies the stream's own limit (1 MiB by default) with AWS's message.
_SHAPES = dict(SHAPES)
_SHAPES["Data"] = ("blob", {"min": 0})
# AWS's own validation messages spell these constraints as its server model does, which
# differs from botocore's newer model (anchored patterns, enum order); the checks are the same.
_SHAPES["HashKey"] = ("string", {"pattern": r"0|([1-9]\d{0,38})"})
_SHAPES["SequenceNumber"] = ("string", {"pattern": r"0|([1-9]\d{0,128})"})
# AWS's server model bounds the retention period below (kinesalite, AWS-checked); botocore's has no bound
_SHAPES["RetentionPeriodHours"] = ("integer", {"min": 1})
# AWS bounds UpdateShardCount's target above in validation (kinesalite, AWS-checked); CreateStream's count is not
_SHAPES["UpdateShardCountTarget"] = ("integer", {"min": 1, "max": 100000})
_SHAPES["UpdateShardCountInput"] = ("structure", {
    **SHAPES["UpdateShardCountInput"][1],
    "members": {**SHAPES["UpdateShardCountInput"][1]["members"], "TargetShardCount": "UpdateShardCountTarget"}})
_SHAPES["ShardIteratorType"] = ("string", {"enum": [t.value for t in ShardIteratorType]})

_HASH_KEY = re.compile(SHAPES["HashKey"][1]["pattern"])
_ENTRY_KEYS = frozenset(("Data", "PartitionKey", "ExplicitHashKey"))
_MAX_LISTED = 10


class KinesisValidator(Validator):
    """The generic validator, with a fast path for well-formed PutRecords batches.

    Walking 500 entries through the generic shape walker costs more than
    storing them; a tight loop accepts the common well-formed batch, and any
    doubt falls back to the generic walk, which reports AWS's exact messages.
    """

    def validate(self, operation: str, params: Mapping[str, Any]) -> None:
        if operation == "PutRecords" and self._plain_batch(params):
            rest = {k: v for k, v in params.items() if k != "Records"}
            rest["Records"] = ()
            found = [v for v in self.violations(operation, rest) if not v.endswith("length greater than or equal to 1")
                     or "'records'" not in v]
            if found:
                self._report(operation, params)
            return
        self._report(operation, params)

    def _report(self, operation: str, params: Mapping[str, Any]) -> None:
        """AWS lists at most 10 violations and counts only those it lists (kinesalite's 501-record
        batch: ``10 validation errors detected``); its member order is not stable, but the stream
        name's come last in most recorded answers, which decides what a capped list keeps."""
        found = self.violations(operation, params)
        if found:
            found.sort(key=lambda v: "' at 'streamName' " in v)
            raise self.error(validation_message(found[:_MAX_LISTED]))

    def _check(self, name: str, value: Any, path: str, out: list[str]) -> None:
        """Maps (the tag maps) are judged whole, as AWS's Java front end reports them:
        ``Value '{k=v, ...}' at 'tags' failed to satisfy constraint: Map keys must satisfy
        constraint: [<every key constraint>]`` (kinesalite, AWS-checked); the same for values."""
        kind, spec = self.shapes[name]
        if kind == "list" and isinstance(value, list | tuple) and self.shapes[spec["member"]][0] == "string":
            # a list of strings is judged whole too: "Value '[a, b]' at 'tagKeys' failed to satisfy
            # constraint: Member must satisfy constraint: [...]" (kinesalite, AWS-checked)
            self._bounds_length(value, spec, path, out)
            found: list[str] = []
            for item in value:
                if item is not None:
                    super()._check(spec["member"], item, path, found)
            if found:
                out.append(f"Value '[{', '.join(str(v) for v in value)}]' at '{path}' failed to satisfy constraint: "
                           f"Member must satisfy constraint: [{_java_constraints(self.shapes[spec['member']][1])}]")
            return
        if kind != "map" or name in self.opaque or not isinstance(value, Mapping):
            super()._check(name, value, path, out)
            return
        self._bounds_length(value, spec, path, out)
        for part, shape, items in (("keys", spec["key"], list(value)),
                                   ("value", spec["value"], [v for v in value.values() if v is not None])):
            found: list[str] = []
            for item in items:
                super()._check(shape, item, path, found)
            if found:
                out.append(f"Value '{_java_map(value)}' at '{path}' failed to satisfy constraint: "
                           f"Map {part} must satisfy constraint: [{_java_constraints(self.shapes[shape][1])}]")

    @staticmethod
    def _plain_batch(params: Mapping[str, Any]) -> bool:
        records = params.get("Records")
        if not isinstance(records, list) or not 1 <= len(records) <= 500:
            return False
        for entry in records:
            if type(entry) is not dict or not entry.keys() <= _ENTRY_KEYS:
                return False
            data, key = entry.get("Data"), entry.get("PartitionKey")
            if type(data) is not bytes or type(key) is not str or not 1 <= len(key) <= 256:
                return False
            explicit = entry.get("ExplicitHashKey")
            if explicit is not None and (type(explicit) is not str or not _HASH_KEY.fullmatch(explicit)):
                return False
        return True


def _java_map(value: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{k}={v}" for k, v in value.items()) + "}"


def _java_constraints(spec: Mapping[str, Any]) -> str:
    """A string shape's constraints as AWS lists them inside ``Map keys must satisfy constraint: [...]``."""
    parts = []
    if "enum" in spec:
        parts.append(f"Member must satisfy enum value set: [{', '.join(spec['enum'])}]")
    if "max" in spec:
        parts.append(f"Member must have length less than or equal to {spec['max']}")
    if "min" in spec:
        parts.append(f"Member must have length greater than or equal to {spec['min']}")
    if "pattern" in spec:
        parts.append(f"Member must satisfy regular expression pattern: {spec['pattern']}")
    return ", ".join(parts)


api = ServiceAPI("kinesis", validator=KinesisValidator(_SHAPES, OPERATIONS))


def backend_of(ctx: RequestContext) -> KinesisBackend:
    backend: KinesisBackend = ctx.backend
    return backend


def reject(params: dict[str, Any], *names: str) -> None:
    """Fail loudly on request members awscore does not implement."""
    for name in names:
        value = params.get(name)
        if value is not None and value is not False:
            raise NotImplementedByAwscore(f"awscore's kinesis does not implement the {name} parameter")


def stream_of(ctx: RequestContext, params: dict[str, Any]) -> Stream:
    """The stream addressed by ``StreamName`` and/or ``StreamARN``."""
    reject(params, "StreamId")
    return backend_of(ctx).stream(params.get("StreamName"), params.get("StreamARN"))


def seconds(epoch: float) -> Any:
    return to_datetime(int(epoch))


def shard_wire(shard: Shard) -> dict[str, Any]:
    out: dict[str, Any] = {"ShardId": shard.shard_id}
    if shard.parent_id is not None:
        out["ParentShardId"] = shard.parent_id
    if shard.adjacent_parent_id is not None:
        out["AdjacentParentShardId"] = shard.adjacent_parent_id
    out["HashKeyRange"] = {"StartingHashKey": str(shard.start_hash), "EndingHashKey": str(shard.end_hash)}
    seq: dict[str, str] = {"StartingSequenceNumber": str(shard.starting_sequence)}
    if shard.ending_sequence is not None:
        seq["EndingSequenceNumber"] = str(shard.ending_sequence)
    out["SequenceNumberRange"] = seq
    return out


def record_wire(record: Record) -> dict[str, Any]:
    out: dict[str, Any] = {
        "SequenceNumber": str(record.sequence_number),
        "ApproximateArrivalTimestamp": to_datetime(record.arrival_ms / 1000),
        "Data": record.data,
        "PartitionKey": record.partition_key,
    }
    if record.encrypted:
        out["EncryptionType"] = "KMS"
    return out


def child_wire(child: ChildShard) -> dict[str, Any]:
    return {
        "ShardId": child.shard_id,
        "ParentShards": list(child.parent_shards),
        "HashKeyRange": {"StartingHashKey": str(child.start_hash), "EndingHashKey": str(child.end_hash)},
    }
