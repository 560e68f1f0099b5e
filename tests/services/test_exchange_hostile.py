"""Hostile and broken bundles: each is refused with one clear sentence, and the database is
left exactly as it was."""

import copy
import io
import json
import struct
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from facilitator.domain.bundle_records import BundleError
from facilitator.domain.errors import FacilitatorError
from facilitator.services import bundle_file
from facilitator.services.exchange_export import export_session
from facilitator.services.exchange_import import import_bundle, preview_import
from facilitator.services.programmes import list_programmes, remove_sample_programmes
from facilitator.storage.database import Database
from tests.exchange import bundle_document, dump, write_document

Document = dict[str, Any]


@pytest.fixture
def good(store: Database, day_one_id: int, tmp_path: Path) -> Document:
    """Return Day one's bundle as JSON, for each case to spoil."""
    path = tmp_path / "good.facilitator"
    export_session(store, day_one_id, path)
    return bundle_document(path)


def _first(document: Document, kind: str) -> tuple[str, dict[str, Any]]:
    key = next(iter(document["records"][kind]))
    return key, document["records"][kind][key]


def _spoil(change: Callable[[Document], Any]) -> Callable[[Path, Document], Path]:
    """Return a maker that writes the good bundle with `change` made to it."""

    def make(path: Path, good: Document) -> Path:
        document = copy.deepcopy(good)
        change(document)
        return write_document(path, document)

    return make


def _set(kind: str, field: str, value: Any) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        _first(document, kind)[1][field] = value

    return change


def _not_a_zip(path: Path, good: Document) -> Path:
    path.write_text("Dear colleague, here are my notes from Tuesday.", encoding="utf-8")
    return path


def _truncated(path: Path, good: Document) -> Path:
    whole = write_document(path, good).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _empty_file(path: Path, good: Document) -> Path:
    path.write_bytes(b"")
    return path


def _bomb(path: Path, good: Document) -> Path:
    """About 20 MB of spaces, packed a thousandfold: far beyond any real bundle's ratio."""
    return write_document(path, b" " * (20 * 1024 * 1024))


def _lying_sizes(path: Path, good: Document) -> Path:
    """A member whose headers say it is 64 bytes; it unpacks to far more."""
    data = json.dumps(good).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bundle.json", data)
    raw = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(signature)
        struct.pack_into("<I", raw, at + offset, 64)  # the uncompressed size field
    path.write_bytes(bytes(raw))
    return path


def _member_named(name: str) -> Callable[[Path, Document], Path]:
    def make(path: Path, good: Document) -> Path:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("bundle.json", json.dumps(good))
            zf.writestr(name, "gotcha")
        return path

    return make


def _only_member(name: str) -> Callable[[Path, Document], Path]:
    def make(path: Path, good: Document) -> Path:
        return write_document(path, good, member=name)

    return make


def _deep(levels: int) -> Callable[[Path, Document], Path]:
    def make(path: Path, good: Document) -> Path:
        return write_document(path, "[" * levels + "]" * levels)

    return make


def _deep_inside(path: Path, good: Document) -> Path:
    text = json.dumps(good)
    nested = "[" * 10_000 + "]" * 10_000
    return write_document(path, text.replace('"app_version": "', f'"x": {nested}, "v": "', 1))


def _repeated_key(path: Path, good: Document) -> Path:
    key, record = _first(good, "captures")
    text = json.dumps(good)
    twice = f'"{key}": {json.dumps(record)}, "{key}": {json.dumps(record)}'
    return write_document(path, text.replace(f'"{key}": {json.dumps(record)}', twice, 1))


def _same_uuid_twice(document: Document) -> None:
    key, _record = _first(document, "parking_items")
    action_key, _action = _first(document, "actions")
    document["records"]["actions"][key] = document["records"]["actions"].pop(action_key)


def _dangling(kind: str, field: str) -> Callable[[Document], None]:
    return _set(kind, field, str(uuid.uuid4()))


def _dangling_code(document: Document) -> None:
    _key, capture = next((k, c) for k, c in document["records"]["captures"].items() if c["codes"])
    capture["codes"][0]["code"] = str(uuid.uuid4())


def _move_capture(document: Document) -> None:
    """Claim a capture of Day one belongs to another session (one the bundle also holds)."""
    other = str(uuid.uuid4())
    _key, session = _first(document, "sessions")
    document["records"]["sessions"][other] = {**session, "attendees": [], "title": "Elsewhere"}
    _first(document, "captures")[1]["session"] = other


