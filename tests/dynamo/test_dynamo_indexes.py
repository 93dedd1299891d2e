"""Secondary indexes: GSIs and LSIs, projections, sparse entries, backfill on the clock."""

from __future__ import annotations

from dynamo_helpers import client, error, make_table


def gsi(name, hash_attr, range_attr=None, projection=None):
    keys = [{"AttributeName": hash_attr, "KeyType": "HASH"}]
    if range_attr:
        keys.append({"AttributeName": range_attr, "KeyType": "RANGE"})
    return {"IndexName": name, "KeySchema": keys, "Projection": projection or {"ProjectionType": "ALL"}}


def setup(ddb):
    make_table(
        ddb, extra_attrs=[("g", "S"), ("r", "N"), ("l", "S")],
        GlobalSecondaryIndexes=[gsi("by_g", "g", "r"),
                                gsi("keys", "g", None, {"ProjectionType": "KEYS_ONLY"}),
                                gsi("incl", "g", "r", {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]})],
        LocalSecondaryIndexes=[{"IndexName": "by_l", "Projection": {"ProjectionType": "KEYS_ONLY"},
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}]}],
    )


def put(ddb, pk, sk, **attrs):
    item = {"pk": {"S": pk}, "sk": {"N": str(sk)}}
    for k, v in attrs.items():
        item[k] = {"N": str(v)} if isinstance(v, int) else {"S": v}
    ddb.put_item(TableName="tbl", Item=item)


def q(ddb, index, value, **kwargs):
    attr = "pk" if index == "by_l" else "g"
    return ddb.query(TableName="tbl", IndexName=index, KeyConditionExpression=f"{attr} = :v",
                     ExpressionAttributeValues={":v": {"S": value}}, **kwargs)


def test_gsi_query_projection_and_sparse(aws):
    ddb = client()
    setup(ddb)
    put(ddb, "a", 1, g="G", r=3, x="keep", y="drop", l="z")
    put(ddb, "b", 1, g="G", r=1, x="keep2")
    put(ddb, "c", 1, y="no index key")
    out = q(ddb, "by_g", "G")
    assert [i["pk"]["S"] for i in out["Items"]] == ["b", "a"]
    assert out["Items"][1]["y"] == {"S": "drop"}
    keys = q(ddb, "keys", "G")["Items"]
    assert all(set(i) == {"pk", "sk", "g"} for i in keys)
    incl = q(ddb, "incl", "G")["Items"]
    assert set(incl[1]) == {"pk", "sk", "g", "r", "x"}
    assert ddb.describe_table(TableName="tbl")["Table"]["GlobalSecondaryIndexes"][0]["ItemCount"] == 2
    # moving an item's index key moves its entry
    put(ddb, "a", 1, g="H", r=3)
    assert [i["pk"]["S"] for i in q(ddb, "by_g", "G")["Items"]] == ["b"]
    ddb.delete_item(TableName="tbl", Key={"pk": {"S": "b"}, "sk": {"N": "1"}})
    assert q(ddb, "by_g", "G")["Count"] == 0


def test_index_errors(aws):
    ddb = client()
    setup(ddb)
    err = error(ddb.put_item, TableName="tbl", Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"N": "5"}})
    assert err["Message"] == ("One or more parameter values were invalid: Type mismatch for Index Key g "
                              "Expected: S Actual: N IndexName: by_g")
    assert ddb.scan(TableName="tbl")["Count"] == 0
    err = error(q, ddb, "by_g", "G", ConsistentRead=True)
    assert err["Message"] == "Consistent reads are not supported on global secondary indexes"
    err = error(q, ddb, "keys", "G", Select="ALL_ATTRIBUTES")
    assert err["Message"] == ("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
                              "supported for global secondary index keys because its projection type is not ALL")
    err = error(ddb.create_table, TableName="xxx", BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "g", "AttributeType": "S"}],
                GlobalSecondaryIndexes=[gsi("idx", "g"), gsi("idx", "g")])
    assert err["Message"] == "One or more parameter values were invalid: Duplicate index name: idx"
    err = error(ddb.create_table, TableName="xxx", BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "g", "AttributeType": "S"}],
                LocalSecondaryIndexes=[gsi("idx", "pk", "g")])
    assert "Table KeySchema does not have a range key" in err["Message"]


