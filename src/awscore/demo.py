"""The demo: one pipeline across the engines, on one Cloud and one clock.

    producer --PutRecords--> Kinesis "orders" (4 shards)
    consumer --GetRecords--> batches --Parquet--> S3 s3://lake/orders/dt=.../*.parquet
                         \\-> DynamoDB "customer_totals" (atomic ADD counters)
    Redshift (Data API) COPY orders FROM 's3://lake/orders/' FORMAT AS PARQUET, then SQL
    clock.advance(25 h) -> the stream's 24-hour retention has trimmed the records

All of it is plain boto3 code under ``awscore.mock_aws``: what runs here runs
against AWS unchanged. Nothing touches the network or the disk.
"""

from __future__ import annotations

import io
import json
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from .clock import ManualClock
from .cloud import Cloud

START = 1_767_225_600  # 2026-01-01T00:00:00Z


def _produce(kinesis: Any, n: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    orders = []
    for i in range(n):
        orders.append({
            "order_id": i,
            "customer": f"c{rng.randrange(20):02d}",
            "amount_cents": rng.randrange(100, 20_000),
            "ts": START + i * 5,
        })
    for start in range(0, n, 500):
        batch = orders[start:start + 500]
        resp = kinesis.put_records(StreamName="orders", Records=[
            {"Data": json.dumps(o).encode(), "PartitionKey": o["customer"]} for o in batch])
        assert resp["FailedRecordCount"] == 0
    return orders


def _consume(kinesis: Any) -> list[dict[str, Any]]:
    """A KCL-style reader: every shard from TRIM_HORIZON to its end."""
    records = []
    for shard in kinesis.list_shards(StreamName="orders")["Shards"]:
        iterator = kinesis.get_shard_iterator(StreamName="orders", ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while iterator:
            page = kinesis.get_records(ShardIterator=iterator, Limit=1000)
            records.extend(json.loads(r["Data"]) for r in page["Records"])
            if page["MillisBehindLatest"] == 0 and not page["Records"]:
                break
            iterator = page.get("NextShardIterator")
    return records


def _to_parquet(s3: Any, records: list[dict[str, Any]]) -> list[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    by_hour: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_hour[f"{(r['ts'] - START) // 3600:02d}"].append(r)
    keys = []
    for hour, rows in sorted(by_hour.items()):
        buf = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(sorted(rows, key=lambda r: r["order_id"])), buf)
        key = f"orders/hour={hour}/part-0000.parquet"
        s3.put_object(Bucket="lake", Key=key, Body=buf.getvalue())
        keys.append(key)
    return keys


def run() -> int:
    """Run the pipeline and print what each engine saw."""
    from .mock import mock_aws

    cloud = Cloud(clock=ManualClock(START))
    with mock_aws(cloud=cloud):
        import boto3

        kinesis = boto3.client("kinesis", region_name="us-east-1")
        s3 = boto3.client("s3", region_name="us-east-1")
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")

        kinesis.create_stream(StreamName="orders", ShardCount=4)
        s3.create_bucket(Bucket="lake")
        dynamodb.create_table(
            TableName="customer_totals", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"}],
        )

        orders = _produce(kinesis, 3_000)
        print(f"kinesis:  put {len(orders)} orders into 4 shards")

        cloud.clock.advance(60)
        records = _consume(kinesis)
        assert sorted(r["order_id"] for r in records) == [o["order_id"] for o in orders], "lost or duplicated"
        print(f"consumer: read {len(records)} records back, none lost, none duplicated")

        keys = _to_parquet(s3, records)
        listed = s3.list_objects_v2(Bucket="lake", Prefix="orders/")["KeyCount"]
        print(f"s3:       wrote {len(keys)} Parquet objects under s3://lake/orders/ (listed {listed})")

        for r in records:
            dynamodb.update_item(
                TableName="customer_totals", Key={"customer": {"S": r["customer"]}},
                UpdateExpression="ADD orders :one, cents :amount",
                ExpressionAttributeValues={":one": {"N": "1"}, ":amount": {"N": str(r["amount_cents"])}},
            )
        top = max(dynamodb.scan(TableName="customer_totals")["Items"], key=lambda i: Decimal(i["cents"]["N"]))
        print(f"dynamodb: {dynamodb.describe_table(TableName='customer_totals')['Table']['ItemCount']} "
              f"customer totals; top {top['customer']['S']} with {top['orders']['N']} orders, "
              f"{Decimal(top['cents']['N']) / 100:.2f} USD")

        _redshift(top["customer"]["S"], Decimal(top["cents"]["N"]))

        cloud.clock.advance(25 * 3600)
        left = _consume(kinesis)
        print(f"clock:    +25 h -> the stream's 24 h retention trimmed it: {len(left)} records remain")
    return 0


def _redshift(customer: str, cents: Decimal) -> None:
    """COPY the Parquet files into Redshift through the Data API and check SQL agrees with DynamoDB."""
    import boto3

    redshift = boto3.client("redshift", region_name="us-east-1")
    redshift.create_cluster(ClusterIdentifier="analytics", NodeType="ra3.xlplus", NumberOfNodes=2,
                            MasterUsername="awsuser", MasterUserPassword="Demo-pass-1", DBName="dev")
    redshift.get_waiter("cluster_available").wait(ClusterIdentifier="analytics")
    data = boto3.client("redshift-data", region_name="us-east-1")

    def run(sql: str) -> str:
        sid = data.execute_statement(ClusterIdentifier="analytics", Database="dev", DbUser="awsuser", Sql=sql)["Id"]
        status = data.describe_statement(Id=sid)
        assert status["Status"] == "FINISHED", status.get("Error")
        return sid

    run("CREATE TABLE orders (order_id BIGINT, customer VARCHAR(8), amount_cents BIGINT, ts BIGINT) "
        "DISTKEY(customer) SORTKEY(ts)")
    run("COPY orders FROM 's3://lake/orders/' IAM_ROLE 'arn:aws:iam::123456789012:role/demo' FORMAT AS PARQUET")
    result = data.get_statement_result(Id=run(
        "SELECT customer, COUNT(*) AS n, SUM(amount_cents) AS cents FROM orders "
        "GROUP BY customer ORDER BY 3 DESC LIMIT 1"))
    top_customer, count, total = (next(iter(field.values())) for field in result["Records"][0])
    assert (top_customer, Decimal(total)) == (customer, cents), "Redshift disagrees with DynamoDB"
    print(f"redshift: COPY from s3://lake/orders/ loaded the orders (Data API); SQL agrees: {top_customer} "
          f"has {count} orders, {Decimal(total) / 100:.2f} USD")
