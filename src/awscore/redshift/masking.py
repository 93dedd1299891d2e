"""Dynamic data masking: masking policies attached to columns, applied where the table is read.

``CREATE MASKING POLICY p WITH (c type, ...) USING (expr | (e1, e2, ...))``,
``ATTACH MASKING POLICY p ON t(cols) [USING (cols)] TO {user | ROLE r | PUBLIC} [PRIORITY n]``,
``DETACH ... FROM ...``, ``ALTER MASKING POLICY p USING (...)``, ``DROP MASKING POLICY p``.
For each column the applicable attachment with the highest priority wins; the
mask is computed in the same derived table as the RLS filter, so predicates,
joins and projections only ever see masked values (RLS sees raw values).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.tokens import TokenType

from .catalog import Relation
from .errors import DuplicateObject, InsufficientPrivilege, SyntaxError_, UndefinedObject, UndefinedTable
from .result import Result
from .splitter import Statement
from .stmtutil import read_name
from .types import RsType, parse_type

if TYPE_CHECKING:
    from .session import Session

__all__ = ["MaskingPolicy", "MaskingModel", "run_masking_statement", "column_masks"]


@dataclass
class MaskingPolicy:
    """Inputs (name, type) and one output expression per masked column (Redshift SQL)."""

    name: str
    inputs: list[tuple[str, RsType]]
    outputs: list[str]
    owner: str


@dataclass(frozen=True)
class MaskAttachment:
    policy: str
    schema: str
    table: str
    out_cols: tuple[str, ...]
    in_cols: tuple[str, ...]
    grantee: str
    priority: int


class MaskingModel:
    def __init__(self) -> None:
        self.policies: dict[str, MaskingPolicy] = {}
        self.attachments: list[MaskAttachment] = []

    def attached_to(self, rel: Relation) -> list[MaskAttachment]:
        return [a for a in self.attachments if (a.schema, a.table) == (rel.schema, rel.name)]


def _principals(session: Session) -> set[str]:
    from .principals import principals

    return {p for p in principals(session) if not p.startswith("group:")}


def column_masks(session: Session, rel: Relation) -> dict[str, exp.Expression]:
    """Column name -> the masking expression (over the table's raw columns) this session must see."""
    model = session.database.masking
    with session.database.lock:
        candidates = model.attached_to(rel)
    if not candidates:
        return {}
    mine = _principals(session)
    best: dict[str, tuple[int, MaskAttachment, int]] = {}
    for att in candidates:
        if att.grantee not in mine:
            continue
        for k, col in enumerate(att.out_cols):
            if col not in best or att.priority > best[col][0]:
                best[col] = (att.priority, att, k)
    out: dict[str, exp.Expression] = {}
    for col, (_, att, k) in best.items():
        policy = model.policies[att.policy]
        expr = _output(policy, k)
        mapping = {name: att.in_cols[i] for i, (name, _) in enumerate(policy.inputs)}

        def sub(node: exp.Expression, mapping: dict[str, str] = mapping) -> exp.Expression:
            if isinstance(node, exp.Column) and not node.table and node.name in mapping:
                return exp.column(mapping[node.name], quoted=True)
            return node

        column = rel.column(col)
        assert column is not None
        out[col] = exp.Cast(this=expr.transform(sub), to=exp.DataType.build(column.type.duckdb(), dialect="duckdb"))
    return out


def _output(policy: MaskingPolicy, k: int) -> exp.Expression:
    from .fixups import check_functions
    from .translate import parse

    tree = parse(f"SELECT {policy.outputs[k]}")
    check_functions(tree)
    return tree.expressions[0].copy()


def _secadmin(session: Session) -> None:
    if session.cluster.is_superuser(session.user) or "role:sys:secadmin" in _principals(session):
        return
    raise InsufficientPrivilege("permission denied: only superusers and sys:secadmin may manage masking policies")


def _bump(session: Session) -> None:
    with session.database.lock:
        session.database.catalog.epoch += 1


def _paren_items(stmt: Statement, i: int) -> tuple[list[str], int]:
    """Raw source of each top-level comma-separated item of ``( ... )`` at token ``i``."""
    if i >= len(stmt.tokens) or stmt.tokens[i].token_type is not TokenType.L_PAREN:
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(i, len(stmt.tokens) - 1)].text}"')
    items, depth, start, j = [], 1, i + 1, i + 1
    while j < len(stmt.tokens) and depth:
        tok = stmt.tokens[j]
        if tok.token_type is TokenType.L_PAREN:
            depth += 1
        elif tok.token_type is TokenType.R_PAREN:
            depth -= 1
        if (tok.token_type is TokenType.COMMA and depth == 1) or depth == 0:
            if j > start:
                items.append(stmt.text[stmt.tokens[start].start - stmt.base: stmt.tokens[j - 1].end - stmt.base + 1])
            start = j + 1
        j += 1
    return items, j


