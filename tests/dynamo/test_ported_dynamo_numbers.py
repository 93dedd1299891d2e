"""Number range and precision scenarios from Alternator's AWS-validated test_number.py, in our words.

Alternator marks several of these xfail because *Alternator* is laxer than DynamoDB; the expectations are AWS's.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytestmark = pytest.mark.usefixtures("aws")


@pytest.fixture
def ddb() -> Any:
    """A low-level client plus a table ``alt_n`` (hash ``p`` S); numbers travel as AWS's strings."""
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(TableName="alt_n", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}],
                        BillingMode="PAY_PER_REQUEST")
    client.create_table(TableName="alt_nk", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"},
                                                       {"AttributeName": "c", "KeyType": "RANGE"}],
                        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"},
                                              {"AttributeName": "c", "AttributeType": "N"}],
                        BillingMode="PAY_PER_REQUEST")
    return client


def _set(ddb: Any, expr: str, **values: str) -> None:
    ddb.update_item(TableName="alt_n", Key={"p": {"S": "k"}}, UpdateExpression=expr,
                    ExpressionAttributeValues={f":{k}": {"N": v} for k, v in values.items()})


def _stored(ddb: Any, attr: str = "a") -> Decimal:
    return Decimal(ddb.get_item(TableName="alt_n", Key={"p": {"S": "k"}})["Item"][attr]["N"])


def _fails(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as info:
        call(*args, **kwargs)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return info.value.response["Error"]["Message"]


@pytest.mark.parametrize("num", ["1e10", "1e100", "1e125", "9.99999999e125", "1e-100", "1e-130"])
@pytest.mark.parametrize("sign", ["", "-"])
def test_magnitudes_in_range_round_trip(ddb: Any, num: str, sign: str) -> None:
    _set(ddb, "SET a = :v", v=sign + num)
    assert _stored(ddb) == Decimal(sign + num)
    ddb.put_item(TableName="alt_nk", Item={"p": {"S": "k"}, "c": {"N": sign + num}, "x": {"S": "y"}})
    got = ddb.get_item(TableName="alt_nk", Key={"p": {"S": "k"}, "c": {"N": sign + num}})
    assert got["Item"]["x"] == {"S": "y"}


@pytest.mark.parametrize(("num", "word"), [("1e126", "overflow"), ("11e125", "overflow"),
                                           ("1e-131", "underflow"), ("0.9e-130", "underflow")])
def test_magnitudes_out_of_range(ddb: Any, num: str, word: str) -> None:
    assert word in _fails(_set, ddb, "SET a = :v", v=num).lower()
    for sign in ["", "-"]:
        msg = _fails(ddb.update_item, TableName="alt_nk", Key={"p": {"S": "k"}, "c": {"N": sign + num}},
                     UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {"S": "x"}})
        assert word in msg.lower()


@pytest.mark.parametrize("num", ["3.1415926535897932384626433832795028841", "314159265358979323846.26433832795028841",
                                 "31415926535897932384626433832795028841e30"])
def test_thirty_eight_digits_are_kept(ddb: Any, num: str) -> None:
    _set(ddb, "SET a = :v", v=num)
    assert _stored(ddb) == Decimal(num)


@pytest.mark.parametrize("num", ["3.14159265358979323846264338327950288419", "314159265358979323846.264338327950288419",
                                 "314159265358979323846264338327950288419e30"])
def test_thirty_nine_digits_are_refused(ddb: Any, num: str) -> None:
    assert "significant" in _fails(_set, ddb, "SET a = :v", v=num)
    msg = _fails(ddb.put_item, TableName="alt_nk", Item={"p": {"S": "k"}, "c": {"N": num}})
    assert "significant" in msg


def test_plus_and_minus_keep_full_precision(ddb: Any) -> None:
    _set(ddb, "SET b = :a + :b", a="1", b="10000000000000000000000")
    assert _stored(ddb, "b") == Decimal("10000000000000000000001")
    _set(ddb, "SET b = :b - :a", a="1", b="10000000000000000000000")
    assert _stored(ddb, "b") == Decimal("9999999999999999999999")


@pytest.mark.parametrize(("expr", "a", "b"), [("SET b = :a + :b", "9e125", "9e125"), ("SET b = :a - :b", "9e125", "-9e125")])
def test_arithmetic_overflow(ddb: Any, expr: str, a: str, b: str) -> None:
    assert "overflow" in _fails(_set, ddb, expr, a=a, b=b).lower()


@pytest.mark.parametrize("expr", ["SET b = :a - :b", "SET b = :a + :b"])
def test_arithmetic_beyond_thirty_eight_digits_fails(ddb: Any, expr: str) -> None:
    assert "number" in _fails(_set, ddb, expr, a="1e50", b="1").lower()


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "-NaN", "dog", "-dog", " 1", "1 "])
def test_strings_that_are_not_numbers(ddb: Any, text: str) -> None:
    assert "numeric" in _fails(_set, ddb, "SET a = :v", v=text)


@pytest.mark.parametrize("text", ["3", "-7.1234", "-17e5", "-17.4E37", "+3", ".123", "0001.23", "1e+5", "0e1000"])
def test_number_spellings_aws_accepts(ddb: Any, text: str) -> None:
    _set(ddb, "SET a = :v", v=text)
    assert _stored(ddb) == Decimal(text)
