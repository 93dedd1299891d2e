"""The fix-up table: small ``Expression -> Expression`` transforms that make DuckDB give Redshift's answers.

Each entry handles one node class (``FIXUPS[exp.Div]``...) or, for functions
sqlglot keeps anonymous, one function name (``ANONYMOUS['IS_VALID_JSON']``).
They run bottom-up on the resolved tree, after :mod:`.infer` can type columns.
The wrong answers they fix are listed in the semantics sheet (§1.2).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from .errors import FeatureNotSupported, SQLError, UndefinedFunction
from .fixbase import FixContext, duck
from .fixbase import now_expr as _now
from .formats import to_char as _to_char
from .formats import to_date as _to_date
from .formats import to_timestamp as _to_timestamp
from .superfix import fix_bracket, fix_column, fix_unnest
from .types import RsType, TypeName, from_datatype

__all__ = ["FixContext", "apply_fixups", "FIXUPS", "ANONYMOUS", "check_functions"]


def _nonzero_literal(node: exp.Expression) -> bool:
    return isinstance(node, exp.Literal) and not node.is_string and float(node.this) != 0


def _guard(divisor: exp.Expression) -> exp.Expression:
    if _nonzero_literal(divisor) or (isinstance(divisor, exp.Paren) and _nonzero_literal(divisor.this)):
        return divisor
    return duck("CASE WHEN __d = 0 THEN error('division by zero') ELSE __d END", d=divisor)


_INT_PRECISION = {TypeName.SMALLINT: 5, TypeName.INTEGER: 10, TypeName.BIGINT: 19}


def numeric_division_type(left: RsType | None, right: RsType | None) -> RsType | None:
    """Redshift's NUMERIC(p, s) of a division with a NUMERIC operand (the other NUMERIC or integer).

    scale = max(4, s1 + p2 - s2 + 1); precision = p1 - s1 + s2 + scale, both capped (38 / 37).
    """
    if left is None or right is None:
        return None
    if TypeName.NUMERIC not in (left.name, right.name):
        return None

    def ps(t: RsType) -> tuple[int, int] | None:
        if t.name is TypeName.NUMERIC:
            return t.precision or 18, t.scale or 0
        if t.is_integer:
            return _INT_PRECISION[t.name], 0
        return None

    a, b = ps(left), ps(right)
    if a is None or b is None:
        return None
    (p1, s1), (p2, s2) = a, b
    scale = min(max(4, s1 + p2 - s2 + 1), 37)
    precision = min(p1 - s1 + s2 + scale, 38)
    return RsType(TypeName.NUMERIC, precision=max(precision, scale + 1), scale=scale)


def fix_div(node: exp.Div, ctx: FixContext) -> exp.Expression:
    """Integer operands divide as integers (truncating); a zero divisor is an error."""
    left, right = ctx.env.type_of(node.this), ctx.env.type_of(node.expression)
    divisor = _guard(node.expression)
    if left is not None and right is not None and left.is_integer and right.is_integer:
        return exp.IntDiv(this=node.this, expression=divisor)
    result = numeric_division_type(left, right)
    if result is not None:  # NUMERIC division keeps a NUMERIC result with Redshift's scale
        quotient = exp.Div(this=exp.Cast(this=node.this, to=exp.DataType.build("DOUBLE")), expression=divisor)
        return exp.Cast(this=quotient, to=exp.DataType.build(f"DECIMAL({result.precision},{result.scale})"))
    return exp.Div(this=node.this, expression=divisor)


def fix_mod(node: exp.Mod, ctx: FixContext) -> exp.Expression:
    """``x % 0`` is a division-by-zero error in Redshift (DuckDB answers NULL)."""
    return exp.Mod(this=node.this, expression=_guard(node.expression))


def fix_avg(node: exp.Avg, ctx: FixContext) -> exp.Expression:
    """AVG of integers is a truncated BIGINT; AVG of NUMERIC keeps the argument's scale."""
    arg = node.this.this if isinstance(node.this, exp.Distinct) else node.this
    if isinstance(node.this, exp.Distinct) and node.this.expressions:
        arg = node.this.expressions[0]
    t = ctx.env.type_of(arg)
    if t is None:
        return node
    if t.is_integer:
        return duck("CAST(TRUNC(__a) AS BIGINT)", a=node)
    if t.name is TypeName.NUMERIC:
        return exp.Cast(this=node, to=exp.DataType.build(f"DECIMAL(38,{t.scale or 0})"))
    return node


