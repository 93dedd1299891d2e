"""RLS reaches every base-table reference in every query shape, and Redshift's restrictions on policies."""

from __future__ import annotations

import pytest

from awscore.redshift.errors import DependentObjectsStillExist, FeatureNotSupported, InsufficientPrivilege

VISIBLE = {1, 3}  # bob's rows


@pytest.fixture
def bob(cluster, cur):
    cur.execute("CREATE USER bob PASSWORD 'Abcdefg1'")
    cur.execute("CREATE SCHEMA s")
    cur.execute("GRANT USAGE ON SCHEMA s TO bob")
    cur.execute("CREATE TABLE s.t (id INT, owner VARCHAR(10), amount INT)")
    cur.execute("INSERT INTO s.t VALUES (1, 'bob', 100), (2, 'carl', 700), (3, 'bob', 300), (4, 'dee', 900)")
    cur.execute("CREATE TABLE owners (u VARCHAR(10), o VARCHAR(10))")
    cur.execute("INSERT INTO owners VALUES ('bob', 'bob')")
    cur.execute("CREATE RLS POLICY mine WITH (owner VARCHAR(10)) USING "
                "(owner IN (SELECT o FROM owners WHERE u = current_user))")
    cur.execute("ATTACH RLS POLICY mine ON s.t TO bob")
    cur.execute("ALTER TABLE s.t ROW LEVEL SECURITY ON")
    cur.execute("GRANT ALL ON s.t TO bob")
    cur.execute("CREATE TABLE dst (id INT, owner VARCHAR(10), amount INT)")
    cur.execute("GRANT ALL ON dst TO bob")
    cur.execute("GRANT CREATE ON SCHEMA public TO bob")
    cur.execute("CREATE VIEW s.v AS SELECT * FROM s.t")
    cur.execute("CREATE VIEW s.vv AS SELECT id, amount FROM s.v WHERE amount > 0")
    cur.execute("GRANT SELECT ON s.v, s.vv TO bob")
    conn = cluster.connect(user="bob", autocommit=True)
    yield conn.cursor()
    conn.close()


SHAPES = [
    "SELECT id FROM s.t",
    "SELECT x.id FROM s.t AS x",
    'SELECT id FROM "S"."T"',
    "SELECT id FROM (SELECT * FROM s.t) d",
    "SELECT id FROM s.t WHERE id IN (SELECT id FROM s.t)",
    "SELECT (SELECT max(id) FROM s.t) AS id",
    "SELECT o.id FROM s.t o WHERE EXISTS (SELECT 1 FROM s.t i WHERE i.id = o.id)",
    "SELECT a.id FROM s.t a, LATERAL (SELECT b.id AS bid FROM s.t b WHERE b.id = a.id) l",
    "WITH c AS (SELECT * FROM s.t) SELECT id FROM c",
    "WITH t AS (SELECT * FROM s.t) SELECT id FROM t",
    "WITH RECURSIVE r(id, n) AS (SELECT id, 0 FROM s.t UNION ALL SELECT id, n + 1 FROM r WHERE n < 2) "
    "SELECT id FROM r",
    "SELECT id FROM s.t UNION SELECT id FROM s.t",
    "SELECT id FROM s.t INTERSECT SELECT id FROM s.t",
    "SELECT a.id FROM s.t a JOIN s.t b ON a.id = b.id",
    "SELECT a.id FROM s.t a LEFT JOIN s.t b ON b.id = a.id + 1",
    "SELECT id FROM s.v",
    "SELECT id FROM s.vv",
    "SELECT id FROM s.t ORDER BY amount DESC LIMIT 10",
    "SELECT id FROM (SELECT id, count(*) OVER () AS n FROM s.t) w",
]


@pytest.mark.parametrize("sql", SHAPES)
def test_every_shape_sees_only_policy_rows(bob, sql):
    ids = {row[0] for row in bob.execute(sql).fetchall()}
    assert ids <= VISIBLE and ids, sql


def test_aggregates_count_only_visible_rows(bob):
    assert bob.execute("SELECT count(*), sum(amount) FROM s.t").fetchone() == (2, 400)
    assert bob.execute("SELECT count(*) FROM s.t WHERE amount = 700").fetchone() == (0,)


