"""DynamoDB's expression language: one lexer, one parser, resolution and a pure evaluator.

Stages: :mod:`.lexer` (tokens with positions) -> :mod:`.parser` (recursive
descent, cached by text, immutable :mod:`.ast` whose ``str()`` re-parses to
the same tree) -> :func:`compile_expressions` (placeholders resolved, unused
ones and semantic errors reported with AWS's texts) -> pure evaluation
(:func:`evaluate`, :func:`apply_update`, :func:`project`,
:func:`key_condition_bounds`). Legacy parameters translate onto the same AST
in :mod:`.legacy`.

>>> from decimal import Decimal
>>> c = compile_expressions(condition="attribute_not_exists(pk) OR #n < :v",
...                         names={"#n": "n"}, values={":v": {"N": "10"}})
>>> evaluate(c.condition, {"pk": "a", "n": Decimal(3)})
True
"""

from .ast import (
    And,
    Arith,
    Between,
    Call,
    Compare,
    CompareOp,
    Func,
    In,
    Literal,
    NameRef,
    Not,
    Or,
    Path,
    Projection,
    SetAction,
    Update,
    UpdateAction,
    ValueRef,
    render_path,
)
from .compile import Compiled, compile_expressions
from .evaluate import MISSING, evaluate, lookup
from .keycond import KeyBounds, SortCondition, SortOp, key_condition_bounds
from .parser import (
    ExpressionKind,
    parse_cache_clear,
    parse_cache_info,
    parse_condition,
    parse_filter,
    parse_key_condition,
    parse_projection,
    parse_update,
)
from .project import project, updated_values
from .reserved import RESERVED_WORDS, is_reserved
from .update import apply_update, check_key_not_updated

__all__ = [
    "And",
    "Arith",
    "Between",
    "Call",
    "Compare",
    "CompareOp",
    "Compiled",
    "ExpressionKind",
    "Func",
    "In",
    "KeyBounds",
    "Literal",
    "MISSING",
    "NameRef",
    "Not",
    "Or",
    "Path",
    "Projection",
    "RESERVED_WORDS",
    "SetAction",
    "SortCondition",
    "SortOp",
    "Update",
    "UpdateAction",
    "ValueRef",
    "apply_update",
    "check_key_not_updated",
    "compile_expressions",
    "evaluate",
    "is_reserved",
    "key_condition_bounds",
    "lookup",
    "parse_cache_clear",
    "parse_cache_info",
    "parse_condition",
    "parse_filter",
    "parse_key_condition",
    "parse_projection",
    "parse_update",
    "project",
    "render_path",
    "updated_values",
]
