"""Datashares between clusters and workgroups of one Cloud (other accounts and regions too)."""

from __future__ import annotations

import boto3
import pytest

from awscore.redshift.errors import (
    DuplicateObject,
    FeatureNotSupported,
    InsufficientPrivilege,
    UndefinedObject,
    UndefinedTable,
)


@pytest.fixture
def pair(aws):
    prod = aws.backend("redshift", "111111111111", "us-east-1").create_cluster(
        "prod", node_type="ra3.xlplus", master_username="admin").engine
    cons = aws.backend("redshift", "222222222222", "eu-west-1").create_cluster(
        "cons", node_type="ra3.xlplus", master_username="admin").engine
    p, c = prod.session(), cons.session()
    p.execute("CREATE SCHEMA sales; CREATE TABLE sales.orders (id INT, amt INT); "
              "INSERT INTO sales.orders VALUES (1, 10), (2, 20); CREATE TABLE sales.secret (x INT)")
    p.execute("CREATE DATASHARE sh; ALTER DATASHARE sh ADD SCHEMA sales; ALTER DATASHARE sh ADD TABLE sales.orders")
    p.execute("GRANT USAGE ON DATASHARE sh TO ACCOUNT '222222222222'")
    c.execute(f"CREATE DATABASE shdb FROM DATASHARE sh OF ACCOUNT '111111111111' NAMESPACE '{prod.namespace_id}' "
              "REGION 'us-east-1'")
    return prod, cons, p, c


def _q(session, sql):
    return session.execute(sql)[-1].table.to_pylist()


def test_consumer_reads_live_three_part_names(pair):
    prod, cons, p, c = pair
    assert _q(p, "SELECT current_namespace") == [{"current_namespace": prod.namespace_id}]
    assert _q(c, "SELECT id, amt FROM shdb.sales.orders ORDER BY id") == [{"id": 1, "amt": 10}, {"id": 2, "amt": 20}]
    p.execute("INSERT INTO sales.orders VALUES (3, 30)")
    assert _q(c, "SELECT sum(amt) AS s FROM shdb.sales.orders") == [{"s": 60}]
    c.execute("CREATE TABLE local_t (id INT); INSERT INTO local_t VALUES (3)")
    assert _q(c, "SELECT o.amt FROM shdb.sales.orders o JOIN local_t l ON l.id = o.id") == [{"amt": 30}]


def test_consumer_side_is_read_only_and_limited_to_shared_objects(pair):
    prod, cons, p, c = pair
    with pytest.raises(FeatureNotSupported, match="read-only"):
        c.execute("INSERT INTO shdb.sales.orders VALUES (9, 9)")
    with pytest.raises(UndefinedTable, match='relation "shdb.sales.secret" does not exist'):
        c.execute("SELECT * FROM shdb.sales.secret")
    p.execute("ALTER DATASHARE sh SET INCLUDENEW = TRUE FOR SCHEMA sales")
    assert _q(c, "SELECT count(*) AS n FROM shdb.sales.secret") == [{"n": 0}]
    p.execute("ALTER DATASHARE sh SET INCLUDENEW = FALSE FOR SCHEMA sales")
    p.execute("ALTER DATASHARE sh REMOVE TABLE sales.orders")
    with pytest.raises(UndefinedTable):
        c.execute("SELECT * FROM shdb.sales.orders")


def test_revoked_or_dropped_shares_stop_working(pair):
    prod, cons, p, c = pair
    p.execute("REVOKE USAGE ON DATASHARE sh FROM ACCOUNT '222222222222'")
    with pytest.raises(UndefinedTable):
        c.execute("SELECT * FROM shdb.sales.orders")
    p.execute("ALTER DATASHARE sh ADD ACCOUNT '222222222222'")
    assert len(_q(c, "SELECT * FROM shdb.sales.orders")) == 2
    p.execute("DROP DATASHARE sh")
    with pytest.raises(UndefinedTable):
        c.execute("SELECT * FROM shdb.sales.orders")
    with pytest.raises(UndefinedObject):
        c.execute(f"CREATE DATABASE x FROM DATASHARE sh OF ACCOUNT '111111111111' NAMESPACE '{prod.namespace_id}'")


def test_unauthorized_consumer_and_errors(aws, pair):
    prod, cons, p, c = pair
    other = aws.backend("redshift", "333333333333", "us-east-1").create_cluster(
        "other", node_type="ra3.xlplus", master_username="admin").engine.session()
    with pytest.raises(UndefinedObject, match="not shared"):
        other.execute(f"CREATE DATABASE x FROM DATASHARE sh OF ACCOUNT '111111111111' "
                      f"NAMESPACE '{prod.namespace_id}'")
    with pytest.raises(UndefinedObject, match="namespace"):
        c.execute("CREATE DATABASE y FROM DATASHARE sh OF ACCOUNT '111111111111' NAMESPACE 'nope'")
    with pytest.raises(DuplicateObject):
        p.execute("CREATE DATASHARE sh")
    with pytest.raises(UndefinedObject, match="must be added"):
        p.execute("CREATE TABLE public.t (a INT); ALTER DATASHARE sh ADD TABLE public.t")


