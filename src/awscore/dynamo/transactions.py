"""TransactWriteItems and TransactGetItems: all or nothing across tables.

A write transaction locks every table it touches (in name order, so two
transactions cannot deadlock), plans every action (first validation error
wins), checks every condition (all failures reported), and only then
applies all writes. Any failure raises TransactionCanceledException with
one reason per action, in request order, and changes nothing.

``ClientRequestToken`` makes a write transaction idempotent for 10 minutes
on the clock: a replay with the same request is a successful no-op; the
same token with a different request is IdempotentParameterMismatchException.
"""

from __future__ import annotations

import hashlib
from contextlib import ExitStack
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..core.errors import AWSError
from .capacity import Consumed, read_units
from .errors import (
    CONDITION_FAILED,
    ConditionalCheckFailedException,
    IdempotentParameterMismatchException,
    ProvisionedThroughputExceededException,
    ThrottlingException,
    TransactionCanceledException,
    TransactionInProgressException,
    ValidationException,
)
from .keys import empty_key
from .table import Table, WritePlan
from .types import check_item_size, copy_item, item_size

if TYPE_CHECKING:
    from .backend import DynamoDB

__all__ = ["TxKind", "TxAction", "transact_write", "transact_get", "TOKEN_TTL", "MAX_ACTIONS"]

TOKEN_TTL = 600.0
_THROTTLE_CODES = {ProvisionedThroughputExceededException: "ProvisionedThroughputExceeded",
                   ThrottlingException: "ThrottlingError"}
MAX_ACTIONS = 100
SAME_ITEM = "Transaction request cannot include multiple operations on one item"


class TxKind(StrEnum):
    """TransactWriteItems action kinds, spelled as the request spells them."""
    PUT = "Put"
    UPDATE = "Update"
    DELETE = "Delete"
    CHECK = "ConditionCheck"


@dataclass
class TxAction:
    """One action of TransactWriteItems (typed values)."""

    kind: TxKind
    table: str
    item: dict[str, Any] | None = None  # Put
    key: dict[str, Any] | None = None  # Update/Delete/ConditionCheck
    compiled: Any = None
    return_on_failure: str | None = None


@dataclass
class TxResult:
    """A committed (or replayed) transaction's capacity per table."""
    consumed: list[Consumed] = field(default_factory=list)
    replay: bool = False
    #: (table, bytes) of each item as the first call sized it: what a replay is charged on
    sizes: list[tuple[str, int]] = field(default_factory=list)


def _reason(code: str, message: str | None = None, item: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"Code": code}
    if message is not None:
        out["Message"] = message
    if item is not None:
        out["Item"] = item
    return out


def _plan(table: Table, action: TxAction) -> WritePlan:
    if action.kind is TxKind.PUT:
        assert action.item is not None
        return table.plan_put(copy_item(action.item))
    assert action.key is not None
    if action.kind is TxKind.UPDATE:
        return table.plan_update(action.key, action.compiled.update)
    plan = table.plan_delete(action.key)
    if action.kind is TxKind.CHECK:
        plan.new = plan.old
        plan.noop = True
    return plan


def transact_write(db: DynamoDB, actions: list[TxAction], token: str | None = None,
                   digest: str | None = None) -> TxResult:
    """Run a write transaction; TransactionCanceledException (typed ``Item``s) on any failure.

    With a ``token``: a replay within 10 minutes is a no-op success, a different
    request is IdempotentParameterMismatchException, and the same token while the
    first call still runs is TransactionInProgressException.
    """
    if token is None:
        return _run(db, actions)
    with db.token_lock:
        now = db.clock.now()
        for t, (expires, _, _) in list(db.tokens.items()):
            if expires <= now:
                del db.tokens[t]
        seen = db.tokens.get(token)
        if seen is not None:
            if seen[1] != digest:
                raise IdempotentParameterMismatchException(
                    "Request parameters do not match the previous request with the same ClientRequestToken"
                )
            return TxResult(_replay_capacity(seen[2]), replay=True)
        if token in db.tokens_running:
            raise TransactionInProgressException(
                "Transaction is ongoing for the token; wait for it to complete before retrying"
            )
        db.tokens_running.add(token)
    try:
        result = _run(db, actions)
        with db.token_lock:
            db.tokens[token] = (db.clock.now() + TOKEN_TTL, digest or "", result.sizes)
        return result
    finally:
        with db.token_lock:
            db.tokens_running.discard(token)


