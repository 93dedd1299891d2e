"""CREATE TABLE / VIEW / MATERIALIZED VIEW: Redshift attributes read from the token stream.

sqlglot cannot parse column-level DISTKEY/SORTKEY, INTERLEAVED SORTKEY, ENCODE,
IDENTITY or ``(LIKE t)``. :func:`strip_table_attributes` walks the statement's
tokens, records those attributes, and hands the remaining tokens (re-sliced
from the raw source, never regex-edited) to sqlglot; :func:`build_relation`
then turns sqlglot's ``Create`` node plus the attributes into a catalog
:class:`~.catalog.Relation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.tokens import Token, TokenType

from .catalog import Column, DistStyle, Relation, RelKind, SortStyle
from .errors import FeatureNotSupported, InvalidTextRepresentation, SyntaxError_
from .splitter import Statement
from .types import from_datatype

__all__ = ["TableAttributes", "strip_table_attributes", "build_relation", "CreateHead", "create_head"]


@dataclass
class TableAttributes:
    """Redshift-only attributes found in a CREATE TABLE / MATERIALIZED VIEW."""

    diststyle: DistStyle | None = None
    distkey: str | None = None
    sortkey: list[str] = field(default_factory=list)
    sortstyle: SortStyle | None = None
    backup: bool = True
    encode_auto: bool = False
    auto_refresh: bool = False
    like: tuple[str | None, str, bool] | None = None  # (schema, table, including defaults)
    column_encoding: dict[str, str] = field(default_factory=dict)
    column_distkey: str | None = None
    column_sortkey: list[str] = field(default_factory=list)
    identity: dict[str, tuple[int, int]] = field(default_factory=dict)
    collate: dict[str, str] = field(default_factory=dict)


@dataclass
class CreateHead:
    """What precedes the body of a CREATE: flags and the object's name tokens."""

    temp: bool
    or_replace: bool
    if_not_exists: bool
    kind: str  # TABLE | VIEW | MATERIALIZED VIEW
    name_start: int  # token index of the name


def create_head(stmt: Statement) -> CreateHead:
    """Read ``CREATE [OR REPLACE] [LOCAL] [TEMP|TEMPORARY] TABLE|VIEW|MATERIALIZED VIEW [IF NOT EXISTS]``."""
    i = 1
    or_replace = temp = if_not_exists = False
    if stmt.word(i) == "OR" and stmt.word(i + 1) == "REPLACE":
        or_replace, i = True, i + 2
    if stmt.word(i) == "LOCAL":
        i += 1
    if stmt.word(i) in ("TEMP", "TEMPORARY"):
        temp, i = True, i + 1
    if stmt.word(i) == "MATERIALIZED" and stmt.word(i + 1) == "VIEW":
        kind, i = "MATERIALIZED VIEW", i + 2
    elif stmt.word(i) in ("TABLE", "VIEW"):
        kind, i = stmt.word(i), i + 1
    else:
        raise SyntaxError_(f'syntax error at or near "{stmt.tokens[min(i, len(stmt.tokens) - 1)].text}"')
    if stmt.words(i + 3)[i:] == ("IF", "NOT", "EXISTS") or (
            stmt.word(i) == "IF" and stmt.word(i + 1) == "NOT" and stmt.word(i + 2) == "EXISTS"):
        if_not_exists, i = True, i + 3
    return CreateHead(temp, or_replace, if_not_exists, kind, i)


def _ident(tok: Token) -> str:
    return tok.text.lower()


def _paren_list(tokens: list[Token], i: int) -> tuple[list[str], int]:
    """Identifiers of ``( a, b )`` starting at ``tokens[i]``; returns them and the index after ``)``."""
    if i >= len(tokens) or tokens[i].token_type is not TokenType.L_PAREN:
        raise SyntaxError_(f'syntax error at or near "{tokens[i].text if i < len(tokens) else ""}"')
    names, i = [], i + 1
    while i < len(tokens) and tokens[i].token_type is not TokenType.R_PAREN:
        if tokens[i].token_type is not TokenType.COMMA:
            names.append(_ident(tokens[i]))
        i += 1
    return names, i + 1


def _int_pair(tokens: list[Token], i: int) -> tuple[tuple[int, int], int]:
    if i >= len(tokens) or tokens[i].token_type is not TokenType.L_PAREN:
        raise SyntaxError_(f'syntax error at or near "{tokens[i].text if i < len(tokens) else ""}"')
    vals, cur, j = [], "", i + 1
    while j < len(tokens) and tokens[j].token_type is not TokenType.R_PAREN:
        if tokens[j].token_type is TokenType.COMMA:
            vals.append(cur)
            cur = ""
        else:
            cur += tokens[j].text
        j += 1
    vals.append(cur)
    j += 1
    try:
        nums = [int(v) for v in vals]
    except ValueError:
        raise InvalidTextRepresentation(f"invalid IDENTITY arguments: {', '.join(vals)}") from None
    if len(nums) != 2:
        raise SyntaxError_("IDENTITY takes (seed, step)")
    return (nums[0], nums[1]), j


