"""The records of an exchange bundle: every field, its JSON form and its rules.

One table (`KINDS`) drives the JSON Schema shipped as `resources/schemas/bundle-1.schema.json`
(see `bundle_schema.py`), the checks made on import and the conversion between rows and
records, so the three cannot drift apart.

A record is a JSON object keyed by its UUID in its kind's collection. References are UUIDs;
dates are "2026-11-23", clock times "09:30:00", moments ISO 8601 in UTC ending in "Z".

Fields and kinds added to format 1 after its first release are optional, so that bundles
written before them still import: an absent field takes its default, an absent kind is empty.
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from facilitator.domain.enums import (
    CaptureKind,
    CodeKind,
    ConflictStatus,
    Sector,
    SessionKind,
    SessionStatus,
    SubjectKind,
)
from facilitator.domain.errors import FacilitatorError
from facilitator.domain.fields import LONG_TEXT, MAX_PRINCIPLES, SHORT_TEXT
from facilitator.domain.narrative_sections import NARRATIVE_TEXT
from facilitator.domain.timezones import zone

FORMAT_NAME = "facilitator-bundle"
FORMAT_VERSION = 1
UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TIME_PATTERN = r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"
MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
MAX_RECORDS = 200_000  # of one kind: a programme of years of captures has far fewer
MAX_LIST = 1_000  # attendees, codes on a capture, choices of a code
# Unicode's control characters (category Cc); long text may keep line breaks and tabs.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

TEXT, CHOICE, DATE, TIME, MOMENT, BOOL, INT, NUMBER = (
    "text",
    "choice",
    "date",
    "time",
    "moment",
    "bool",
    "int",
    "number",
)
REF, REFS, TEXTS, INTS, CODES, SUBJECTS = "ref", "refs", "texts", "ints", "codes", "subjects"


class BundleError(FacilitatorError):
    """A bundle that cannot be imported; the message says why in one sentence."""


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record: its JSON name and type, and the rules its value keeps."""

    name: str
    type: str
    limit: int = 0  # TEXT and TEXTS: characters
    nullable: bool = False
    required: bool = False  # TEXT: must not be empty
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    target: str = ""  # REF and REFS: the kind referred to
    pattern: str = ""  # TEXT: a regular expression the value must match
    optional: bool = False  # added to format 1 later: an older bundle lacks it
    default: Any = None  # the value of an optional field a bundle lacks

    @property
    def column(self) -> str:
        """The attribute of the row that holds this field."""
        return f"{self.name}_id" if self.type == REF else self.name


def _text(name: str, limit: int, **rules: Any) -> Field:
    return Field(name, TEXT, limit=limit, **rules)


def _choice(name: str, enum: type, **rules: Any) -> Field:
    return Field(name, CHOICE, choices=tuple(member.value for member in enum), **rules)


def _ref(name: str, target: str, *, nullable: bool = False) -> Field:
    return Field(name, REF, target=target, nullable=nullable)


def _int(name: str, low: int, high: int, *, nullable: bool = False) -> Field:
    return Field(name, INT, low=low, high=high, nullable=nullable)


def _number(name: str, *, nullable: bool = False) -> Field:
    return Field(name, NUMBER, low=-1e9, high=1e9, nullable=nullable)


def _in_room() -> Field:
    return Field("in_room", BOOL, optional=True, default=False)


def _moment(name: str, *, nullable: bool = False) -> Field:
    return Field(name, MOMENT, nullable=nullable)


SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PRINCIPLES_TEXT = MAX_PRINCIPLES * (SHORT_TEXT + 1)  # one principle a line

