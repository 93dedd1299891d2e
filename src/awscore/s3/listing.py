"""Listing a bucket's keys in S3's order, in O(log n + page).

Keys sit in a ``SortedDict`` keyed by UTF-8 bytes. A listing seeks to its
start with one bisection, walks forward, and jumps over a whole common prefix
with another bisection (to the prefix's byte-successor), so a page never scans
the keys it does not return.

Markers (V1 ``Marker``, V2 ``StartAfter`` and continuation tokens) are
exclusive; a common prefix is only returned when it sorts after the marker,
so ``NextMarker`` round-trips without repeating a prefix.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from sortedcontainers import SortedDict

from .model import Entry, ObjectVersion, key_order

__all__ = ["ListResult", "VersionListResult", "list_current", "list_versions", "iter_current", "successor"]


@dataclass(slots=True)
class ListResult:
    """One page of ListObjects: current objects, common prefixes, and where to resume."""

    objects: list[ObjectVersion] = field(default_factory=list)
    common_prefixes: list[str] = field(default_factory=list)
    is_truncated: bool = False
    #: the last key or common prefix returned when truncated (the exclusive marker to resume after)
    next_start: str | None = None


@dataclass(slots=True)
class VersionListResult:
    """One page of ListObjectVersions: entries newest-first per key, in key order."""

    entries: list[Entry] = field(default_factory=list)
    common_prefixes: list[str] = field(default_factory=list)
    is_truncated: bool = False
    next_key_marker: str | None = None
    next_version_id_marker: str | None = None


def successor(prefix: bytes) -> bytes:
    """The smallest byte string greater than every string that starts with ``prefix``."""
    stripped = prefix.rstrip(b"\xff")
    if not stripped:
        return b"\xff" * (len(prefix) + 1)  # unreachable for UTF-8 keys
    return stripped[:-1] + bytes([stripped[-1] + 1])


def _start_index(keys: SortedDict, prefix_b: bytes, marker: str | None) -> int:
    idx = keys.bisect_left(prefix_b)
    if marker:
        idx = max(idx, keys.bisect_right(key_order(marker)))
    return idx


def iter_current(keys: SortedDict, prefix: str = "", start_after: str | None = None) -> Iterator[ObjectVersion]:
    """Current object versions under ``prefix`` after ``start_after``, in key order (lazy)."""
    prefix_b = key_order(prefix)
    idx = _start_index(keys, prefix_b, start_after)
    for kb in keys.islice(idx):
        if not kb.startswith(prefix_b):
            return
        versions = keys.get(kb)
        if versions:
            current = versions[-1]
            if not current.is_delete_marker:
                yield current


def list_current(
    keys: SortedDict, prefix: str = "", delimiter: str | None = None, marker: str | None = None,
    max_keys: int = 1000,
) -> ListResult:
    """One page of current objects (ListObjects/ListObjectsV2 semantics)."""
    result = ListResult()
    if max_keys <= 0:
        return result
    prefix_b = key_order(prefix)
    marker_b = key_order(marker) if marker else b""
    idx = _start_index(keys, prefix_b, marker)
    plen = len(prefix)
    count = 0
    while True:
        jumped = False
        for kb in keys.islice(idx):
            if not kb.startswith(prefix_b):
                return result
            versions = keys[kb]
            current = versions[-1]
            if current.is_delete_marker:
                idx += 1
                continue
            key = current.key
            if delimiter:
                pos = key.find(delimiter, plen)
                if pos >= 0:
                    cp = key[: pos + len(delimiter)]
                    cp_b = key_order(cp)
                    idx = keys.bisect_left(successor(cp_b))
                    if cp_b > marker_b:
                        if count == max_keys:
                            result.is_truncated = True
                            return result
                        result.common_prefixes.append(cp)
                        result.next_start = cp
                        count += 1
                    jumped = True
                    break
            if count == max_keys:
                result.is_truncated = True
                return result
            result.objects.append(current)
            result.next_start = key
            count += 1
            idx += 1
        if not jumped:
            break
    return result


def list_versions(
    keys: SortedDict, prefix: str = "", delimiter: str | None = None, key_marker: str | None = None,
    version_id_marker: str | None = None, max_keys: int = 1000, order: Mapping[str, int] | None = None,
) -> VersionListResult:
    """One page of versions and delete markers (ListObjectVersions semantics).

    ``order`` maps version ids to their creation sequence; it places a
    ``version_id_marker`` naming a since-deleted version, as S3 does.
    """
    result = VersionListResult()
    if max_keys <= 0:
        return result
    prefix_b = key_order(prefix)
    marker_b = key_order(key_marker) if key_marker else b""
    idx = keys.bisect_left(prefix_b)
    resume_in_key: bytes | None = None
    if key_marker:
        if version_id_marker:
            idx = max(idx, keys.bisect_left(marker_b))
            resume_in_key = marker_b
        else:
            idx = max(idx, keys.bisect_right(marker_b))
    plen = len(prefix)
    count = 0
    n = len(keys)
    last: Entry | None = None
    while idx < n:
        kb = keys.keys()[idx]
        if not kb.startswith(prefix_b):
            break
        versions: list[Entry] = keys[kb]
        key = versions[-1].key
        if delimiter:
            pos = key.find(delimiter, plen)
            if pos >= 0:
                cp = key[: pos + len(delimiter)]
                cp_b = key_order(cp)
                idx = keys.bisect_left(successor(cp_b))
                if cp_b > marker_b:
                    if count == max_keys:
                        result.is_truncated = True
                        break
                    result.common_prefixes.append(cp)
                    count += 1
                    last = None
                    result.next_key_marker, result.next_version_id_marker = cp, None
                continue
        ordered = reversed(versions)
        if resume_in_key is not None and kb == resume_in_key:
            ids = [v.version_id for v in versions]
            if version_id_marker in ids:
                pos_in = len(versions) - 1 - ids.index(version_id_marker)
                ordered = iter(list(reversed(versions))[pos_in + 1:])
            elif order is not None and version_id_marker in order:
                ordered = iter(_older_than(versions, order, order[version_id_marker]))
        for entry in ordered:
            if count == max_keys:
                result.is_truncated = True
                break
            result.entries.append(entry)
            last = entry
            count += 1
        if result.is_truncated:
            break
        idx += 1
    if result.is_truncated and last is not None:
        result.next_key_marker, result.next_version_id_marker = last.key, last.version_id
    elif not result.is_truncated:
        result.next_key_marker = result.next_version_id_marker = None
    return result



def _older_than(versions: list[Entry], order: Mapping[str, int], mark: int) -> list[Entry]:
    """A key's entries (newest first) from the first one created before sequence ``mark``."""
    newest_first = list(reversed(versions))
    for i, entry in enumerate(newest_first):
        seq = order.get(entry.version_id)
        if seq is not None and seq < mark:
            return newest_first[i:]
    return []
