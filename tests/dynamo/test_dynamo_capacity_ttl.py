"""Provisioned throttling on token buckets, on-demand maximums, and TTL on the clock."""

from __future__ import annotations

from dynamo_helpers import client, error, make_table

from awscore.clock import ManualClock
from awscore.dynamo.capacity import TokenBucket, read_units, write_units


def test_unit_arithmetic():
    assert read_units(0) == 1 and read_units(4096) == 1 and read_units(4097) == 2
    assert read_units(4097, consistent=False) == 1 and read_units(1, transactional=True) == 2
    assert write_units(0) == 1 and write_units(1024) == 1 and write_units(1025) == 2
    assert write_units(1500, transactional=True) == 4


def test_token_bucket_refills_on_the_clock():
    clock = ManualClock(0)
    bucket = TokenBucket(2, clock)
    assert bucket.available() == 600  # 300 s of burst
    bucket.charge(601)
    assert not bucket.take(1)
    clock.advance(1)
    assert bucket.available() == 1 and bucket.take(1)
    clock.advance(10_000)
    assert bucket.available() == 600


def test_provisioned_table_throttles(aws):
    ddb = client(retries=False)  # see throttling as AWS answers it, without SDK retries
    ddb.create_table(TableName="tbl", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    db = aws.backend("dynamodb")
    db.throttling = True
    for i in range(300):  # the 300 s burst
        ddb.put_item(TableName="tbl", Item={"pk": {"S": str(i)}})
    err = error(ddb.put_item, TableName="tbl", Item={"pk": {"S": "x"}})
    assert err["Code"] == "ProvisionedThroughputExceededException"
    assert err["Message"] == ("The level of configured provisioned throughput for the table was exceeded. "
                              "Consider increasing your provisioning level with the UpdateTable API.")
    # a batch of which nothing could be processed raises too
    assert error(ddb.batch_write_item, RequestItems={"tbl": [{"PutRequest": {"Item": {"pk": {"S": "y"}}}}]})[
        "Code"] == "ProvisionedThroughputExceededException"
    aws.clock.advance(5)
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "x"}})
    ddb.update_table(TableName="tbl", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 100})
    aws.clock.advance(1)
    for i in range(50):
        ddb.put_item(TableName="tbl", Item={"pk": {"S": f"z{i}"}})


def test_on_demand_maximum_throttles(aws):
    ddb = client(retries=False)  # see throttling as AWS answers it, without SDK retries
    make_table(ddb, sort=None, OnDemandThroughput={"MaxReadRequestUnits": 5, "MaxWriteRequestUnits": 3})
    aws.backend("dynamodb").throttling = True
    for i in range(3):
        ddb.put_item(TableName="tbl", Item={"pk": {"S": str(i)}})
    assert error(ddb.put_item, TableName="tbl", Item={"pk": {"S": "x"}})["Code"] == "ThrottlingException"
    aws.clock.advance(1)
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "x"}})
    desc = ddb.describe_table(TableName="tbl")["Table"]
    assert desc["OnDemandThroughput"] == {"MaxReadRequestUnits": 5, "MaxWriteRequestUnits": 3}


def test_ttl_settings(aws):
    ddb = client()
    make_table(ddb, sort=None)
    assert ddb.describe_time_to_live(TableName="tbl")["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}
    err = error(ddb.update_time_to_live, TableName="tbl",
                TimeToLiveSpecification={"AttributeName": "exp", "Enabled": False})
    assert err["Message"] == "TimeToLive is already disabled"
    out = ddb.update_time_to_live(TableName="tbl", TimeToLiveSpecification={"AttributeName": "exp", "Enabled": True})
    assert out["TimeToLiveSpecification"] == {"AttributeName": "exp", "Enabled": True}
    assert ddb.describe_time_to_live(TableName="tbl")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}
    err = error(ddb.update_time_to_live, TableName="tbl",
                TimeToLiveSpecification={"AttributeName": "exp", "Enabled": True})
    assert err["Message"] == "TimeToLive is already enabled"
    assert error(ddb.describe_time_to_live, TableName="nope")["Code"] == "ResourceNotFoundException"