# Kinds in the order they are written: every record comes after those it refers to.
KINDS: dict[str, tuple[Field, ...]] = {
    "programmes": (
        _text("title", SHORT_TEXT, required=True),
        _text("client_system", SHORT_TEXT),
        Field("start_date", DATE, nullable=True),
        Field("end_date", DATE, nullable=True),
        _text("notes", LONG_TEXT),
        _text("facilitators", 400),
        _int("cohort_cap", 0, 100_000),
        Field("is_sample", BOOL),
        _text("working_principles", PRINCIPLES_TEXT, optional=True, default=""),
    ),
    "organisations": (
        _ref("programme", "programmes"),
        _text("name", SHORT_TEXT, required=True),
        _choice("sector", Sector),
    ),
    "participants": (
        _ref("programme", "programmes"),
        _ref("organisation", "organisations", nullable=True),
        _text("name", SHORT_TEXT, required=True),
        _text("role", SHORT_TEXT),
        _text("pseudonym", 100),
        _text("contact", SHORT_TEXT),
        _text("goals", LONG_TEXT),
        _text("notes", LONG_TEXT),
    ),
    "modules": (
        _ref("programme", "programmes"),
        _int("position", -100_000, 100_000),
        _text("title", SHORT_TEXT, required=True),
        Field("themes", TEXTS, limit=SHORT_TEXT),
        _int("days", 0, 1_000, nullable=True),
    ),
    "coding_schemes": (
        _text("slug", 64, required=True, pattern=SLUG),
        _text("name", SHORT_TEXT, required=True),
        _text("description", LONG_TEXT),
        _text("source", LONG_TEXT),
        Field("builtin", BOOL),
    ),
    "codes": (
        _ref("scheme", "coding_schemes"),
        _int("position", -100_000, 100_000),
        _text("slug", 64, required=True, pattern=SLUG),
        _text("label", SHORT_TEXT, required=True),
        _text("description", LONG_TEXT),
        _text("colour", 7, required=True, pattern="^#[0-9A-Fa-f]{6}$"),
        _text("key", 1, required=True),
        _choice("kind", CodeKind),
        _text("qualifier_name", 100, nullable=True),
        Field("qualifier_choices", TEXTS, limit=100),
        _text("exclusive_group", 64, nullable=True),
    ),
    "sessions": (
        _ref("programme", "programmes"),
        _ref("module", "modules", nullable=True),
        _text("title", SHORT_TEXT, required=True),
        Field("date", DATE, nullable=True),
        Field("start_time", TIME, nullable=True),
        Field("end_time", TIME, nullable=True),
        _text("venue", SHORT_TEXT),
        _text("timezone", 64, required=True),
        _choice("kind", SessionKind),
        _choice("status", SessionStatus),
        _moment("live_started_at", nullable=True),
        _moment("paused_at", nullable=True),
        _number("paused_seconds"),
        _moment("finished_at", nullable=True),
        _int("last_capture_number", 0, 1_000_000_000),
        Field("attendees", REFS, target="participants"),
        Field("schemes", REFS, target="coding_schemes"),
    ),
    "agenda_items": (
        _ref("session", "sessions"),
        _int("position", -100_000, 100_000),
        _text("title", SHORT_TEXT, required=True),
        _text("method", SHORT_TEXT),
        _int("planned_minutes", 0, 1_440),
        _text("purpose", LONG_TEXT),
        _text("facilitator_notes", LONG_TEXT),
        _text("materials", LONG_TEXT),
        Field("is_break", BOOL),
        _int("extra_minutes", -1_440, 100_000),
        Field("pinned_time", TIME, nullable=True),
        _moment("actual_start", nullable=True),
        _moment("actual_end", nullable=True),
    ),
    "conflicts": (
        _ref("programme", "programmes"),
        _ref("session", "sessions", nullable=True),
        _text("title", SHORT_TEXT, required=True),
        _choice("status", ConflictStatus),
        _moment("opened_at"),
        _in_room(),
    ),
    "conflict_events": (
        _ref("conflict", "conflicts"),
        _ref("session", "sessions", nullable=True),
        _choice("status", ConflictStatus),
        _moment("at"),
        _text("note", LONG_TEXT),
    ),
    "captures": (
        _ref("session", "sessions"),
        _moment("occurred_at"),
        _number("offset_seconds"),
        _number("duration_seconds", nullable=True),
        _ref("agenda_item", "agenda_items", nullable=True),
        _text("note", LONG_TEXT),
        _text("author", 100),
        _choice("kind", CaptureKind),
        _ref("conflict", "conflicts", nullable=True),
        _int("number", 1, 1_000_000_000, nullable=True),
        Field("key_moment", BOOL),
        Field("quote", BOOL),
        Field("codes", CODES),
        Field("subjects", SUBJECTS),
    ),
    "actions": (
        _ref("session", "sessions"),
        _text("text", LONG_TEXT, required=True),
        _text("owner", SHORT_TEXT),
        Field("due", DATE, nullable=True),
        Field("done", BOOL),
        Field("is_agreement", BOOL),
        _moment("created_at"),
    ),
    "parking_items": (
        _ref("session", "sessions"),
        _text("text", LONG_TEXT, required=True),
        Field("addressed", BOOL),
        _moment("created_at"),
        _in_room(),
    ),
    "narrative_sections": (
        _ref("session", "sessions"),
        _text("section", 40, required=True),
        _text("text", NARRATIVE_TEXT),
        _moment("updated_at", nullable=True),
    ),
    "cue_events": (
        _ref("session", "sessions"),
        _text("rule_id", 64, required=True),
        _text("title", SHORT_TEXT),
        _text("wording", LONG_TEXT),
        _text("move", LONG_TEXT),
        _number("offset_seconds"),
        _moment("fired_at"),
        Field("evidence", INTS, low=1, high=1_000_000_000),  # capture numbers
    ),
}
# Kinds added to format 1 later: an older bundle lacks their collections.
OPTIONAL_KINDS = frozenset({"cue_events"})

