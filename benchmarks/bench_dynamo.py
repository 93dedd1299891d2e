"""DynamoDB: awscore vs moto vs the raw floor, ratios printed in one run.

    .venv/bin/python benchmarks/bench_dynamo.py [--quick]

1. put_item + get_item of a small item through boto3: awscore.mock_aws vs moto.mock_aws;
2. the same on awscore's native ``Table`` vs moto through boto3, and a plain dict floor;
3. Query of 100 items from one partition: a 1,000,000-item table vs a 10,000-item
   table (native and through boto3), and vs moto on a 50,000-item table;
4. expressions: first parse vs cached parse, and condition evaluation.

``--quick`` uses 100,000 instead of 1,000,000 items and 5,000 moto items.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from decimal import Decimal

import boto3

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")

QUICK = "--quick" in sys.argv
BIG = 100_000 if QUICK else 1_000_000
SMALL = 10_000
MOTO_ITEMS = 5_000 if QUICK else 50_000
PARTITION = 100


def best(fn: Callable[[], object], repeat: int, rounds: int = 5) -> float:
    """Best average seconds per call over ``rounds`` rounds of ``repeat`` calls."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(repeat):
            fn()
        times.append((time.perf_counter() - t0) / repeat)
    return min(times)


def create(client) -> None:
    client.create_table(
        TableName="bench",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"}],
        BillingMode="PAY_PER_REQUEST",
    )


ITEM = {"pk": {"S": "user#1"}, "sk": {"N": "1"}, "name": {"S": "ann"}, "n": {"N": "42"},
        "tags": {"SS": ["a", "b"]}}
KEY = {"pk": {"S": "user#1"}, "sk": {"N": "1"}}


def boto3_put_get(mock: Callable[[], object], repeat: int) -> tuple[float, float]:
    with mock():  # type: ignore[attr-defined]
        client = boto3.client("dynamodb", region_name="us-east-1")
        create(client)
        client.put_item(TableName="bench", Item=ITEM)

        def put() -> None:
            client.put_item(TableName="bench", Item=ITEM)

        def get() -> None:
            client.get_item(TableName="bench", Key=KEY)

        return best(put, repeat), best(get, repeat)


def native_put_get(repeat: int) -> tuple[float, float]:
    from awscore.dynamo import Table

    table = Table("bench", partition_key="pk", sort_key=("sk", "N"))
    item = {"pk": "user#1", "sk": 1, "name": "ann", "n": 42, "tags": {"a", "b"}}
    key = {"pk": "user#1", "sk": 1}
    table.put_item(item)
    return best(lambda: table.put_item(item), repeat), best(lambda: table.get_item(key), repeat)


def dict_put_get(repeat: int) -> tuple[float, float]:
    store: dict[tuple[str, int], dict] = {}
    item = {"pk": "user#1", "sk": 1, "name": "ann", "n": 42, "tags": {"a", "b"}}

    def put() -> None:
        store[("user#1", 1)] = dict(item)

    def get() -> None:
        _ = dict(store[("user#1", 1)])

    put()
    return best(put, repeat), best(get, repeat)


def native_table(n: int):
    """A table of ``n`` items: partitions of 100 items each (typed values, the engine's fast path)."""
    from awscore.dynamo import Table

    table = Table("bench", partition_key="pk", sort_key=("sk", "N"))
    for i in range(n):
        table.execute_put({"pk": f"p{i // PARTITION}", "sk": Decimal(i % PARTITION), "v": "x" * 20})
    return table


def native_query(table, repeat: int) -> float:
    from awscore.dynamo.query import query_page

    target = f"p{len(table) // PARTITION // 2}"

    def q() -> None:
        page = query_page(table, target, None)
        assert page.count == PARTITION

    return best(q, repeat)


def boto3_query_on(table, repeat: int) -> float:
    from awscore import Cloud
    from awscore.mock import mock_aws

    cloud = Cloud()
    db = cloud.backend("dynamodb")
    with db._lock:  # adopt the prebuilt table into this cloud's backend
        table.clock = cloud.clock
        db._tables["bench"] = table
    with mock_aws(cloud=cloud):
        client = boto3.client("dynamodb", region_name="us-east-1")
        target = f"p{len(table) // PARTITION // 2}"

        def q() -> None:
            out = client.query(TableName="bench", KeyConditionExpression="pk = :p",
                               ExpressionAttributeValues={":p": {"S": target}})
            assert out["Count"] == PARTITION

        return best(q, repeat)


