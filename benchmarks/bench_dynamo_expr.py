"""Benchmark of DynamoDB expression parsing and evaluation: awscore vs moto vs a raw floor.

Run: .venv/bin/python benchmarks/bench_dynamo_expr.py

Figures (microseconds per operation, best of several rounds):
- parse uncached: awscore's parser with its cache bypassed, vs moto's parsers (moto never caches);
- parse cached: awscore's cached entry point (asserts that no re-parse happens);
- compile: a whole request (parse + resolve #names/:values + checks), as every API call does;
- evaluate: a condition against an item, vs moto's evaluator on its own Item, vs a hand-written lambda;
- update: apply_update of SET/ADD/REMOVE, vs a hand-written dict update.
moto's figures call moto's own parsing/evaluation functions directly (the same code its mock_aws runs).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from decimal import Decimal

from awscore.dynamo.expressions import (
    apply_update,
    compile_expressions,
    evaluate,
    parse_cache_info,
    parse_condition,
)
from awscore.dynamo.expressions.parser import ExpressionKind, Grammar, _parse
from awscore.dynamo.types import item_from_wire

CONDITION = "attribute_exists(pk) AND (#s = :active OR begins_with(sk, :p)) AND size(tags) > :n AND price BETWEEN :lo AND :hi"
UPDATE = "SET #s = :active, price = price + :lo, history = list_append(if_not_exists(history, :empty), :h) REMOVE stale ADD seen :n"
NAMES = {"#s": "status"}
VALUES = {
    ":active": {"S": "active"},
    ":p": {"S": "order#"},
    ":n": {"N": "1"},
    ":lo": {"N": "10"},
    ":hi": {"N": "100"},
    ":empty": {"L": []},
    ":h": {"L": [{"S": "x"}]},
}
COND_VALUES = {k: v for k, v in VALUES.items() if k in re.findall(r":\w+", CONDITION)}
WIRE_ITEM = {
    "pk": {"S": "customer#1"},
    "sk": {"S": "order#2024-01-01"},
    "status": {"S": "active"},
    "tags": {"SS": ["a", "b", "c"]},
    "price": {"N": "42.5"},
    "stale": {"BOOL": True},
    "seen": {"N": "3"},
}


def bench(fn: Callable[[], object], n: int, rounds: int = 5) -> float:
    """Best microseconds per call over ``rounds`` runs of ``n`` calls."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n)
    return best * 1e6


def row(label: str, ours: float, moto: float | None, floor: float | None) -> None:
    parts = [f"{label:<22} awscore {ours:9.2f} us"]
    if moto is not None:
        parts.append(f"moto {moto:9.2f} us ({moto / ours:6.1f}x faster)")
    if floor is not None:
        parts.append(f"raw floor {floor:7.3f} us ({ours / floor:6.1f}x the floor)")
    print("  ".join(parts))


def main() -> None:
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.models.dynamo_type import DynamoType, Item
    from moto.dynamodb.parsing.expressions import UpdateExpressionParser

    print("DynamoDB expressions (best of 5 rounds)")

    # -- parsing ------------------------------------------------------------------------
    ours_parse = bench(lambda: _parse(CONDITION, ExpressionKind.CONDITION, Grammar.CONDITION), 2000)
    moto_parse = bench(lambda: get_filter_expression(CONDITION, NAMES, COND_VALUES), 500)
    row("parse condition", ours_parse, moto_parse, None)
    ours_uparse = bench(lambda: _parse(UPDATE, ExpressionKind.UPDATE, Grammar.UPDATE), 2000)
    moto_uparse = bench(lambda: UpdateExpressionParser.make(UPDATE), 500)
    row("parse update", ours_uparse, moto_uparse, None)

    parse_condition(CONDITION)
    misses = parse_cache_info().misses
    ours_cached = bench(lambda: parse_condition(CONDITION), 200_000)
    assert parse_cache_info().misses == misses, "a cached expression must not be re-parsed"
    row("parse cached", ours_cached, moto_parse, None)

    ours_compile = bench(
        lambda: compile_expressions(condition=CONDITION, names=NAMES, values=COND_VALUES), 20_000
    )
    row("compile request", ours_compile, moto_parse, None)

    # -- evaluation -----------------------------------------------------------------------
    compiled = compile_expressions(condition=CONDITION, update=UPDATE, names=NAMES, values=VALUES)
    item = item_from_wire(WIRE_ITEM)
    assert evaluate(compiled.condition, item)
    ours_eval = bench(lambda: evaluate(compiled.condition, item), 50_000)

    moto_item = Item(DynamoType(WIRE_ITEM["pk"]), DynamoType(WIRE_ITEM["sk"]), WIRE_ITEM)
    moto_op = get_filter_expression(CONDITION, NAMES, COND_VALUES)
    assert moto_op.expr(moto_item)
    moto_eval = bench(lambda: moto_op.expr(moto_item), 20_000)

    lo, hi, n = Decimal(10), Decimal(100), Decimal(1)

    def raw_condition() -> bool:
        d = item
        return (
            "pk" in d
            and (d.get("status") == "active" or str(d.get("sk", "")).startswith("order#"))
            and len(d.get("tags", ())) > n
            and lo <= d.get("price", lo - 1) <= hi
        )

    assert raw_condition()
    floor_eval = bench(raw_condition, 200_000)
    row("evaluate condition", ours_eval, moto_eval, floor_eval)

    ours_update = bench(lambda: apply_update(compiled.update, item), 20_000)

    def raw_update() -> dict:
        d = dict(item)
        d["status"] = "active"
        d["price"] = d["price"] + lo
        d["history"] = [*d.get("history", []), "x"]
        d.pop("stale", None)
        d["seen"] = d.get("seen", 0) + n
        return d

    floor_update = bench(raw_update, 200_000)
    row("apply update", ours_update, None, floor_update)


if __name__ == "__main__":
    main()