def strip_table_attributes(stmt: Statement, start: int) -> tuple[str, TableAttributes, int | None]:
    """Remove Redshift attributes from the tokens from ``start`` on.

    Returns the remaining source text (for sqlglot), the attributes, and the
    index in ``stmt.tokens`` where a CTAS / view query begins (after ``AS``), if any.
    """
    toks = list(stmt.tokens)
    attrs = TableAttributes()
    keep: list[Token] = list(toks[:start])
    depth = 0
    column: str | None = None
    expect_column = False
    i = start
    query_at: int | None = None
    while i < len(toks):
        tok = toks[i]
        word = tok.text.upper() if tok.token_type not in (TokenType.STRING, TokenType.IDENTIFIER) else ""
        if tok.token_type is TokenType.L_PAREN:
            depth += 1
            keep.append(tok)
            if depth == 1:
                expect_column = True
                if i + 1 < len(toks) and toks[i + 1].text.upper() == "LIKE":
                    j = i + 2
                    parts = [_ident(toks[j])]
                    j += 1
                    while j + 1 < len(toks) and toks[j].token_type is TokenType.DOT:
                        parts.append(_ident(toks[j + 1]))
                        j += 2
                    including = False
                    if toks[j].text.upper() in ("INCLUDING", "EXCLUDING"):
                        including = toks[j].text.upper() == "INCLUDING"
                        j += 2
                    attrs.like = (parts[0] if len(parts) > 1 else None, parts[-1], including)
                    keep.pop()
                    depth -= 1
                    i = j + 1
                    continue
            i += 1
            continue
        if tok.token_type is TokenType.R_PAREN:
            depth -= 1
            keep.append(tok)
            i += 1
            continue
        if depth == 1:
            if tok.token_type is TokenType.COMMA:
                expect_column = True
                keep.append(tok)
                i += 1
                continue
            if expect_column:
                expect_column = False
                if word not in ("PRIMARY", "UNIQUE", "FOREIGN", "CONSTRAINT", "CHECK"):
                    column = _ident(tok)
                keep.append(tok)
                i += 1
                continue
            if word == "ENCODE" and column:
                attrs.column_encoding[column] = toks[i + 1].text.lower()
                i += 2
                continue
            if word == "DISTKEY" and column:
                attrs.column_distkey = column
                i += 1
                continue
            if word == "SORTKEY" and column:
                attrs.column_sortkey.append(column)
                i += 1
                continue
            if word == "IDENTITY" and column:
                attrs.identity[column], i = _int_pair(toks, i + 1)
                continue
            if word == "GENERATED" and column and [t.text.upper() for t in toks[i + 1:i + 5]] == [
                    "BY", "DEFAULT", "AS", "IDENTITY"]:
                attrs.identity[column], i = _int_pair(toks, i + 5)
                continue
            if word == "COLLATE" and column:
                attrs.collate[column] = toks[i + 1].text.upper()
                i += 2
                continue
            keep.append(tok)
            i += 1
            continue
        if depth == 0:
            if word == "DISTSTYLE":
                try:
                    attrs.diststyle = DistStyle(toks[i + 1].text.upper())
                except ValueError:
                    raise SyntaxError_(f'syntax error at or near "{toks[i + 1].text}"') from None
                i += 2
                continue
            if word == "DISTKEY":
                names, i = _paren_list(toks, i + 1)
                attrs.distkey = names[0]
                continue
            if word in ("COMPOUND", "INTERLEAVED") and i + 1 < len(toks) and toks[i + 1].text.upper() == "SORTKEY":
                attrs.sortstyle = SortStyle(word)
                i += 1
                continue
            if word == "SORTKEY":
                if i + 1 < len(toks) and toks[i + 1].text.upper() == "AUTO":
                    attrs.sortstyle = SortStyle.AUTO
                    i += 2
                    continue
                attrs.sortkey, i = _paren_list(toks, i + 1)
                attrs.sortstyle = attrs.sortstyle or SortStyle.COMPOUND
                continue
            if word == "ENCODE" and i + 1 < len(toks) and toks[i + 1].text.upper() == "AUTO":
                attrs.encode_auto = True
                i += 2
                continue
            if word == "BACKUP":
                attrs.backup = toks[i + 1].text.upper() == "YES"
                i += 2
                continue
            if word == "AUTO" and i + 1 < len(toks) and toks[i + 1].text.upper() == "REFRESH":
                attrs.auto_refresh = toks[i + 2].text.upper() == "YES"
                i += 3
                continue
            if tok.token_type is TokenType.ALIAS:
                query_at = i + 1
                keep.extend(toks[i:])
                break
        keep.append(tok)
        i += 1
    text = " ".join(stmt.text_of(t) for t in keep)
    return text, attrs, query_at