def _subject_of_another_programme(document: Document) -> None:
    other_programme = str(uuid.uuid4())
    _key, programme = _first(document, "programmes")
    document["records"]["programmes"][other_programme] = dict(programme)
    _person_key, person = _first(document, "participants")
    stranger = str(uuid.uuid4())
    document["records"]["participants"][stranger] = {
        **person,
        "programme": other_programme,
        "organisation": None,
    }
    capture = next(c for c in document["records"]["captures"].values())
    capture["subjects"] = [{"kind": "participant", "ref": stranger, "role": "about"}]


# (case, maker, words the message must hold)
CASES: list[tuple[str, Callable[[Path, Document], Path], str]] = [
    ("not a zip", _not_a_zip, "is not a Facilitator bundle, or it is damaged"),
    ("truncated zip", _truncated, "is not a Facilitator bundle, or it is damaged"),
    ("empty file", _empty_file, "is not a Facilitator bundle, or it is damaged"),
    ("zip bomb", _bomb, "would unpack to far more than a bundle holds"),
    ("sizes that lie", _lying_sizes, "is not a Facilitator bundle, or it is damaged"),
    ("climbs out", _member_named("../../.bashrc"), "points outside the bundle"),
    ("absolute path", _member_named("/etc/cron.d/evil"), "points outside the bundle"),
    ("drive letter", _member_named("C:/Windows/evil.dll"), "points outside the bundle"),
    ("backslashes", _member_named("..\\..\\evil"), "points outside the bundle"),
    ("extra member", _member_named("readme.txt"), "holds a file a bundle never has"),
    ("no bundle.json", _only_member("data.json"), "it has no bundle.json"),
    ("not UTF-8", _spoil(lambda d: None), ""),  # replaced below
    ("not JSON", lambda p, g: write_document(p, "{not json"), "is not valid JSON (line 1"),
    ("NaN", lambda p, g: write_document(p, '{"format": NaN}'), "is not valid JSON"),
    ("10,000 levels", _deep(10_000), "nested far too deeply"),
    ("10,000 levels inside", _deep_inside, "nested far too deeply"),
    ("50 levels", _deep(50), "nested far too deeply"),
    ("a list, not a bundle", lambda p, g: write_document(p, [1, 2]), "is not a Facilitator bundle"),
    ("another format", _spoil(lambda d: d.update(format="zotero")), "is not a Facilitator bundle"),
    (
        "newer version",
        _spoil(lambda d: d.update(version=2)),
        "was made by a newer version of Facilitator (bundle format 2)",
    ),
    (
        "version as text",
        _spoil(lambda d: d.update(version="1")),
        "format Facilitator does not know",
    ),
    ("version true", _spoil(lambda d: d.update(version=True)), "format Facilitator does not know"),
    (
        "missing field",
        _spoil(lambda d: _first(d, "captures")[1].pop("note")),
        "lacks “note”",
    ),
    (
        "wrong type",
        _spoil(_set("captures", "offset_seconds", "ten past")),
        "“offset_seconds” should be a number",
    ),
    ("unknown field", _spoil(_set("sessions", "colour", "red")), "has a field no bundle has"),
    ("unknown status", _spoil(_set("sessions", "status", "abandoned")), "is not one of the values"),
    ("key not a UUID", _spoil(lambda d: d["records"]["actions"].update(x={})), "not a UUID"),
    ("oversized title", _spoil(_set("sessions", "title", "x" * 201)), "at most 200 characters"),
    (
        "oversized note",
        _spoil(_set("captures", "note", "x" * 20_001)),
        "at most 20,000 characters",
    ),
    ("control character", _spoil(_set("sessions", "title", "Day\x07one")), "control character"),
    ("not a real date", _spoil(_set("sessions", "date", "2026-02-30")), "not a real date"),
    (
        "moment without zone",
        _spoil(_set("captures", "occurred_at", "2026-11-23T09:30:00")),
        "“occurred_at” is not in the expected form",
    ),
    ("unknown zone", _spoil(_set("sessions", "timezone", "Mars/Olympus")), "time zone"),
    ("repeated UUID", _repeated_key, "holds two records with the UUID"),
    ("one UUID, two kinds", _spoil(_same_uuid_twice), "gives the UUID"),
    (
        "points at nothing",
        _spoil(_dangling("captures", "agenda_item")),
        "points at an agenda item that is neither in the bundle nor here",
    ),
    ("unknown code", _spoil(_dangling_code), "points at a code that is neither"),
    (
        "unknown programme",
        _spoil(_dangling("sessions", "programme")),
        "points at a programme that is neither",
    ),
    ("moved elsewhere", _spoil(_move_capture), "belongs to another session here"),
    ("another programme", _spoil(_subject_of_another_programme), "of another programme"),
    (
        "oversized principles",
        _spoil(_set("programmes", "working_principles", "x" * 5_000)),
        "at most 4,020 characters",
    ),
    (
        "too many principles",
        _spoil(_set("programmes", "working_principles", "\n".join(f"P{n}" for n in range(21)))),
        "than the room view can show",
    ),
    (
        "approval as text",
        _spoil(_set("parking_items", "in_room", "yes")),
        "“in_room” should be true or false",
    ),
    ("approval as null", _spoil(_set("conflicts", "in_room", None)), "should be true or false"),
    ("oversized cue title", _spoil(_set("cue_events", "title", "x" * 201)), "at most 200"),
    ("cue without a rule", _spoil(_set("cue_events", "rule_id", "")), "cannot be empty"),
    (
        "evidence as text",
        _spoil(_set("cue_events", "evidence", ["21"])),
        "“evidence › 0” should be a whole number",
    ),
    ("evidence as fractions", _spoil(_set("cue_events", "evidence", [2.5])), "a whole number"),
    ("evidence out of range", _spoil(_set("cue_events", "evidence", [0])), "is out of range"),
    ("evidence not a list", _spoil(_set("cue_events", "evidence", 21)), "should be a list"),
    (
        "too much evidence",
        _spoil(_set("cue_events", "evidence", list(range(1, 1_002)))),
        "has too many entries",
    ),
    (
        "cue of a session not in the bundle",
        _spoil(_set("cue_events", "session", str(uuid.uuid4()))),
        "belongs to a session it does not hold",
    ),
    ("cues not a collection", _spoil(lambda d: d["records"].update(cue_events=[])), "should be"),
    (
        "says it holds another session",
        _spoil(lambda d: d["contents"].update(uuid=str(uuid.uuid4()))),
        "does not hold the session it says it holds",
    ),
]
CASES[[c[0] for c in CASES].index("not UTF-8")] = (
    "not UTF-8",
    lambda p, g: write_document(p, b'{"format": "\xff"}'),
    "is not UTF-8 text",
)


