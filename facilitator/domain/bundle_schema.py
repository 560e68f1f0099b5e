"""The JSON Schema of exchange bundles, generated from the fields in `bundle_records.KINDS`.

The shipped copy is `resources/schemas/bundle-1.schema.json`; a test keeps it equal to
`json_schema()`. To regenerate it, save the output of
`uv run python -m facilitator.domain.bundle_schema` as that file.
"""

from typing import Any

from facilitator.domain.bundle_records import (
    BOOL,
    CHOICE,
    CODES,
    DATE,
    DATE_PATTERN,
    FORMAT_NAME,
    FORMAT_VERSION,
    INT,
    INTS,
    KINDS,
    MAX_LIST,
    MAX_RECORDS,
    MOMENT,
    MOMENT_PATTERN,
    NUMBER,
    OPTIONAL_KINDS,
    REF,
    REFS,
    TEXT,
    TEXTS,
    TIME,
    TIME_PATTERN,
    UUID_PATTERN,
    Field,
)
from facilitator.domain.enums import SubjectKind, SubjectRole
from facilitator.domain.fields import SHORT_TEXT

_UUID_SCHEMA = {"type": "string", "pattern": UUID_PATTERN}


def _nullable(schema: dict[str, Any], field: Field) -> dict[str, Any]:
    # "type": [..., "null"] rather than anyOf: validating thousands of captures stays quick.
    if not field.nullable:
        return schema
    if "enum" in schema:
        return {"enum": [*schema["enum"], None]}
    return {**schema, "type": [schema["type"], "null"]}


def _field_schema(field: Field) -> dict[str, Any]:
    schema: dict[str, Any]
    if field.type == TEXT:
        schema = {"type": "string", "maxLength": field.limit}
        if field.required:
            schema["minLength"] = 1
        if field.pattern:
            schema["pattern"] = field.pattern
    elif field.type == CHOICE:
        schema = {"enum": list(field.choices)}
    elif field.type in (DATE, TIME, MOMENT):
        pattern = {DATE: DATE_PATTERN, TIME: TIME_PATTERN, MOMENT: MOMENT_PATTERN}[field.type]
        schema = {"type": "string", "pattern": pattern}
    elif field.type == BOOL:
        schema = {"type": "boolean"}
    elif field.type == INT:
        schema = {
            "type": "integer",
            "minimum": int(field.low or 0),
            "maximum": int(field.high or 0),
        }
    elif field.type == NUMBER:
        schema = {"type": "number", "minimum": field.low, "maximum": field.high}
    elif field.type == REF:
        schema = dict(_UUID_SCHEMA)
    elif field.type == REFS:
        schema = {"type": "array", "items": _UUID_SCHEMA, "uniqueItems": True, "maxItems": MAX_LIST}
    elif field.type == TEXTS:
        item = {"type": "string", "maxLength": field.limit}
        schema = {"type": "array", "items": item, "maxItems": MAX_LIST}
    elif field.type == INTS:
        item = {"type": "integer", "minimum": int(field.low or 0), "maximum": int(field.high or 0)}
        schema = {"type": "array", "items": item, "maxItems": MAX_LIST}
    elif field.type == CODES:
        item = _object(code=_UUID_SCHEMA, qualifier={"type": ["string", "null"], "maxLength": 100})
        schema = {"type": "array", "items": item, "maxItems": MAX_LIST}
    else:  # SUBJECTS
        item = _object(
            kind={"enum": [member.value for member in SubjectKind]},
            ref={**_UUID_SCHEMA, "type": ["string", "null"]},
            role={"enum": [member.value for member in SubjectRole]},
        )
        schema = {"type": "array", "items": item, "maxItems": MAX_LIST}
    return _nullable(schema, field)


def _object(optional: frozenset[str] = frozenset(), **properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of format version 1, as shipped in resources/schemas.

    Every record's schema is written out in place (no "$ref"), which validates a bundle of
    thousands of captures several times faster. Fields and kinds added to format 1 later are
    not required, so that older bundles stay valid.
    """
    collections = {
        kind: {
            "type": "object",
            "propertyNames": _UUID_SCHEMA,
            "additionalProperties": _object(
                frozenset(f.name for f in fields if f.optional),
                **{f.name: _field_schema(f) for f in fields},
            ),
            "maxProperties": MAX_RECORDS,
        }
        for kind, fields in KINDS.items()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:facilitator:bundle:1",
        "title": "Facilitator exchange bundle, format version 1",
        "description": "bundle.json inside a .facilitator file: see docs/bundle-format.md.",
        **_object(
            format={"const": FORMAT_NAME},
            version={"const": FORMAT_VERSION},
            app_version={"type": "string", "maxLength": 40},
            created_at={"type": "string", "pattern": MOMENT_PATTERN},
            contents=_object(
                kind={"enum": ["session", "programme"]},
                uuid=_UUID_SCHEMA,
                title={"type": "string", "maxLength": SHORT_TEXT},
            ),
            records=_object(OPTIONAL_KINDS, **collections),
        ),
    }


if __name__ == "__main__":  # regenerate the shipped schema (see the docstring)
    import json

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
