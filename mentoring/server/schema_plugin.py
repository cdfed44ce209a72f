"""Struct schemas that say everything msgspec enforces, in a regex dialect every validator reads alike.

Litestar's stock Struct plugin leaves out three things the server does enforce:

* ``additionalProperties: false`` for Structs with ``forbid_unknown_fields`` (our inputs);
* constraints inside containers: the ``Meta`` of ``list[Annotated[str, Meta(max_length=3)]]``
  items, or of a dict's values, is dropped;
* the meaning of ``\\s`` and ``\\S``: Python counts ``\\x1c``-``\\x1f`` and ``\\x85`` as white
  space and ``\\ufeff`` not, ECMAScript (the dialect of JSON Schema) the other way round.

The plugin fills them in from msgspec's own JSON schema of the Struct, and spells white space
out as the explicit set Python uses, so the document describes exactly what the server accepts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec
from litestar._openapi.schema_generation.plugins import StructSchemaPlugin
from litestar.openapi.spec import Schema

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Reference
    from litestar.typing import FieldDefinition

# What Python's ``re`` calls white space in a str pattern, as an ECMAScript/Python-neutral class body.
PYTHON_WHITESPACE = (
    "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
)

_CONSTRAINTS = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "multipleOf": "multiple_of",
    "minItems": "min_items",
    "maxItems": "max_items",
    "minProperties": "min_properties",
    "maxProperties": "max_properties",
}


def portable_pattern(pattern: str) -> str:
    """Rewrite ``\\s`` and ``\\S`` as explicit classes, so ECMAScript matches what Python matches.

    ``\\S`` inside a character class has no explicit equivalent and is left alone.

    >>> portable_pattern(r"^[^@\\s]+$") == "^[^@" + PYTHON_WHITESPACE + "]+$"
    True
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            if escaped == "s":
                out.append(PYTHON_WHITESPACE if in_class else f"[{PYTHON_WHITESPACE}]")
            elif escaped == "S" and not in_class:
                out.append(f"[^{PYTHON_WHITESPACE}]")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


def _same_type(schema: Schema, source: dict[str, Any]) -> bool:
    kind = getattr(schema.type, "value", schema.type)
    return kind is not None and str(kind) == str(source.get("type"))


def complete_schema(schema: Schema | Reference | None, source: Any) -> None:
    """Copy the constraints msgspec knows (``source``) into Litestar's schema where they are missing."""
    if not isinstance(schema, Schema) or not isinstance(source, dict) or "$ref" in source:
        return
    for key, attribute in _CONSTRAINTS.items():
        if key in source and getattr(schema, attribute) is None:
            setattr(schema, attribute, source[key])
    if schema.pattern is not None:
        schema.pattern = portable_pattern(schema.pattern)
    complete_schema(schema.items if isinstance(schema.items, Schema) else None, source.get("items"))
    if isinstance(schema.additional_properties, Schema):
        complete_schema(schema.additional_properties, source.get("additionalProperties"))
    if schema.property_names is None and isinstance(source.get("propertyNames"), dict):
        names = source["propertyNames"]
        schema.property_names = Schema(
            min_length=names.get("minLength"),
            max_length=names.get("maxLength"),
            pattern=portable_pattern(names["pattern"]) if "pattern" in names else None,
        )
    alternatives = [*(schema.one_of or []), *(schema.any_of or [])]
    # msgspec writes an optional field as anyOf [..., null]; an UNSET-able one as the bare type.
    candidates = [s for s in source.get("anyOf", [source]) if isinstance(s, dict)]
    for alternative in alternatives:
        if isinstance(alternative, Schema):
            match = next((c for c in candidates if _same_type(alternative, c)), None)
            complete_schema(alternative, match)


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """Litestar's Struct schemas, completed with what msgspec enforces (see the module docstring)."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        """The stock schema, closed when unknown fields are refused and with every constraint."""
        schema = super().to_openapi_schema(field_definition, schema_creator)
        struct = field_definition.type_
        try:
            document = msgspec.json.schema(struct)
        except (TypeError, ValueError):  # a type msgspec cannot describe: keep Litestar's schema
            return schema
        name = document.get("$ref", "").rsplit("/", 1)[-1]
        source = document.get("$defs", {}).get(name, document)
        if source.get("additionalProperties") is False:
            schema.additional_properties = False
        properties = source.get("properties", {})
        for key, prop in (schema.properties or {}).items():
            complete_schema(prop, properties.get(key))
        return schema