def test_ttl_expiry_is_lazy_then_swept(aws):
    ddb = client()
    make_table(ddb, sort=None, GlobalSecondaryIndexes=[{
        "IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}], extra_attrs=[("g", "S")])
    ddb.update_time_to_live(TableName="tbl", TimeToLiveSpecification={"AttributeName": "exp", "Enabled": True})
    now = int(aws.clock.now())
    rows = {"soon": now + 100, "later": now + 10_000, "ancient": now - 6 * 365 * 86400}
    for pk, exp in rows.items():
        ddb.put_item(TableName="tbl", Item={"pk": {"S": pk}, "exp": {"N": str(exp)}, "g": {"S": "G"}})
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "text"}, "exp": {"S": str(now)}, "g": {"S": "G"}})
    aws.clock.advance(200)
    # expired but not swept: still readable
    assert "Item" in ddb.get_item(TableName="tbl", Key={"pk": {"S": "soon"}})
    assert aws.backend("dynamodb").run_ttl_sweeper() == 1
    assert "Item" not in ddb.get_item(TableName="tbl", Key={"pk": {"S": "soon"}})
    left = ddb.query(TableName="tbl", IndexName="by_g", KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": {"S": "G"}})
    assert sorted(i["pk"]["S"] for i in left["Items"]) == ["ancient", "later", "text"]


def test_ttl_changes_are_rate_limited(aws):
    ddb = client()
    make_table(ddb, sort=None)
    spec = {"AttributeName": "exp", "Enabled": True}
    ddb.update_time_to_live(TableName="tbl", TimeToLiveSpecification=spec)
    err = error(ddb.update_time_to_live, TableName="tbl", TimeToLiveSpecification={**spec, "Enabled": False})
    assert err["Message"] == "Time to live has been modified multiple times within a fixed interval"
    aws.clock.advance(3600)
    err = error(ddb.update_time_to_live, TableName="tbl",
                TimeToLiveSpecification={"AttributeName": "other", "Enabled": False})
    assert err["Message"].startswith("TimeToLive is active on a different AttributeName")
    ddb.update_time_to_live(TableName="tbl", TimeToLiveSpecification={**spec, "Enabled": False})
    assert ddb.describe_time_to_live(TableName="tbl")["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}


def test_describe_ttl_while_creating(aws):
    aws.backend("dynamodb").status_delay = 10
    ddb = client()
    make_table(ddb, sort=None)
    err = error(ddb.describe_time_to_live, TableName="tbl")
    assert err["Message"] == ("Cannot describe time to live while table is in CREATING state: "
                              "Current table state is CREATING")
    aws.clock.advance(10)
    assert ddb.describe_time_to_live(TableName="tbl")["TimeToLiveDescription"]["TimeToLiveStatus"] == "DISABLED"


def test_point_in_time_recovery_settings(aws):
    ddb = client()
    make_table(ddb, sort=None)
    desc = ddb.describe_continuous_backups(TableName="tbl")["ContinuousBackupsDescription"]
    assert desc == {"ContinuousBackupsStatus": "DISABLED",
                    "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}
    out = ddb.update_continuous_backups(TableName="tbl", PointInTimeRecoverySpecification={
        "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 7})["ContinuousBackupsDescription"]
    pitr = out["PointInTimeRecoveryDescription"]
    assert out["ContinuousBackupsStatus"] == "ENABLED" and pitr["RecoveryPeriodInDays"] == 7
    aws.clock.advance(86400)
    pitr = ddb.describe_continuous_backups(TableName="tbl")["ContinuousBackupsDescription"][
        "PointInTimeRecoveryDescription"]
    assert (pitr["LatestRestorableDateTime"] - pitr["EarliestRestorableDateTime"]).total_seconds() == 86400 - 300
    ddb.update_continuous_backups(TableName="tbl", PointInTimeRecoverySpecification={
        "PointInTimeRecoveryEnabled": False})
    desc = ddb.describe_continuous_backups(TableName="tbl")["ContinuousBackupsDescription"]
    assert desc["ContinuousBackupsStatus"] == "ENABLED"
    assert desc["PointInTimeRecoveryDescription"] == {"PointInTimeRecoveryStatus": "DISABLED"}
    err = error(ddb.describe_continuous_backups, TableName="nope")
    assert (err["Code"], err["Message"]) == ("TableNotFoundException", "Table not found: nope")
    err = error(ddb.update_continuous_backups, TableName="tbl", PointInTimeRecoverySpecification={
        "PointInTimeRecoveryEnabled": False, "RecoveryPeriodInDays": 3})
    assert err["Message"] == ("Invalid Request: Cannot specify RecoveryPeriodInDays when disabling "
                              "point-in-time recovery.")
    assert error(ddb.restore_table_to_point_in_time, SourceTableName="tbl", TargetTableName="copy",
                 UseLatestRestorableTime=True)["Code"] == "NotImplemented"


def test_ttl_can_sweep_lazily_on_the_clock(aws):
    ddb = client()
    db = aws.backend("dynamodb")
    db.ttl_delay = 3600.0
    make_table(ddb, sort=None)
    now = int(aws.clock.now())
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "old"}, "exp": {"N": str(now - 10)}})
    ddb.update_time_to_live(TableName="tbl", TimeToLiveSpecification={"AttributeName": "exp", "Enabled": True})
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "soon"}, "exp": {"N": str(now + 100)}})
    ddb.put_item(TableName="tbl", Item={"pk": {"S": "moved"}, "exp": {"N": str(now + 100)}})
    ddb.update_item(TableName="tbl", Key={"pk": {"S": "moved"}}, UpdateExpression="SET exp = :e",
                    ExpressionAttributeValues={":e": {"N": str(now + 10**6)}})
    aws.clock.advance(200)
    assert ddb.scan(TableName="tbl")["Count"] == 3  # expired, but within the sweep delay
    aws.clock.advance(3600)
    left = sorted(i["pk"]["S"] for i in ddb.scan(TableName="tbl")["Items"])
    assert left == ["moved"]


def test_transactions_draw_on_the_buckets(aws):
    ddb = client()
    ddb.create_table(TableName="ttx", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    aws.backend("dynamodb").throttling = True
    for i in range(150):  # 2 units each: the 300-unit burst
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": "ttx", "Item": {"pk": {"S": str(i)}}}}])
    err = error(ddb.transact_write_items, TransactItems=[{"Put": {"TableName": "ttx", "Item": {"pk": {"S": "x"}}}}])
    assert err["Code"] == "TransactionCanceledException"
    assert err["response"]["CancellationReasons"] == [{
        "Code": "ProvisionedThroughputExceeded",
        "Message": "The level of configured provisioned throughput for the table was exceeded. Consider increasing "
                   "your provisioning level with the UpdateTable API."}]
