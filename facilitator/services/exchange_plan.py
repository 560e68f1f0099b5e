"""Plan an import: check a bundle's records against this file, then decide for each one
whether it is added, replaces the copy here, or changes nothing. Nothing is written here.

The rules of choosing are in `domain/exchange.py`; this module gathers what they need.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.bundle_records import (
    CODES,
    KINDS,
    LABELS,
    REF,
    REFS,
    SUBJECTS,
    BundleError,
    check_record,
    moment_text,
    one,
    where,
)
from facilitator.domain.exchange import (
    ImportSummary,
    KindCount,
    canonical,
    merge_numbers,
    prefer_remote,
)
from facilitator.domain.narrative import renumber_citations
from facilitator.services.exchange_records import Record, Uuids, chunks, read_records
from facilitator.services.exchange_schemes import plan_schemes
from facilitator.storage.tables import ConflictEventRow, ObservationRow

Records = dict[str, dict[str, Record]]
# The reference that says what a record belongs to; it never changes.
OWNERS = {
    kind: next(f for f in fields if f.type == REF and not f.nullable)
    for kind, fields in KINDS.items()
    if any(f.type == REF and not f.nullable for f in fields)
}


@dataclass
class Plan:
    """What an import will write: records to add and to update, keyed by UUID."""

    adds: Records = field(default_factory=lambda: {kind: {} for kind in KINDS})
    updates: Records = field(default_factory=lambda: {kind: {} for kind in KINDS})
    unchanged: Counter[str] = field(default_factory=Counter)
    renumber: dict[str, int] = field(default_factory=dict)  # capture here -> its new number
    new_uuids: dict[str, str] = field(default_factory=dict)  # narrative section here -> winner's

    def summary(self, document: dict[str, Any]) -> ImportSummary:
        contents = document["contents"]
        return ImportSummary(
            contents=contents["kind"],
            title=contents["title"],
            app_version=document["app_version"],
            created_at=datetime.fromisoformat(document["created_at"]),
            counts=tuple(
                KindCount(kind, len(self.adds[kind]), len(self.updates[kind]), self.unchanged[kind])
                for kind in KINDS
            ),
            renumbered=len(self.renumber),
        )


def checked_records(document: dict[str, Any]) -> Records:
    """Check every record's values and the bundle's own consistency; no database needed."""
    records: Records = {}
    seen: dict[str, str] = {}
    for kind in KINDS:
        records[kind] = {}
        for key, raw in document["records"].get(kind, {}).items():
            if key in seen:
                raise BundleError(
                    f"The bundle gives the UUID {key} to {one(seen[key])} and to {one(kind)}."
                )
            seen[key] = kind
            records[kind][key] = check_record(kind, key, raw)
    contents = document["contents"]
    if contents["uuid"] not in records[f"{contents['kind']}s"]:
        raise BundleError(f"The bundle does not hold the {contents['kind']} it says it holds.")
    sections = set()
    for record in records["narrative_sections"].values():
        natural = (record["session"], record["section"])
        if natural in sections:
            raise BundleError(f"The bundle has two “{record['section']}” sections for a session.")
        sections.add(natural)
    for kind in ("captures", "cue_events"):
        for key, record in records[kind].items():
            if record["session"] not in records["sessions"]:
                raise BundleError(
                    f"The bundle's {where(kind, key)} belongs to a session it does not hold."
                )
    return records


def plan_import(session: Session, records: Records, uuids: Uuids) -> Plan:
    """Check the bundle's records against this file and decide what importing them does."""
    _check_references(records, uuids)
    local = {
        kind: read_records(
            session, kind, uuids, column="uuid", values=set(records[kind]) & set(uuids.known(kind))
        )
        for kind in KINDS
    }
    for kind, owner in OWNERS.items():
        for key, mine in local[kind].items():
            if mine[owner.name] != records[kind][key][owner.name]:
                raise BundleError(
                    f"The bundle's {where(kind, key)} belongs to another "
                    f"{LABELS[owner.target][0]} here."
                )
    _check_programmes(session, records, uuids)
    plan = Plan()
    plan_schemes(session, records, uuids, plan)
    latest = _latest_steps(session, records, local, uuids)
    winners: Records = {kind: {} for kind in KINDS}
    for kind in KINDS:
        if kind in ("coding_schemes", "codes", "narrative_sections", "cue_events"):
            continue
        for key, remote in records[kind].items():
            mine = local[kind].get(key)
            if mine is None:
                winners[kind][key] = remote
                continue
            if kind == "parking_items":  # approved for the room beats not (yet) approved
                ranks = ((mine["in_room"],), (remote["in_room"],))
            else:
                ranks = latest.get(key, ((), ()))
            wins = prefer_remote(kind, mine, remote, local_rank=ranks[0], remote_rank=ranks[1])
            winners[kind][key] = remote if wins else mine
    numbers, lasts, maps = _plan_numbers(session, records, local, winners, uuids, plan)
    for kind, chosen in winners.items():
        for key, winner in chosen.items():
            final = dict(winner)
            if kind == "captures":
                final["number"] = numbers[key]
            elif kind == "sessions":
                final["last_capture_number"] = lasts[key]
            mine = local[kind].get(key)
            if mine is None:
                plan.adds[kind][key] = final
            elif canonical(kind, final) != canonical(kind, mine) or (
                kind == "sessions" and final != mine
            ):
                plan.updates[kind][key] = final
            else:
                plan.unchanged[kind] += 1
    _plan_narratives(session, records, uuids, maps, plan)
    _plan_cues(session, records, uuids, maps, plan)
    return plan


