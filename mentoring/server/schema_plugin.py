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

import dataclasses
from typing import Any, Literal, Protocol

import msgspec
from litestar.openapi.spec import Example, Reference, Schema
from litestar.params import ParameterKwarg
from litestar.plugins import OpenAPISchemaPlugin
from litestar.types import Empty
from litestar.typing import FieldDefinition


class SchemaCreator(Protocol):
    """What the plugin uses of the schema creator Litestar hands it (its class is private)."""

    def create_component_schema(
        self,
        type_: FieldDefinition,
        /,
        required: list[str],
        property_fields: dict[str, FieldDefinition],
        openapi_type: Any = ...,
        title: str | None = None,
        examples: list[Any] | None = None,
    ) -> Schema: ...


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


_PARAMETER_DEFAULTS = {
    f.name: f.default for f in dataclasses.fields(ParameterKwarg) if f.default is not dataclasses.MISSING
}


def _kwarg_definition(field: msgspec.inspect.Field) -> ParameterKwarg | None:
    """What a field's ``Meta`` says (title, description, examples, constraints), as Litestar reads it."""
    kwargs: dict[str, Any] = {}
    field_type = field.type
    if isinstance(field_type, msgspec.inspect.UnionType):  # Optional[X]: look at X
        arms = [t for t in field_type.types if not isinstance(t, msgspec.inspect.NoneType)]
        field_type = arms[0] if len(arms) == 1 else field_type
    if isinstance(field_type, msgspec.inspect.Metadata):
        if extra := field_type.extra_json_schema:
            kwargs["title"] = extra.get("title")
            kwargs["description"] = extra.get("description")
            if examples := extra.get("examples"):
                kwargs["examples"] = [Example(value=e) for e in examples]
            kwargs["schema_extra"] = extra.get("extra")
        field_type = field_type.type
    if isinstance(field_type, msgspec.inspect.IntType | msgspec.inspect.FloatType):
        kwargs.update(
            gt=field_type.gt,
            ge=field_type.ge,
            lt=field_type.lt,
            le=field_type.le,
            multiple_of=field_type.multiple_of,
        )
    elif isinstance(field_type, msgspec.inspect.StrType):
        kwargs.update(
            min_length=field_type.min_length, max_length=field_type.max_length, pattern=field_type.pattern
        )
    elif isinstance(field_type, msgspec.inspect.BytesType | msgspec.inspect.ByteArrayType):
        kwargs.update(min_length=field_type.min_length, max_length=field_type.max_length)
    elif isinstance(
        field_type,
        msgspec.inspect.ListType
        | msgspec.inspect.SetType
        | msgspec.inspect.FrozenSetType
        | msgspec.inspect.VarTupleType,
    ):
        kwargs.update(min_items=field_type.min_length, max_items=field_type.max_length)
    kwargs = {k: v for k, v in kwargs.items() if v != _PARAMETER_DEFAULTS[k]}
    return ParameterKwarg(**kwargs) if kwargs else None


class StrictStructSchemaPlugin(OpenAPISchemaPlugin):
    """Struct schemas completed with what msgspec enforces (see the module docstring).

    Built on Litestar's public plugin API only: the properties are described the way Litestar's
    own Struct plugin describes them, then closed and completed from msgspec's JSON schema.
    """

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        """Every Struct (not a union of Structs: Litestar turns those into ``oneOf``)."""
        return not field_definition.is_union and field_definition.is_subclass_of(msgspec.Struct)

    def _stock_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        hints = field_definition.get_type_hints(include_extras=True, resolve_generics=True)
        info = msgspec.inspect.type_info(field_definition.type_)
        assert isinstance(info, msgspec.inspect.StructType)
        properties: dict[str, FieldDefinition] = {}
        for field in info.fields:
            kwargs: dict[str, Any] = {}
            if (kwarg_definition := _kwarg_definition(field)) is not None:
                kwargs["kwarg_definition"] = kwarg_definition
            properties[field.encode_name] = FieldDefinition.from_annotation(
                annotation=hints[field.name],
                name=field.encode_name,
                default=field.default if field.default not in {msgspec.NODEFAULT, msgspec.UNSET} else Empty,
                **kwargs,
            )
        required = [field.encode_name for field in info.fields if field.required]
        if info.tag_field:  # a tagged union member: its tag is a constant, and required
            properties[info.tag_field] = FieldDefinition.from_annotation(Literal[info.tag])
            required.append(info.tag_field)
        return schema_creator.create_component_schema(
            field_definition, required=sorted(required), property_fields=properties
        )

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        """The stock schema, closed when unknown fields are refused and with every constraint."""
        schema = self._stock_schema(field_definition, schema_creator)
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
