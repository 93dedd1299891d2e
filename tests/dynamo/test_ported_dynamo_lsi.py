"""LSI scenarios from Alternator's AWS-validated test_lsi.py, in our words."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


def _create(name: str, keys: list[tuple[str, str]], defs: list[str], lsis: list[tuple[str, list[tuple[str, str]], str]]) -> Any:
    return boto3.resource("dynamodb", region_name="us-east-1").create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": n, "KeyType": t} for n, t in keys],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in defs],
        LocalSecondaryIndexes=[{"IndexName": iname, "Projection": {"ProjectionType": proj},
                                "KeySchema": [{"AttributeName": n, "KeyType": t} for n, t in ks]} for iname, ks, proj in lsis])


PC = [("p", "HASH"), ("c", "RANGE")]


def _eq(v: Any) -> dict[str, Any]:
    return {"AttributeValueList": [v], "ComparisonOperator": "EQ"}


def _bag(items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(tuple(sorted(x.items())) for x in items)


def _invalid(**kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        _create(**kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return info.value.response["Error"]["Message"]


def test_index_identical_to_the_table() -> None:
    table = _create("alt_l1", PC, ["p", "c"], [("hello", PC, "ALL")])
    items = [{"p": f"p{i}", "c": f"c{i}"} for i in range(10)]
    for item in items:
        table.put_item(Item=item)
    assert _bag(table.scan(IndexName="hello")["Items"]) == _bag(items)
    with pytest.raises(ClientError) as info:
        table.scan(IndexName="wrong")
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_invalid_local_indexes() -> None:
    msg = _invalid(name="alt_l2", keys=PC, defs=["p", "c", "b"], lsis=[("hello", [("b", "HASH"), ("p", "RANGE")], "ALL")])
    assert "hash key" in msg
    msg = _invalid(name="alt_l2", keys=PC, defs=["p", "c"], lsis=[("hello", [("p", "HASH"), ("p", "RANGE")], "ALL")])
    assert "same" in msg or "no definition" in msg
    _invalid(name="alt_l2", keys=PC, defs=["p", "c"], lsis=[("hello", [("p", "HASH")], "ALL")])
    _invalid(name="alt_l2", keys=[("p", "HASH")], defs=["p", "c"], lsis=[("hello", PC, "ALL")])
    assert boto3.client("dynamodb", region_name="us-east-1").list_tables()["TableNames"] == []


def test_queries_through_one_and_several_lsis() -> None:
    table = _create("alt_l3", PC, ["p", "c", "x1", "x2"],
                    [(f"hello_{col}", [("p", "HASH"), (col, "RANGE")], "ALL") for col in ("x1", "x2")])
    items = [{"p": "part" if i < 5 else f"p{i}", "c": f"c{i}", "x1": f"a{i % 3}", "x2": f"b{i % 2}"} for i in range(10)]
    for item in items:
        table.put_item(Item=item)
    for col in ("x1", "x2"):
        want = items[0][col]
        got = table.query(IndexName=f"hello_{col}", KeyConditions={"p": _eq("part"), col: _eq(want)})["Items"]
        assert _bag(got) == _bag([x for x in items if x["p"] == "part" and x[col] == want])
    assert "empty" in _error(table.put_item, Item={"p": "q", "c": "r", "x1": ""})
    desc = table.meta.client.describe_table(TableName="alt_l3")["Table"]
    lsis = desc["LocalSecondaryIndexes"]
    assert sorted(x["IndexName"] for x in lsis) == ["hello_x1", "hello_x2"]
    for lsi in lsis:
        assert lsi["IndexArn"] == desc["TableArn"] + "/index/" + lsi["IndexName"]


def _error(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return info.value.response["Error"]["Message"]


def test_keys_only_lsi_fetches_unprojected_attributes_on_request() -> None:
    table = _create("alt_l4", PC, ["p", "c", "b"], [("hello", [("p", "HASH"), ("b", "RANGE")], "KEYS_ONLY")])
    items = [{"p": "part", "c": f"c{i}", "b": f"b{i % 2}", "d": f"d{i}"} for i in range(6)]
    for item in items:
        table.put_item(Item=item)
    kc = {"p": _eq("part"), "b": _eq("b1")}
    want = [x for x in items if x["b"] == "b1"]
    assert _bag(table.query(IndexName="hello", KeyConditions=kc, Select="ALL_ATTRIBUTES")["Items"]) == _bag(want)
    assert _bag(table.query(IndexName="hello", KeyConditions=kc, Select="SPECIFIC_ATTRIBUTES",
                            AttributesToGet=["d"])["Items"]) == _bag([{"d": x["d"]} for x in want])
    assert _bag(table.query(IndexName="hello", KeyConditions=kc)["Items"]) == \
        _bag([{"p": x["p"], "c": x["c"], "b": x["b"]} for x in want])
