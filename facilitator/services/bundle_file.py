"""The bundle file itself: a zip holding one `bundle.json`, written whole and read with care.

A bundle comes from elsewhere, so nothing in it is trusted. It is read into memory and never
unpacked to disk; sizes are checked as declared and counted as read; member names that could
point outside a folder are refused; the JSON must be UTF-8, shallow, without repeated keys,
of a known format version and of the shape `resources/schemas/bundle-1.schema.json` gives.
Each refusal is one plain sentence (a BundleError).
"""

import io
import json
import re
import zipfile
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from facilitator.domain.bundle_records import (
    FORMAT_NAME,
    FORMAT_VERSION,
    LABELS,
    UUID_PATTERN,
    BundleError,
)
from facilitator.reports.files import write_atomically
from facilitator.resources import resource_path

MEMBER = "bundle.json"
SUFFIX = ".facilitator"
SCHEMA_FILE = ("schemas", f"bundle-{FORMAT_VERSION}.schema.json")
MAX_FILE_BYTES = 100 * 1024 * 1024  # the zip as it lies on disk
MAX_JSON_BYTES = 200 * 1024 * 1024  # bundle.json unpacked, counted as it is read
MAX_RATIO = 100  # unpacked size over packed size: real bundles stay far below
MAX_MEMBERS = 8
MAX_DEPTH = 16  # levels of nesting: a real bundle has six
_READ_CHUNK = 1024 * 1024
_UUID = re.compile(UUID_PATTERN)


def write_bundle(path: Path, document: dict[str, Any]) -> int:
    """Write `document` as a bundle at `path`, whole or not at all; return its size in bytes."""
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(MEMBER, data)
    content = buffer.getvalue()
    write_atomically(path, content, what="The bundle")
    return len(content)


def read_bundle(path: Path) -> dict[str, Any]:
    """Return the checked JSON document of the bundle at `path`, or raise BundleError."""
    name = f"“{path.name}”"
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BundleError(f"{name} is too large to be a bundle (more than 100 MB).")
        raw = path.read_bytes()
    except OSError as error:
        raise BundleError(f"{name} could not be read: {error.strerror or error}.") from None
    document = parse_document(_member(raw, name), name)
    check_version(document, name)
    check_shape(document)
    return document