def _outputs(stmt: Statement, i: int) -> list[str]:
    """USING (expr) or USING ((e1, e2))."""
    items, _ = _paren_items(stmt, i)
    if len(items) == 1 and items[0].startswith("(") and items[0].endswith(")"):
        from .translate import parse

        tree = parse(f"SELECT {items[0]}").expressions[0]
        if isinstance(tree, exp.Tuple):
            return [e.sql("redshift") for e in tree.expressions]
    return items


def _create(session: Session, stmt: Statement) -> Result:
    _secadmin(session)
    i = 3
    if_not_exists = stmt.words(6)[3:6] == ("IF", "NOT", "EXISTS")
    if if_not_exists:
        i = 6
    name = stmt.tokens[i].text.lower()
    model = session.database.masking
    if stmt.word(i + 1) != "WITH":
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(i + 1, len(stmt.tokens) - 1)].text}"')
    decls, j = _paren_items(stmt, i + 2)
    inputs = []
    for decl in decls:
        col, _, typ = decl.strip().partition(" ")
        inputs.append((col.strip('"').lower(), parse_type(typ.strip())))
    if stmt.word(j) != "USING":
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(j, len(stmt.tokens) - 1)].text}"')
    policy = MaskingPolicy(name, inputs, _outputs(stmt, j + 1), session.user)
    for k in range(len(policy.outputs)):
        _output(policy, k)  # parse now
    if name in model.policies:
        if if_not_exists:
            return Result(command="CREATE MASKING POLICY")
        raise DuplicateObject(f'Masking policy "{name}" already exists')
    model.policies[name] = policy
    _bump(session)
    return Result(command="CREATE MASKING POLICY")


def _alter(session: Session, stmt: Statement) -> Result:
    _secadmin(session)
    name = stmt.tokens[3].text.lower()
    policy = session.database.masking.policies.get(name)
    if policy is None:
        raise UndefinedObject(f'Masking policy "{name}" does not exist')
    if stmt.word(4) != "USING":
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[4].text}"')
    outputs = _outputs(stmt, 5)
    if len(outputs) != len(policy.outputs):
        raise SyntaxError_("ALTER MASKING POLICY must keep the number of output columns")
    policy.outputs = outputs
    _bump(session)
    return Result(command="ALTER MASKING POLICY")


def _grantee(session: Session, stmt: Statement, i: int) -> tuple[str, int]:
    word = stmt.word(i)
    if word == "PUBLIC":
        return "public", i + 1
    if word == "ROLE":
        role = stmt.tokens[i + 1].text.lower()
        if role not in session.cluster.roles:
            raise UndefinedObject(f'role "{role}" does not exist')
        return f"role:{role}", i + 2
    user = stmt.tokens[i].text.lower()
    if user not in session.cluster.users:
        raise UndefinedObject(f'user "{user}" does not exist')
    return user, i + 1


