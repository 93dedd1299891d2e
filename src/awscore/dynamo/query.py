"""Query and Scan: pages read in DynamoDB's order, Limit and 1 MB before the filter.

Per page: key condition (or scan segment) -> start after ExclusiveStartKey ->
read until ``Limit`` items or 1 MB -> FilterExpression -> projection/Select.
``ScannedCount`` counts evaluated items, ``Count`` the matching ones, and a
``LastEvaluatedKey`` (table key; plus index key on an index) is returned
whenever the page stopped on Limit or size.

A Query reads only its partition's ``SortedDict``: O(log n + evaluated).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import exprs
from .capacity import Consumed, read_units
from .errors import ValidationException
from .indexes import Index
from .keys import request_key
from .model import KeySchema, ProjectionType, Select, scalar_type_of
from .storage import TOP
from .types import copy_item

if TYPE_CHECKING:
    from .table import Table

__all__ = ["Page", "SortCondition", "query_page", "scan_page", "check_segments", "query_all", "scan_all", "PAGE_BYTES"]

PAGE_BYTES = 1024 * 1024
BAD_START = "The provided starting key is invalid: The provided key element does not match the schema"


@dataclass(frozen=True, slots=True)
class SortCondition:
    """One sort-key condition: ``op`` in = < <= > >= BETWEEN begins_with, with its values."""

    op: str
    values: tuple[Any, ...]


@dataclass(slots=True)
class Page:
    """One page of a Query or Scan."""

    items: list[dict[str, Any]] | None
    count: int
    scanned: int
    last_key: dict[str, Any] | None
    consumed: Consumed
    index: Index | None = None
    table_entries: list[dict[str, Any]] = field(default_factory=list)


def resolve_index(table: Table, name: str | None, consistent: bool) -> Index | None:
    """The index a request names (ValidationException when the table has none of that name)."""
    if name is None:
        return None
    index = table.indexes.get(name)
    if index is None:
        raise ValidationException(f"The table does not have the specified index: {name}")
    if consistent and index.is_global:
        raise ValidationException("Consistent reads are not supported on global secondary indexes")
    return index


def resolve_select(table: Table, index: Index | None, select: str | None, has_projection: bool,
                   projection_param: str = "ProjectionExpression", query: bool = True) -> Select:
    """Check Select against the projection and index; returns the effective Select.

    ``projection_param`` names what the caller sent (ProjectionExpression or the
    legacy AttributesToGet) in the messages; Query wraps these errors in the
    "1 validation error detected: " envelope and Scan does not, as AWS does.
    """
    if select is None:
        if has_projection:
            return Select.SPECIFIC_ATTRIBUTES
        return Select.ALL_ATTRIBUTES if index is None else Select.ALL_PROJECTED_ATTRIBUTES
    envelope = "1 validation error detected: " if query else ""
    sel = Select(select)
    if sel is Select.COUNT and has_projection:
        raise ValidationException(f"{envelope}Cannot specify the {projection_param} when choosing to get only the Count")
    if sel is Select.ALL_ATTRIBUTES:
        if has_projection:
            raise ValidationException(
                f"{envelope}Cannot specify the {projection_param} when choosing to get ALL_ATTRIBUTES"
            )
        if index is not None and index.is_global and index.projection.type is not ProjectionType.ALL:
            raise ValidationException(
                "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported "
                f"for global secondary index {index.name} because its projection type is not ALL"
            )
    if sel is Select.ALL_PROJECTED_ATTRIBUTES:
        if index is None:
            raise ValidationException(
                f"{envelope}ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"
            )
        if has_projection:
            raise ValidationException(
                f"{envelope}Cannot specify the {projection_param} when choosing to get ALL_PROJECTED_ATTRIBUTES"
            )
    if sel is Select.SPECIFIC_ATTRIBUTES and not has_projection:
        raise ValidationException(
            f"{envelope}Must specify the AttributesToGet or ProjectionExpression when choosing to get "
            "SPECIFIC_ATTRIBUTES"
        )
    return sel


def check_projected(index: Index | None, compiled: Any) -> None:
    """A GSI that does not project everything cannot be asked for attributes it lacks."""
    projection = getattr(compiled, "projection", None)
    if index is None or projection is None or not index.is_global:
        return
    names = index.projected_names()
    if names is None:
        return
    missing = sorted({p.elements[0] for p in projection.paths if p.elements[0] not in names})
    if missing:
        raise ValidationException(
            f"One or more parameter values were invalid: Global secondary index {index.name} does not "
            f"project [{', '.join(missing)}]"
        )


def _start_position(table: Table, index: Index | None, start: dict[str, Any]) -> tuple[Any, tuple[Any, ...]]:
    """``(partition, sort tuple)`` of an ExclusiveStartKey (exactly the key attributes)."""
    schema = table.schema
    names = set(schema.names) if index is None else index.key_names
    if set(start) != names:
        raise ValidationException(BAD_START)
    h, r = request_key(schema, {n: start[n] for n in schema.names}, BAD_START)
    if index is None:
        return h, table.sort_of(h, r)
    ixs = index.schema
    base = KeySchema(ixs.hash_name, ixs.hash_type, ixs.range_name, ixs.range_type)
    ih, ir = request_key(base, {n: start[n] for n in base.names}, BAD_START)
    sort: tuple[Any, ...] = (h,) if schema.range_name is None else (h, r)
    extra: dict[str, Any] = {}
    for name, typ in (*ixs.hash_extra, *ixs.range_extra):  # further attributes of a multi-attribute GSI key
        if scalar_type_of(start[name]) is not typ:
            raise ValidationException(BAD_START)
        extra[name] = start[name]
    if ixs.range_name is not None:
        sort = (ir, *(extra[n] for n, _ in ixs.range_extra), *sort)
    if ixs.hash_extra:
        ih = (ih, *(extra[n] for n, _ in ixs.hash_extra))
    return ih, sort


def _last_key(table: Table, index: Index | None, item: dict[str, Any]) -> dict[str, Any]:
    names = table.schema.names if index is None else sorted(index.key_names)
    return {n: item[n] for n in names}


def _sort_bounds(cond: SortCondition | None, schema: KeySchema) -> tuple[Any, Any, tuple[bool, bool], str | None]:
    """``(lo, hi, inclusive, prefix)`` over sort tuples for a sort-key condition.

    A multi-attribute sort key's equality prefix is prepended, and an open end
    is closed at the edges of that prefix.
    """
    if cond is None:
        return None, None, (True, True), None
    head = getattr(cond, "prefix", ())
    if head:
        lo, hi, inclusive, prefix = _sort_bounds(type(cond)(cond.op, cond.values), _position_schema(schema, len(head)))
        lo2 = (*head, *lo) if lo is not None else head
        hi2 = (*head, *hi) if hi is not None else (*head, TOP)
        return lo2, hi2, (inclusive[0] if lo is not None else True, inclusive[1] if hi is not None else True), prefix
    for v in cond.values:
        if scalar_type_of(v) is not schema.range_type:
            raise ValidationException(
                "One or more parameter values were invalid: Condition parameter type does not match schema type"
            )
    op, vals = cond.op, cond.values
    if op == "=":
        return (vals[0],), (vals[0], TOP), (True, True), None
    if op == "<":
        return None, (vals[0],), (True, False), None
    if op == "<=":
        return None, (vals[0], TOP), (True, True), None
    if op == ">":
        return (vals[0], TOP), None, (False, True), None
    if op == ">=":
        return (vals[0],), None, (True, True), None
    if op == "BETWEEN":
        return (vals[0],), (vals[1], TOP), (True, True), None
    if op == "begins_with":
        if schema.range_type == "N":
            raise ValidationException(
                "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
                "operator or function: begins_with, operand type: N"
            )
        return (vals[0],), None, (True, True), vals[0]
    raise ValidationException(f"Invalid operator used in KeyConditionExpression: {op}")


def _position_schema(schema: KeySchema, position: int) -> KeySchema:
    """A schema whose (single) sort key is the multi-attribute key's attribute at ``position``."""
    name, typ = ((schema.range_name, schema.range_type), *schema.range_extra)[position]
    return KeySchema(schema.hash_name, schema.hash_type, name, typ)


