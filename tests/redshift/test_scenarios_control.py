"""The redshift / redshift-serverless control planes: shapes, status transitions, errors and waiters."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def rs(aws):
    return boto3.client("redshift", region_name="us-east-1")


def create(rs, ident="c1", **kw):
    args = {"ClusterIdentifier": ident, "NodeType": "ra3.xlplus", "MasterUsername": "awsuser",
            "MasterUserPassword": "Passw0rd!", "ClusterType": "multi-node", "NumberOfNodes": 2, **kw}
    return rs.create_cluster(**args)["Cluster"]


def error(fn, **kw):
    with pytest.raises(ClientError) as info:
        fn(**kw)
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def test_create_then_available_with_endpoint(rs):
    made = create(rs, DBName="sales")
    assert made["ClusterStatus"] == "creating" and "Endpoint" not in made
    assert (made["NodeType"], made["NumberOfNodes"], made["MasterUsername"], made["DBName"]) == (
        "ra3.xlplus", 2, "awsuser", "sales")
    assert made["ClusterNamespaceArn"].startswith("arn:aws:redshift:us-east-1:123456789012:namespace:")
    rs.get_waiter("cluster_available").wait(ClusterIdentifier="c1", WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    cluster = rs.describe_clusters(ClusterIdentifier="c1")["Clusters"][0]
    assert cluster["ClusterStatus"] == "available" and cluster["ClusterAvailabilityStatus"] == "Available"
    assert cluster["Endpoint"] == {"Address": "c1.c0abcdefgh12.us-east-1.redshift.amazonaws.com", "Port": 5439}
    assert cluster["ClusterNamespaceArn"] == made["ClusterNamespaceArn"]
    assert [n["NodeRole"] for n in cluster["ClusterNodes"]] == ["LEADER", "COMPUTE-0", "COMPUTE-1"]
    assert cluster["IamRoles"] == [] and cluster["MaintenanceTrackName"] == "current"


def test_delete_and_waiter(rs):
    create(rs)
    gone = rs.delete_cluster(ClusterIdentifier="c1", SkipFinalClusterSnapshot=True)["Cluster"]
    assert gone["ClusterStatus"] == "deleting"
    rs.get_waiter("cluster_deleted").wait(ClusterIdentifier="c1", WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    assert rs.describe_clusters()["Clusters"] == []


def test_errors(rs):
    create(rs)
    assert error(create, rs=rs) == ("ClusterAlreadyExists", "Cluster already exists")
    assert error(rs.describe_clusters, ClusterIdentifier="nope") == ("ClusterNotFound", "Cluster nope not found.")
    assert error(rs.delete_cluster, ClusterIdentifier="nope", SkipFinalClusterSnapshot=True) == (
        "ClusterNotFound", "Cluster nope not found.")
    assert error(rs.delete_cluster, ClusterIdentifier="c1") == (
        "InvalidParameterValue", "FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is specified.")


def test_serverless_namespace_and_workgroup(aws):
    sls = boto3.client("redshift-serverless", region_name="us-east-1")
    ns = sls.create_namespace(namespaceName="ns1", adminUsername="admin", dbName="dev")["namespace"]
    assert ns["status"] == "AVAILABLE" and ns["namespaceArn"].endswith(f"namespace/{ns['namespaceId']}")
    wg = sls.create_workgroup(workgroupName="wg1", namespaceName="ns1")["workgroup"]
    assert wg["status"] == "CREATING" and wg["namespaceName"] == "ns1"
    got = sls.get_workgroup(workgroupName="wg1")["workgroup"]
    assert got["status"] == "AVAILABLE"
    assert got["endpoint"]["port"] == 5439 and got["endpoint"]["address"].startswith("wg1.123456789012.us-east-1.")
    assert [w["workgroupName"] for w in sls.list_workgroups()["workgroups"]] == ["wg1"]
    assert error(sls.get_workgroup, workgroupName="nope")[0] == "ResourceNotFoundException"