def _attach(session: Session, stmt: Statement, attach: bool) -> Result:
    _secadmin(session)
    model = session.database.masking
    name = stmt.tokens[3].text.lower()
    policy = model.policies.get(name)
    if policy is None:
        raise UndefinedObject(f'Masking policy "{name}" does not exist')
    if stmt.word(4) != "ON":
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[4].text}"')
    schema, table, i = read_name(stmt, 5)
    rel = session.lookup(schema, table)
    if rel is None:
        raise UndefinedTable(f'relation "{table}" does not exist')
    out_items, i = _paren_items(stmt, i)
    out_cols = tuple(c.strip().strip('"').lower() for c in out_items)
    in_cols = out_cols
    if stmt.word(i) == "USING":
        in_items, i = _paren_items(stmt, i + 1)
        in_cols = tuple(c.strip().strip('"').lower() for c in in_items)
    for col in out_cols + in_cols:
        if rel.column(col) is None:
            raise UndefinedObject(f'column "{col}" of relation "{rel.name}" does not exist')
    if stmt.word(i) != ("TO" if attach else "FROM"):
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(i, len(stmt.tokens) - 1)].text}"')
    grantee, i = _grantee(session, stmt, i + 1)
    priority = 0
    if stmt.word(i) == "PRIORITY":
        text = stmt.tokens[i + 1].text
        if not text.isdigit():
            raise SyntaxError_(f'syntax error at or near "{text}"')
        priority = int(text)
    if attach:
        if len(out_cols) != len(policy.outputs) or len(in_cols) != len(policy.inputs):
            raise SyntaxError_(f'masking policy "{name}" takes {len(policy.inputs)} input and '
                               f"{len(policy.outputs)} output column(s)")
        for other in model.attached_to(rel):
            shared = set(other.out_cols) & set(out_cols)
            if shared and other.policy == name and other.grantee == grantee:
                raise DuplicateObject(f'Masking policy "{name}" is already attached to this column and grantee')
            if shared and other.priority == priority:
                raise DuplicateObject("Another masking policy with the same priority is attached to column "
                                      f'"{sorted(shared)[0]}"')
        model.attachments.append(MaskAttachment(name, rel.schema, rel.name, out_cols, in_cols, grantee, priority))
    else:
        model.attachments = [a for a in model.attachments
                             if not (a.policy == name and (a.schema, a.table) == (rel.schema, rel.name)
                                     and a.out_cols == out_cols and a.grantee == grantee)]
    _bump(session)
    return Result(command="ATTACH MASKING POLICY" if attach else "DETACH MASKING POLICY")


def _drop(session: Session, stmt: Statement) -> Result:
    _secadmin(session)
    i = 3
    if_exists = stmt.word(i) == "IF" and stmt.word(i + 1) == "EXISTS"
    if if_exists:
        i += 2
    name = stmt.tokens[i].text.lower()
    model = session.database.masking
    if name not in model.policies:
        if if_exists:
            return Result(command="DROP MASKING POLICY")
        raise UndefinedObject(f'Masking policy "{name}" does not exist')
    attached = [a for a in model.attachments if a.policy == name]
    if attached and stmt.word(i + 1) != "CASCADE":
        raise DuplicateObject(f'Masking policy "{name}" is still attached; detach it or use CASCADE')
    model.attachments = [a for a in model.attachments if a.policy != name]
    del model.policies[name]
    _bump(session)
    return Result(command="DROP MASKING POLICY")


def run_masking_statement(session: Session, stmt: Statement) -> Result:
    """Dispatch CREATE / ALTER / DROP / ATTACH / DETACH MASKING POLICY."""
    verb = stmt.word(0)
    with session.database.lock:
        if verb == "CREATE":
            return _create(session, stmt)
        if verb == "ALTER":
            return _alter(session, stmt)
        if verb == "DROP":
            return _drop(session, stmt)
        return _attach(session, stmt, attach=verb == "ATTACH")