def _condition_attribute(schema: KeySchema, sort: SortCondition) -> str:
    """The sort-key attribute a Query's sort condition is on."""
    return schema.range_names[len(getattr(sort, "prefix", ()))]


def _finish(table: Table, index: Index | None, entries: list[dict[str, Any]], evaluated_bytes: int,
            scanned: int, last: dict[str, Any] | None, compiled: Any, sel: Select,
            consistent: bool) -> Page:
    consumed = Consumed(table.name)
    units = read_units(evaluated_bytes, consistent=consistent)
    if index is None:
        consumed.table = consumed.read = units
    else:
        consumed.read = units  # INDEXES still shows the table's arm, at 0
        (consumed.gsi if index.is_global else consumed.lsi)[index.name] = units
    flt = getattr(compiled, "filter", None)
    projection = getattr(compiled, "projection", None)
    if index is not None and not index.is_global and _needs_base(index, sel, flt, projection):
        entries = [_base_item(table, e) for e in entries]  # an LSI fetches what it lacks from its table
    matched = [e for e in entries if exprs.evaluate(flt, e)] if flt is not None else entries
    if sel is Select.COUNT:
        return Page(None, len(matched), scanned, last, consumed, index)
    if sel is Select.ALL_PROJECTED_ATTRIBUTES and index is not None:
        matched_view = [index.project(e) for e in matched]
    else:
        matched_view = matched
    out = [copy_item(exprs.project(projection, e)) if projection is not None else copy_item(e)
           for e in matched_view]
    return Page(out, len(matched), scanned, last, consumed, index)


