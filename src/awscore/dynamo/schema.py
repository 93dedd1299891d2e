"""Table and index definitions checked as CreateTable/UpdateTable check them.

Takes the declarations (key schema elements, attribute definitions, index
specs) as plain Python values and raises AWS's ValidationException texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import PARAM_INVALID, ValidationException
from .model import BillingMode, KeySchema, KeyType, Projection, ProjectionType, ScalarType, TableClass

__all__ = ["check_billing", "check_table_class", "IndexSpec", "build_key_schema", "build_projection", "check_definitions",
           "MAX_GSI", "MAX_LSI"]

MAX_GSI = 20
MAX_LSI = 5
#: partition-key and sort-key attributes one GSI may have, each (multi-attribute keys)
MAX_KEY_ATTRIBUTES = 4


@dataclass
class IndexSpec:
    """A secondary index as declared: name, key elements, projection, throughput."""

    name: str
    key_schema: list[tuple[str, str]]
    projection_type: str | None = "ALL"
    non_key_attributes: list[str] | None = None
    provisioned: tuple[int, int] | None = None
    max_on_demand: tuple[int | None, int | None] | None = None
    warm: tuple[int, int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def build_key_schema(elements: list[tuple[str, str]], definitions: dict[str, ScalarType],
                     index: str | None = None, multi: bool = False) -> KeySchema:
    """A :class:`KeySchema` from ``[(name, "HASH"), (name, "RANGE")]`` and the attribute types.

    ``multi`` (GSIs): AWS's multi-attribute keys, up to four HASH then up to four
    RANGE attributes.
    """
    if not elements:
        raise ValidationException(PARAM_INVALID + "KeySchema must not be empty")
    if multi and 2 < len(elements):
        return _multi_key_schema(elements, definitions)
    if len(elements) > 2:
        if index is None:  # the request framework's check, with AWS's rendering of the list
            shown = ", ".join(f"KeySchemaElement(attributeName={n}, keyType={t})" for n, t in elements)
            raise ValidationException(
                f"1 validation error detected: Value '[{shown}]' at 'keySchema' failed to satisfy constraint: "
                "Member must have length less than or equal to 2"
            )
        raise ValidationException("Too many key schema elements")
    if KeyType(elements[0][1]) is not KeyType.HASH:
        raise ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    if len(elements) == 2:
        if KeyType(elements[1][1]) is not KeyType.RANGE:
            raise ValidationException("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
        if elements[0][0] == elements[1][0]:  # AWS words this as a missing definition
            raise ValidationException("Invalid KeySchema: Some index key attribute have no definition")
    missing = [name for name, _ in elements if name not in definitions]
    if missing:  # for an index too (Alternator's AWS-run test_gsi_missing_attribute_definition)
        raise ValidationException(
            PARAM_INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
            f"Keys: [{', '.join(n for n, _ in elements)}], AttributeDefinitions: [{', '.join(definitions)}]"
        )
    h = elements[0][0]
    r = elements[1][0] if len(elements) == 2 else None
    return KeySchema(h, definitions[h], r, definitions[r] if r is not None else None)


def _multi_key_schema(elements: list[tuple[str, str]], definitions: dict[str, ScalarType]) -> KeySchema:
    kinds = [KeyType(t) for _, t in elements]
    if kinds[0] is not KeyType.HASH:
        raise ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    hashes = next((i for i, k in enumerate(kinds) if k is not KeyType.HASH), len(kinds))
    if any(k is not KeyType.RANGE for k in kinds[hashes:]):
        raise ValidationException("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
    if hashes > MAX_KEY_ATTRIBUTES or len(kinds) - hashes > MAX_KEY_ATTRIBUTES:
        raise ValidationException("Too many key schema elements")
    names = [n for n, _ in elements]
    if len(set(names)) != len(names) or any(n not in definitions for n in names):
        raise ValidationException("Invalid KeySchema: Some index key attribute have no definition")
    h = names[0]
    hash_extra = tuple((n, definitions[n]) for n in names[1:hashes])
    ranges = names[hashes:]
    if not ranges:
        return KeySchema(h, definitions[h], hash_extra=hash_extra)
    range_extra = tuple((n, definitions[n]) for n in ranges[1:])
    return KeySchema(h, definitions[h], ranges[0], definitions[ranges[0]], range_extra, hash_extra)


def build_projection(spec: IndexSpec) -> Projection:
    """Check an index's projection declaration."""
    if spec.projection_type is None:
        raise ValidationException(PARAM_INVALID + "Unknown ProjectionType: null")
    ptype = ProjectionType(spec.projection_type)
    nka = spec.non_key_attributes
    if nka is not None and ptype is not ProjectionType.INCLUDE:
        raise ValidationException(PARAM_INVALID + f"ProjectionType is {ptype}, but NonKeyAttributes is specified")
    if ptype is ProjectionType.INCLUDE and not nka:
        raise ValidationException(PARAM_INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
    seen: set[str] = set()
    for attr in nka or ():
        if attr in seen:
            raise ValidationException(PARAM_INVALID + f"Duplicate element in NonKeyAttributes: {attr}")
        seen.add(attr)
    return Projection(ptype, tuple(nka or ()))


def check_definitions(definitions: list[tuple[str, str]]) -> dict[str, ScalarType]:
    """Attribute definitions as a name -> type map (duplicates refused)."""
    out: dict[str, ScalarType] = {}
    for name, typ in definitions:
        if name in out:
            raise ValidationException(f"Attribute Name is duplicated: {name}")
        out[name] = ScalarType(typ)
    return out


def check_unused(definitions: dict[str, ScalarType], used: set[str], with_indexes: bool) -> None:
    """Every attribute definition must be a key of the table or an index."""
    if set(definitions) <= used:
        return
    if not with_indexes:
        raise ValidationException(
            PARAM_INVALID + "Number of attributes in KeySchema does not exactly match number of "
            "attributes defined in AttributeDefinitions"
        )
    raise ValidationException(
        PARAM_INVALID + f"Some AttributeDefinitions are not used. AttributeDefinitions: "
        f"[{', '.join(sorted(definitions))}], keys used: [{', '.join(sorted(used))}]"
    )


TABLE_CLASS_ERROR = (
    "Invalid table-class parameter provided. Please try again with a valid table-class value: "
    "[STANDARD, STANDARD_INFREQUENT_ACCESS]."
)


def check_table_class(value: str | None) -> TableClass | None:
    """A TableClass parameter, or AWS's own ValidationException text for a bad one."""
    if value is None:
        return None
    try:
        return TableClass(value)
    except ValueError:
        raise ValidationException(TABLE_CLASS_ERROR) from None


def check_billing(mode: str | None, provisioned: tuple[int, int] | None) -> BillingMode:
    """The billing mode (PROVISIONED by default) and its throughput rules."""
    billing = BillingMode(mode) if mode is not None else BillingMode.PROVISIONED
    if billing is BillingMode.PROVISIONED and provisioned is None:
        raise ValidationException(
            PARAM_INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when "
            "BillingMode is PROVISIONED"
        )
    if billing is BillingMode.PAY_PER_REQUEST and provisioned is not None:
        raise ValidationException(
            PARAM_INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when "
            "BillingMode is PAY_PER_REQUEST"
        )
    return billing