def fix_sum(node: exp.Sum, ctx: FixContext) -> exp.Expression:
    """SUM of integers is a BIGINT in Redshift (DuckDB answers HUGEINT)."""
    if isinstance(node.parent, exp.Window):
        return node  # the window as a whole is cast (fix_window)
    return _bigint_sum(node, node, ctx)


def _bigint_sum(sum_node: exp.Sum, result: exp.Expression, ctx: FixContext) -> exp.Expression:
    arg = sum_node.this
    if isinstance(arg, exp.Distinct) and arg.expressions:
        arg = arg.expressions[0]
    t = ctx.env.type_of(arg)
    if t is not None and t.is_integer:
        return exp.Cast(this=result, to=exp.DataType.build("BIGINT"))
    return result


REDSHIFT_VERSION = ("PostgreSQL 8.0.2 on i686-pc-linux-gnu, compiled by GCC gcc (GCC) 3.4.2 20041017 "
                    "(Red Hat 3.4.2-6.fc3), Redshift 1.0.77467")


def fix_version(node: exp.Expression, ctx: FixContext) -> exp.Expression:
    return exp.Literal.string(REDSHIFT_VERSION)


def fix_concat(node: exp.Concat, ctx: FixContext) -> exp.Expression:
    """Redshift CONCAT returns NULL when an argument is NULL: an ``||`` chain."""
    args = node.expressions
    if len(args) != 2:
        raise UndefinedFunction("function concat with other than 2 arguments does not exist")
    return exp.DPipe(this=args[0], expression=args[1], safe=False)


def fix_regexp_replace(node: exp.RegexpReplace, ctx: FixContext) -> exp.Expression:
    """REGEXP_REPLACE(s, pattern, repl [, position [, parameters]]) replaces every match from ``position``.

    DuckDB replaces only the first match unless ``'g'``; Redshift's ``'i'`` parameter is kept, ``'c'`` is
    the default (case-sensitive) and ``'p'`` (Perl) is DuckDB's own syntax anyway.
    """
    if node.args.get("occurrence"):
        raise FeatureNotSupported("REGEXP_REPLACE occurrence argument is not supported by awscore")
    flags = "g"
    mods = node.args.get("modifiers")
    if mods is not None:
        if not (isinstance(mods, exp.Literal) and mods.is_string):
            raise FeatureNotSupported("REGEXP_REPLACE parameters must be a literal in awscore")
        flags += "".join(ch for ch in mods.this if ch == "i")
    position = node.args.get("position")
    source, pattern, repl = node.this, node.expression, node.args["replacement"]
    if position is None:
        return exp.RegexpReplace(this=source, expression=pattern, replacement=repl,
                                 modifiers=exp.Literal.string(flags))
    return duck("left(__s, CAST(__p AS BIGINT) - 1) || regexp_replace(substr(__s, CAST(__p AS BIGINT)), __x, __r, __f)",
                s=source, p=position, x=pattern, r=repl, f=exp.Literal.string(flags))


def _similar_pattern(pattern: str) -> str:
    out = []
    for ch in pattern:
        if ch == "%":
            out.append(".*")
        elif ch == "_":
            out.append(".")
        elif ch in ".^$\\":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def fix_similar_to(node: exp.SimilarTo, ctx: FixContext) -> exp.Expression:
    """SIMILAR TO: ``%``/``_`` wildcards over a POSIX regex, matching the whole string."""
    pattern = node.expression
    if not (isinstance(pattern, exp.Literal) and pattern.is_string):
        raise FeatureNotSupported("SIMILAR TO with a non-literal pattern is not supported by awscore")
    return exp.Anonymous(this="regexp_full_match",
                         expressions=[node.this, exp.Literal.string(_similar_pattern(pattern.this))])


def fix_trunc(node: exp.Trunc, ctx: FixContext) -> exp.Expression:
    """TRUNC(timestamp) is the date."""
    if node.args.get("decimals") is None and node.args.get("expression") is None:
        t = ctx.env.type_of(node.this)
        if t is not None and t.name in (TypeName.TIMESTAMP, TypeName.TIMESTAMPTZ, TypeName.DATE):
            return exp.Cast(this=node.this, to=exp.DataType.build("DATE"))
    return node