def _needs_base(index: Index, sel: Select, flt: Any, projection: Any) -> bool:
    names = index.projected_names()
    if names is None:
        return False
    if sel is Select.ALL_ATTRIBUTES:
        return True
    wanted = set(exprs.top_names(flt)) if flt is not None else set()
    if projection is not None:
        wanted |= {p.elements[0] for p in projection.paths}
    return not wanted <= names


def _base_item(table: Table, entry: dict[str, Any]) -> dict[str, Any]:
    schema = table.schema
    full = table.store.get(entry[schema.hash_name], table.sort_of(None, entry.get(schema.range_name or "")))
    return full if full is not None else entry


def _collect(table: Table, index: Index | None, source: Any, limit: int | None) -> tuple[
        list[dict[str, Any]], int, int, dict[str, Any] | None]:
    """Read entries from ``source`` until Limit or 1 MB: (entries, bytes, scanned, last key)."""
    entries: list[dict[str, Any]] = []
    total = 0
    last = None
    for entry, size in source:
        entries.append(entry)
        total += size
        if (limit is not None and len(entries) >= limit) or total >= PAGE_BYTES:
            last = _last_key(table, index, entry)
            break
    return entries, total, len(entries), last


def query_page(table: Table, hash_value: Any, sort: SortCondition | None, compiled: Any = None, *,
               index_name: str | None = None, select: str | None = None, limit: int | None = None,
               start: dict[str, Any] | None = None, forward: bool = True,
               consistent: bool = False, projection_param: str = "ProjectionExpression") -> Page:
    """One Query page on typed values. O(log n + evaluated)."""
    table.require_active()
    index = resolve_index(table, index_name, consistent)
    sel = resolve_select(table, index, select, getattr(compiled, "projection", None) is not None,
                         projection_param)
    check_projected(index, compiled)
    schema = table.schema if index is None else index.schema
    if not schema.hash_extra and scalar_type_of(hash_value) is not schema.hash_type:
        raise ValidationException(
            "One or more parameter values were invalid: Condition parameter type does not match schema type"
        )
    lo, hi, inclusive, prefix = _sort_bounds(sort, schema)
    store = table.store if index is None else index.store
    if start is not None:
        spk, ssort = _start_position(table, index, start)
        if index is None and schema.range_name is None:
            raise ValidationException("The query can return at most one row and cannot be restarted")
        if sort is not None and not _sort_matches(sort, start[_condition_attribute(schema, sort)]):
            raise ValidationException("The provided starting key does not match the range key predicate")
        if spk != hash_value:
            raise ValidationException(
                "The provided starting key is outside query boundaries based on provided conditions"
            )
        if forward:
            lo, inclusive = ssort, (False, inclusive[1])
        else:
            hi, inclusive = ssort, (inclusive[0], False)
    table.admit(False, index)
    with table.lock:
        rows = store.query(hash_value, lo, hi, inclusive, reverse=not forward)
        if prefix is not None:
            rows = _prefixed(rows, _condition_attribute(schema, sort) if sort is not None else "", prefix, forward)
        entries, size, scanned, last = _collect(table, index, rows, limit)
        page = _finish(table, index, entries, size, scanned, last, compiled, sel, consistent)
    table.charge(page.consumed, index)
    return page


def _sort_matches(cond: SortCondition, value: Any) -> bool:
    """Whether a sort-key value satisfies a Query's sort-key condition."""
    op, v = cond.op, cond.values
    if op == "=":
        return bool(value == v[0])
    if op == "<":
        return bool(value < v[0])
    if op == "<=":
        return bool(value <= v[0])
    if op == ">":
        return bool(value > v[0])
    if op == ">=":
        return bool(value >= v[0])
    if op == "BETWEEN":
        return bool(v[0] <= value <= v[1])
    return bool(value[: len(v[0])] == v[0])