def build_relation(create: exp.Create, attrs: TableAttributes, *, schema: str, name: str,
                   temp: bool, owner: str, created: float) -> tuple[Relation, dict[str, exp.Expression]]:
    """A catalog table from a parsed CREATE TABLE (column list form) plus its attributes.

    Returns the relation and the DEFAULT expressions (Redshift ASTs) per column.
    """
    body = create.this
    if not isinstance(body, exp.Schema):
        raise SyntaxError_("CREATE TABLE needs a column list")
    columns: list[Column] = []
    defaults: dict[str, exp.Expression] = {}
    pk: set[str] = set()
    for item in body.expressions:
        if isinstance(item, exp.ColumnDef):
            col = Column(item.name.lower(), from_datatype(item.args["kind"]))
            for constraint in item.args.get("constraints") or []:
                kind = constraint.args.get("kind")
                if isinstance(kind, exp.NotNullColumnConstraint):
                    col.not_null = not kind.args.get("allow_null")
                elif isinstance(kind, exp.DefaultColumnConstraint):
                    defaults[col.name] = kind.this
                    col.default = kind.this.sql("redshift")
                elif isinstance(kind, exp.PrimaryKeyColumnConstraint):
                    col.primary_key = True
                elif isinstance(kind, exp.UniqueColumnConstraint):
                    col.unique = True
                elif isinstance(kind, exp.Reference):
                    col.references = kind.sql("redshift")
                elif isinstance(kind, exp.GeneratedAsIdentityColumnConstraint):
                    col.identity = (int(kind.args["start"].name) if kind.args.get("start") else 1,
                                    int(kind.args["increment"].name) if kind.args.get("increment") else 1)
                elif isinstance(kind, (exp.CollateColumnConstraint,)):
                    col.collate = kind.this.name.upper()
                else:
                    raise FeatureNotSupported(
                        f"column constraint {kind.sql('redshift') if kind else constraint.sql()} "
                        "is not supported by awscore")
            columns.append(col)
        elif isinstance(item, exp.PrimaryKey):
            pk.update(e.name.lower() for e in item.expressions)
        elif isinstance(item, (exp.UniqueColumnConstraint, exp.ForeignKey, exp.Constraint)):
            continue  # informational only, as in Redshift
        else:
            raise FeatureNotSupported(f"table element {item.sql('redshift')} is not supported by awscore")
    rel = Relation(schema, name, RelKind.TABLE, columns, owner=owner, temp=temp, created=created)
    for col in columns:
        if col.name in pk:
            col.primary_key = True
    apply_attributes(rel, attrs)
    return rel, defaults


def apply_attributes(rel: Relation, attrs: TableAttributes) -> None:
    """Record DISTSTYLE / DISTKEY / SORTKEY / ENCODE / IDENTITY / BACKUP on a relation, checking column names."""
    names = set(rel.column_names())

    def check(col: str) -> str:
        if col not in names:
            from .errors import UndefinedColumn

            raise UndefinedColumn(f'column "{col}" named in key does not exist')
        return col

    distkey = attrs.distkey or attrs.column_distkey
    if distkey:
        rel.distkey = check(distkey)
        if attrs.diststyle not in (None, DistStyle.KEY):
            raise SyntaxError_("DISTKEY requires DISTSTYLE KEY")
        rel.diststyle = DistStyle.KEY
        rel.column(distkey).distkey = True  # type: ignore[union-attr]
    elif attrs.diststyle is DistStyle.KEY:
        raise SyntaxError_("DISTSTYLE KEY requires a DISTKEY")
    elif attrs.diststyle is not None:
        rel.diststyle = attrs.diststyle
    sortkey = attrs.sortkey or attrs.column_sortkey
    if sortkey:
        rel.sortkey = [check(c) for c in sortkey]
        rel.sortstyle = attrs.sortstyle if attrs.sortstyle is not SortStyle.AUTO else SortStyle.COMPOUND
        for pos, c in enumerate(rel.sortkey, 1):
            rel.column(c).sortkey_position = pos if rel.sortstyle is SortStyle.COMPOUND else -pos  # type: ignore[union-attr]
    elif attrs.sortstyle is SortStyle.AUTO:
        rel.sortstyle = SortStyle.AUTO
    for col, enc in attrs.column_encoding.items():
        rel.column(check(col)).encoding = enc  # type: ignore[union-attr]
    for col, ident in attrs.identity.items():
        rel.column(check(col)).identity = ident  # type: ignore[union-attr]
    for col, coll in attrs.collate.items():
        rel.column(check(col)).collate = coll  # type: ignore[union-attr]
    rel.backup = attrs.backup
    rel.encode_auto = attrs.encode_auto or not attrs.column_encoding
    rel.auto_refresh = attrs.auto_refresh