# What the summary calls one record of each kind, and many.
LABELS: dict[str, tuple[str, str]] = {
    "programmes": ("programme", "programmes"),
    "organisations": ("organisation", "organisations"),
    "participants": ("participant", "participants"),
    "modules": ("module", "modules"),
    "coding_schemes": ("coding scheme", "coding schemes"),
    "codes": ("code", "codes"),
    "sessions": ("session", "sessions"),
    "agenda_items": ("agenda item", "agenda items"),
    "conflicts": ("conflict", "conflicts"),
    "conflict_events": ("conflict step", "conflict steps"),
    "captures": ("capture", "captures"),
    "actions": ("action or agreement", "actions and agreements"),
    "parking_items": ("parked item", "parked items"),
    "narrative_sections": ("narrative section", "narrative sections"),
    "cue_events": ("pattern cue", "pattern cues"),
}


# JSON forms of values ----------------------------------------------------------------------


def moment_text(value: datetime) -> str:
    """Return a moment as ISO 8601 in UTC, ending in "Z"."""
    # Always to the microsecond, so that moments sort as text too.
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def encode(field: Field, value: Any) -> Any:
    """Return a row's value as its record holds it (references are resolved by the caller)."""
    if value is None:
        return None
    if field.type in (DATE, TIME):
        return value.isoformat()
    if field.type == MOMENT:
        return moment_text(value)
    if field.type == CHOICE:
        return str(value.value if hasattr(value, "value") else value)
    if field.type == NUMBER:
        return float(value)
    if field.type == TEXTS:
        return list(value or ())
    if field.type == INTS:
        return [int(n) for n in value or ()]
    return value


def decode(field: Field, value: Any) -> Any:
    """Return a record's (checked) value as the row keeps it."""
    if value is None:
        return None
    if field.type == DATE:
        return date.fromisoformat(value)
    if field.type == TIME:
        return time.fromisoformat(value)
    if field.type == MOMENT:
        return datetime.fromisoformat(value).astimezone(UTC)
    if field.type in (TEXTS, INTS):
        return list(value)
    return value


