"""Dynamic data masking: priorities, roles, PUBLIC, and masks applied before predicates."""

from __future__ import annotations

import pytest

from awscore.redshift.errors import InsufficientPrivilege, SQLError, UndefinedFunction

SETUP = """
CREATE TABLE credit_cards (customer_id INT, credit_card TEXT, fraud BOOLEAN);
INSERT INTO credit_cards VALUES (100, '4532993817514842', false), (102, '5243112427642649', true);
CREATE USER regular PASSWORD 'Abcdefg1';
CREATE USER analyst PASSWORD 'Abcdefg1';
CREATE ROLE analytics_role;
GRANT ROLE analytics_role TO analyst;
GRANT SELECT ON credit_cards TO PUBLIC;
CREATE MASKING POLICY mask_full WITH (credit_card VARCHAR(256)) USING ('000000XXXX0000'::TEXT);
CREATE MASKING POLICY mask_partial WITH (credit_card VARCHAR(256))
  USING ('XXXXXXXXXXXX'::TEXT || SUBSTRING(credit_card::TEXT FROM 13 FOR 4));
ATTACH MASKING POLICY mask_full ON credit_cards(credit_card) TO PUBLIC;
ATTACH MASKING POLICY mask_partial ON credit_cards(credit_card) TO ROLE analytics_role PRIORITY 10;
"""


@pytest.fixture
def users(cluster, cur):
    cur.execute(SETUP)
    regular = cluster.connect(user="regular", autocommit=True).cursor()
    analyst = cluster.connect(user="analyst", autocommit=True).cursor()
    return regular, analyst


def test_priority_and_public(users):
    regular, analyst = users
    assert regular.execute("SELECT credit_card FROM credit_cards ORDER BY customer_id").fetchall() == [
        ("000000XXXX0000",), ("000000XXXX0000",)]
    assert analyst.execute("SELECT credit_card FROM credit_cards ORDER BY customer_id").fetchall() == [
        ("XXXXXXXXXXXX4842",), ("XXXXXXXXXXXX2649",)]


def test_mask_applies_before_predicates(users):
    regular, _ = users
    assert regular.execute("SELECT count(*) FROM credit_cards WHERE credit_card = '4532993817514842'").fetchone() == (0,)
    assert regular.execute("SELECT count(*) FROM credit_cards WHERE credit_card = '000000XXXX0000'").fetchone() == (2,)
    assert regular.execute("SELECT * FROM credit_cards WHERE customer_id = 100").fetchall() == [
        (100, "000000XXXX0000", False)]


def test_conditional_mask_with_using_columns(cluster, cur, users):
    regular, _ = users
    cur.execute("DETACH MASKING POLICY mask_full ON credit_cards(credit_card) FROM PUBLIC")
    cur.execute("CREATE MASKING POLICY mask_fraud WITH (fraudulent BOOLEAN, pan VARCHAR(256)) "
                "USING (CASE WHEN fraudulent THEN pan ELSE NULL END)")
    cur.execute("ATTACH MASKING POLICY mask_fraud ON credit_cards(credit_card) USING (fraud, credit_card) "
                "TO PUBLIC PRIORITY 5")
    assert regular.execute("SELECT customer_id, credit_card FROM credit_cards ORDER BY 1").fetchall() == [
        (100, None), (102, "5243112427642649")]


def test_attach_rules(cur, users):
    with pytest.raises(SQLError, match="same priority"):
        cur.execute("CREATE MASKING POLICY other WITH (c VARCHAR(256)) USING ('z'::TEXT);"
                    "ATTACH MASKING POLICY other ON credit_cards(credit_card) TO analyst PRIORITY 10")
    with pytest.raises(SQLError):
        cur.execute("DROP MASKING POLICY mask_full")
    cur.execute("DROP MASKING POLICY mask_full CASCADE")
    regular, _ = users
    assert regular.execute("SELECT credit_card FROM credit_cards ORDER BY 1").fetchall() == [
        ("4532993817514842",), ("5243112427642649",)]
    with pytest.raises(InsufficientPrivilege):
        regular.execute("CREATE MASKING POLICY mine WITH (c INT) USING (0)")
    with pytest.raises(UndefinedFunction):
        cur.execute("CREATE MASKING POLICY evil WITH (c INT) USING (read_csv('/etc/passwd'))")


def test_rls_sees_raw_values_under_masks(cluster, cur, users):
    regular, _ = users
    cur.execute("CREATE RLS POLICY only_visa WITH (credit_card VARCHAR(256)) USING (credit_card LIKE '4%')")
    cur.execute("ATTACH RLS POLICY only_visa ON credit_cards TO PUBLIC")
    cur.execute("ALTER TABLE credit_cards ROW LEVEL SECURITY ON")
    assert regular.execute("SELECT customer_id, credit_card FROM credit_cards").fetchall() == [
        (100, "000000XXXX0000")]


def test_mask_on_current_user_and_views_use_the_invokers_masks(cluster, cur, users):
    regular, analyst = users
    cur.execute("CREATE MASKING POLICY by_user WITH (credit_card VARCHAR(256)) "
                "USING (CASE WHEN current_user = 'analyst' THEN 'seen' ELSE 'hidden' END)")
    cur.execute("ATTACH MASKING POLICY by_user ON credit_cards(credit_card) TO PUBLIC PRIORITY 50")
    cur.execute("CREATE VIEW cards_v AS SELECT customer_id, credit_card FROM credit_cards")
    cur.execute("GRANT SELECT ON cards_v TO PUBLIC")
    assert {r[0] for r in regular.execute("SELECT credit_card FROM cards_v").fetchall()} == {"hidden"}
    assert {r[0] for r in analyst.execute("SELECT credit_card FROM cards_v").fetchall()} == {"seen"}


def test_mask_through_nested_roles(cluster, cur, users):
    regular, analyst = users
    cur.execute("CREATE ROLE outer_role; GRANT ROLE analytics_role TO ROLE outer_role; GRANT ROLE outer_role TO regular")
    rows = regular.execute("SELECT credit_card FROM credit_cards ORDER BY customer_id").fetchall()
    assert rows == [("XXXXXXXXXXXX4842",), ("XXXXXXXXXXXX2649",)]


def test_update_and_delete_read_masked_values(cluster, cur, users):
    regular, analyst = users
    cur.execute("GRANT UPDATE, DELETE ON credit_cards TO PUBLIC")
    cur.execute("CREATE TABLE copies (v TEXT); GRANT INSERT ON copies TO PUBLIC")
    regular.execute("UPDATE credit_cards SET fraud = fraud WHERE credit_card = '4532993817514842'")
    assert regular.rowcount == 0  # the raw number cannot be probed through a row count
    regular.execute("UPDATE credit_cards SET fraud = fraud WHERE credit_card = '000000XXXX0000'")
    assert regular.rowcount == 2
    regular.execute("DELETE FROM credit_cards WHERE credit_card LIKE '4532%'")
    assert regular.rowcount == 0
    analyst.execute("UPDATE credit_cards SET credit_card = credit_card || '' WHERE customer_id = 100")
    db = cluster.databases["dev"]
    stored = db.duck.sql(f"SELECT credit_card FROM {db.catalog.get('public', 'credit_cards').duck_name()} "
                         "WHERE customer_id = 100").fetchall()[0][0]
    assert stored == "XXXXXXXXXXXX4842"  # SET reads the mask too: the raw value is never copied out