def test_ctas_and_insert_select_copy_only_visible_rows(bob):
    bob.execute("CREATE TABLE bobs AS SELECT * FROM s.t")
    assert sorted(r[0] for r in bob.execute("SELECT id FROM bobs").fetchall()) == [1, 3]
    bob.execute("INSERT INTO dst SELECT * FROM s.t")
    assert bob.execute("SELECT count(*) FROM dst").fetchone() == (2,)
    bob.execute("SELECT id INTO TEMP tmp FROM s.t")
    assert bob.execute("SELECT count(*) FROM tmp").fetchone() == (2,)


def test_update_and_delete_touch_only_visible_rows(cur, bob):
    bob.execute("UPDATE s.t SET amount = 0")
    assert bob.rowcount == 2
    bob.execute("DELETE FROM s.t WHERE id IN (2, 4)")
    assert bob.rowcount == 0
    rows = cur.execute("SELECT id, amount FROM s.t ORDER BY id").fetchall()
    assert rows == [(1, 0), (2, 700), (3, 0), (4, 900)]


def test_insert_is_not_filtered(cur, bob):
    bob.execute("INSERT INTO s.t VALUES (5, 'carl', 1)")
    assert cur.execute("SELECT count(*) FROM s.t WHERE id = 5").fetchone() == (1,)
    assert bob.execute("SELECT count(*) FROM s.t WHERE id = 5").fetchone() == (0,)


def test_rls_on_without_applicable_policy_means_no_rows(cluster, cur, bob):
    cur.execute("CREATE USER eve PASSWORD 'Abcdefg1'")
    cur.execute("GRANT USAGE ON SCHEMA s TO eve")
    cur.execute("GRANT SELECT ON s.t TO eve")
    eve = cluster.connect(user="eve", autocommit=True).cursor()
    assert eve.execute("SELECT count(*) FROM s.t").fetchone() == (0,)
    cur.execute("GRANT IGNORE RLS TO eve")
    assert eve.execute("SELECT count(*) FROM s.t").fetchone() == (4,)


def test_secadmin_and_superusers_see_all(cluster, cur, bob):
    assert cur.execute("SELECT count(*) FROM s.t").fetchone() == (4,)
    cur.execute("GRANT ROLE sys:secadmin TO bob")
    assert bob.execute("SELECT count(*) FROM s.t").fetchone() == (4,)


def test_roles_and_public_attachments_with_conjunctions(cluster, cur, bob):
    cur.execute("CREATE ROLE small; GRANT ROLE small TO bob")
    cur.execute("CREATE RLS POLICY big WITH (amount INT) USING (amount > 200)")
    cur.execute("ATTACH RLS POLICY big ON s.t TO ROLE small")
    assert {r[0] for r in bob.execute("SELECT id FROM s.t").fetchall()} == {3}
    cur.execute("ALTER TABLE s.t ROW LEVEL SECURITY ON CONJUNCTION TYPE OR")
    assert {r[0] for r in bob.execute("SELECT id FROM s.t").fetchall()} == {1, 2, 3, 4}


def test_renaming_a_target_table_keeps_its_policies(cur, bob):
    cur.execute("ALTER TABLE s.t RENAME TO t2")
    assert {r[0] for r in bob.execute("SELECT id FROM s.t2").fetchall()} == VISIBLE


def test_dropping_a_target_table_detaches_its_policies(cur, bob):
    cur.execute("DROP VIEW s.vv; DROP VIEW s.v; DROP TABLE s.t")
    assert cur.execute("SELECT count(*) FROM svv_rls_attached_policy").fetchone() == (0,)
    cur.execute("CREATE TABLE s.t (id INT, owner VARCHAR(10), amount INT)")
    assert cur.execute("SELECT count(*) FROM svv_rls_relation WHERE is_rls_on").fetchone() == (0,)


