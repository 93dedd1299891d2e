"""The ``redshift`` API (control plane): clusters, resize and snapshots."""

from __future__ import annotations

from typing import Any

from ..clock import to_datetime
from ..core.registry import RequestContext, ServiceAPI
from ..core.validation import Validator
from .control import ClusterInfo, RedshiftState, Snapshot
from .errors import InvalidParameterValueException
from .shapes_cluster import OPERATIONS, SHAPES

__all__ = ["api"]

api = ServiceAPI("redshift", validator=Validator(SHAPES, OPERATIONS))


def _state(ctx: RequestContext) -> RedshiftState:
    return ctx.backend


def _nodes(count: int) -> list[dict[str, str]]:
    """A single node is SHARED (leader and compute); more nodes get a LEADER and COMPUTE-0..n-1."""
    roles = ["SHARED"] if count == 1 else ["LEADER", *(f"COMPUTE-{i}" for i in range(count))]
    return [{"NodeRole": role, "PrivateIPAddress": f"10.0.0.{10 + i}"}
            for i, role in enumerate(roles)]


def _cluster(ctx: RequestContext, info: ClusterInfo, status: str | None = None) -> dict[str, Any]:
    address = f"{info.identifier}.c0abcdefgh12.{ctx.region}.redshift.amazonaws.com"
    out: dict[str, Any] = {
        "ClusterIdentifier": info.identifier,
        "NodeType": info.node_type,
        "ClusterStatus": status or ("deleting" if info.deleting else "available"),
        "ClusterAvailabilityStatus": "Modifying" if status == "creating" else "Available",
        "MasterUsername": info.master_username,
        "DBName": info.db_name,
        "Endpoint": {"Address": address, "Port": info.port},
        "ClusterCreateTime": to_datetime(info.created),
        "AutomatedSnapshotRetentionPeriod": info.automated_retention_days,
        "ManualSnapshotRetentionPeriod": -1,
        "ClusterSecurityGroups": [],
        "VpcSecurityGroups": [],
        "ClusterParameterGroups": [{"ParameterGroupName": "default.redshift-1.0",
                                    "ParameterApplyStatus": "in-sync"}],
        "AvailabilityZone": f"{ctx.region}a",
        "PreferredMaintenanceWindow": "sat:10:00-sat:10:30",
        "PendingModifiedValues": {},
        "ClusterVersion": "1.0",
        "AllowVersionUpgrade": True,
        "NumberOfNodes": info.number_of_nodes,
        "PubliclyAccessible": info.publicly_accessible,
        "Encrypted": info.encrypted,
        "Tags": [dict(t) for t in info.tags],
        "EnhancedVpcRouting": False,
        "ClusterNamespaceArn": f"arn:aws:redshift:{ctx.region}:{ctx.account}:namespace:{info.engine.namespace_id}",
        "MultiAZ": "Disabled",
        "IamRoles": [],
        "PendingActions": [],
        "MaintenanceTrackName": "current",
        "DeferredMaintenanceWindows": [],
        "ClusterSubnetGroupName": "default",
        "AvailabilityZoneRelocationStatus": "disabled",
        "ClusterNodes": _nodes(info.number_of_nodes),
    }
    if status == "creating":
        del out["Endpoint"]  # AWS assigns the endpoint once the cluster is available
    return out