def fix_from_base(node: exp.FromBase, ctx: FixContext) -> exp.Expression:
    """STRTOL(s, base): a digit fold (DuckDB has no FROM_BASE)."""
    return duck(
        "list_reduce(list_transform(string_split(lower(__s), ''), "
        "lambda c: CAST(instr('0123456789abcdefghijklmnopqrstuvwxyz', c) - 1 AS BIGINT)), "
        "lambda acc, d: acc * __b + d, CAST(0 AS BIGINT))",
        s=node.this, b=node.expression)


def fix_within_group(node: exp.WithinGroup, ctx: FixContext) -> exp.Expression:
    """LISTAGG(DISTINCT x, sep) WITHIN GROUP (ORDER BY ...) -> STRING_AGG(DISTINCT x, sep ORDER BY ...)."""
    agg = node.this
    if isinstance(agg, exp.GroupConcat) and isinstance(agg.this, exp.Distinct):
        distinct = agg.this
        inner = distinct.expressions[0] if distinct.expressions else distinct.this
        sep = agg.args.get("separator") or exp.Literal.string("")
        if len(distinct.expressions) == 2:  # LISTAGG(DISTINCT x, sep): sqlglot keeps sep in the DISTINCT list
            sep = distinct.expressions[1]
        if isinstance(inner, exp.Case):  # sqlglot folds the separator into a CASE ... (x, sep)
            true = inner.args["default"] if inner.args.get("default") is not None else None
            if isinstance(true, exp.Tuple) and len(true.expressions) == 2:
                inner, sep = true.expressions
        order = node.expression
        agg_sql = duck("STRING_AGG(DISTINCT __x, __s)", x=inner, s=sep)
        if isinstance(order, exp.Order):
            agg_sql.set("this", exp.Distinct(expressions=[inner]))
            return duck("STRING_AGG(DISTINCT __x, __s ORDER BY __x)", x=inner, s=sep) if not order.expressions else \
                _string_agg_order(inner, sep, order)
        return agg_sql
    return node


def _string_agg_order(inner: exp.Expression, sep: exp.Expression, order: exp.Order) -> exp.Expression:
    tree = duck("STRING_AGG(DISTINCT __x, __s ORDER BY __x)", x=inner, s=sep)
    found = tree.find(exp.Order)
    if found is not None:
        found.set("expressions", [o.copy() for o in order.expressions])
    return tree


def fix_window(node: exp.Window, ctx: FixContext) -> exp.Expression:
    """RATIO_TO_REPORT(x) OVER (w) -> x / SUM(x) OVER (w)."""
    fn = node.this
    if isinstance(fn, exp.Sum):
        return _bigint_sum(fn, node, ctx)
    if isinstance(fn, exp.Anonymous) and fn.name.upper() == "RATIO_TO_REPORT":
        arg = fn.expressions[0]
        window = node.copy()
        window.set("this", exp.Sum(this=arg.copy()))
        window.set("order", None)
        return exp.Div(this=exp.Cast(this=arg, to=exp.DataType.build("DOUBLE")), expression=window)
    return node


def fix_diff(node: exp.TsOrDsDiff, ctx: FixContext) -> exp.Expression:
    """DATEDIFF(week, a, b) counts week boundaries (weeks start on Monday)."""
    unit = node.args.get("unit")
    if unit is not None and unit.name.upper() in ("WEEK", "WEEKS", "W", "WK", "WKS"):
        return duck("date_diff('week', date_trunc('week', CAST(__a AS TIMESTAMP)), "
                    "date_trunc('week', CAST(__b AS TIMESTAMP)))",
                    a=node.expression, b=node.this)
    return node


def fix_current_timestamp(node: exp.CurrentTimestamp, ctx: FixContext) -> exp.Expression:
    """GETDATE() has no fractional seconds; SYSDATE / CURRENT_TIMESTAMP do. Both read the injected clock."""
    if node.args.get("sysdate"):
        return _now(ctx)
    if isinstance(node.parent, exp.Expression) and node.meta.get("getdate") is False:
        return _now(ctx)
    return duck("date_trunc('second', __n)", n=_now(ctx))


def fix_current_date(node: exp.CurrentDate, ctx: FixContext) -> exp.Expression:
    return exp.Cast(this=_now(ctx), to=exp.DataType.build("DATE"))


