"""Account-level handlers: DescribeLimits, PITR settings, the legacy (2017.11.29) global tables API.

awscore serves global tables version 2019.11.21 only (through UpdateTable
ReplicaUpdates, not implemented yet); the legacy API answers as AWS does for an
account that has no legacy global tables.
"""

from __future__ import annotations

from typing import Any

from ...clock import to_datetime
from ...core.registry import RequestContext
from ..backups import Pitr, pitr_of, update_pitr
from ..errors import PARAM_INVALID, GlobalTableNotFoundException, ValidationException
from .common import api, backend

__all__: list[str] = []

#: AWS's default per-account and per-table provisioned capacity quotas
LIMITS = {
    "AccountMaxReadCapacityUnits": 80000,
    "AccountMaxWriteCapacityUnits": 80000,
    "TableMaxReadCapacityUnits": 40000,
    "TableMaxWriteCapacityUnits": 40000,
}
LEGACY_VERSION = (
    PARAM_INVALID + "DynamoDB global tables version 2017.11.29 is not supported. We recommend using DynamoDB "
    "global tables version 2019.11.21, instead of version 2017.11.29 (Legacy)."
)


@api.operation("DescribeLimits")
def describe_limits(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """DescribeLimits: the default capacity quotas (80,000 per account, 40,000 per table)."""
    return dict(LIMITS)


@api.operation("ListGlobalTables")
def list_global_tables(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """ListGlobalTables: legacy global tables; always none here."""
    return {"GlobalTables": []}


@api.operation("CreateGlobalTable")
def create_global_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """CreateGlobalTable: refused; version 2017.11.29 is not supported (use UpdateTable ReplicaUpdates)."""
    raise ValidationException(LEGACY_VERSION)


@api.operation("UpdateGlobalTable")
def update_global_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """UpdateGlobalTable: refused; version 2017.11.29 is not supported."""
    raise ValidationException(LEGACY_VERSION)


def _not_found(params: dict[str, Any]) -> GlobalTableNotFoundException:
    return GlobalTableNotFoundException(f"Global table with name '{params['GlobalTableName']}' does not exist.")


@api.operation("DescribeGlobalTable")
def describe_global_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """DescribeGlobalTable: GlobalTableNotFoundException (there are no legacy global tables)."""
    raise _not_found(params)


@api.operation("DescribeGlobalTableSettings")
def describe_global_table_settings(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """DescribeGlobalTableSettings: GlobalTableNotFoundException."""
    raise _not_found(params)


@api.operation("UpdateGlobalTableSettings")
def update_global_table_settings(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """UpdateGlobalTableSettings: GlobalTableNotFoundException."""
    raise _not_found(params)


def _backups(pitr: Pitr, now: float) -> dict[str, Any]:
    desc: dict[str, Any] = {"PointInTimeRecoveryStatus": "ENABLED" if pitr.enabled else "DISABLED"}
    if pitr.enabled:
        earliest, latest = pitr.window(now)
        desc.update({"RecoveryPeriodInDays": pitr.days, "EarliestRestorableDateTime": to_datetime(earliest),
                     "LatestRestorableDateTime": to_datetime(latest)})
    return {"ContinuousBackupsDescription": {
        "ContinuousBackupsStatus": "ENABLED" if pitr.continuous else "DISABLED",
        "PointInTimeRecoveryDescription": desc,
    }}


@api.operation("DescribeContinuousBackups")
def describe_continuous_backups(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """DescribeContinuousBackups: PITR status and restore window; TableNotFoundException for a missing table."""
    return _backups(pitr_of(backend(ctx), params["TableName"]), ctx.clock.now())


@api.operation("UpdateContinuousBackups")
def update_continuous_backups(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """UpdateContinuousBackups: record PITR on/off and its period (restores are not implemented)."""
    spec = params["PointInTimeRecoverySpecification"]
    pitr = update_pitr(backend(ctx), params["TableName"], bool(spec["PointInTimeRecoveryEnabled"]),
                       spec.get("RecoveryPeriodInDays"))
    return _backups(pitr, ctx.clock.now())