def test_restrictions(cur, bob):
    with pytest.raises(DependentObjectsStillExist, match="RLS policy \"mine\" depends on it"):
        cur.execute("DROP TABLE owners")
    with pytest.raises(DependentObjectsStillExist):
        cur.execute("ALTER TABLE owners RENAME TO o2")
    with pytest.raises(FeatureNotSupported, match="lookup table"):
        cur.execute("CREATE RLS POLICY l2 WITH (u VARCHAR(10)) USING (u = 'x'); "
                    "ATTACH RLS POLICY l2 ON owners TO bob")
    with pytest.raises(FeatureNotSupported, match="correlated subqueries"):
        cur.execute("CREATE RLS POLICY c WITH (owner VARCHAR(10)) USING "
                    "(EXISTS (SELECT 1 FROM owners WHERE o = owner))")
    with pytest.raises(FeatureNotSupported, match="materialized view"):
        cur.execute("CREATE MATERIALIZED VIEW mv AS SELECT * FROM s.t")
    with pytest.raises(InsufficientPrivilege, match="superuser"):
        cur.execute("ATTACH RLS POLICY mine ON s.t TO awsuser")
    with pytest.raises(InsufficientPrivilege, match="only superusers and sys:secadmin"):
        bob.execute("DETACH RLS POLICY mine ON s.t FROM bob")
    cur.execute("CREATE TABLE base (id INT)")
    cur.execute("CREATE MATERIALIZED VIEW mv AS SELECT * FROM base")
    with pytest.raises(FeatureNotSupported, match="materialized view"):
        cur.execute("ALTER TABLE base ROW LEVEL SECURITY ON")


def test_unload_writes_only_visible_rows(cluster, cur, bob):
    cluster.s3.create_bucket("out")
    bob.execute("UNLOAD ('SELECT id FROM s.t ORDER BY id') TO 's3://out/u_' "
                "IAM_ROLE 'arn:aws:iam::123456789012:role/r' CSV PARALLEL OFF")
    keys = [o.key for o in cluster.s3.get_bucket("out").iter_objects("u_")]
    body = b"".join(cluster.s3.get_object("out", k).body for k in keys)
    assert sorted(body.decode().split()) == ["1", "3"]


@pytest.mark.parametrize("sql", [
    "SELECT id FROM s.t WHERE 1/(CASE WHEN amount = 700 THEN 0 ELSE 1 END) = 1",
    "SELECT id FROM s.t WHERE CAST(CASE WHEN amount = 700 THEN 'x' ELSE '1' END AS INT) = 1",
    "SELECT id, 1/(CASE WHEN owner = 'carl' THEN 0 ELSE 1 END) FROM s.t",
    "SELECT count(*) FROM s.t WHERE amount / (amount - 700) > 0",
    "SELECT a.id FROM s.t a JOIN s.t b ON 1/(b.amount - 900) IS NOT NULL",
])
def test_errors_never_fire_on_hidden_rows_behind_a_lookup_policy(bob, sql):
    """The error-on-hidden-row side channel, with a policy that joins a lookup table."""
    assert bob.execute(sql).fetchall() is not None


def test_columns_policies_read_cannot_change(cur, bob):
    with pytest.raises(DependentObjectsStillExist, match='RLS policy "mine"'):
        cur.execute("ALTER TABLE s.t DROP COLUMN owner")
    with pytest.raises(DependentObjectsStillExist):
        cur.execute("ALTER TABLE s.t RENAME COLUMN owner TO who")
    with pytest.raises(DependentObjectsStillExist):
        cur.execute("ALTER TABLE owners DROP COLUMN o")  # a lookup table's column
    cur.execute("ALTER TABLE s.t DROP COLUMN amount")  # columns no policy reads can go


def test_alter_rls_policy_changes_the_predicate(cur, bob):
    cur.execute("ALTER RLS POLICY mine USING (owner = 'carl')")
    assert {r[0] for r in bob.execute("SELECT id FROM s.t").fetchall()} == {2}
    with pytest.raises(FeatureNotSupported, match="correlated"):
        cur.execute("ALTER RLS POLICY mine USING (EXISTS (SELECT 1 FROM owners WHERE o = owner))")
    assert {r[0] for r in bob.execute("SELECT id FROM s.t").fetchall()} == {2}
    cur.execute("DROP TABLE owners")  # no longer a lookup table


def test_append_from_a_protected_table_is_refused(cur, bob):
    bob.execute("CREATE TABLE mine (id INT, owner VARCHAR(10), amount INT)")
    with pytest.raises(InsufficientPrivilege):
        bob.execute("ALTER TABLE mine APPEND FROM s.t")
    assert cur.execute("SELECT count(*) FROM s.t").fetchone() == (4,)