def test_pagination_on_gsi_with_ties(aws):
    ddb = client()
    setup(ddb)
    for i in range(7):
        put(ddb, f"p{i}", i, g="G", r=1)
    seen, start = [], None
    while True:
        page = q(ddb, "by_g", "G", Limit=2, **({"ExclusiveStartKey": start} if start else {}))
        seen += [i["pk"]["S"] for i in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
        assert set(start) == {"g", "r", "pk", "sk"}
    assert sorted(seen) == [f"p{i}" for i in range(7)] and len(seen) == 7


def test_lsi_fetches_from_table(aws):
    ddb = client()
    setup(ddb)
    put(ddb, "a", 1, l="m", x="full")
    put(ddb, "a", 2, l="b")
    out = q(ddb, "by_l", "a")
    assert [i["sk"]["N"] for i in out["Items"]] == ["2", "1"]
    assert "x" not in out["Items"][1]
    out = q(ddb, "by_l", "a", Select="ALL_ATTRIBUTES")
    assert out["Items"][1]["x"] == {"S": "full"}
    out = q(ddb, "by_l", "a", ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == {"TableName": "tbl", "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.0},
                                       "LocalSecondaryIndexes": {"by_l": {"CapacityUnits": 0.5}}}


def test_update_table_adds_and_removes_gsi_on_the_clock(aws):
    aws.backend("dynamodb").status_delay = 60
    ddb = client()
    make_table(ddb)
    aws.clock.advance(60)
    for i in range(3):
        put(ddb, "a", i, g="G", r=i)
    ddb.update_table(TableName="tbl", AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"},
                                                          {"AttributeName": "r", "AttributeType": "N"}],
                     GlobalSecondaryIndexUpdates=[{"Create": gsi("new", "g", "r")}])
    index = ddb.describe_table(TableName="tbl")["Table"]["GlobalSecondaryIndexes"][0]
    assert index["IndexStatus"] == "CREATING" and index["Backfilling"] is True
    assert index["IndexArn"].endswith("table/tbl/index/new")
    aws.clock.advance(60)
    assert ddb.describe_table(TableName="tbl")["Table"]["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE"
    assert q(ddb, "new", "G")["Count"] == 3
    err = error(ddb.update_table, TableName="tbl", GlobalSecondaryIndexUpdates=[
        {"Delete": {"IndexName": "new"}}, {"Create": gsi("other", "g")}])
    assert err["Code"] == "LimitExceededException"
    ddb.update_table(TableName="tbl", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "new"}}])
    aws.clock.advance(60)
    assert "GlobalSecondaryIndexes" not in ddb.describe_table(TableName="tbl")["Table"]


def test_write_capacity_includes_indexes(aws):
    ddb = client()
    setup(ddb)
    out = ddb.put_item(TableName="tbl", Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "G"}, "r": {"N": "1"}},
                       ReturnConsumedCapacity="INDEXES")
    cc = out["ConsumedCapacity"]
    assert cc["Table"] == {"CapacityUnits": 1.0}
    assert cc["GlobalSecondaryIndexes"] == {"by_g": {"CapacityUnits": 1.0}, "keys": {"CapacityUnits": 1.0},
                                            "incl": {"CapacityUnits": 1.0}}
    assert cc["CapacityUnits"] == 4.0


def test_gsi_projection_limits_what_can_be_asked(aws):
    ddb = client()
    setup(ddb)
    put(ddb, "a", 1, g="G", r=1, x="yes", y="no")
    out = q(ddb, "incl", "G", ProjectionExpression="x, pk")
    assert out["Items"] == [{"x": {"S": "yes"}, "pk": {"S": "a"}}]
    err = error(q, ddb, "incl", "G", ProjectionExpression="y")
    assert err["Code"] == "ValidationException" and "does not project" in err["Message"]
    vals = {":v": {"S": "G"}, ":r": {"N": "1"}}
    err = error(ddb.query, TableName="tbl", IndexName="by_g", KeyConditionExpression="g = :v",
                FilterExpression="r = :r", ExpressionAttributeValues=vals)
    assert err["Message"] == "Filter Expression can only contain non-primary key attributes: Primary key attribute: r"
    out = ddb.query(TableName="tbl", IndexName="by_g", KeyConditionExpression="g = :v", FilterExpression="sk = :r",
                    ExpressionAttributeValues=vals)
    assert out["Count"] == 1  # the table's keys are ordinary attributes on an index


