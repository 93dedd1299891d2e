"""Query and Scan handlers."""

from __future__ import annotations

from typing import Any

from ...core.registry import RequestContext
from .. import exprs
from ..errors import ValidationException
from ..query import Page, check_segments, key_bounds, query_page, scan_page
from ..types import item_to_wire
from .common import add_capacity, api, backend, compile_params, typed_item

__all__: list[str] = []


def _page_response(page: Page, params: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if page.items is not None:
        out["Items"] = [item_to_wire(i) for i in page.items]
    out["Count"] = page.count
    out["ScannedCount"] = page.scanned
    if page.last_key is not None:
        out["LastEvaluatedKey"] = item_to_wire(page.last_key)
    return add_capacity(out, page.consumed, params)


def _projection_param(params: dict[str, Any]) -> str:
    return "AttributesToGet" if params.get("AttributesToGet") is not None else "ProjectionExpression"


def _start(params: dict[str, Any]) -> dict[str, Any] | None:
    raw = params.get("ExclusiveStartKey")
    return None if raw is None else typed_item(raw)


@api.operation("Query")
def query(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Query: one partition in sort-key order, Limit and 1 MB before FilterExpression."""
    compiled = compile_params(params, "Query", "key_condition", "filter", "projection")
    if compiled is None or getattr(compiled, "key_condition", None) is None:
        raise ValidationException(
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."
        )
    table = backend(ctx).data_table(params["TableName"])
    index_name = params.get("IndexName")
    hash_value, sort = key_bounds(table, index_name, compiled)
    flt = getattr(compiled, "filter", None)
    if flt is not None:
        keys = list(table.schema.names)
        if index_name is not None and index_name in table.indexes:
            keys = list(table.indexes[index_name].schema.names)
        used = exprs.top_names(flt)
        what = "QueryFilter" if params.get("QueryFilter") is not None else "Filter Expression"
        for name in keys:  # the partition key is named first, as AWS does
            if name in used:
                raise ValidationException(
                    f"{what} can only contain non-primary key attributes: Primary key attribute: {name}"
                )
    page = query_page(
        table, hash_value, sort, compiled,
        index_name=index_name,
        select=params.get("Select"),
        limit=params.get("Limit"),
        start=_start(params),
        forward=params.get("ScanIndexForward", True),
        consistent=bool(params.get("ConsistentRead")),
        projection_param=_projection_param(params),
    )
    return _page_response(page, params)


@api.operation("Scan")
def scan(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Scan: every item in partition-hash order, optionally one parallel segment of TotalSegments."""
    compiled = compile_params(params, "Scan", "filter", "projection")
    check_segments(params.get("Segment"), params.get("TotalSegments"))
    table = backend(ctx).data_table(params["TableName"])
    page = scan_page(
        table, compiled,
        index_name=params.get("IndexName"),
        select=params.get("Select"),
        limit=params.get("Limit"),
        start=_start(params),
        segment=params.get("Segment"),
        total_segments=params.get("TotalSegments"),
        consistent=bool(params.get("ConsistentRead")),
        projection_param=_projection_param(params),
    )
    return _page_response(page, params)
