"""SplitShard, MergeShards and UpdateShardCount.

A reshard closes its parents (ending sequence number above all their
records) and opens children whose sequence numbers all exceed the parents'.
With a status delay the stream is UPDATING and writes keep landing in the
parents until the change takes effect on the clock.
"""

from __future__ import annotations

from .enums import ScalingType, parse_enum
from .errors import InvalidArgumentException, LimitExceededException
from .shard import Shard
from .state import StreamBase

__all__ = ["ReshardMixin", "MAX_SHARDS_PER_STREAM", "MAX_SCALINGS_PER_DAY"]

MAX_SHARDS_PER_STREAM = 10_000
MAX_SCALINGS_PER_DAY = 10


class ReshardMixin(StreamBase):
    """Changing the shard topology."""

    def split_shard(self, shard_to_split: str, new_starting_hash_key: int | str) -> None:
        """Split an open shard at ``new_starting_hash_key`` (AWS ``SplitShard``).

        Children get ``[start, key-1]`` and ``[key, end]``, both with ``ParentShardId``.
        Raises ValidationException (ON_DEMAND stream), ResourceInUseException (not ACTIVE),
        ResourceNotFoundException (unknown shard), InvalidArgumentException (closed shard,
        key not strictly inside ``(start+1, end)``), LimitExceededException (account quota).
        """
        self._require_provisioned()
        with self._lock:
            shard = self._shard_for_write(shard_to_split)
            self._require_open(shard)
            if self.limit_hook is not None:
                self.limit_hook(1)
            text = str(new_starting_hash_key)
            key = int(text) if text.isdigit() and text.isascii() else -1
            if not shard.start_hash + 1 < key < shard.end_hash:
                raise InvalidArgumentException(
                    f"NewStartingHashKey {text} used in SplitShard() on shard {shard.shard_id} in stream "
                    f"{self.name} under account {self.account} is not both greater than one plus the shard's "
                    f"StartingHashKey {shard.start_hash} and less than the shard's EndingHashKey {shard.end_hash}.")
            self._require_active()
            self._schedule(lambda at: self._split_at(shard, key, at))

    def merge_shards(self, shard_to_merge: str, adjacent_shard_to_merge: str) -> None:
        """Merge two adjacent open shards (AWS ``MergeShards``); order matters: first.end + 1 == second.start.

        The child has ``ParentShardId=shard_to_merge`` and ``AdjacentParentShardId``.
        Raises as :meth:`split_shard`, and InvalidArgumentException for a non-adjacent pair.
        """
        self._require_provisioned()
        with self._lock:
            first = self._shard_for_write(shard_to_merge)
            second = self._shard_for_write(adjacent_shard_to_merge)
            self._require_open(first)
            self._require_open(second)
            if first.end_hash + 1 != second.start_hash:
                raise InvalidArgumentException(
                    f"Shards {first.shard_id} and {second.shard_id} in stream {self.name} under account "
                    f"{self.account} are not an adjacent pair of shards eligible for merging")
            self._require_active()
            self._schedule(lambda at: self._merge_at(first, second, at))

    def update_shard_count(self, target_shard_count: int,
                           scaling_type: ScalingType | str = ScalingType.UNIFORM_SCALING) -> int:
        """Scale to ``target_shard_count`` open shards (AWS ``UpdateShardCount``); returns the current count.

        As AWS does: every open shard is split in two, then adjacent pairs are merged
        until the target is reached (scaling down only merges), which gives AWS's
        intermediate shard counts (2->4 creates 4, 4->5 creates 11). Raises
        LimitExceededException beyond 2x / below half the open count, over 10,000
        shards or after 10 scalings in 24 hours.
        """
        parse_enum(ScalingType, scaling_type, "scalingType")
        self._require_provisioned()
        self._require_active()
        with self._lock:
            current = len(self._router)
            target = target_shard_count
            detail = f"Current open shard count: {current}, Target shard count: {target}"
            if target > MAX_SHARDS_PER_STREAM:
                raise LimitExceededException(
                    f"Target shard count or number of open shards cannot be greater than {MAX_SHARDS_PER_STREAM}. "
                    + detail)
            if target > current * 2:
                raise LimitExceededException(
                    "UpdateShardCount cannot scale up over double your current open shard count. " + detail)
            if target < current / 2:
                raise LimitExceededException(
                    "UpdateShardCount cannot scale down below half your current open shard count. " + detail)
            now = self.clock.now()
            self._scalings = [t for t in self._scalings if t > now - 86400]
            if len(self._scalings) >= MAX_SCALINGS_PER_DAY:
                raise LimitExceededException(  # [verify] AWS's text for the 24-hour quota
                    f"Exceeded the number of UpdateShardCount calls allowed in a rolling 24-hour period for "
                    f"stream {self.name} under account {self.account}. " + detail)
            if self.limit_hook is not None and target > current:
                self.limit_hook(target - current)
            self._scalings.append(now)
            if target != current:
                self._schedule(lambda at: self._scale_at(target, at))
            return current

    # -- primitives (called under the lock, at the effective time) ---------------------

    def _require_open(self, shard: Shard) -> None:
        if not shard.is_open:
            raise InvalidArgumentException(
                f"Shard {shard.shard_id} in stream {self.name} under account {self.account} has already been "
                "merged or split, and thus is not eligible for merging or splitting.")

    def _child_secs(self, at: float, *parents: Shard) -> int:
        return max([int(at) + 1] + [p.create_secs + 1 for p in parents])

    def _split_at(self, shard: Shard, key: int, at: float) -> None:
        self._split_one(shard, key, at)
        self._reroute()

    def _split_one(self, shard: Shard, key: int, at: float) -> None:
        shard.close(at)
        secs = self._child_secs(at, shard)
        for lo, hi in ((shard.start_hash, key - 1), (key, shard.end_hash)):
            child = self._new_shard(lo, hi, at, secs, parent=shard.shard_id)
            shard.children.append(child.shard_id)

    def _merge_at(self, first: Shard, second: Shard, at: float) -> None:
        self._merge_one(first, second, at)
        self._reroute()

    def _merge_one(self, first: Shard, second: Shard, at: float) -> None:
        first.close(at)
        second.close(at)
        child = self._new_shard(first.start_hash, second.end_hash, at, self._child_secs(at, first, second),
                                parent=first.shard_id, adjacent=second.shard_id)
        first.children.append(child.shard_id)
        second.children.append(child.shard_id)

    def _split_now(self, shard: Shard, key: int) -> None:
        with self._lock:
            self._schedule(lambda at: self._split_at(shard, key, at))

    def _scale_at(self, target: int, at: float) -> None:
        opened = self._router.targets()
        if target > len(opened):
            for shard in opened:
                self._split_one(shard, (shard.start_hash + shard.end_hash + 1) // 2, at)
            self._reroute()
        while len(self._router) > target:
            needed = len(self._router) - target
            ordered = self._router.targets()
            for first, second in zip(ordered[0::2], ordered[1::2]):
                if needed == 0:
                    break
                self._merge_one(first, second, at)
                needed -= 1
            self._reroute()