def test_item_collection_metrics_on_lsi_tables(aws):
    ddb = client()
    setup(ddb)
    item = {"pk": {"S": "a"}, "sk": {"N": "1"}, "l": {"S": "x"}}
    out = ddb.put_item(TableName="tbl", Item=item, ReturnItemCollectionMetrics="SIZE")
    assert out["ItemCollectionMetrics"] == {"ItemCollectionKey": {"pk": {"S": "a"}}, "SizeEstimateRangeGB": [0.0, 1.0]}
    out = ddb.batch_write_item(RequestItems={"tbl": [{"PutRequest": {"Item": item}}]}, ReturnItemCollectionMetrics="SIZE")
    assert out["ItemCollectionMetrics"]["tbl"][0]["ItemCollectionKey"] == {"pk": {"S": "a"}}
    out = ddb.transact_write_items(TransactItems=[{"Put": {"TableName": "tbl", "Item": item}}],
                                   ReturnItemCollectionMetrics="SIZE")
    assert list(out["ItemCollectionMetrics"]) == ["tbl"]
    assert "ItemCollectionMetrics" not in ddb.put_item(TableName="tbl", Item=item)


def test_update_of_index_keys(aws):
    ddb = client()
    setup(ddb)
    put(ddb, "a", 1, g="G", r=1)
    key = {"pk": {"S": "a"}, "sk": {"N": "1"}}
    err = error(ddb.update_item, TableName="tbl", Key=key, UpdateExpression="SET g.x = :v",
                ExpressionAttributeValues={":v": {"S": "y"}})
    assert err["Message"] == ("Key attributes must be scalars; list random access '[]' and map lookup '.' are "
                              "not allowed: IndexKey: g")
    err = error(ddb.update_item, TableName="tbl", Key=key, UpdateExpression="SET r = :v",
                ExpressionAttributeValues={":v": {"S": "not a number"}})
    assert err["Message"] == ("One or more parameter values were invalid: Type mismatch for Index Key r "
                              "Expected: N Actual: S IndexName: by_g")
    ddb.update_item(TableName="tbl", Key=key, UpdateExpression="SET g = :v", ExpressionAttributeValues={":v": {"S": "H"}})
    assert q(ddb, "by_g", "G")["Count"] == 0 and q(ddb, "by_g", "H")["Count"] == 1
    ddb.update_item(TableName="tbl", Key=key, UpdateExpression="REMOVE g")
    assert q(ddb, "by_g", "H")["Count"] == 0


def test_lsi_reads_unprojected_attributes_from_the_table(aws):
    ddb = client()
    setup(ddb)
    put(ddb, "a", 1, l="m", x="full")
    put(ddb, "a", 2, l="b", x="other")
    out = q(ddb, "by_l", "a", ProjectionExpression="x")
    assert out["Items"] == [{"x": {"S": "other"}}, {"x": {"S": "full"}}]
    out = ddb.query(TableName="tbl", IndexName="by_l", KeyConditionExpression="pk = :v", FilterExpression="x = :x",
                    ExpressionAttributeValues={":v": {"S": "a"}, ":x": {"S": "full"}})
    assert [i["sk"]["N"] for i in out["Items"]] == ["1"] and "x" not in out["Items"][0]


def test_several_gsi_throughput_updates_in_one_call(aws):
    ddb = client()
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    pt = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    ddb.create_table(
        TableName="ptbl", KeySchema=keys, ProvisionedThroughput=pt,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "a", "AttributeType": "S"},
                              {"AttributeName": "b", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{**gsi("gsa", "a"), "ProvisionedThroughput": pt},
                                {**gsi("gsb", "b"), "ProvisionedThroughput": pt}])
    new = {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}
    out = ddb.update_table(TableName="ptbl", GlobalSecondaryIndexUpdates=[
        {"Update": {"IndexName": "gsa", "ProvisionedThroughput": new}},
        {"Update": {"IndexName": "gsb", "ProvisionedThroughput": new}}])["TableDescription"]
    assert out["TableStatus"] == "ACTIVE"
    assert [i["IndexStatus"] for i in out["GlobalSecondaryIndexes"]] == ["UPDATING", "UPDATING"]
    desc = ddb.describe_table(TableName="ptbl")["Table"]["GlobalSecondaryIndexes"]
    assert [i["ProvisionedThroughput"]["ReadCapacityUnits"] for i in desc] == [2, 2]
    out = ddb.update_table(TableName="ptbl", AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"}],
                           GlobalSecondaryIndexUpdates=[{"Create": {**gsi("gsc", "a"), "ProvisionedThroughput": pt}}])
    created = [i for i in out["TableDescription"]["GlobalSecondaryIndexes"] if i["IndexName"] == "gsc"][0]
    assert created["IndexStatus"] == "CREATING" and created["Backfilling"] is False
    err = error(ddb.update_table, TableName="ptbl", GlobalSecondaryIndexUpdates=[
        {"Create": gsi("gsd", "b")}])
    assert err["Message"] == "One or more parameter values were invalid: ProvisionedThroughput must be specified for index: gsd"
