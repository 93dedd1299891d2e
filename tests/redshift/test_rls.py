"""Row-level security: policies combine per user; no query shape escapes them."""

from __future__ import annotations

import pytest

from awscore.redshift.errors import InsufficientPrivilege, SQLError

CATEGORIES = """
CREATE TABLE category (catid INT, catgroup VARCHAR(10), catname VARCHAR(10));
INSERT INTO category VALUES (1, 'Sports', 'MLB'), (2, 'Sports', 'NHL'), (3, 'Sports', 'NBA'),
  (4, 'Shows', 'Musicals'), (5, 'Concerts', 'Pop');
CREATE USER alice PASSWORD 'Abcdefg1';
CREATE USER bob PASSWORD 'Abcdefg1';
CREATE ROLE analyst;
GRANT ROLE analyst TO alice;
GRANT SELECT, UPDATE, DELETE ON category TO alice, bob;
CREATE RLS POLICY policy_sports WITH (catgroup VARCHAR(10)) USING (catgroup = 'Sports');
CREATE RLS POLICY policy_nba WITH (catname VARCHAR(10)) AS c USING (c.catname = 'NBA');
ATTACH RLS POLICY policy_sports ON category TO ROLE analyst;
ATTACH RLS POLICY policy_nba ON category TO alice;
ALTER TABLE category ROW LEVEL SECURITY ON;
"""


@pytest.fixture
def users(cluster, cur):
    cur.execute(CATEGORIES)
    alice = cluster.connect(user="alice", autocommit=True).cursor()
    bob = cluster.connect(user="bob", autocommit=True).cursor()
    return alice, bob


def test_policies_combine_with_and(cur, users):
    alice, bob = users
    assert alice.execute("SELECT catgroup, catname FROM category").fetchall() == [("Sports", "NBA")]
    assert bob.execute("SELECT * FROM category").fetchall() == []  # RLS on, no policy for bob
    assert cur.execute("SELECT count(*) FROM category").fetchone() == (5,)  # superuser


def test_conjunction_or(cur, users):
    alice, _ = users
    cur.execute("ALTER TABLE category ROW LEVEL SECURITY ON CONJUNCTION TYPE OR")
    assert sorted(alice.execute("SELECT catname FROM category").fetchall()) == [("MLB",), ("NBA",), ("NHL",)]
    cur.execute("ALTER TABLE category ROW LEVEL SECURITY OFF")
    assert alice.execute("SELECT count(*) FROM category").fetchone() == (5,)


BYPASS = [
    "SELECT catname FROM category",
    "SELECT catname FROM public.category",
    'SELECT catname FROM "CATEGORY" x',
    "SELECT catname FROM (SELECT * FROM category) d",
    "SELECT (SELECT max(catname) FROM category)",
    "SELECT catname FROM category WHERE catid IN (SELECT catid FROM category)",
    "WITH category AS (SELECT * FROM public.category) SELECT catname FROM category",
    "SELECT a.catname FROM category a JOIN category b ON a.catid = b.catid",
    "SELECT catname FROM category UNION ALL SELECT catname FROM public.category",
    "SELECT catname FROM category WHERE EXISTS (SELECT 1 FROM category c2 WHERE c2.catid = category.catid)",
]


@pytest.mark.parametrize("sql", BYPASS)
def test_no_query_shape_escapes(users, sql):
    alice, _ = users
    names = {r[0] for r in alice.execute(sql).fetchall() if r[0] is not None}
    assert names <= {"NBA"}


def test_views_apply_the_invokers_policies(cur, users):
    alice, _ = users
    cur.execute("CREATE VIEW all_cats AS SELECT catname FROM category")
    cur.execute("GRANT SELECT ON all_cats TO alice")
    assert alice.execute("SELECT * FROM all_cats").fetchall() == [("NBA",)]
    assert cur.execute("SELECT count(*) FROM all_cats").fetchone() == (5,)


def test_update_and_delete_touch_only_visible_rows(cur, users):
    alice, _ = users
    alice.execute("UPDATE category SET catid = catid + 100")
    assert alice.rowcount == 1
    alice.execute("DELETE FROM category WHERE catid > 0")
    assert alice.rowcount == 1
    assert cur.execute("SELECT count(*) FROM category").fetchone() == (4,)


def test_current_user_in_a_policy(cluster, cur):
    cur.execute("CREATE TABLE notes (owner VARCHAR(10), body VARCHAR(10))")
    cur.execute("INSERT INTO notes VALUES ('carol', 'c1'), ('dave', 'd1')")
    cur.execute("CREATE USER carol PASSWORD 'Abcdefg1'; CREATE USER dave PASSWORD 'Abcdefg1'")
    cur.execute("GRANT SELECT ON notes TO PUBLIC")
    cur.execute("CREATE RLS POLICY own WITH (owner VARCHAR(10)) USING (owner = current_user)")
    cur.execute("ATTACH RLS POLICY own ON notes TO PUBLIC")
    cur.execute("ALTER TABLE notes ROW LEVEL SECURITY ON")
    carol = cluster.connect(user="carol", autocommit=True).cursor()
    dave = cluster.connect(user="dave", autocommit=True).cursor()
    assert carol.execute("SELECT body FROM notes").fetchall() == [("c1",)]
    assert dave.execute("SELECT body FROM notes").fetchall() == [("d1",)]


def test_ignore_rls_and_insert_is_not_filtered(cur, users):
    alice, bob = users
    cur.execute("GRANT INSERT ON category TO bob")
    bob.execute("INSERT INTO category VALUES (9, 'Sports', 'NBA')")  # INSERT is not filtered
    cur.execute("GRANT IGNORE RLS TO bob")
    assert bob.execute("SELECT count(*) FROM category").fetchone() == (6,)
    cur.execute("REVOKE IGNORE RLS FROM bob")
    assert bob.execute("SELECT count(*) FROM category").fetchone() == (0,)


def test_management_rules(cur, users):
    alice, _ = users
    with pytest.raises(InsufficientPrivilege):
        alice.execute("CREATE RLS POLICY p2 USING (true)")
    with pytest.raises(SQLError):
        cur.execute("DROP RLS POLICY policy_nba")  # still attached
    cur.execute("DETACH RLS POLICY policy_nba ON category FROM alice")
    cur.execute("DROP RLS POLICY policy_nba")
    assert sorted(alice.execute("SELECT catname FROM category").fetchall()) == [("MLB",), ("NBA",), ("NHL",)]
    pols = cur.execute("SELECT polname FROM svv_rls_policy").fetchall()
    assert pols == [("policy_sports",)]
    attached = cur.execute("SELECT relname, polname, grantee, granteekind, is_rls_on FROM svv_rls_attached_policy")
    assert attached.fetchall() == [("category", "policy_sports", "analyst", "role", True)]
    assert cur.execute("SELECT is_rls_on FROM svv_rls_relation WHERE relname = 'category'").fetchone() == (True,)