def _prefixed(rows: Any, name: str, prefix: Any, forward: bool) -> Any:
    """Rows whose sort key begins with ``prefix``; forward rows stop at the first miss."""
    for item, size in rows:
        if item[name][: len(prefix)] == prefix:
            yield item, size
        elif forward or item[name] < prefix:
            return


def check_segments(segment: int | None, total_segments: int | None) -> None:
    """Parallel-scan parameters as AWS checks them, before it looks for the table."""
    if segment is not None and total_segments is None:
        raise ValidationException(
            "The TotalSegments parameter is required but was not present in the request when "
            "Segment parameter is present"
        )
    if total_segments is not None and segment is None:
        raise ValidationException(
            "The Segment parameter is required but was not present in the request when parameter "
            "TotalSegments is present"
        )
    if segment is not None and total_segments is not None and segment >= total_segments:
        raise ValidationException(
            "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
            f"Segment: {segment} is not less than TotalSegments: {total_segments}"
        )


def scan_page(table: Table, compiled: Any = None, *, index_name: str | None = None,
              select: str | None = None, limit: int | None = None, start: dict[str, Any] | None = None,
              segment: int | None = None, total_segments: int | None = None,
              consistent: bool = False, projection_param: str = "ProjectionExpression") -> Page:
    """One Scan page (optionally one parallel-scan segment). O(log p + evaluated)."""
    check_segments(segment, total_segments)
    table.require_active()
    index = resolve_index(table, index_name, consistent)
    sel = resolve_select(table, index, select, getattr(compiled, "projection", None) is not None,
                         projection_param, query=False)
    check_projected(index, compiled)
    store = table.store if index is None else index.store
    token_range = None
    if segment is not None and total_segments is not None:
        token_range = (segment * 2**64 // total_segments, (segment + 1) * 2**64 // total_segments)
    start_tok = start_sort = None
    if start is not None:
        from .keys import partition_token

        spk, start_sort = _start_position(table, index, start)
        start_tok = partition_token(spk)
        if token_range is not None and not token_range[0] <= start_tok[0] < token_range[1]:
            raise ValidationException(
                "The provided Exclusive start key does not map to the provided Segment and TotalSegments values."
            )
    table.admit(False, index)
    with table.lock:
        rows = ((item, store.size_of(pk, sort)) for pk, sort, item in store.scan(start_tok, start_sort, token_range))
        entries, size, scanned, last = _collect(table, index, rows, limit)
        page = _finish(table, index, entries, size, scanned, last, compiled, sel, consistent)
    table.charge(page.consumed, index)
    return page


def query_all(table: Table, key_condition: str, *, filter: str | None = None,
              projection: str | None = None, names: dict[str, str] | None = None,
              values: dict[str, Any] | None = None, index: str | None = None,
              forward: bool = True, limit: int | None = None) -> list[dict[str, Any]]:
    """Native Query: every matching item across pages (``limit`` caps the total returned)."""
    from .types import from_python

    typed = None if values is None else {k: from_python(v) for k, v in values.items()}
    compiled = exprs.compile_request(key_condition=key_condition, filter=filter, projection=projection,
                                     names=names, values=typed, typed=True)
    hash_value, sort = key_bounds(table, index, compiled)
    out: list[dict[str, Any]] = []
    start = None
    while True:
        page = query_page(table, hash_value, sort, compiled, index_name=index, start=start, forward=forward)
        out.extend(page.items or ())
        if page.last_key is None or (limit is not None and len(out) >= limit):
            return out[:limit] if limit is not None else out
        start = page.last_key


def scan_all(table: Table, *, filter: str | None = None, projection: str | None = None,
             names: dict[str, str] | None = None, values: dict[str, Any] | None = None,
             index: str | None = None) -> list[dict[str, Any]]:
    """Native Scan: every (matching) item across pages."""
    from .types import from_python

    typed = None if values is None else {k: from_python(v) for k, v in values.items()}
    compiled = exprs.compile_request(filter=filter, projection=projection, names=names, values=typed, typed=True)
    out: list[dict[str, Any]] = []
    start = None
    while True:
        page = scan_page(table, compiled, index_name=index, start=start)
        out.extend(page.items or ())
        if page.last_key is None:
            return out
        start = page.last_key


def key_bounds(table: Table, index_name: str | None, compiled: Any) -> tuple[Any, SortCondition | None]:
    """The partition value and sort-key condition of a compiled KeyConditionExpression."""
    index = resolve_index(table, index_name, False)
    schema = table.schema if index is None else index.schema
    return exprs.key_bounds(compiled, schema.hash_name, schema.range_name,
                            {n: t.value for n, t in schema.types().items()},
                            tuple(n for n, _ in schema.range_extra), tuple(n for n, _ in schema.hash_extra))