def fix_current_user(node: exp.Expression, ctx: FixContext) -> exp.Expression:
    return duck("CAST(getvariable('rs_user') AS VARCHAR)")


def fix_session_user(node: exp.Expression, ctx: FixContext) -> exp.Expression:
    return duck("CAST(getvariable('rs_session_user') AS VARCHAR)")


def fix_current_database(node: exp.Expression, ctx: FixContext) -> exp.Expression:
    return exp.Literal.string(ctx.database)


def fix_current_schema(node: exp.Expression, ctx: FixContext) -> exp.Expression:
    return exp.Literal.string(ctx.schema)


def fix_datatype(node: exp.DataType, ctx: FixContext) -> exp.Expression:
    """Redshift types become their DuckDB storage types (VARCHAR(MAX) -> VARCHAR, SUPER -> JSON)."""
    if node.this in (exp.DType.USERDEFINED,):
        raise FeatureNotSupported(f'type "{node.sql("redshift").lower()}" does not exist')
    try:
        return from_datatype(node).sqlglot()
    except SQLError:
        return node


def fix_cast(node: exp.Cast, ctx: FixContext) -> exp.Expression:
    """Casts to CHAR(n) drop trailing blanks (CHAR comparisons ignore them in Redshift)."""
    to = node.to
    if isinstance(to, exp.DataType) and to.this in (exp.DType.CHAR, exp.DType.NCHAR, exp.DType.BPCHAR):
        node.set("to", exp.DataType.build("VARCHAR"))
        return exp.Anonymous(this="rtrim", expressions=[node])
    if isinstance(to, exp.DataType) and to.this in (exp.DType.VARCHAR, exp.DType.NVARCHAR) and to.expressions:
        param = to.expressions[0]
        inner = param.this if isinstance(param, exp.DataTypeParam) else param
        if isinstance(inner, exp.Literal) and not inner.is_string:  # explicit casts truncate (not MAX)
            node.set("to", exp.DataType.build("VARCHAR"))
            return exp.Substring(this=node, start=exp.Literal.number(1), length=exp.Literal.number(inner.this))
    if isinstance(to, exp.DataType):
        node.set("to", fix_datatype(to, ctx))
    return node



_ARITH = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod, exp.IntDiv)


def fix_string_literal(node: exp.Literal, ctx: FixContext) -> exp.Expression:
    """A quoted literal in arithmetic is of unknown type in Redshift and takes the other operand's (``'1' + 1``)."""
    return fix_placeholder(node, ctx) if node.is_string else node


def fix_placeholder(node: exp.Expression, ctx: FixContext) -> exp.Expression:
    """A parameter used in arithmetic takes the other operand's type (Data API values arrive as text)."""
    parent = node.parent
    if isinstance(parent, _ARITH):
        other = parent.expression if parent.this is node else parent.this
        t = ctx.env.type_of(other)
        if t is not None and t.name not in (TypeName.VARCHAR, TypeName.CHAR, TypeName.SUPER, TypeName.NUMERIC):
            return exp.Cast(this=node, to=t.sqlglot())
        if t is not None and t.name is TypeName.NUMERIC:  # same scale as the other operand
            return exp.Cast(this=node, to=exp.DataType.build(f"DECIMAL(38,{t.scale or 0})"))
    return node


# ---- anonymous functions sqlglot passes through ------------------------------


