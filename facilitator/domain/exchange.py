"""The rules of merging a bundle into a store: which copy of a record wins, how capture
numbers are shared out, and the summary of what an import changes.

Every rule here is symmetric: merging laptop A's bundle into B gives what merging B's into A
gives, so two facilitators who swap bundles end up with the same records.
"""

import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from facilitator.domain.bundle_records import LABELS
from facilitator.domain.changes import Changes

# Fields left out when two copies of a record are compared: each laptop numbers captures
# itself, and the numbers are shared out by `merge_numbers` instead.
LOCAL_FIELDS = {"captures": ("number",), "sessions": ("last_capture_number",)}
_STATUS_ORDER = {"planned": 0, "live": 1, "finished": 2}

_AREAS = {
    "programmes": "programmes",
    "organisations": "programmes",
    "participants": "programmes",
    "modules": "programmes",
    "coding_schemes": "schemes",
    "codes": "schemes",
    "sessions": "sessions",
    "agenda_items": "sessions",
    "narrative_sections": "sessions",
}


def canonical(kind: str, record: Mapping[str, Any]) -> str:
    """Return a record's content as one string: equal strings, equal content."""
    skipped = LOCAL_FIELDS.get(kind, ())
    content = {name: value for name, value in record.items() if name not in skipped}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def progress(kind: str, record: Mapping[str, Any]) -> tuple[Any, ...]:
    """Return how far a record has come, for choosing between two copies of it.

    A session that ran beats the plan of it; an item that started beats one that did not; a
    state that stopped, an action done and a parked item addressed beat their earlier
    selves; of two narrative sections, the one saved later wins.
    """
    if kind == "sessions":
        return (_STATUS_ORDER.get(record["status"], 0),)
    if kind == "agenda_items":
        return (record["actual_start"] is not None, record["actual_end"] is not None)
    if kind == "captures":
        return (record["duration_seconds"] is not None,)
    if kind == "actions":
        return (record["done"],)
    if kind == "parking_items":
        return (record["addressed"],)
    if kind == "narrative_sections":
        return (record["updated_at"] or "",)
    if kind == "conflict_events":
        return (record["session"] is not None,)
    return ()


def prefer_remote(
    kind: str,
    local: Mapping[str, Any],
    remote: Mapping[str, Any],
    *,
    local_rank: tuple[Any, ...] = (),
    remote_rank: tuple[Any, ...] = (),
) -> bool:
    """True when the bundle's copy of a record should replace this laptop's.

    The copy further along wins (see `progress`, then any rank the caller adds: for a
    conflict, its latest step); between equals, the one whose content sorts later. Either
    way the choice depends only on the two copies, never on which laptop holds which, so
    merges converge.
    """
    local_key = (*progress(kind, local), *local_rank, canonical(kind, local))
    remote_key = (*progress(kind, remote), *remote_rank, canonical(kind, remote))
    return remote_key > local_key


def merge_numbers(
    local: Mapping[str, int | None],
    remote: Mapping[str, int | None],
    *,
    order: Callable[[str], Any],
    local_last: int,
    remote_last: int,
) -> tuple[dict[str, int], int]:
    """Share out the citation numbers of one session's captures after a merge.

    `local` and `remote` map capture UUIDs to the numbers each side gave them; `*_last` is
    each side's `last_capture_number`. Returns every capture's number and the new last one.

    A number only one capture claims stays with it. A number two captures claim goes to the
    earlier one by `order` (the session time, then the UUID); the other takes another number
    it claims, or a new one after every number either side has given out. A number one side
    gave to a capture it has since deleted is never given to another capture, so an old
    citation never comes to mean a different moment.
    """
    local_used = {n for n in local.values() if n is not None}
    remote_used = {n for n in remote.values() if n is not None}

    def retired_elsewhere(uuid: str, number: int) -> bool:
        from_local, from_remote = local.get(uuid) == number, remote.get(uuid) == number
        if from_remote and not from_local:
            return number <= local_last and number not in local_used
        if from_local and not from_remote:
            return number <= remote_last and number not in remote_used
        return False

    uuids = sorted(set(local) | set(remote), key=order)
    candidates = {
        uuid: sorted(
            {
                n
                for n in (local.get(uuid), remote.get(uuid))
                if n is not None and not retired_elsewhere(uuid, n)
            }
        )
        for uuid in uuids
    }
    claimants = Counter(n for numbers in candidates.values() for n in numbers)
    numbers: dict[str, int] = {}
    for uuid in uuids:
        sole = [n for n in candidates[uuid] if claimants[n] == 1]
        if sole:
            numbers[uuid] = sole[0]
    taken = set(numbers.values())
    for uuid in uuids:
        if uuid not in numbers:
            free = [n for n in candidates[uuid] if n not in taken]
            if free:
                numbers[uuid] = free[0]
                taken.add(free[0])
    last = max(local_last, remote_last, max(taken, default=0))
    for uuid in uuids:
        if uuid not in numbers:
            last += 1
            numbers[uuid] = last
    return numbers, last


# The summary -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KindCount:
    """What an import does to the records of one kind."""

    kind: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What a bundle holds and what importing it changes (or changed)."""

    contents: str  # "session" or "programme"
    title: str
    app_version: str
    created_at: datetime
    counts: tuple[KindCount, ...]
    renumbered: int = 0  # captures of this laptop given a new number

    @property
    def added(self) -> int:
        return sum(count.added for count in self.counts)

    @property
    def updated(self) -> int:
        return sum(count.updated for count in self.counts)

    @property
    def unchanged(self) -> int:
        return sum(count.unchanged for count in self.counts)

    @property
    def changes(self) -> Changes:
        """The parts of the app that show something this import changed."""
        touched = {
            _AREAS.get(count.kind, "observations")
            for count in self.counts
            if count.added or count.updated
        }
        if self.renumbered:
            touched |= {"observations", "sessions"}
        return Changes(
            programmes="programmes" in touched or "sessions" in touched,
            sessions="sessions" in touched,
            observations="observations" in touched,
            schemes="schemes" in touched,
        )

    def describe(self) -> str:
        """Say in a sentence or two what the import changes."""
        adds = [_count(c.kind, c.added) for c in self.counts if c.added]
        updates = [_count(c.kind, c.updated) for c in self.counts if c.updated]
        if not adds and not updates and not self.renumbered:
            return f"Nothing to change: all {self.unchanged:,} records are here already."
        lines = []
        if adds:
            lines.append(f"Adds {_join(adds)}.")
        if updates:
            lines.append(f"Updates {_join(updates)}.")
        if self.renumbered:
            lines.append(
                f"Gives {_count('captures', self.renumbered)} here new numbers, so that no "
                "two share one; narratives citing them are changed to match."
            )
        if self.unchanged:
            lines.append(f"{self.unchanged:,} unchanged.")
        return " ".join(lines)


def _count(kind: str, number: int) -> str:
    one, many = LABELS[kind]
    return f"{number:,} {one if number == 1 else many}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
