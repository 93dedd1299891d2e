"""Any request, however malformed, ends in an AWS error (AWSError), never a Python exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awscore import Cloud
from awscore.clock import ManualClock
from awscore.core.errors import AWSError
from awscore.core.registry import RequestContext
from awscore.dynamo.service import SERVICE

scalars = st.one_of(
    st.fixed_dictionaries({"S": st.text(max_size=4)}),
    st.fixed_dictionaries({"N": st.sampled_from(["1", "-0", "1e3", "abc", "", "1e200", " 1", "0.5"])}),
    st.fixed_dictionaries({"B": st.binary(max_size=3)}),
    st.fixed_dictionaries({"BOOL": st.booleans()}),
    st.fixed_dictionaries({"NULL": st.booleans()}),
    st.fixed_dictionaries({"SS": st.lists(st.text(max_size=2), max_size=3)}),
    st.fixed_dictionaries({"NS": st.lists(st.sampled_from(["1", "1.0", "x"]), max_size=3)}),
    st.just({}),
    st.just({"S": "a", "N": "1"}),
    st.just({"N": 5}),
    st.just("not a map"),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.fixed_dictionaries({"L": st.lists(inner, max_size=3)}),
    st.fixed_dictionaries({"M": st.dictionaries(st.text(max_size=2), inner, max_size=3)}),
), max_leaves=6)
names = st.sampled_from(["pk", "sk", "a", "b", "", "#x"])
items = st.dictionaries(names, values, max_size=4)
tokens = st.sampled_from(["pk", "sk", "a", "b.c", "a[1]", "#n", ":v", ":w", "=", "<", "<>", "AND", "OR", "NOT",
                          "(", ")", ",", "SET", "REMOVE", "ADD", "DELETE", "BETWEEN", "IN", "size(a)",
                          "begins_with(a, :v)", "attribute_exists(a)", "+", "-", "if_not_exists(a, :v)"])
expressions = st.lists(tokens, max_size=7).map(" ".join)
eav = st.dictionaries(st.sampled_from([":v", ":w", "v"]), values, max_size=2)
ean = st.dictionaries(st.sampled_from(["#n", "#m", "n"]), st.sampled_from(["a", "pk", ""]), max_size=2)


def _ctx(cloud: Cloud, op: str) -> RequestContext:
    return RequestContext(cloud, "dynamodb", op, "123456789012", "us-east-1")


def _cloud() -> Cloud:
    cloud = Cloud(clock=ManualClock(0))
    SERVICE.api.handle(_ctx(cloud, "CreateTable"), {
        "TableName": "tbl", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "N"}]})
    return cloud


CLOUD = _cloud()

requests = st.one_of(
    st.tuples(st.just("PutItem"), st.fixed_dictionaries(
        {"TableName": st.just("tbl"), "Item": items},
        optional={"ConditionExpression": expressions, "ExpressionAttributeValues": eav,
                  "ExpressionAttributeNames": ean, "ReturnValues": st.sampled_from(["ALL_OLD", "ALL_NEW"])})),
    st.tuples(st.just("UpdateItem"), st.fixed_dictionaries(
        {"TableName": st.just("tbl"), "Key": items},
        optional={"UpdateExpression": expressions, "ConditionExpression": expressions,
                  "ExpressionAttributeValues": eav, "ExpressionAttributeNames": ean,
                  "ReturnValues": st.sampled_from(["UPDATED_NEW", "ALL_OLD", "bogus"])})),
    st.tuples(st.just("GetItem"), st.fixed_dictionaries(
        {"TableName": st.sampled_from(["tbl", "missing", "x"]), "Key": items},
        optional={"ProjectionExpression": expressions, "ExpressionAttributeNames": ean})),
    st.tuples(st.just("Query"), st.fixed_dictionaries(
        {"TableName": st.just("tbl")},
        optional={"KeyConditionExpression": expressions, "FilterExpression": expressions,
                  "ExpressionAttributeValues": eav, "ExpressionAttributeNames": ean,
                  "ExclusiveStartKey": items, "Limit": st.integers(-1, 3), "IndexName": st.just("idx"),
                  "Select": st.sampled_from(["COUNT", "ALL_PROJECTED_ATTRIBUTES"])})),
    st.tuples(st.just("Scan"), st.fixed_dictionaries(
        {"TableName": st.just("tbl")},
        optional={"FilterExpression": expressions, "ExpressionAttributeValues": eav,
                  "Segment": st.integers(-1, 3), "TotalSegments": st.integers(0, 3), "ExclusiveStartKey": items})),
    st.tuples(st.just("TransactWriteItems"), st.fixed_dictionaries({"TransactItems": st.lists(
        st.one_of(st.fixed_dictionaries({"Put": st.fixed_dictionaries({"TableName": st.just("tbl"),
                                                                       "Item": items})}),
                  st.fixed_dictionaries({"Delete": st.fixed_dictionaries({"TableName": st.just("tbl"),
                                                                          "Key": items})})),
        min_size=1, max_size=3)})),
    st.tuples(st.just("BatchWriteItem"), st.fixed_dictionaries({"RequestItems": st.fixed_dictionaries({
        "tbl": st.lists(st.fixed_dictionaries({"PutRequest": st.fixed_dictionaries({"Item": items})}),
                        min_size=1, max_size=3)})})),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(requests)
def test_any_request_ends_in_an_aws_error_or_a_result(request):
    op, params = request
    try:
        out = SERVICE.api.handle(_ctx(CLOUD, op), params)
    except AWSError:
        return
    assert isinstance(out, dict)
    CLOUD.backend("dynamodb").table("tbl")._check()


attr_names = st.sampled_from(["pk", "sk", "g", "h"])
key_elements = st.lists(st.fixed_dictionaries({"AttributeName": attr_names,
                                               "KeyType": st.sampled_from(["HASH", "RANGE"])}),
                        min_size=1, max_size=2)
definitions = st.lists(st.fixed_dictionaries({"AttributeName": attr_names,
                                              "AttributeType": st.sampled_from(["S", "N", "B"])}), max_size=4)
projections = st.fixed_dictionaries({}, optional={
    "ProjectionType": st.sampled_from(["ALL", "KEYS_ONLY", "INCLUDE"]),
    "NonKeyAttributes": st.lists(st.sampled_from(["a", "b"]), max_size=2)})
index_spec = st.fixed_dictionaries(
    {"IndexName": st.sampled_from(["idx1", "idx2"]), "KeySchema": key_elements, "Projection": projections},
    optional={"ProvisionedThroughput": st.just({"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})})
index_specs = st.lists(index_spec, max_size=2)
create_requests = st.fixed_dictionaries(
    {"TableName": st.sampled_from(["fz1", "fz2"]), "KeySchema": key_elements, "AttributeDefinitions": definitions},
    optional={"BillingMode": st.sampled_from(["PROVISIONED", "PAY_PER_REQUEST"]),
              "ProvisionedThroughput": st.just({"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}),
              "GlobalSecondaryIndexes": index_specs, "LocalSecondaryIndexes": index_specs,
              "TableClass": st.sampled_from(["STANDARD", "nope"]), "DeletionProtectionEnabled": st.booleans()})
update_requests = st.fixed_dictionaries(
    {"TableName": st.sampled_from(["fz1", "fz2"])},
    optional={"BillingMode": st.sampled_from(["PROVISIONED", "PAY_PER_REQUEST"]),
              "ProvisionedThroughput": st.just({"ReadCapacityUnits": 3, "WriteCapacityUnits": 3}),
              "AttributeDefinitions": definitions, "DeletionProtectionEnabled": st.booleans(),
              "GlobalSecondaryIndexUpdates": st.lists(st.one_of(
                  st.fixed_dictionaries({"Create": index_spec}),
                  st.fixed_dictionaries({"Delete": st.fixed_dictionaries({"IndexName": st.just("idx1")})})),
                  max_size=2)})


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.tuples(st.just("CreateTable"), create_requests),
                          st.tuples(st.just("UpdateTable"), update_requests),
                          st.tuples(st.just("DeleteTable"), st.fixed_dictionaries(
                              {"TableName": st.sampled_from(["fz1", "fz2"])}))), max_size=5))
def test_control_plane_requests_end_in_aws_errors(requests):
    cloud = Cloud(clock=ManualClock(0))
    for op, params in requests:
        try:
            SERVICE.api.handle(_ctx(cloud, op), params)
        except AWSError:
            pass
    for table in cloud.backend("dynamodb")._tables.values():
        table._check()