@pytest.mark.parametrize(("maker", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_hostile_bundle_is_refused_and_nothing_changes(
    store: Database,
    good: Document,
    tmp_path: Path,
    maker: Callable[[Path, Document], Path],
    words: str,
) -> None:
    """Preview and import both refuse it with one plain sentence; the file is as it was."""
    path = maker(tmp_path / "hostile.facilitator", good)
    before = dump(store)
    for attempt in (preview_import, import_bundle):
        with pytest.raises(BundleError) as refused:
            attempt(store, path)
        message = str(refused.value)
        assert words in message
        assert "\n" not in message and message.endswith(".")
        assert "Traceback" not in message and "{" not in message
    assert dump(store) == before


def test_a_bundle_too_large_to_be_real_is_refused_as_it_is_read(
    store: Database, good: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sizes are counted while reading, with a hard cap, whatever the headers say."""
    path = write_document(tmp_path / "big.facilitator", good)
    monkeypatch.setattr(bundle_file, "MAX_JSON_BYTES", 1_000)
    with pytest.raises(BundleError, match="would unpack to far more"):
        import_bundle(store, path)


def test_a_missing_file_is_refused_plainly(store: Database, tmp_path: Path) -> None:
    """A file that went away is a plain refusal, not a crash."""
    with pytest.raises(FacilitatorError, match="could not be read"):
        import_bundle(store, tmp_path / "gone.facilitator")


def test_odd_unicode_arrives_composed(store: Database, good: Document, tmp_path: Path) -> None:
    """A title typed with a combining accent (NFD) arrives in the composed form (NFC)."""
    remove_sample_programmes(store)
    document = copy.deepcopy(good)
    key, session = _first(document, "sessions")
    session["title"] = "Cafe\u0301 conversations"
    import_bundle(store, write_document(tmp_path / "nfd.facilitator", document))
    (programme,) = list_programmes(store)
    titles = {s.uuid: s.title for m in programme.modules for s in m.sessions}
    assert titles[key] == "Caf\u00e9 conversations"
