"""Clusters, resize and snapshots through the redshift client; serverless namespaces / workgroups."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def rs(aws):
    return boto3.client("redshift", region_name="us-east-1")


def create(rs, name="c1", **kw):
    args = {"ClusterIdentifier": name, "NodeType": "ra3.xlplus", "MasterUsername": "awsuser",
            "MasterUserPassword": "Passw0rd!", "ClusterType": "single-node", **kw}
    return rs.create_cluster(**args)["Cluster"]


def test_create_describe_delete(rs):
    cluster = create(rs)
    assert cluster["ClusterStatus"] == "creating" and cluster["NumberOfNodes"] == 1
    got = rs.describe_clusters(ClusterIdentifier="c1")["Clusters"][0]
    assert got["ClusterStatus"] == "available" and got["DBName"] == "dev"
    with pytest.raises(ClientError) as info:
        create(rs)
    assert info.value.response["Error"]["Code"] == "ClusterAlreadyExists"
    rs.delete_cluster(ClusterIdentifier="c1", SkipFinalClusterSnapshot=True)
    with pytest.raises(rs.exceptions.ClusterNotFoundFault, match="Cluster c1 not found."):
        rs.describe_clusters(ClusterIdentifier="c1")


def test_multi_node_needs_node_count(rs):
    with pytest.raises(ClientError) as info:
        create(rs, ClusterType="multi-node")
    assert info.value.response["Error"]["Code"] == "InvalidParameterValue"
    cluster = create(rs, "c2", ClusterType="multi-node", NumberOfNodes=4)
    assert cluster["NumberOfNodes"] == 4


def test_resize_changes_slices(rs, aws):
    create(rs, ClusterType="multi-node", NumberOfNodes=2)
    state = aws.backend("redshift")
    assert state.cluster("c1").engine.slices == 4
    rs.resize_cluster(ClusterIdentifier="c1", NumberOfNodes=4)
    assert state.cluster("c1").engine.slices == 8
    rs.modify_cluster(ClusterIdentifier="c1", NodeType="ra3.4xlarge", NumberOfNodes=2)
    assert rs.describe_clusters()["Clusters"][0]["NodeType"] == "ra3.4xlarge"
    assert state.cluster("c1").engine.slices == 8


def test_snapshot_and_restore(rs, aws):
    create(rs)
    data = boto3.client("redshift-data", region_name="us-east-1")
    for sql in ["CREATE TABLE t (a INT, b VARCHAR(5)) DISTKEY(a)", "INSERT INTO t VALUES (1, 'x'), (2, 'y')"]:
        data.execute_statement(ClusterIdentifier="c1", Database="dev", DbUser="awsuser", Sql=sql)
    snap = rs.create_cluster_snapshot(SnapshotIdentifier="s1", ClusterIdentifier="c1")["Snapshot"]
    assert snap["SnapshotType"] == "manual" and snap["Status"] == "available"
    rs.restore_from_cluster_snapshot(ClusterIdentifier="c2", SnapshotIdentifier="s1")
    sid = data.execute_statement(ClusterIdentifier="c2", Database="dev", DbUser="awsuser",
                                 Sql="SELECT count(*), max(b) FROM t")["Id"]
    assert data.get_statement_result(Id=sid)["Records"] == [[{"longValue": 2}, {"stringValue": "y"}]]
    with pytest.raises(ClientError) as info:
        rs.create_cluster_snapshot(SnapshotIdentifier="s1", ClusterIdentifier="c1")
    assert info.value.response["Error"]["Code"] == "ClusterSnapshotAlreadyExists"
    rs.delete_cluster_snapshot(SnapshotIdentifier="s1")
    with pytest.raises(ClientError) as info:
        rs.describe_cluster_snapshots(SnapshotIdentifier="s1")
    assert info.value.response["Error"]["Code"] == "ClusterSnapshotNotFound"


def test_automated_snapshots_on_the_clock(rs, aws):
    create(rs)
    assert rs.describe_cluster_snapshots(SnapshotType="automated")["Snapshots"] == []
    aws.clock.advance(8 * 3600)
    snaps = rs.describe_cluster_snapshots(SnapshotType="automated")["Snapshots"]
    assert len(snaps) == 1 and snaps[0]["ClusterIdentifier"] == "c1"
    aws.clock.advance(2 * 86400)  # retention is one day
    snaps = rs.describe_cluster_snapshots(SnapshotType="automated")["Snapshots"]
    assert len(snaps) == 4  # taken every 8 hours, kept for 24


def test_serverless_crud(aws):
    sls = boto3.client("redshift-serverless", region_name="us-east-1")
    ns = sls.create_namespace(namespaceName="ns1", adminUsername="admin")["namespace"]
    assert ns["status"] == "AVAILABLE"
    with pytest.raises(ClientError) as info:
        sls.create_namespace(namespaceName="ns1")
    assert info.value.response["Error"]["Code"] == "ConflictException"
    sls.create_workgroup(workgroupName="wg1", namespaceName="ns1")
    assert [w["workgroupName"] for w in sls.list_workgroups()["workgroups"]] == ["wg1"]
    with pytest.raises(ClientError):
        sls.delete_namespace(namespaceName="ns1")
    sls.delete_workgroup(workgroupName="wg1")
    sls.delete_namespace(namespaceName="ns1")
    with pytest.raises(ClientError) as info:
        sls.get_namespace(namespaceName="ns1")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_describe_clusters_pages(rs):
    for i in range(25):
        create(rs, f"c{i:02d}")
    first = rs.describe_clusters(MaxRecords=20)
    assert len(first["Clusters"]) == 20 and "Marker" in first
    pages = rs.get_paginator("describe_clusters").paginate(PaginationConfig={"PageSize": 20})
    assert sum(len(p["Clusters"]) for p in pages) == 25


def test_snapshot_tables_are_parquet_in_the_s3_store(rs, aws):
    create(rs)
    data = boto3.client("redshift-data", region_name="us-east-1")
    data.execute_statement(ClusterIdentifier="c1", Database="dev", DbUser="awsuser",
                           Sql="CREATE TABLE t AS SELECT 1 AS a")
    rs.create_cluster_snapshot(SnapshotIdentifier="s1", ClusterIdentifier="c1")
    s3 = boto3.client("s3", region_name="us-east-1")
    assert s3.list_buckets()["Buckets"] == []  # AWS-managed storage, not the customer's
    keys = [o.key for b in aws.s3.list_buckets() for o in b.iter_objects()]
    assert keys == ["c1/s1/dev/public/t.parquet"]
    rs.delete_cluster_snapshot(SnapshotIdentifier="s1")
    assert [o.key for b in aws.s3.list_buckets() for o in b.iter_objects()] == []


def test_boto3_waiters(rs):
    create(rs)
    fast = {"Delay": 1, "MaxAttempts": 1}
    rs.get_waiter("cluster_available").wait(ClusterIdentifier="c1", WaiterConfig=fast)
    rs.create_cluster_snapshot(SnapshotIdentifier="s", ClusterIdentifier="c1")
    rs.get_waiter("snapshot_available").wait(SnapshotIdentifier="s", WaiterConfig=fast)
    rs.delete_cluster(ClusterIdentifier="c1", SkipFinalClusterSnapshot=True)
    rs.get_waiter("cluster_deleted").wait(ClusterIdentifier="c1", WaiterConfig=fast)
