"""BatchGetItem / BatchWriteItem and TransactWriteItems / TransactGetItems."""

from __future__ import annotations

from dynamo_helpers import client, error, make_table


def k(pk, sk=1):
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def test_batch_write_and_get(aws):
    ddb = client()
    make_table(ddb)
    make_table(ddb, "uuu", sort=None)
    out = ddb.batch_write_item(RequestItems={
        "tbl": [{"PutRequest": {"Item": {**k(f"p{i}"), "v": {"N": str(i)}}}} for i in range(20)],
        "uuu": [{"PutRequest": {"Item": {"pk": {"S": "x"}}}}],
    }, ReturnConsumedCapacity="TOTAL")
    assert out["UnprocessedItems"] == {}
    assert out["ConsumedCapacity"] == [{"TableName": "tbl", "CapacityUnits": 20.0},
                                       {"TableName": "uuu", "CapacityUnits": 1.0}]
    got = ddb.batch_get_item(RequestItems={
        "tbl": {"Keys": [k("p1"), k("p2"), k("missing")], "ProjectionExpression": "v"},
        "uuu": {"Keys": [{"pk": {"S": "nope"}}]},
    })
    assert sorted(i["v"]["N"] for i in got["Responses"]["tbl"]) == ["1", "2"]
    assert got["Responses"]["uuu"] == [] and got["UnprocessedKeys"] == {}
    ddb.batch_write_item(RequestItems={"tbl": [{"DeleteRequest": {"Key": k("p1")}}]})
    assert ddb.scan(TableName="tbl")["Count"] == 19


def test_batch_validation_is_all_or_nothing(aws):
    ddb = client()
    make_table(ddb)
    err = error(ddb.batch_write_item, RequestItems={"tbl": [
        {"PutRequest": {"Item": k("a")}}, {"DeleteRequest": {"Key": k("a")}}]})
    assert err["Message"] == "Provided list of item keys contains duplicates"
    err = error(ddb.batch_write_item, RequestItems={"tbl": [
        {"PutRequest": {"Item": k("a")}}, {"PutRequest": {"Item": {"pk": {"S": "b"}}}}]})
    assert err["Code"] == "ValidationException"
    assert ddb.scan(TableName="tbl")["Count"] == 0
    err = error(ddb.batch_get_item, RequestItems={"tbl": {"Keys": [k("a"), k("a")]}})
    assert err["Message"] == "Provided list of item keys contains duplicates"
    err = error(ddb.batch_get_item, RequestItems={"tbl": {"Keys": [k(f"a{i}") for i in range(60)]},
                                                  "uuu": {"Keys": [k(f"a{i}") for i in range(60)]}})
    assert err["Message"] == "Too many items requested for the BatchGetItem call"
    err = error(ddb.batch_write_item, RequestItems={"missing": [{"PutRequest": {"Item": k("a")}}]})
    assert (err["Code"], err["Message"]) == ("ResourceNotFoundException", "Requested resource not found")


def test_batch_get_16mb_goes_unprocessed(aws):
    ddb = client()
    make_table(ddb)
    big = "x" * 400_000
    for i in range(45):
        ddb.put_item(TableName="tbl", Item={**k(f"p{i}"), "d": {"S": big}})
    out = ddb.batch_get_item(RequestItems={"tbl": {"Keys": [k(f"p{i}") for i in range(45)]}})
    got = len(out["Responses"]["tbl"])
    assert 40 <= got < 45
    assert len(out["UnprocessedKeys"]["tbl"]["Keys"]) == 45 - got