def _rename(name: str) -> Callable[[exp.Anonymous, FixContext], exp.Expression]:
    def fix(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
        return exp.Anonymous(this=name, expressions=node.expressions)

    return fix


def _json_array_elem(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
    j, i = node.expressions[:2]
    return duck("json_extract_string(__j, '$[' || CAST(__i AS VARCHAR) || ']')", j=j, i=i)


def _is_valid_json_array(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
    return duck("(json_valid(__j) AND json_type(__j) = 'ARRAY')", j=node.expressions[0])


def _json_serialize(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
    return exp.Cast(this=node.expressions[0], to=exp.DataType.build("VARCHAR"))


def _json_array_length(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
    return duck("CAST(json_array_length(__j) AS INTEGER)", j=node.expressions[0])


def _octet_length(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
    return duck("CAST(strlen(CAST(__s AS VARCHAR)) AS INTEGER)", s=node.expressions[0])


def fix_int_result(node: exp.Expression, ctx: FixContext) -> exp.Expression:
    """LEN/LENGTH/CHAR_LENGTH and POSITION/STRPOS/CHARINDEX return INTEGER in Redshift (DuckDB: BIGINT)."""
    return duck("CAST(__x AS INTEGER)", x=node)


def fix_median(node: exp.Median, ctx: FixContext) -> exp.Expression:
    """MEDIAN of integers is a DECIMAL in Redshift (its documented examples print ``17.5`` / ``10.0``)."""
    if isinstance(node.parent, exp.Window):  # MEDIAN(...) OVER (...): a cast cannot sit between them
        return node
    arg = ctx.env.type_of(node.this)
    if arg is not None and arg.is_integer:
        return duck("CAST(__x AS DECIMAL(38,1))", x=node)
    return node


def fix_extract(node: exp.Extract, ctx: FixContext) -> exp.Expression:
    """EXTRACT returns INTEGER (from TIMESTAMPTZ: DOUBLE PRECISION), DATE_PART DOUBLE PRECISION (DuckDB: BIGINT)."""
    rs = ctx.env.type_of(node)
    return duck(f"CAST(__x AS {'DOUBLE' if rs is not None and rs.name is TypeName.DOUBLE else 'INTEGER'})", x=node)


def _session_var(name: str, default: str) -> Callable[[exp.Anonymous, FixContext], exp.Expression]:
    def fix(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
        return duck(f"CAST(coalesce(getvariable('{name}'), {default}) AS BIGINT)")

    return fix


def _json_typeof(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
    return duck("CASE json_type(__j) WHEN 'OBJECT' THEN 'object' WHEN 'ARRAY' THEN 'array' "
                "WHEN 'VARCHAR' THEN 'string' WHEN 'BOOLEAN' THEN 'boolean' WHEN 'NULL' THEN 'null' "
                "ELSE 'number' END", j=node.expressions[0])


def _timeofday(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
    now = _now(ctx)
    return duck("strftime(__n, '%a %b %d %H:%M:%S.%f %Y UTC')", n=now)


ANONYMOUS: dict[str, Callable[[exp.Anonymous, FixContext], exp.Expression]] = {
    "JSON_TYPEOF": _json_typeof,
    "TIMEOFDAY": _timeofday,
    "PG_LAST_COPY_COUNT": _session_var("rs_last_copy_count", "0"),
    "PG_LAST_COPY_ID": _session_var("rs_last_copy_id", "-1"),
    "PG_LAST_UNLOAD_COUNT": _session_var("rs_last_unload_count", "0"),
    "PG_LAST_UNLOAD_ID": _session_var("rs_last_unload_id", "-1"),
    "PG_LAST_QUERY_ID": _session_var("rs_last_query_id", "-1"),
    "PG_BACKEND_PID": _session_var("rs_pid", "0"),
    "TO_CHAR": _to_char,
    "TO_TIMESTAMP": _to_timestamp,
    "TO_DATE": _to_date,
    "IS_VALID_JSON": _rename("json_valid"),
    "IS_VALID_JSON_ARRAY": _is_valid_json_array,
    "JSON_EXTRACT_ARRAY_ELEMENT_TEXT": _json_array_elem,
    "JSON_SERIALIZE": _json_serialize,
    "JSON_ARRAY_LENGTH": _json_array_length,
    "FUNC_SHA1": _rename("sha1"),
    "SHA1": _rename("sha1"),
    "SHA2": _rename("sha256"),
    "OCTET_LENGTH": _octet_length,
    "REPLICATE": _rename("repeat"),
    "TEXTLEN": _rename("length"),
    "BTRIM": _rename("trim"),
    "CHR": _rename("chr"),
    "ASCII": _rename("ascii"),
    "LOG": _rename("log10"),
    "DLOG10": _rename("log10"),
    "DLOG1": _rename("ln"),
    "DEXP": _rename("exp"),
    "CBRT": _rename("cbrt"),
    "SIGN": _rename("sign"),
    "RANDOM": _rename("random"),
    "CHECKSUM": _rename("hash"),
    "DATE_CMP": lambda n, c: duck("CAST(sign(date_diff('day', CAST(__b AS DATE), CAST(__a AS DATE))) AS INTEGER)",
                                  a=n.expressions[0], b=n.expressions[1]),
    "INSTR": _rename("instr"),
    "STRPOS": _rename("strpos"),
    "QUOTE_IDENT": lambda n, c: duck("'\"' || replace(__s, '\"', '\"\"') || '\"'", s=n.expressions[0]),
    "QUOTE_LITERAL": lambda n, c: duck("'''' || replace(__s, '''', '''''') || ''''", s=n.expressions[0]),
}

#: functions DuckDB already spells like Redshift (after sqlglot's own mapping)
PASSTHROUGH = frozenset({
    "RATIO_TO_REPORT", "REGEXP_FULL_MATCH", "RTRIM", "LTRIM", "TRIM", "REPEAT", "JSON_VALID", "STRFTIME",
    "STRPTIME", "DATE_DIFF", "DATE_TRUNC", "ERROR", "GETVARIABLE", "LIST_REDUCE", "LIST_TRANSFORM",
    "STRING_SPLIT", "INSTR", "LEFT", "SUBSTR", "REGEXP_REPLACE", "LPAD", "DAYOFYEAR", "UNNEST", "JSON_TYPE", "COALESCE", "JSON_EXTRACT", "UPPER", "LOWER", "RPAD", "DAYOFWEEK", "HASH", "SHA256", "QUARTER", "JSON_EXTRACT_STRING", "CEILING", "DEGREES", "RADIANS", "PI", "COT", "ATAN2", "TRANSLATE", "INITCAP", "BIT_LENGTH",
})


def fix_anonymous(node: exp.Anonymous, ctx: FixContext) -> exp.Expression:
    fix = ANONYMOUS.get(node.name.upper())
    return fix(node, ctx) if fix is not None else node


FIXUPS: dict[type[exp.Expression], Callable[..., exp.Expression]] = {
    exp.Div: fix_div,
    exp.Mod: fix_mod,
    exp.Avg: fix_avg,
    exp.Concat: fix_concat,
    exp.Sum: fix_sum,
    exp.CurrentVersion: fix_version,
    exp.RegexpReplace: fix_regexp_replace,
    exp.SimilarTo: fix_similar_to,
    exp.Trunc: fix_trunc,
    exp.FromBase: fix_from_base,
    exp.WithinGroup: fix_within_group,
    exp.Window: fix_window,
    exp.TsOrDsDiff: fix_diff,
    exp.CurrentTimestamp: fix_current_timestamp,
    exp.CurrentDate: fix_current_date,
    exp.CurrentUser: fix_current_user,
    exp.SessionUser: fix_session_user,
    exp.CurrentDatabase: fix_current_database,
    exp.CurrentSchema: fix_current_schema,
    exp.Cast: fix_cast,
    exp.TryCast: fix_cast,
    exp.Anonymous: fix_anonymous,
    exp.Column: fix_column,
    exp.Bracket: fix_bracket,
    exp.Unnest: fix_unnest,
    exp.Placeholder: fix_placeholder,
    exp.Literal: fix_string_literal,
    exp.Length: fix_int_result,
    exp.Extract: fix_extract,
    exp.Median: fix_median,
    exp.StrPosition: fix_int_result,
}

#: sqlglot function classes user SQL may never reach DuckDB through
DENIED = (exp.ReadCSV, exp.ReadParquet, exp.Glob, exp.Attach, exp.Pragma, exp.Install, exp.ToFile)


def check_functions(tree: exp.Expression) -> None:
    """Refuse functions outside the allow-list before anything reaches DuckDB."""
    for node in tree.find_all(exp.Func):
        if isinstance(node, DENIED):
            raise UndefinedFunction(f"function {node.sql_name().lower()} does not exist")
        if isinstance(node, exp.Anonymous):
            name = node.name.upper()
            if name not in ANONYMOUS and name not in PASSTHROUGH:
                raise UndefinedFunction(f"function {node.name.lower()} does not exist")


def apply_fixups(tree: exp.Expression, ctx: FixContext) -> exp.Expression:
    """Run the fix-up table bottom-up over ``tree`` (in place where possible)."""

    for node in reversed(list(tree.dfs())):
        fix = FIXUPS.get(type(node))
        if fix is None:
            continue
        parent, key, index = node.parent, node.arg_key, node.index
        new = fix(node, ctx)
        if new is node:
            continue
        if parent is None:
            tree = new
        else:
            parent.set(key, new, index)
    return tree