def moto_query(repeat: int) -> float:
    from moto import mock_aws as moto_mock

    with moto_mock():
        client = boto3.client("dynamodb", region_name="us-east-1")
        create(client)
        for start in range(0, MOTO_ITEMS, 25):
            client.batch_write_item(RequestItems={"bench": [
                {"PutRequest": {"Item": {"pk": {"S": f"p{i // PARTITION}"}, "sk": {"N": str(i % PARTITION)},
                                         "v": {"S": "x" * 20}}}}
                for i in range(start, min(start + 25, MOTO_ITEMS))]})
        target = f"p{MOTO_ITEMS // PARTITION // 2}"

        def q() -> None:
            out = client.query(TableName="bench", KeyConditionExpression="pk = :p",
                               ExpressionAttributeValues={":p": {"S": target}})
            assert out["Count"] == PARTITION

        return best(q, repeat, rounds=2)


def expressions() -> tuple[float, float, float]:
    from awscore.dynamo.expressions import compile_expressions, evaluate, parse_cache_clear

    text = "(a = :v AND attribute_exists(b.c[1])) OR begins_with(d, :p) OR size(e) > :n"
    values = {":v": {"N": "1"}, ":p": {"S": "x"}, ":n": {"N": "3"}}
    counter = iter(range(10**9))

    def first() -> None:
        parse_cache_clear()
        compile_expressions(condition=text + f" OR f{next(counter)} = :v", values=values)

    def cached() -> None:
        compile_expressions(condition=text, values=values)

    cond = compile_expressions(condition=text, values=values).condition
    item = {"a": Decimal(2), "b": {"c": ["x", "y"]}, "d": "xyz", "e": [1, 2]}
    return best(first, 500), best(cached, 5000), best(lambda: evaluate(cond, item), 20000)


def main() -> None:
    from moto import mock_aws as moto_mock

    from awscore.mock import mock_aws

    us = lambda s: f"{s * 1e6:9.1f} µs"  # noqa: E731
    print(f"DynamoDB benchmark ({'quick' if QUICK else 'full'})\n")
    a_put, a_get = boto3_put_get(mock_aws, 2000)
    m_put, m_get = boto3_put_get(moto_mock, 300)
    n_put, n_get = native_put_get(20000)
    d_put, d_get = dict_put_get(20000)
    print("1-2. put_item / get_item (small item)")
    print(f"  boto3 + awscore.mock_aws   put {us(a_put)}   get {us(a_get)}")
    print(f"  boto3 + moto.mock_aws      put {us(m_put)}   get {us(m_get)}")
    print(f"  awscore native Table       put {us(n_put)}   get {us(n_get)}")
    print(f"  dict floor                 put {us(d_put)}   get {us(d_get)}")
    print(f"  ratio moto/awscore(boto3)  put {m_put / a_put:7.1f}x   get {m_get / a_get:7.1f}x   (target >= 8x)")
    print(f"  ratio moto/native          put {m_put / n_put:7.1f}x   get {m_get / n_get:7.1f}x   (target >= 50x)")
    print(f"  ratio native/dict          put {n_put / d_put:7.1f}x   get {n_get / d_get:7.1f}x\n")

    t0 = time.perf_counter()
    small = native_table(SMALL)
    big = native_table(BIG)
    load = time.perf_counter() - t0
    q_small, q_big = native_query(small, 2000), native_query(big, 2000)
    b_small, b_big = boto3_query_on(small, 500), boto3_query_on(big, 500)
    q_moto = moto_query(20)
    print(f"3. Query of {PARTITION} items from one partition (tables loaded in {load:.1f} s)")
    print(f"  native  {SMALL:>9,} items {us(q_small)}   {BIG:>9,} items {us(q_big)}   "
          f"ratio {q_big / q_small:.2f}x (target <= 2x)")
    print(f"  boto3   {SMALL:>9,} items {us(b_small)}   {BIG:>9,} items {us(b_big)}   "
          f"ratio {b_big / b_small:.2f}x (target <= 2x)")
    print(f"  moto    {MOTO_ITEMS:>9,} items {us(q_moto)}   moto/awscore(boto3, {BIG:,}) "
          f"{q_moto / b_big:.0f}x   moto/native {q_moto / q_big:.0f}x (target >= 100x)\n")

    first, cached, ev = expressions()
    print("4. Expressions")
    print(f"  first parse+compile {us(first)}   cached compile {us(cached)}   "
          f"ratio {first / cached:.1f}x   evaluate {us(ev)}")


if __name__ == "__main__":
    main()