# Checks beyond the schema ------------------------------------------------------------------


def one(kind: str) -> str:
    """Return “a capture”, “an agenda item”: one record of `kind`, for a message."""
    label = LABELS[kind][0]
    return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"


def where(kind: str, key: str, field: str = "") -> str:
    """Name a record (and field) for a message: “capture 1b2c3d4e… (note)”."""
    label = f"{LABELS[kind][0]} {key[:8]}…"
    return f"{label} ({field})" if field else label


def checked_text(value: str, *, limit: int, multiline: bool, place: str) -> str:
    """Return text in Unicode NFC, refusing control characters and oversized text."""
    text = unicodedata.normalize("NFC", value)
    if len(text) > limit:
        raise BundleError(f"The text of {place} is longer than {limit:,} characters.")
    if (_CONTROL_MULTILINE if multiline else _CONTROL).search(text):
        raise BundleError(f"The text of {place} contains a control character.")
    return text


def check_record(kind: str, key: str, record: dict[str, Any]) -> dict[str, Any]:
    """Return a record (already of the schema's shape) with every value checked and in its
    canonical form; raise BundleError naming the record and field otherwise."""
    out: dict[str, Any] = {}
    for field in KINDS[kind]:
        value = record.get(field.name, field.default) if field.optional else record[field.name]
        place = where(kind, key, field.name)
        out[field.name] = _checked_value(field, value, place) if value is not None else None
    if kind == "codes" and out["exclusive_group"] is not None and out["kind"] != "state":
        raise BundleError(f"The bundle's {where(kind, key)} is in a group but is not a state.")
    if kind == "sessions":
        try:
            zone(out["timezone"])
        except FacilitatorError:
            raise BundleError(
                f"The bundle's {where(kind, key)} is in a time zone this computer does not know."
            ) from None
    if kind == "captures" and len({c["code"] for c in out["codes"]}) < len(out["codes"]):
        raise BundleError(f"The bundle's {where(kind, key)} lists the same code twice.")
    if kind == "programmes":
        lines = [line for line in out["working_principles"].splitlines() if line.strip()]
        if len(lines) > MAX_PRINCIPLES or any(len(line) > SHORT_TEXT for line in lines):
            raise BundleError(
                f"The bundle's {where(kind, key)} has more principles, or longer ones, "
                "than the room view can show."
            )
    return out


def _checked_value(field: Field, value: Any, place: str) -> Any:
    if field.type == TEXT:
        text = checked_text(
            value, limit=field.limit, multiline=field.limit > SHORT_TEXT, place=place
        )
        if field.pattern and not re.match(field.pattern, text):
            raise BundleError(f"The value of {place} is not in the expected form.")
        return text
    if field.type == TEXTS:
        return [checked_text(v, limit=field.limit, multiline=False, place=place) for v in value]
    if field.type in (DATE, TIME, MOMENT):
        try:
            parsed = decode(field, value)
        except ValueError:
            raise BundleError(f"The value of {place} is not a real date or time.") from None
        if field.type == MOMENT and datetime.fromisoformat(value).tzinfo is None:
            raise BundleError(f"The moment in {place} does not say its time zone.")
        return encode(field, parsed)
    if field.type == INT:
        return int(value)
    if field.type == INTS:
        return [int(n) for n in value]
    if field.type == NUMBER:
        if not math.isfinite(value):
            raise BundleError(f"The number in {place} is not a finite number.")
        return float(value)
    if field.type == CODES:
        return [
            {
                "code": item["code"],
                "qualifier": None
                if item["qualifier"] is None
                else checked_text(item["qualifier"], limit=100, multiline=False, place=place),
            }
            for item in value
        ]
    if field.type == SUBJECTS:
        for item in value:
            if (item["kind"] == SubjectKind.GROUP.value) != (item["ref"] is None):
                raise BundleError(f"A subject of {place} does not match its kind.")
        return [dict(item) for item in value]
    return value
