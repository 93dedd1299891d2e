"""Row-level security: policies, attachments, and the rewrite that applies them.

``CREATE RLS POLICY p [WITH (col type, ...) [[AS] alias]] USING (predicate)``,
``ATTACH / DETACH RLS POLICY p ON [TABLE] t, ... TO / FROM {user | ROLE r | PUBLIC}, ...``,
``ALTER TABLE t ROW LEVEL SECURITY {ON | OFF} [CONJUNCTION TYPE {AND | OR}]`` and
``GRANT / REVOKE IGNORE RLS``. When a query names an RLS-protected table the
resolver replaces it with ``(SELECT * FROM t [AS alias] WHERE <predicates>) AS t``,
so every query shape (CTEs, views, subqueries, joins) sees only the permitted
rows; UPDATE and DELETE add the predicate to their WHERE; INSERT and COPY are
not filtered (as in Redshift). With RLS on and no applicable policy a user
sees no rows; superusers and IGNORE RLS holders see everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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

__all__ = ["Policy", "RLSModel", "run_rls_statement", "row_filter", "rls_alter_table"]


@dataclass
class Policy:
    """An RLS policy: its input columns, optional alias and predicate (Redshift SQL)."""

    name: str
    columns: list[tuple[str, RsType]]
    alias: str | None
    predicate: str
    owner: str
    #: (schema, table) of the lookup tables the predicate reads
    lookups: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Attachment:
    policy: str
    schema: str
    table: str
    grantee: str  # user name, "role:<r>" or "public"


class RLSModel:
    """Policies, attachments and per-table RLS switches of one database."""

    def __init__(self) -> None:
        self.policies: dict[str, Policy] = {}
        self.attachments: set[Attachment] = set()
        self.enabled: dict[tuple[str, str], str] = {}  # (schema, table) -> conjunction AND | OR
        self.ignore: set[str] = set()  # grantees with IGNORE RLS
        self.datashare_off: set[tuple[str, str]] = set()  # RLS OFF FOR DATASHARES

    def protected(self, rel: Relation) -> bool:
        return (rel.schema, rel.name) in self.enabled


def _principals(session: Session) -> set[str]:
    from .principals import principals

    return principals(session) - {p for p in principals(session) if p.startswith("group:")}


def _bypass(session: Session) -> bool:
    """Superusers, sys:secadmin holders and IGNORE RLS grantees (directly, by role or PUBLIC) see every row."""
    if session.cluster.is_superuser(session.user):
        return True
    mine = _principals(session)
    return bool(session.database.rls.ignore & mine) or "role:sys:secadmin" in mine


def _predicate(session: Session, policy: Policy) -> exp.Expression:
    from .fixups import check_functions
    from .translate import parse

    tree = parse(f"SELECT 1 WHERE {policy.predicate}")
    check_functions(tree)
    return tree.args["where"].this.copy()


def row_filter(session: Session, rel: Relation) -> tuple[exp.Expression, str | None] | None:
    """The predicate (and the policy alias it uses) that limits ``rel`` for this session, or None."""
    model = session.database.rls
    if not model.protected(rel) or _bypass(session):
        return None
    mine = _principals(session)
    with session.database.lock:
        names = sorted({a.policy for a in model.attachments
                        if (a.schema, a.table) == (rel.schema, rel.name) and a.grantee in mine})
    if not names:
        return exp.false(), None
    conj = model.enabled[(rel.schema, rel.name)]
    preds = [exp.Paren(this=_predicate(session, model.policies[n])) for n in names]
    combined = preds[0]
    for p in preds[1:]:
        combined = exp.And(this=combined, expression=p) if conj == "AND" else exp.Or(this=combined, expression=p)
    aliases = {model.policies[n].alias for n in names} - {None}
    return combined, (aliases.pop() if len(aliases) == 1 else None)


def applied_policies(session: Session, rel: Relation) -> list[str]:
    """Names of the policies that limit ``rel`` for this session (SVV_RLS_APPLIED_POLICY)."""
    model = session.database.rls
    if not model.protected(rel) or _bypass(session):
        return []
    mine = _principals(session)
    with session.database.lock:
        return sorted({a.policy for a in model.attachments
                       if (a.schema, a.table) == (rel.schema, rel.name) and a.grantee in mine})


def rls_alter_table(session: Session, rel: Relation, stmt: Statement, i: int) -> Result:
    """ALTER TABLE t ROW LEVEL SECURITY {ON|OFF} [CONJUNCTION TYPE {AND|OR}] [FOR DATASHARES]."""
    if stmt.word(i) != "LEVEL" or stmt.word(i + 1) != "SECURITY" or stmt.word(i + 2) not in ("ON", "OFF"):
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(i, len(stmt.tokens) - 1)].text}"')
    on = stmt.word(i + 2) == "ON"
    conj = "AND"
    j = i + 3
    if stmt.word(j) == "CONJUNCTION" and stmt.word(j + 1) == "TYPE":
        conj = stmt.word(j + 2)
        if conj not in ("AND", "OR"):
            raise SyntaxError_(f'syntax error at or near "{stmt.tokens[j + 2].text}"')
    if rel.temp:
        raise InsufficientPrivilege("RLS policies cannot be attached to temporary tables")
    if stmt.words(j + 2)[j:j + 2] == ("FOR", "DATASHARES") or stmt.words(j + 5)[j + 3:j + 5] == (
            "FOR", "DATASHARES"):
        model = session.database.rls
        (model.datashare_off.discard if on else model.datashare_off.add)((rel.schema, rel.name))
        _bump(session)
        return Result(command="ALTER TABLE")
    if on:
        from .rlsrules import check_attach_target

        check_attach_target(session, rel, "")
    model = session.database.rls
    key = (rel.schema, rel.name)
    if on:
        model.enabled[key] = conj
    else:
        model.enabled.pop(key, None)
    _bump(session)
    return Result(command="ALTER TABLE")


def _bump(session: Session) -> None:
    with session.database.lock:
        session.database.catalog.epoch += 1


def _secadmin(session: Session) -> None:
    if session.cluster.is_superuser(session.user):
        return
    if "role:sys:secadmin" in _principals(session):
        return
    raise InsufficientPrivilege("permission denied: only superusers and sys:secadmin may manage RLS policies")


def _grantees(session: Session, stmt: Statement, i: int) -> list[str]:
    out = []
    while i < len(stmt.tokens):
        word = stmt.word(i)
        if stmt.tokens[i].token_type is TokenType.COMMA:
            i += 1
        elif word == "ROLE":
            name = stmt.tokens[i + 1].text.lower()
            if name not in session.cluster.roles:
                raise UndefinedObject(f'role "{name}" does not exist')
            out.append(f"role:{name}")
            i += 2
        elif word == "PUBLIC":
            out.append("public")
            i += 1
        else:
            name = stmt.tokens[i].text.lower()
            if name not in session.cluster.users:
                raise UndefinedObject(f'user "{name}" does not exist')
            out.append(name)
            i += 1
    if not out:
        raise SyntaxError_("syntax error at end of input")
    return out


def _create(session: Session, stmt: Statement) -> Result:
    _secadmin(session)
    i = 3
    if stmt.words(i + 3)[i:] == ("IF", "NOT", "EXISTS"):
        i += 3
    name = stmt.tokens[i].text.lower()
    i += 1
    columns: list[tuple[str, RsType]] = []
    alias = None
    if stmt.word(i) == "WITH":
        if i + 1 >= len(stmt.tokens) or stmt.tokens[i + 1].token_type is not TokenType.L_PAREN:
            raise SyntaxError_('syntax error at or near "WITH"')
        j, depth, start = i + 2, 1, i + 2
        pieces: list[str] = []
        while j < len(stmt.tokens) and depth:
            tok = stmt.tokens[j]
            if tok.token_type is TokenType.L_PAREN:
                depth += 1
            elif tok.token_type is TokenType.R_PAREN:
                depth -= 1
            if (tok.token_type is TokenType.COMMA and depth == 1) or depth == 0:
                pieces.append(stmt.text[stmt.tokens[start].start - stmt.base: stmt.tokens[j - 1].end - stmt.base + 1])
                start = j + 1
            j += 1
        for piece in pieces:
            col, _, typ = piece.strip().partition(" ")
            columns.append((col.strip('"').lower(), parse_type(typ.strip())))
        i = j
        if stmt.tokens[i].token_type is TokenType.ALIAS:
            i += 1
        if stmt.word(i) != "USING":
            alias = stmt.tokens[i].text.lower()
            i += 1
    if stmt.word(i) != "USING":
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(i, len(stmt.tokens) - 1)].text}"')
    predicate = stmt.text_from(i + 1).strip()
    if not (predicate.startswith("(") and predicate.endswith(")")):
        raise SyntaxError_("USING needs a parenthesised predicate")
    policy = Policy(name, columns, alias, predicate[1:-1], session.user)
    tree = _predicate(session, policy)  # parse now: a bad predicate is a syntax error at CREATE time
    from .rlsrules import check_correlation, policy_lookups

    policy.lookups = policy_lookups(session, tree)
    check_correlation(session, tree, [c for c, _ in columns], alias)
    model = session.database.rls
    if name in model.policies:
        if stmt.words(6)[3:6] == ("IF", "NOT", "EXISTS"):
            return Result(command="CREATE RLS POLICY")
        raise DuplicateObject(f'Policy "{name}" already exists')
    model.policies[name] = policy
    _bump(session)
    return Result(command="CREATE RLS POLICY")


def _tables(session: Session, stmt: Statement, i: int, stop: str) -> tuple[list[Relation], int]:
    if stmt.word(i) == "TABLE":
        i += 1
    rels = []
    while i < len(stmt.tokens) and stmt.word(i) != stop:
        if stmt.tokens[i].token_type is TokenType.COMMA:
            i += 1
            continue
        schema, name, i = read_name(stmt, i)
        rel = session.lookup(schema, name)
        if rel is None:
            raise UndefinedTable(f'relation "{name}" does not exist')
        rels.append(rel)
    return rels, i + 1


def _attach(session: Session, stmt: Statement, attach: bool) -> Result:
    _secadmin(session)
    name = stmt.tokens[3].text.lower()
    model = session.database.rls
    policy = model.policies.get(name)
    if policy is None:
        raise UndefinedObject(f'Policy "{name}" does not exist')
    if stmt.word(4) != "ON":
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[4].text}"')
    rels, i = _tables(session, stmt, 5, "TO" if attach else "FROM")
    grantees = _grantees(session, stmt, i)
    from .rlsrules import check_attach_target

    for rel in rels:
        if rel.temp:
            raise InsufficientPrivilege("RLS policies cannot be attached to temporary tables")
        if attach:
            for grantee in grantees:
                check_attach_target(session, rel, grantee)
            others = {model.policies[a.policy].alias for a in model.attachments
                      if (a.schema, a.table) == (rel.schema, rel.name) and a.policy != name} - {None}
            if policy.alias is not None and others and others != {policy.alias}:
                raise SyntaxError_("all RLS policies attached to one table must use the same alias")
        for col, _ in policy.columns:
            if rel.column(col) is None:
                raise UndefinedObject(f'column "{col}" of policy "{name}" does not exist in relation "{rel.name}"')
        for grantee in grantees:
            item = Attachment(name, rel.schema, rel.name, grantee)
            if attach:
                model.attachments.add(item)
            else:
                model.attachments.discard(item)
    _bump(session)
    return Result(command="ATTACH RLS POLICY" if attach else "DETACH RLS POLICY")


def _alter(session: Session, stmt: Statement) -> Result:
    """ALTER RLS POLICY p USING (predicate): same WITH columns, new predicate (checked like CREATE)."""
    _secadmin(session)
    name = stmt.tokens[3].text.lower()
    model = session.database.rls
    policy = model.policies.get(name)
    if policy is None:
        raise UndefinedObject(f'Policy "{name}" does not exist')
    if stmt.word(4) != "USING":
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(4, len(stmt.tokens) - 1)].text}"')
    predicate = stmt.text_from(5).strip()
    if not (predicate.startswith("(") and predicate.endswith(")")):
        raise SyntaxError_("USING needs a parenthesised predicate")
    candidate = Policy(name, policy.columns, policy.alias, predicate[1:-1], session.user)
    tree = _predicate(session, candidate)
    from .rlsrules import check_correlation, policy_lookups

    candidate.lookups = policy_lookups(session, tree)
    check_correlation(session, tree, [c for c, _ in policy.columns], policy.alias)
    model.policies[name] = candidate
    _bump(session)
    return Result(command="ALTER RLS POLICY")


def _drop(session: Session, stmt: Statement) -> Result:
    _secadmin(session)
    i = 3
    if_exists = stmt.word(i) == "IF" and stmt.word(i + 1) == "EXISTS"
    if if_exists:
        i += 2
    name = stmt.tokens[i].text.lower()
    model = session.database.rls
    if name not in model.policies:
        if if_exists:
            return Result(command="DROP RLS POLICY")
        raise UndefinedObject(f'Policy "{name}" does not exist')
    attached = [a for a in model.attachments if a.policy == name]
    if attached and stmt.word(i + 1) != "CASCADE":
        raise DuplicateObject(f'Policy "{name}" is still attached; detach it or use CASCADE')
    model.attachments.difference_update(attached)
    del model.policies[name]
    _bump(session)
    return Result(command="DROP RLS POLICY")


def run_rls_statement(session: Session, stmt: Statement) -> Result:
    """Dispatch CREATE / ALTER / DROP / ATTACH / DETACH RLS POLICY."""
    verb = stmt.word(0)
    with session.database.lock:
        if verb == "CREATE":
            return _create(session, stmt)
        if verb == "DROP":
            return _drop(session, stmt)
        if verb == "ALTER":
            return _alter(session, stmt)
        return _attach(session, stmt, attach=verb == "ATTACH")


def grant_ignore_rls(session: Session, stmt: Statement, grant: bool) -> Result:
    """GRANT / REVOKE IGNORE RLS TO / FROM {user | ROLE r}."""
    _secadmin(session)
    grantees = _grantees(session, stmt, 4)
    model = session.database.rls
    for g in grantees:
        (model.ignore.add if grant else model.ignore.discard)(g)
    _bump(session)
    return Result(command=stmt.word(0))