def test_transact_write_all_or_nothing(aws):
    ddb = client()
    make_table(ddb)
    ddb.put_item(TableName="tbl", Item={**k("a"), "n": {"N": "1"}})
    ddb.put_item(TableName="tbl", Item={**k("d"), "n": {"N": "1"}})
    items = [
        {"Put": {"TableName": "tbl", "Item": {**k("b"), "n": {"N": "5"}}}},
        {"Update": {"TableName": "tbl", "Key": k("a"), "UpdateExpression": "SET n = n + :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"ConditionCheck": {"TableName": "tbl", "Key": k("d"), "ConditionExpression": "n = :v",
                            "ExpressionAttributeValues": {":v": {"N": "9"}},
                            "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
        {"Delete": {"TableName": "tbl", "Key": k("c"), "ConditionExpression": "attribute_exists(pk)"}},
    ]
    err = error(ddb.transact_write_items, TransactItems=items)
    assert err["Code"] == "TransactionCanceledException"
    assert err["Message"] == ("Transaction cancelled, please refer cancellation reasons for specific reasons "
                              "[None, None, ConditionalCheckFailed, ConditionalCheckFailed]")
    reasons = err["response"]["CancellationReasons"]
    assert reasons[0] == {"Code": "None"}
    assert reasons[2] == {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
                          "Item": {**k("d"), "n": {"N": "1"}}}
    assert "Item" not in reasons[3]
    assert ddb.scan(TableName="tbl")["Count"] == 2
    assert ddb.get_item(TableName="tbl", Key=k("a"))["Item"]["n"] == {"N": "1"}
    items[2]["ConditionCheck"]["ExpressionAttributeValues"] = {":v": {"N": "1"}}
    del items[3]
    out = ddb.transact_write_items(TransactItems=items, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == [{"TableName": "tbl", "CapacityUnits": 6.0, "WriteCapacityUnits": 6.0}]
    assert ddb.get_item(TableName="tbl", Key=k("a"))["Item"]["n"] == {"N": "2"}
    assert ddb.get_item(TableName="tbl", Key=k("b"))["Item"]["n"] == {"N": "5"}


def test_transact_validation(aws):
    ddb = client()
    make_table(ddb)
    err = error(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": "tbl", "Item": k("a")}}, {"Delete": {"TableName": "tbl", "Key": k("a")}}])
    assert err["Message"] == "Transaction request cannot include multiple operations on one item"
    err = error(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": "tbl", "Item": k("a")}},
        {"Put": {"TableName": "tbl", "Item": {"pk": {"N": "1"}, "sk": {"N": "1"}}}}])
    assert err["Code"] == "TransactionCanceledException"
    assert err["response"]["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ValidationError",
         "Message": "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"}]
    assert ddb.scan(TableName="tbl")["Count"] == 0


def test_client_request_token_idempotency(aws):
    ddb = client()
    make_table(ddb)
    ddb.put_item(TableName="tbl", Item={**k("a"), "n": {"N": "0"}})
    update = [{"Update": {"TableName": "tbl", "Key": k("a"), "UpdateExpression": "SET n = n + :one",
                          "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
    ddb.transact_write_items(TransactItems=update, ClientRequestToken="tok")
    ddb.transact_write_items(TransactItems=update, ClientRequestToken="tok")
    assert ddb.get_item(TableName="tbl", Key=k("a"))["Item"]["n"] == {"N": "1"}
    other = [{"Put": {"TableName": "tbl", "Item": k("z")}}]
    assert error(ddb.transact_write_items, TransactItems=other, ClientRequestToken="tok")["Code"] == \
        "IdempotentParameterMismatchException"
    aws.clock.advance(601)
    ddb.transact_write_items(TransactItems=update, ClientRequestToken="tok")
    assert ddb.get_item(TableName="tbl", Key=k("a"))["Item"]["n"] == {"N": "2"}


def test_transact_get(aws):
    ddb = client()
    make_table(ddb)
    ddb.put_item(TableName="tbl", Item={**k("a"), "v": {"S": "x"}, "w": {"S": "y"}})
    out = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": "tbl", "Key": k("a"), "ProjectionExpression": "v"}},
        {"Get": {"TableName": "tbl", "Key": k("missing")}}], ReturnConsumedCapacity="TOTAL")
    assert out["Responses"] == [{"Item": {"v": {"S": "x"}}}, {}]
    assert out["ConsumedCapacity"] == [{"TableName": "tbl", "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0}]


def test_transaction_request_level_errors(aws):
    ddb = client()
    make_table(ddb)
    err = error(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": "tbl", "Item": {**k("a"), "big": {"S": "x" * 409_600}}}}])
    assert (err["Code"], err["Message"]) == ("ValidationException", "Item size has exceeded the maximum allowed size")
    err = error(ddb.transact_write_items, TransactItems=[{"Delete": {"TableName": "tbl", "Key": k("")}}])
    assert err["Code"] == "ValidationException" and "empty string value. Key: pk" in err["Message"]
    err = error(ddb.transact_write_items, TransactItems=[
        {"Update": {"TableName": "tbl", "Key": {"pk": {"N": "1"}, "sk": {"N": "1"}}, "UpdateExpression": "SET a = :v",
                    "ExpressionAttributeValues": {":v": {"S": "x"}}}}])
    assert err["Code"] == "TransactionCanceledException"
    assert err["response"]["CancellationReasons"] == [
        {"Code": "ValidationError", "Message": "The provided key element does not match the schema"}]


def test_transaction_with_empty_index_key_fails_at_request_level(aws):
    ddb = client()
    make_table(ddb, extra_attrs=[("g", "S")], GlobalSecondaryIndexes=[{
        "IndexName": "gix", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}])
    err = error(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": "tbl", "Item": {**k("a"), "g": {"S": ""}}}}])
    assert (err["Code"], err["Message"]) == (
        "ValidationException",
        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
        "The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gix, IndexKey: g")
    err = error(ddb.transact_write_items, TransactItems=[
        {"Update": {"TableName": "tbl", "Key": {"pk": {"S": "s"}}, "UpdateExpression": "SET a = :v SET b = :v",
                    "ExpressionAttributeValues": {":v": {"S": "x"}}}}])
    assert err["Message"] == 'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'
