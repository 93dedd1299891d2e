"""Control-plane scenarios written once through boto3 and run against awscore and moto.

Known differences are marked: moto's redshift-data returns a canned result
without running SQL, so only awscore is checked for query results.
"""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from awscore import Cloud, mock_aws
from awscore.clock import ManualClock


@pytest.fixture(params=["awscore", "moto"])
def target(request, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    if request.param == "awscore":
        with mock_aws(cloud=Cloud(clock=ManualClock(1_700_000_000))):
            yield request.param
    else:
        moto = pytest.importorskip("moto")
        with moto.mock_aws():
            yield request.param


def test_cluster_lifecycle(target):
    rs = boto3.client("redshift", region_name="us-east-1")
    created = rs.create_cluster(ClusterIdentifier="lifecycle", NodeType="ra3.xlplus", MasterUsername="awsuser",
                                MasterUserPassword="Passw0rd!", ClusterType="single-node", DBName="dev")["Cluster"]
    assert created["ClusterIdentifier"] == "lifecycle"
    assert created["NodeType"] == "ra3.xlplus" and created["NumberOfNodes"] == 1
    described = rs.describe_clusters(ClusterIdentifier="lifecycle")["Clusters"][0]
    assert described["DBName"] == "dev" and described["MasterUsername"] == "awsuser"
    assert described["Endpoint"]["Port"] == 5439
    with pytest.raises(ClientError) as info:
        rs.create_cluster(ClusterIdentifier="lifecycle", NodeType="ra3.xlplus", MasterUsername="awsuser",
                          MasterUserPassword="Passw0rd!", ClusterType="single-node")
    assert info.value.response["Error"]["Code"] == "ClusterAlreadyExists"
    rs.delete_cluster(ClusterIdentifier="lifecycle", SkipFinalClusterSnapshot=True)
    with pytest.raises(ClientError) as info:
        rs.describe_clusters(ClusterIdentifier="lifecycle")
    assert info.value.response["Error"]["Code"] == "ClusterNotFound"
    assert info.value.response["Error"]["Message"] == "Cluster lifecycle not found."


def test_snapshot_errors(target):
    rs = boto3.client("redshift", region_name="us-east-1")
    with pytest.raises(ClientError) as info:
        rs.describe_cluster_snapshots(SnapshotIdentifier="missing")
    assert info.value.response["Error"]["Code"] == "ClusterSnapshotNotFound"
    with pytest.raises(ClientError) as info:
        rs.create_cluster_snapshot(SnapshotIdentifier="s", ClusterIdentifier="missing")
    assert info.value.response["Error"]["Code"] == "ClusterNotFound"


def test_data_api_statement_lookup(target):
    data = boto3.client("redshift-data", region_name="us-east-1")
    with pytest.raises(ClientError) as info:
        data.describe_statement(Id="00000000-0000-0000-0000-000000000000")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
