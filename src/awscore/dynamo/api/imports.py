"""ImportTable, DescribeImport and ListImports handlers (DynamoDB JSON from the cloud's S3 store)."""

from __future__ import annotations

import copy
from typing import Any

from ...clock import to_datetime
from ...core.errors import NotImplementedByAwscore
from ...core.registry import RequestContext
from ..imports import ImportJob, ImportStatus, describe_import, list_imports, start_import
from .common import api, backend, unsupported
from .tables import _index_specs, _on_demand, _pairs, _throughput

__all__: list[str] = []


def _description(job: ImportJob, now: float, *, starting: bool = False) -> dict[str, Any]:
    status = ImportStatus.IN_PROGRESS if starting else job.status(now)
    out: dict[str, Any] = {
        "ImportArn": job.arn,
        "ImportStatus": status.value,
        "TableArn": job.table_arn,
    }
    if job.table_id:
        out["TableId"] = job.table_id
    if job.client_token:
        out["ClientToken"] = job.client_token
    out["S3BucketSource"] = copy.deepcopy(job.request.get("S3BucketSource", {"S3Bucket": job.bucket}))
    out["ErrorCount"] = 0 if status is ImportStatus.IN_PROGRESS else job.errors
    out["CloudWatchLogGroupArn"] = (
        job.arn.split(":table/")[0].replace(":dynamodb:", ":logs:") + ":log-group:/aws-dynamodb/imports:*"
    )
    out["InputFormat"] = job.input_format
    out["InputCompressionType"] = job.compression
    out["TableCreationParameters"] = copy.deepcopy(job.request.get("TableCreationParameters", {}))
    out["StartTime"] = to_datetime(job.started)
    if status is not ImportStatus.IN_PROGRESS:
        out["EndTime"] = to_datetime(job.ready_at)
        out["ProcessedSizeBytes"] = job.size
        out["ProcessedItemCount"] = job.processed
        out["ImportedItemCount"] = job.imported
        if job.failure_code is not None:
            out["FailureCode"] = job.failure_code
            out["FailureMessage"] = job.failure_message
    return out


@api.operation("ImportTable")
def import_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """ImportTable: create a table from DynamoDB JSON (optionally gzipped) objects in S3."""
    unsupported(params, "InputFormatOptions")
    tcp = params["TableCreationParameters"]
    unsupported(tcp, "VectorIndexes")
    source = params["S3BucketSource"]
    db = backend(ctx)
    if db.s3 is None:
        raise NotImplementedByAwscore("this DynamoDB has no S3 store to import from")

    def create(target: Any) -> Any:
        return target.create_table(
            tcp["TableName"],
            _pairs(tcp.get("KeySchema"), "AttributeName", "KeyType"),
            _pairs(tcp.get("AttributeDefinitions"), "AttributeName", "AttributeType"),
            billing_mode=tcp.get("BillingMode"),
            provisioned=_throughput(tcp.get("ProvisionedThroughput")),
            global_indexes=_index_specs(tcp.get("GlobalSecondaryIndexes")),
            max_on_demand=_on_demand(tcp.get("OnDemandThroughput")),
            sse=dict(tcp["SSESpecification"]) if tcp.get("SSESpecification") else None,
        )

    job = start_import(
        db, db.s3, bucket=source["S3Bucket"], prefix=source.get("S3KeyPrefix"),
        input_format=params["InputFormat"], compression=params.get("InputCompressionType", "NONE"),
        create=create, table_name=tcp["TableName"], client_token=params.get("ClientToken"),
        request={"S3BucketSource": copy.deepcopy(source), "TableCreationParameters": copy.deepcopy(tcp)},
    )
    return {"ImportTableDescription": _description(job, ctx.clock.now(), starting=True)}


@api.operation("DescribeImport")
def describe_import_(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """DescribeImport: status and counters of an import (ImportNotFoundException)."""
    job = describe_import(backend(ctx), params["ImportArn"])
    return {"ImportTableDescription": _description(job, ctx.clock.now())}


@api.operation("ListImports")
def list_imports_(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """ListImports: import summaries, optionally for one table."""
    now = ctx.clock.now()
    summaries = []
    for job in list_imports(backend(ctx), params.get("TableArn")):
        d = _description(job, now)
        summaries.append({k: d[k] for k in ("ImportArn", "ImportStatus", "TableArn", "S3BucketSource",
                                            "CloudWatchLogGroupArn", "InputFormat", "StartTime", "EndTime")
                          if k in d})
    return {"ImportSummaryList": summaries}
