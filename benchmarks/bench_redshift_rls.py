"""Redshift access-control benchmark: a query under RLS + dynamic data masking vs the same query without.

Run: .venv/bin/python benchmarks/bench_redshift_rls.py [rows]

Prints, in one run:
* awscore: the query as a restricted user (RLS policy + a masking policy on the table) and the same query
  on the same table without protection, with their ratio (the goal: within 1.3x);
* the rewrite cache: translating the protected query on a hit (cached per statement text, user and
  policy version) vs a miss;
* the raw floor: the hand-written equivalent straight on DuckDB, protected and not;
* moto: moto has no Redshift SQL engine (its redshift-data answers a canned result and knows nothing of
  RLS or masking), so only its Data API round trip for the same statement is timed.
"""

from __future__ import annotations

import statistics
import sys
import time

import boto3
import duckdb

from awscore.clock import ManualClock
from awscore.redshift import Cluster

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000

QUERY = ("SELECT region, count(*) AS n, sum(amount) AS total, max(ssn) AS top_ssn FROM acct "
         "WHERE amount > 100 GROUP BY region ORDER BY region")
SETUP = """
CREATE USER analyst PASSWORD 'Abcdefg1';
CREATE TABLE acct (id BIGINT, owner VARCHAR(16), region VARCHAR(8), amount INT, ssn VARCHAR(11));
CREATE TABLE plain (id BIGINT, owner VARCHAR(16), region VARCHAR(8), amount INT, ssn VARCHAR(11));
GRANT SELECT ON acct, plain TO analyst;
CREATE RLS POLICY own WITH (owner VARCHAR(16)) USING (owner IN ('analyst', 'team'));
ATTACH RLS POLICY own ON acct TO analyst;
ALTER TABLE acct ROW LEVEL SECURITY ON;
CREATE MASKING POLICY redact WITH (ssn VARCHAR(11)) USING ('XXX-XX-XXXX');
CREATE MASKING POLICY partial WITH (ssn VARCHAR(11)) USING ('XXX-XX-' || SUBSTRING(ssn, 8, 4));
ATTACH MASKING POLICY redact ON acct(ssn) TO analyst;
"""
PARTIAL = "DETACH MASKING POLICY redact ON acct(ssn) FROM analyst; ATTACH MASKING POLICY partial ON acct(ssn) TO analyst"
FILL = ("SELECT i, CASE i % 4 WHEN 0 THEN 'analyst' WHEN 1 THEN 'team' WHEN 2 THEN 'other' ELSE 'ops' END, "
        "'r' || CAST(i % 7 AS VARCHAR), CAST(i % 1000 AS INTEGER), "
        "lpad(CAST(i % 1000 AS VARCHAR), 3, '0') || '-55-' || lpad(CAST(i % 10000 AS VARCHAR), 4, '0') "
        "FROM range({rows}) r(i)")


def median_ms(fn, repeat=7) -> float:
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    cluster = Cluster("bench", clock=ManualClock(1_700_000_000))
    admin = cluster.session()
    admin.execute(SETUP)
    db = cluster.databases["dev"]
    for name in ("acct", "plain"):
        db.duck.execute(f"INSERT INTO {db.catalog.get('public', name).duck_name()} {FILL.format(rows=ROWS)}")
    analyst = cluster.session("analyst")
    protected = analyst.execute(QUERY)[0].table
    unprotected_sql = QUERY.replace("FROM acct", "FROM plain")
    assert all(s == "XXX-XX-XXXX" for s in protected.column("top_ssn").to_pylist())

    with_rls = median_ms(lambda: analyst.execute(QUERY))
    without = median_ms(lambda: analyst.execute(unprotected_sql))
    admin.execute(PARTIAL)
    assert all(s.startswith("XXX-XX-") for s in analyst.execute(QUERY)[0].table.column("top_ssn").to_pylist())
    with_partial = median_ms(lambda: analyst.execute(QUERY))

    hit = median_ms(lambda: analyst.translate(QUERY), repeat=51)

    def miss() -> None:
        db.catalog.epoch += 1  # what a policy change does: the next statement is rewritten again
        analyst.translate(QUERY)

    cold = median_ms(miss, repeat=21)

    raw = duckdb.connect()
    raw.execute(f"CREATE TABLE acct AS SELECT * FROM ({FILL.format(rows=ROWS)}) t(id, owner, region, amount, ssn)")
    raw_plain = ("SELECT region, count(*), sum(amount), max(ssn) FROM acct WHERE amount > 100 "
                 "GROUP BY region ORDER BY region")
    raw_protected = ("SELECT region, count(*), sum(amount), max(ssn) FROM (SELECT id, owner, region, amount, "
                     "{mask} AS ssn FROM acct WHERE owner IN ('analyst', 'team')) acct "
                     "WHERE amount > 100 GROUP BY region ORDER BY region")
    floor_plain = median_ms(lambda: raw.sql(raw_plain).to_arrow_table())
    floor_protected = median_ms(lambda: raw.sql(raw_protected.format(mask="'XXX-XX-XXXX'")).to_arrow_table())
    floor_partial = median_ms(lambda: raw.sql(raw_protected.format(
        mask="'XXX-XX-' || substring(ssn, 8, 4)")).to_arrow_table())

    from moto import mock_aws as moto_mock

    with moto_mock():
        rs = boto3.client("redshift", region_name="us-east-1")
        rs.create_cluster(ClusterIdentifier="c1", NodeType="ra3.xlplus", MasterUsername="awsuser",
                          MasterUserPassword="Passw0rd1", ClusterType="single-node")
        data = boto3.client("redshift-data", region_name="us-east-1")

        def moto_call() -> None:
            sid = data.execute_statement(ClusterIdentifier="c1", Database="dev", DbUser="analyst", Sql=QUERY)["Id"]
            data.get_statement_result(Id=sid)

        moto_ms = median_ms(moto_call)

    print(f"rows: {ROWS:,}")
    print(f"awscore  same query, unprotected table                  {without:9.2f} ms")
    print(f"awscore  RLS + redacting mask (analyst)                 {with_rls:9.2f} ms   ratio x{with_rls / without:.2f} "
          f"(goal <= 1.30)")
    print(f"awscore  RLS + partial mask 'XXX-XX-' || SUBSTRING(...)  {with_partial:9.2f} ms   "
          f"ratio x{with_partial / without:.2f} (the floor pays x{floor_partial / floor_plain:.2f}: string work)")
    print(f"awscore  rewrite: cache hit {hit:.3f} ms, miss (re-rewrite after a policy change) {cold:.2f} ms")
    print(f"raw DuckDB floor: plain {floor_plain:.2f} ms, RLS + redact {floor_protected:.2f} ms, RLS + partial "
          f"{floor_partial:.2f} ms   awscore/floor x{without / floor_plain:.2f} plain, "
          f"x{with_rls / floor_protected:.2f} redact, x{with_partial / floor_partial:.2f} partial")
    print(f"moto     Data API round trip (no SQL engine, no RLS/masking) {moto_ms:9.2f} ms")
    cluster.close()


if __name__ == "__main__":
    main()