def _check_references(records: Records, uuids: Uuids) -> None:
    """Refuse a record that points at something neither in the bundle nor here."""

    def check(kind: str, key: str, target: str, value: str) -> None:
        if value not in records[target] and value not in uuids.known(target):
            raise BundleError(
                f"The bundle's {where(kind, key)} points at {one(target)} that is "
                "neither in the bundle nor here."
            )

    for kind, fields in KINDS.items():
        for key, record in records[kind].items():
            for f in fields:
                value = record[f.name]
                if f.type == REF and value is not None:
                    check(kind, key, f.target, value)
                elif f.type == REFS:
                    for item in value:
                        check(kind, key, f.target, item)
                elif f.type == CODES:
                    for item in value:
                        check(kind, key, "codes", item["code"])
                elif f.type == SUBJECTS:
                    for item in value:
                        if item["ref"] is not None:
                            check(kind, key, f"{item['kind']}s", item["ref"])


def _check_programmes(session: Session, records: Records, uuids: Uuids) -> None:
    """Refuse people, organisations and modules used across programmes."""
    found: dict[tuple[str, str], str | None] = {}

    def programme_of(kind: str, key: str) -> str | None:
        if key in records[kind]:
            return records[kind][key]["programme"]
        if (kind, key) not in found:
            table = read_records(session, kind, uuids, column="uuid", values=[key])
            found[kind, key] = table[key]["programme"] if key in table else None
        return found[kind, key]

    def same(kind: str, key: str, programme: str, target: str, value: str | None) -> None:
        if value is not None and programme_of(target, value) != programme:
            raise BundleError(
                f"The bundle's {where(kind, key)} names {one(target)} of another programme."
            )

    for key, record in records["sessions"].items():
        same("sessions", key, record["programme"], "modules", record["module"])
        for person in record["attendees"]:
            same("sessions", key, record["programme"], "participants", person)
    for key, record in records["participants"].items():
        same("participants", key, record["programme"], "organisations", record["organisation"])
    for key, record in records["captures"].items():
        programme = records["sessions"][record["session"]]["programme"]
        for subject in record["subjects"]:
            target = f"{subject['kind']}s"
            if subject["ref"] is not None:
                same("captures", key, programme, target, subject["ref"])
        same("captures", key, programme, "conflicts", record["conflict"])


def _latest_steps(
    session: Session, records: Records, local: Records, uuids: Uuids
) -> dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """Rank each conflict on both sides by its latest step, then by knowing its session, then
    by being approved for the room."""
    remote_steps: dict[str, tuple[str, str]] = {}
    for key, event in records["conflict_events"].items():
        remote_steps[event["conflict"]] = max(
            remote_steps.get(event["conflict"], ("", "")), (event["at"], key)
        )
    local_steps: dict[str, tuple[str, str]] = {}
    ids = [uuids.id("conflicts", key) for key in local["conflicts"]]
    for chunk in chunks(ids):
        steps = select(ConflictEventRow.conflict_id, ConflictEventRow.at, ConflictEventRow.uuid)
        for conflict_id, at, key in session.execute(
            steps.where(ConflictEventRow.conflict_id.in_(chunk))
        ):
            conflict = uuids.uuid("conflicts", conflict_id) or ""
            local_steps[conflict] = max(local_steps.get(conflict, ("", "")), (moment_text(at), key))
    return {
        key: (
            (local_steps.get(key, ("", "")), mine["session"] is not None, mine["in_room"]),
            (
                remote_steps.get(key, ("", "")),
                records["conflicts"][key]["session"] is not None,
                records["conflicts"][key]["in_room"],
            ),
        )
        for key, mine in local["conflicts"].items()
    }