def _member(raw: bytes, name: str) -> bytes:
    """Return the bytes of bundle.json from the zip in `raw`, refusing anything suspect."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            members = zf.infolist()
            if len(members) > MAX_MEMBERS:
                raise BundleError(f"{name} holds too many files to be a bundle.")
            for info in members:
                if _escapes(info.filename):
                    raise BundleError(
                        f"{name} is refused: it holds a file named “{info.filename}”, "
                        "which points outside the bundle."
                    )
            wanted = [info for info in members if info.filename == MEMBER]
            others = [info.filename for info in members if info.filename != MEMBER]
            if not wanted:
                raise BundleError(f"{name} is not a Facilitator bundle: it has no {MEMBER}.")
            if others:
                raise BundleError(f"{name} holds a file a bundle never has (“{others[0]}”).")
            return _read_capped(zf, wanted[0], name)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError):
        raise BundleError(f"{name} is not a Facilitator bundle, or it is damaged.") from None
    except RuntimeError:  # zipfile's word for an encrypted member
        raise BundleError(f"{name} is protected by a password; bundles never are.") from None


def _escapes(member: str) -> bool:
    """True for a member name that is absolute, climbs out, or names a drive or device."""
    parts = member.split("/")
    return (
        member.startswith("/")
        or "\\" in member
        or ":" in member
        or "\x00" in member
        or any(part == ".." for part in parts)
    )


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    bomb = BundleError(f"{name} is refused: it would unpack to far more than a bundle holds.")
    if info.flag_bits & 0x1:
        raise RuntimeError("encrypted")
    if info.file_size > MAX_JSON_BYTES:
        raise bomb
    if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > _READ_CHUNK:
        raise bomb
    limit = min(info.file_size, MAX_JSON_BYTES)
    parts, total = [], 0
    with zf.open(info) as stream:
        while chunk := stream.read(_READ_CHUNK):
            total += len(chunk)
            if total > limit:  # the sizes it declared were not the truth
                raise bomb
            parts.append(chunk)
    return b"".join(parts)


class _Repeated(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Repeated(key)
        result[key] = value
    return result


def _refuse_constant(constant: str) -> Any:
    raise ValueError(constant)


def parse_document(data: bytes, name: str) -> Any:
    """Parse bundle.json: UTF-8, no NaN or Infinity, no repeated keys, nesting kept shallow."""
    try:
        text = data.decode("utf-8")
        document = json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise BundleError(f"{name} is damaged: its {MEMBER} is not UTF-8 text.") from None
    except RecursionError:
        raise BundleError(f"{name} is refused: its data is nested far too deeply.") from None
    except _Repeated as repeated:
        if _UUID.match(repeated.key):
            raise BundleError(
                f"{name} is refused: it holds two records with the UUID {repeated.key}."
            ) from None
        raise BundleError(
            f"{name} is refused: one of its records gives “{repeated.key[:40]}” twice."
        ) from None
    except ValueError as error:  # JSONDecodeError, or NaN and Infinity refused above
        line = getattr(error, "lineno", None)
        at = (
            f" (line {line}, column {error.colno})"
            if isinstance(error, json.JSONDecodeError)
            else ""
        )
        raise BundleError(f"{name} is damaged: its {MEMBER} is not valid JSON{at}.") from None
    if _depth(document) > MAX_DEPTH:
        raise BundleError(f"{name} is refused: its data is nested far too deeply.")
    return document


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return deepest if isinstance(value, (dict, list)) else 0


def check_version(document: Any, name: str) -> None:
    """Refuse a document that is not a bundle, or is in a format this version cannot read."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise BundleError(f"{name} is not a Facilitator bundle.")
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise BundleError(
            f"{name} was made by a newer version of Facilitator (bundle format {version}): "
            "install the newer version to import it."
        )
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise BundleError(f"{name} is in a bundle format Facilitator does not know.")


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(resource_path(*SCHEMA_FILE).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a group of named fields",
    "null": "empty",
}


def check_shape(document: Any) -> None:
    """Check the document against the bundle's JSON Schema; say where and how it differs."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(document))
    if error is None:
        return
    raise BundleError(
        f"The bundle is not in the expected shape: {_place(list(error.absolute_path))} "
        f"{_reason(error)}."
    )


def _place(path: list[Any]) -> str:
    if len(path) >= 4 and path[0] == "records" and path[1] in LABELS:
        rest = "".join(f" › {part}" for part in path[4:])
        return f"in {LABELS[path[1]][0]} {str(path[2])[:8]}…, “{path[3]}{rest}”"
    if len(path) == 3 and path[0] == "records" and path[1] in LABELS:
        return f"{LABELS[path[1]][0]} {str(path[2])[:8]}…"
    if len(path) == 2 and path[0] == "records" and path[1] in LABELS:
        return f"the bundle's {LABELS[path[1]][1]}"
    if not path:
        return "the bundle"
    return "“" + " › ".join(str(part) for part in path) + "”"


def _reason(error: Any) -> str:
    validator, expected = error.validator, error.validator_value
    if "propertyNames" in error.schema_path:
        return "has a record whose key is not a UUID"
    if validator == "required":
        missing = re.search(r"'(.+?)' is a required property", error.message)
        return f"lacks “{missing.group(1) if missing else 'a field'}”"
    if validator == "additionalProperties":
        unexpected = re.search(r"\('(.+?)'", error.message)
        return f"has a field no bundle has (“{unexpected.group(1) if unexpected else '?'}”)"
    if validator == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        return "should be " + " or ".join(_TYPE_WORDS.get(kind, kind) for kind in kinds)
    if validator == "maxLength":
        return f"is too long (at most {expected:,} characters)"
    if validator == "minLength":
        return "cannot be empty"
    if validator in ("enum", "const"):
        return "is not one of the values allowed"
    if validator in ("minimum", "maximum"):
        return "is out of range"
    if validator in ("maxItems", "maxProperties"):
        return "has too many entries"
    if validator == "uniqueItems":
        return "lists the same thing twice"
    return "is not in the expected form"