def test_consumer_users_need_usage_on_the_database(pair):
    prod, cons, p, c = pair
    c.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    bob = cons.session("bob")
    with pytest.raises(InsufficientPrivilege, match="permission denied for database shdb"):
        bob.execute("SELECT * FROM shdb.sales.orders")
    c.execute("GRANT USAGE ON DATABASE shdb TO bob")
    assert len(_q(bob, "SELECT * FROM shdb.sales.orders")) == 2


def test_rls_protected_tables_need_rls_off_for_datashares(pair):
    prod, cons, p, c = pair
    p.execute("CREATE RLS POLICY pol WITH (amt INT) USING (amt > 15)")
    p.execute("ATTACH RLS POLICY pol ON sales.orders TO PUBLIC; ALTER TABLE sales.orders ROW LEVEL SECURITY ON")
    with pytest.raises(FeatureNotSupported, match="cannot be accessed via cross-database query"):
        c.execute("SELECT * FROM shdb.sales.orders")
    p.execute("ALTER TABLE sales.orders ROW LEVEL SECURITY OFF FOR DATASHARES")
    assert len(_q(c, "SELECT * FROM shdb.sales.orders")) == 2


def test_desc_and_show_datashares(pair):
    prod, cons, p, c = pair
    desc = _q(p, "DESC DATASHARE sh")
    assert [(r["object_type"], r["object_name"]) for r in desc] == [("schema", "sales"), ("table", "sales.orders")]
    assert _q(p, "SHOW DATASHARES")[0]["share_type"] == "OUTBOUND"
    inbound = _q(c, "SHOW DATASHARES LIKE 's%'")
    assert [(r["share_name"], r["share_type"], r["consumer_database"]) for r in inbound] == [("sh", "INBOUND", "shdb")]
    assert _q(c, "SHOW DATASHARES LIKE 'x%'") == []


def test_serverless_workgroup_consumes_through_the_data_api(aws, pair):
    prod, cons, p, c = pair
    sls = boto3.client("redshift-serverless", region_name="us-east-1")
    ns = sls.create_namespace(namespaceName="ns1", adminUsername="admin", dbName="dev")["namespace"]
    sls.create_workgroup(workgroupName="wg1", namespaceName="ns1")
    p.execute(f"GRANT USAGE ON DATASHARE sh TO NAMESPACE '{ns['namespaceId']}'")
    data = boto3.client("redshift-data", region_name="us-east-1")
    setup = data.execute_statement(
        WorkgroupName="wg1", Database="dev",
        Sql=f"CREATE DATABASE fromprod FROM DATASHARE sh OF ACCOUNT '111111111111' NAMESPACE '{prod.namespace_id}'")
    assert data.describe_statement(Id=setup["Id"])["Status"] == "FINISHED"
    sid = data.execute_statement(WorkgroupName="wg1", Database="dev",
                                 Sql="SELECT count(*) FROM fromprod.sales.orders")["Id"]
    assert data.get_statement_result(Id=sid)["Records"] == [[{"longValue": 2}]]


def test_datashare_system_views(pair):
    prod, cons, p, c = pair
    out = _q(p, "SELECT share_name, share_type, source_database, producer_account FROM svv_datashares")
    assert out == [{"share_name": "sh", "share_type": "OUTBOUND", "source_database": "dev",
                    "producer_account": "111111111111"}]
    inbound = _q(c, "SELECT share_name, share_type, consumer_database FROM svv_datashares")
    assert inbound == [{"share_name": "sh", "share_type": "INBOUND", "consumer_database": "shdb"}]
    objects = _q(c, "SELECT object_type, object_name FROM svv_datashare_objects ORDER BY object_name")
    assert [(o["object_type"], o["object_name"]) for o in objects] == [("schema", "sales"), ("table", "sales.orders")]
    assert _q(p, "SELECT share_name, consumer_account FROM svv_datashare_consumers") == [
        {"share_name": "sh", "consumer_account": "222222222222"}]


def test_desc_of_a_share_not_granted_to_us_is_refused(aws, pair):
    prod, cons, p, c = pair
    other = aws.backend("redshift", "333333333333", "us-east-1").create_cluster(
        "other2", node_type="ra3.xlplus", master_username="admin").engine.session()
    with pytest.raises(UndefinedObject):
        other.execute(f"DESC DATASHARE sh OF ACCOUNT '111111111111' NAMESPACE '{prod.namespace_id}'")


def test_describe_clusters_gives_the_namespace_guid_datashares_use(aws):
    rs = boto3.client("redshift", region_name="us-east-1")
    rs.create_cluster(ClusterIdentifier="c9", NodeType="ra3.xlplus", MasterUsername="awsuser",
                      MasterUserPassword="Passw0rd!", ClusterType="single-node")
    arn = rs.describe_clusters(ClusterIdentifier="c9")["Clusters"][0]["ClusterNamespaceArn"]
    engine = aws.backend("redshift").cluster("c9").engine
    assert arn == f"arn:aws:redshift:us-east-1:{aws.default_account}:namespace:{engine.namespace_id}"