def _run(db: DynamoDB, actions: list[TxAction]) -> TxResult:
    """Lock, plan, check and apply one write transaction (no idempotency bookkeeping)."""
    tables = {name: db.data_table(name) for name in sorted({a.table for a in actions})}
    for action in actions:  # request-level errors: the whole call fails, no cancellation reasons
        table = tables[action.table]
        target = action.item if action.item is not None else (action.key or {})
        if action.item is not None:
            check_item_size(action.item)
        for name in table.schema.names:
            value = target.get(name)
            if isinstance(value, str | bytes) and not value:
                raise empty_key(name, value)
        if action.item is not None:
            for index in table.indexes.values():
                for name in index.schema.names:
                    value = action.item.get(name)
                    if isinstance(value, str | bytes) and not value:
                        index.locate(action.item)  # raises AWS's empty index-key ValidationException
    positions = set()
    for action in actions:
        table = tables[action.table]
        try:
            target = action.key if action.key is not None else table.key_of(action.item or {})
            pos = (action.table, table.locate(target))
        except (KeyError, ValidationException):
            continue  # reported as this action's ValidationError below
        if pos in positions:
            raise ValidationException(SAME_ITEM)
        positions.add(pos)
    throttled: dict[str, AWSError] = {}
    for table in tables.values():
        try:
            table.admit(True, indexes=True)
        except (ProvisionedThroughputExceededException, ThrottlingException) as exc:
            throttled[table.name] = exc
    if throttled:  # cancelled before anything is locked: throttled actions say why, the rest None
        raise TransactionCanceledException([
            _reason(_THROTTLE_CODES[type(throttled[a.table])], throttled[a.table].message)
            if a.table in throttled else _reason("None") for a in actions
        ])
    with ExitStack() as stack:
        for table in tables.values():
            stack.enter_context(table.lock)
        plans: list[WritePlan | None] = []
        for i, action in enumerate(actions):
            try:
                plans.append(_plan(tables[action.table], action))
            except ValidationException as exc:
                reasons = [_reason("None") for _ in actions]
                reasons[i] = _reason("ValidationError", exc.message)
                raise TransactionCanceledException(reasons) from None
        reasons = []
        failed = False
        for action, plan in zip(actions, plans):
            assert plan is not None
            try:
                tables[action.table].check(plan, getattr(action.compiled, "condition", None),
                                           action.return_on_failure)
                reasons.append(_reason("None"))
            except ConditionalCheckFailedException as exc:
                failed = True
                reasons.append(_reason("ConditionalCheckFailed", CONDITION_FAILED, exc.old_item))
        if failed:
            raise TransactionCanceledException(reasons)
        consumed: dict[str, Consumed] = {}
        sizes: list[tuple[str, int]] = []
        for action, plan in zip(actions, plans):
            assert plan is not None
            table = tables[action.table]
            one = table.apply(plan, transactional=True)
            consumed.setdefault(table.name, Consumed(table.name)).add(one)
            sizes.append((table.name, max(plan.size, plan.old_size)))
    for name, used in consumed.items():
        tables[name].charge(used)
    return TxResult(list(consumed.values()), sizes=sizes)


def _replay_capacity(sizes: list[tuple[str, int]]) -> list[Consumed]:
    """A replay reports transactional *read* units of the items as the first call sized them
    (a replayed delete of a 9 KB item: 2 x ceil(9 KB / 4 KB) = 6)."""
    consumed: dict[str, Consumed] = {}
    for name, size in sizes:
        units = read_units(size, transactional=True)
        c = consumed.setdefault(name, Consumed(name))
        c.table += units
        c.read += units
    return list(consumed.values())


def request_digest(params: Any) -> str:
    """A stable digest of a request (for ClientRequestToken idempotency)."""
    return hashlib.sha256(repr(_canonical(params)).encode()).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _canonical(v)) for k, v in value.items() if k != "ClientRequestToken"))
    if isinstance(value, list | tuple):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(map(repr, value)))
    return value


@dataclass
class TxGet:
    """One Get of TransactGetItems (typed key)."""
    table: str
    key: dict[str, Any]
    compiled: Any = None


def transact_get(db: DynamoDB, gets: list[TxGet]) -> tuple[list[dict[str, Any] | None], list[Consumed]]:
    """TransactGetItems: a consistent snapshot of up to 100 items (2 units per 4 KB, missing too)."""
    tables = {name: db.data_table(name) for name in sorted({g.table for g in gets})}
    located = [tables[g.table].locate(g.key) for g in gets]
    if len(set(zip((g.table for g in gets), located))) != len(gets):
        raise ValidationException(SAME_ITEM)
    consumed: dict[str, Consumed] = {}
    out: list[dict[str, Any] | None] = []
    for table in tables.values():
        table.admit(False)
    with ExitStack() as stack:
        for table in tables.values():
            stack.enter_context(table.lock)
        raw = [tables[g.table].store.get(h, sort) for g, (h, sort) in zip(gets, located)]
    for g, item in zip(gets, raw):
        c = consumed.setdefault(g.table, Consumed(g.table))
        units = read_units(item_size(item) if item is not None else 0, transactional=True)
        c.table += units
        c.read += units
        projection = getattr(g.compiled, "projection", None)
        if item is not None and projection is not None:
            from . import exprs

            item = exprs.project(projection, item)
        out.append(copy_item(item) if item is not None else None)
    for name, used in consumed.items():
        tables[name].charge(used)
    return out, list(consumed.values())