def _plan_numbers(
    session: Session, records: Records, local: Records, winners: Records, uuids: Uuids, plan: Plan
) -> tuple[dict[str, int], dict[str, int], dict[str, tuple[dict[int, int], dict[int, int]]]]:
    """Share out capture numbers in each of the bundle's sessions (see `merge_numbers`).

    Returns each capture's number, each session's last number, and for each session how
    numbers cited here and in the bundle change (old number -> new).
    """
    here: dict[str, dict[str, tuple[int | None, float]]] = defaultdict(dict)
    session_ids = [
        uuids.id("sessions", key) for key in records["sessions"] if key in local["sessions"]
    ]
    for chunk in chunks(session_ids):
        rows = select(
            ObservationRow.session_id,
            ObservationRow.uuid,
            ObservationRow.number,
            ObservationRow.offset_seconds,
        ).where(ObservationRow.session_id.in_(chunk))
        for session_id, key, number, offset in session.execute(rows):
            here[uuids.uuid("sessions", session_id) or ""][key] = (number, offset)
    there: dict[str, dict[str, int | None]] = defaultdict(dict)
    for key, record in records["captures"].items():
        there[record["session"]][key] = record["number"]
    numbers: dict[str, int] = {}
    lasts: dict[str, int] = {}
    maps: dict[str, tuple[dict[int, int], dict[int, int]]] = {}
    for key, remote in records["sessions"].items():
        mine = here.get(key, {})
        offsets = {capture: offset for capture, (_n, offset) in mine.items()}
        offsets |= {
            capture: winners["captures"][capture]["offset_seconds"] for capture in there[key]
        }
        found, lasts[key] = merge_numbers(
            {capture: number for capture, (number, _o) in mine.items()},
            there[key],
            order=lambda capture, offsets=offsets: (offsets[capture], capture),  # type: ignore[misc]
            local_last=local["sessions"][key]["last_capture_number"]
            if key in local["sessions"]
            else 0,
            remote_last=remote["last_capture_number"],
        )
        numbers |= found
        local_map = {
            number: found[capture]
            for capture, (number, _o) in mine.items()
            if number is not None and number != found[capture]
        }
        remote_map = {
            number: found[capture]
            for capture, number in there[key].items()
            if number is not None and number != found[capture]
        }
        maps[key] = (local_map, remote_map)
        plan.renumber |= {
            capture: found[capture]
            for capture, (number, _o) in mine.items()
            if number != found[capture]
        }
    return numbers, lasts, maps


def _plan_narratives(
    session: Session,
    records: Records,
    uuids: Uuids,
    maps: dict[str, tuple[dict[int, int], dict[int, int]]],
    plan: Plan,
) -> None:
    """Match narrative sections by session and section, choose, and follow renumbering."""
    kind = "narrative_sections"
    sessions = set(records["sessions"]) | {r["session"] for r in records[kind].values()}
    session_ids = [uuids.id("sessions", key) for key in sessions if key in uuids.known("sessions")]
    mine_all = read_records(session, kind, uuids, column="session_id", values=session_ids)
    by_section = {(r["session"], r["section"]): key for key, r in mine_all.items()}
    matched = set()

    def retext(record: Record, numbers: dict[int, int]) -> Record:
        return {**record, "text": renumber_citations(record["text"], numbers)}

    for key, remote in records[kind].items():
        local_map, remote_map = maps.get(remote["session"], ({}, {}))
        here = key if key in mine_all else by_section.get((remote["session"], remote["section"]))
        if here is None:
            plan.adds[kind][key] = retext(remote, remote_map)
            continue
        matched.add(here)
        mine = mine_all[here]
        if mine["section"] != remote["section"]:
            raise BundleError(f"The bundle's {where(kind, key)} is another section here.")
        if prefer_remote(kind, mine, remote, local_rank=(here,), remote_rank=(key,)):
            final, final_key = retext(remote, remote_map), key
        else:
            final, final_key = retext(mine, local_map), here
        if final == mine and final_key == here:
            plan.unchanged[kind] += 1
            continue
        plan.updates[kind][here] = final
        if final_key != here:
            plan.new_uuids[here] = final_key
    for here, mine in mine_all.items():
        if here not in matched:
            final = retext(mine, maps.get(mine["session"], ({}, {}))[0])
            if final != mine:
                plan.updates[kind][here] = final


def _plan_cues(
    session: Session,
    records: Records,
    uuids: Uuids,
    maps: dict[str, tuple[dict[int, int], dict[int, int]]],
    plan: Plan,
) -> None:
    """Add the pattern cues missing here. A cue never changes once written, except that its
    evidence (capture numbers) follows the renumbering of the laptop that wrote it."""
    kind = "cue_events"
    session_ids = [
        uuids.id("sessions", key) for key in records["sessions"] if key in uuids.known("sessions")
    ]
    mine_all = read_records(session, kind, uuids, column="session_id", values=session_ids)

    def renumbered(record: Record, numbers: dict[int, int]) -> Record:
        return {**record, "evidence": [numbers.get(n, n) for n in record["evidence"]]}

    for key, remote in records[kind].items():
        local_map, remote_map = maps.get(remote["session"], ({}, {}))
        mine = mine_all.get(key)
        if mine is None:
            plan.adds[kind][key] = renumbered(remote, remote_map)
            continue
        if prefer_remote(kind, mine, remote):
            final = renumbered(remote, remote_map)
        else:
            final = renumbered(mine, local_map)
        if final == mine:
            plan.unchanged[kind] += 1
        else:
            plan.updates[kind][key] = final
    for key, mine in mine_all.items():
        if key not in records[kind]:
            final = renumbered(mine, maps.get(mine["session"], ({}, {}))[0])
            if final != mine:
                plan.updates[kind][key] = final