@api.operation("CreateCluster")
def create_cluster(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """CreateCluster: the new cluster (``creating``; available on the next read, creation delay 0)."""
    cluster_type = params.get("ClusterType", "multi-node" if params.get("NumberOfNodes", 1) > 1 else "single-node")
    nodes = params.get("NumberOfNodes")
    if cluster_type == "single-node":
        if nodes not in (None, 1):
            raise InvalidParameterValueException("Number of nodes for cluster type single-node must be 1.")
        nodes = 1
    elif cluster_type == "multi-node":
        if nodes is None or nodes < 2:
            raise InvalidParameterValueException(
                "Number of nodes for cluster type multi-node must be greater than or equal to 2")
    else:
        raise InvalidParameterValueException(f"Invalid cluster type: {cluster_type}")
    if not params.get("MasterUserPassword") and not params.get("ManageMasterPassword"):
        raise InvalidParameterValueException("A master user password is required.")
    info = _state(ctx).create_cluster(
        params["ClusterIdentifier"], node_type=params["NodeType"], master_username=params["MasterUsername"],
        db_name=params.get("DBName", "dev"), number_of_nodes=nodes, port=params.get("Port", 5439),
        tags=params.get("Tags"))
    return {"Cluster": _cluster(ctx, info, "creating")}


def _paged(items: list[Any], params: dict[str, Any], key: str) -> dict[str, Any]:
    """Marker / MaxRecords paging (MaxRecords 20-100, default 100), as the query-protocol APIs page."""
    size = params.get("MaxRecords", 100)
    if not 20 <= size <= 100:
        raise InvalidParameterValueException("MaxRecords must be between 20 and 100.")
    start = 0
    if params.get("Marker"):
        try:
            start = int(params["Marker"])
        except ValueError:
            raise InvalidParameterValueException("Invalid Marker.") from None
    out: dict[str, Any] = {key: items[start:start + size]}
    if start + size < len(items):
        out["Marker"] = str(start + size)
    return out


@api.operation("DescribeClusters")
def describe_clusters(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    state = _state(ctx)
    if params.get("ClusterIdentifier"):
        infos = [state.cluster(params["ClusterIdentifier"])]
    else:
        infos = [state.cluster(name) for name in sorted(state.clusters)]
    return _paged([_cluster(ctx, i) for i in infos], params, "Clusters")


@api.operation("DeleteCluster")
def delete_cluster(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    skip = params.get("SkipFinalClusterSnapshot", False)
    final = params.get("FinalClusterSnapshotIdentifier")
    if not skip and not final:
        raise InvalidParameterValueException(
            "FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is specified.")
    info = _state(ctx).delete_cluster(params["ClusterIdentifier"], final_snapshot=None if skip else final)
    return {"Cluster": _cluster(ctx, info, "deleting")}


@api.operation("ModifyCluster")
def modify_cluster(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """ModifyCluster with NodeType / NumberOfNodes: a classic resize."""
    state = _state(ctx)
    info = state.cluster(params["ClusterIdentifier"])
    if params.get("NodeType") or params.get("NumberOfNodes"):
        info = state.resize(info.identifier, node_type=params.get("NodeType"),
                            number_of_nodes=params.get("NumberOfNodes"), classic=True)
    if "AutomatedSnapshotRetentionPeriod" in params:
        info.automated_retention_days = params["AutomatedSnapshotRetentionPeriod"]
    if "PubliclyAccessible" in params:
        info.publicly_accessible = params["PubliclyAccessible"]
    return {"Cluster": _cluster(ctx, info)}


@api.operation("ResizeCluster")
def resize_cluster(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """Elastic (default) or classic resize."""
    info = _state(ctx).resize(params["ClusterIdentifier"], node_type=params.get("NodeType"),
                              number_of_nodes=params.get("NumberOfNodes"), classic=params.get("Classic", False))
    return {"Cluster": _cluster(ctx, info)}


def _snapshot(ctx: RequestContext, snap: Snapshot) -> dict[str, Any]:
    return {
        "SnapshotIdentifier": snap.identifier,
        "ClusterIdentifier": snap.cluster,
        "SnapshotCreateTime": to_datetime(snap.created),
        "Status": "available",
        "Port": 5439,
        "AvailabilityZone": f"{ctx.region}a",
        "MasterUsername": snap.master_username,
        "ClusterVersion": "1.0",
        "SnapshotType": snap.snapshot_type,
        "NodeType": snap.node_type,
        "NumberOfNodes": snap.number_of_nodes,
        "DBName": snap.db_name,
        "Encrypted": True,
        "TotalBackupSizeInMegaBytes": snap.size_bytes / (1024 * 1024),
        "ActualIncrementalBackupSizeInMegaBytes": snap.size_bytes / (1024 * 1024),
        "BackupProgressInMegaBytes": snap.size_bytes / (1024 * 1024),
        "CurrentBackupRateInMegaBytesPerSecond": 0.0,
        "EstimatedSecondsToCompletion": 0,
        "ElapsedTimeInSeconds": 0,
        "Tags": [],
        "SnapshotArn": f"arn:aws:redshift:{ctx.region}:{ctx.account}:snapshot:{snap.cluster}/{snap.identifier}",
    }


@api.operation("CreateClusterSnapshot")
def create_cluster_snapshot(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    snap = _state(ctx).create_snapshot(params["SnapshotIdentifier"], params["ClusterIdentifier"])
    return {"Snapshot": _snapshot(ctx, snap)}


@api.operation("DescribeClusterSnapshots")
def describe_cluster_snapshots(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    state = _state(ctx)
    for info in list(state.clusters.values()):
        state.cluster(info.identifier)  # take due automated snapshots
    if params.get("SnapshotIdentifier"):
        snaps = [state.snapshot(params["SnapshotIdentifier"])]
    else:
        snaps = sorted(state.snapshots.values(), key=lambda s: (s.created, s.identifier))
    if params.get("ClusterIdentifier"):
        snaps = [s for s in snaps if s.cluster == params["ClusterIdentifier"]]
    if params.get("SnapshotType"):
        snaps = [s for s in snaps if s.snapshot_type == params["SnapshotType"]]
    return _paged([_snapshot(ctx, s) for s in snaps], params, "Snapshots")


@api.operation("DeleteClusterSnapshot")
def delete_cluster_snapshot(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"Snapshot": _snapshot(ctx, _state(ctx).delete_snapshot(params["SnapshotIdentifier"]))}


@api.operation("RestoreFromClusterSnapshot")
def restore_from_cluster_snapshot(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    snapshot = params.get("SnapshotIdentifier")
    if not snapshot and isinstance(params.get("SnapshotArn"), str):
        snapshot = params["SnapshotArn"].rpartition("/")[2]  # arn:aws:redshift:<region>:<acct>:snapshot:<cluster>/<id>
    if not snapshot:
        raise InvalidParameterValueException("Either SnapshotIdentifier or SnapshotArn must be specified.")
    info = _state(ctx).restore(params["ClusterIdentifier"], snapshot,
                               node_type=params.get("NodeType"), number_of_nodes=params.get("NumberOfNodes"))
    return {"Cluster": _cluster(ctx, info, "creating")}
