"""The rows of a generated archive, made in batches ready for `executemany`.

Values are stored exactly as the app's models store them: enums by value, moments as naive
UTC text with microseconds, dates and times as ISO text, booleans as 0 and 1, lists as JSON.
"""

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from random import Random
from typing import Any

from facilitator.domain.timezones import DEFAULT_TIMEZONE, zone
from facilitator.services.builtin import builtin_templates
from facilitator.services.live import DEFAULT_SCHEMES
from facilitator.services.surveys import starting_questions
from tests.benchmarks import archive_text as text
from tests.benchmarks.archive_captures import Code, RowMaker, stamp

COLUMNS: dict[str, tuple[str, ...]] = {
    "programme": ("id", "uuid", "title", "client_system", "start_date", "end_date", "notes",
                  "facilitators", "cohort_cap", "is_sample"),
    "organisation": ("id", "uuid", "programme_id", "name", "sector"),
    "participant": ("id", "uuid", "programme_id", "organisation_id", "name", "role",
                    "pseudonym", "contact", "goals", "notes"),
    "module": ("id", "uuid", "programme_id", "position", "title", "themes", "days"),
    "session": ("id", "uuid", "programme_id", "module_id", "title", "date", "start_time",
                "end_time", "venue", "timezone", "kind", "status", "live_started_at",
                "paused_seconds", "finished_at", "last_capture_number"),
    "session_attendee": ("id", "uuid", "session_id", "participant_id"),
    "session_scheme": ("id", "uuid", "session_id", "scheme_id", "position"),
    "agenda_item": ("id", "uuid", "session_id", "position", "title", "method", "planned_minutes",
                    "purpose", "facilitator_notes", "materials", "is_break", "extra_minutes",
                    "actual_start", "actual_end"),
    "conflict": ("id", "uuid", "programme_id", "session_id", "title", "status", "opened_at"),
    "conflict_event": ("id", "uuid", "conflict_id", "session_id", "status", "at", "note"),
    "observation": ("id", "uuid", "session_id", "occurred_at", "offset_seconds",
                    "duration_seconds", "agenda_item_id", "note", "author", "kind",
                    "conflict_id", "number", "key_moment", "quote"),
    "observation_code": ("id", "uuid", "observation_id", "code_id", "qualifier"),
    "observation_subject": ("id", "uuid", "observation_id", "kind", "role", "participant_id",
                            "organisation_id"),
    "action": ("id", "uuid", "session_id", "text", "owner", "due", "done", "is_agreement",
               "created_at"),
    "parking_item": ("id", "uuid", "session_id", "text", "addressed", "created_at"),
    "narrative_section": ("id", "uuid", "session_id", "section", "text", "updated_at"),
    "survey_question": ("id", "uuid", "programme_id", "position", "text", "wording",
                        "builtin_key"),
    "survey_response": ("id", "uuid", "question_id", "time_point", "participant_id", "answer"),
}  # fmt: skip
SMALL, LARGE, SMALL_COUNT = 1000, 5000, 8
FIRST_DAY, LAST_START = date(2016, 1, 4), date(2026, 3, 31)


class ArchiveError(Exception):
    """The archive cannot be made as asked; the message says why."""


@dataclass
class Landmarks:
    """The fixed sessions benchmarks look for, whatever the options."""

    programme_id: int = 0
    small_session_ids: list[int] = field(default_factory=list)
    large_session_id: int = 0
    small_size: int = SMALL
    large_size: int = LARGE
    large_title: str = ""


class ArchiveWriter(RowMaker):
    """Make the archive's rows from a seeded random generator."""

    def __init__(
        self,
        *,
        rng: Random,
        programmes: int,
        sessions: int,
        captures: int,
        landmark_scale: float,
    ) -> None:
        small = max(1, round(SMALL * landmark_scale))
        large = max(1, round(LARGE * landmark_scale))
        landmark_total = SMALL_COUNT * small + large
        if programmes < 2 or sessions < SMALL_COUNT + programmes:
            raise ArchiveError(
                f"Ask for at least 2 programmes and {SMALL_COUNT + 1} sessions more than "
                "programmes less one: the benchmark programme alone has 9 sessions."
            )
        if captures < landmark_total:
            raise ArchiveError(f"Ask for at least {landmark_total:,} captures.")
        self.rng = rng
        self.programmes = programmes
        self.landmarks = Landmarks(small_size=small, large_size=large)
        self.landmarks.large_title = f"Benchmark: {large:,} captures"
        self._plan(sessions - SMALL_COUNT - 1, captures - landmark_total)
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in COLUMNS}
        self.next_id: dict[str, int] = {}

    def tables(self) -> tuple[str, ...]:
        return ("coding_scheme", "code", "method", *COLUMNS)

    def _plan(self, sessions: int, captures: int) -> None:
        rng = self.rng
        others = self.programmes - 1
        base, extra = divmod(sessions, others)
        lucky = set(rng.sample(range(others), extra))
        self.sessions_per_programme = [base + (i in lucky) for i in range(others)]
        weights = [rng.lognormvariate(0, 0.6) for _ in range(sessions)]
        total = sum(weights)
        sizes = [int(captures * weight / total) for weight in weights]
        for index in rng.choices(range(sessions), k=captures - sum(sizes)):
            sizes[index] += 1
        self.sizes = sizes

    def start_ids(self, connection: sqlite3.Connection) -> None:
        """Read the built-in content and where each table's ids go on from."""
        for table in COLUMNS:
            last = connection.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0]
            self.next_id[table] = (last or 0) + 1
        schemes = dict(connection.execute("SELECT slug, id FROM coding_scheme"))
        self.codes: dict[int, list[Code]] = {}
        for code_id, scheme_id, kind, choices in connection.execute(
            "SELECT id, scheme_id, kind, qualifier_choices FROM code ORDER BY position"
        ):
            code = Code(code_id, kind == "state", tuple(json.loads(choices)))
            self.codes.setdefault(scheme_id, []).append(code)
        self.default_schemes = [schemes[slug] for slug in DEFAULT_SCHEMES if slug in schemes]
        self.extra_schemes = [i for i in schemes.values() if i not in self.default_schemes]
        self.methods = connection.execute(
            "SELECT title, purpose, typical_minutes, materials FROM method WHERE builtin = 1"
        ).fetchall()
        self.template = next(iter(builtin_templates().values()))
        self.questions = starting_questions()

    def batches(self, size: int) -> Iterator[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]]:
        """Yield (table, columns, rows) in batches of about `size` rows."""
        sizes = iter(self.sizes)
        for number in range(1, self.programmes + 1):
            if number == 1:
                self._programme(self._landmark_plan(), landmark=True)
            else:
                plan = [next(sizes) for _ in range(self.sessions_per_programme[number - 2])]
                self._programme([(size, None) for size in plan], landmark=False)
            for table, rows in self.rows.items():
                if len(rows) >= size:
                    yield table, COLUMNS[table], rows
                    self.rows[table] = []
        for table, rows in self.rows.items():
            if rows:
                yield table, COLUMNS[table], rows
        self.rows = {table: [] for table in COLUMNS}

    def _landmark_plan(self) -> list[tuple[int, str | None]]:
        marks = self.landmarks
        plan: list[tuple[int, str | None]] = [
            (marks.small_size, f"Benchmark day {day}: {marks.small_size:,} captures")
            for day in range(1, SMALL_COUNT + 1)
        ]
        return [*plan, (marks.large_size, marks.large_title)]

    def _programme(self, plan: list[tuple[int, str | None]], *, landmark: bool) -> None:
        rng = self.rng
        place = rng.choice(text.PLACES)
        start = (
            date(2025, 9, 1)
            if landmark
            else FIRST_DAY + timedelta(days=rng.randrange((LAST_START - FIRST_DAY).days))
        )
        days = [start]
        for _ in plan[1:]:
            days.append(_weekday(days[-1] + timedelta(days=rng.randint(14, 30))))
        lead, associate = rng.sample(text.FACILITATORS, 2)
        programme_id = self._add(
            "programme",
            "Benchmark programme"
            if landmark
            else f"Building collaborative leadership: {place} cohort {rng.randint(1, 6)}",
            f"{place} Health and Care Partnership (fictional)",
            start.isoformat(),
            (days[-1] + timedelta(days=14)).isoformat(),
            "",
            f"{lead} (programme director), {associate} (leadership associate)",
            16,
            0,
        )
        if landmark:
            self.landmarks.programme_id = programme_id
        cohort = self._cohort(programme_id, place)
        modules = [
            self._add(
                "module", programme_id, position, spec.title, json.dumps(list(spec.themes)),
                spec.days,
            )
            for position, spec in enumerate(self.template.modules, start=1)
        ]  # fmt: skip
        conflicts: list[list[Any]] = []
        for index, ((size, title), day) in enumerate(zip(plan, days, strict=True)):
            module = modules[min(index * len(modules) // len(plan), len(modules) - 1)]
            session_id = self._session(
                programme_id=programme_id,
                module_id=module,
                title=title or f"Day {index % 2 + 1}",
                day=day,
                size=size,
                cohort=cohort,
                authors=(lead, associate),
                conflicts=conflicts,
                observed=title is None and rng.random() < 0.15,
            )
            if landmark and title == self.landmarks.large_title:
                self.landmarks.large_session_id = session_id
            elif landmark:
                self.landmarks.small_session_ids.append(session_id)
        for conflict in conflicts:
            self.rows["conflict"].append((conflict[0], self._uuid(), *conflict[1:]))
        self._survey(programme_id, [person[0] for person in cohort])

    def _cohort(self, programme_id: int, place: str) -> list[tuple[int, str, int]]:
        rng = self.rng
        sectors = ["nhs_provider", "commissioner_icb", "local_authority", "voluntary_community"]
        sectors += rng.choices(list(text.ORGANISATIONS), k=rng.randint(0, 4))
        names: set[str] = set()
        organisations = []
        for sector in sectors:
            name = rng.choice(text.ORGANISATIONS[sector]).format(
                place if rng.random() < 0.6 else rng.choice(text.PLACES)
            )
            if name not in names:
                names.add(name)
                organisations.append(self._add("organisation", programme_id, name, sector))
        people: set[str] = set()
        cohort = []
        for letter in "ABCDEFGHIJKLMNOPQR"[: rng.randint(14, 18)]:
            name = text.person_name(rng)
            while name in people:
                name = text.person_name(rng)
            people.add(name)
            organisation = rng.choice(organisations)
            goals = f"Wants to make progress on {text.topic(rng)} with partners across {place}."
            participant = self._add(
                "participant", programme_id, organisation, name, rng.choice(text.ROLES),
                f"Participant {letter}", "", goals, "",
            )  # fmt: skip
            cohort.append((participant, name, organisation))
        return cohort

    def _session(
        self,
        *,
        programme_id: int,
        module_id: int,
        title: str,
        day: date,
        size: int,
        cohort: list[tuple[int, str, int]],
        authors: tuple[str, str],
        conflicts: list[list[Any]],
        observed: bool,
    ) -> int:
        rng = self.rng
        starts_at = time(rng.choice((9, 9, 10)), rng.choice((0, 30)))
        local = datetime.combine(day, starts_at, tzinfo=zone(DEFAULT_TIMEZONE))
        began = local.astimezone(UTC).replace(tzinfo=None)
        agenda = self._agenda_plan()
        planned = sum(minutes for _m, minutes in agenda)
        spans, moment = [], 0.0
        for _method, minutes in agenda:
            length = round(minutes * 60 * rng.uniform(0.8, 1.3), -1)
            spans.append((moment, moment + length))
            moment += length
        total = moment
        ends_at = (datetime.combine(day, starts_at) + timedelta(minutes=planned)).time()
        session_id = self.next_id["session"]
        self._add(
            "session", programme_id, module_id,
            f"Observed meeting: partnership board ({title.lower()})" if observed else title,
            day.isoformat(), starts_at.isoformat("microseconds"),
            ends_at.isoformat("microseconds"), rng.choice(text.VENUES), DEFAULT_TIMEZONE,
            "observed_meeting" if observed else "designed_workshop", "finished",
            stamp(began), 0.0, stamp(began + timedelta(seconds=total)), size,
        )  # fmt: skip
        absent = set(rng.sample(range(len(cohort)), rng.randint(0, 2)))
        attendees = [person for i, person in enumerate(cohort) if i not in absent]
        for person in attendees:
            self._add("session_attendee", session_id, person[0])
        schemes = list(self.default_schemes)
        if rng.random() < 0.25:
            schemes.append(rng.choice(self.extra_schemes))
        for position, scheme in enumerate(schemes):
            self._add("session_scheme", session_id, scheme, position)
        items = []
        for position, ((method, minutes), (lo, hi)) in enumerate(
            zip(agenda, spans, strict=True), start=1
        ):
            is_break = method is None
            title_, purpose, _typical, materials = method or ("Lunch", "", 0, "")
            items.append(
                self._add(
                    "agenda_item", session_id, position, title_, "" if is_break else title_,
                    minutes, purpose, "", materials, int(is_break), 0,
                    stamp(began + timedelta(seconds=lo)),
                    stamp(began + timedelta(seconds=hi)),
                )
            )  # fmt: skip
        offsets = sorted(round(rng.uniform(0, total), 3) for _ in range(size))
        links = self._conflicts(programme_id, session_id, began, offsets, conflicts)
        codes = [code for scheme in schemes for code in self.codes.get(scheme, [])]
        self._captures(session_id, began, offsets, spans, items, links, codes, attendees, authors)
        self._write_up(session_id, day, began, total, size, attendees)
        return session_id

    def _agenda_plan(self) -> list[tuple[Any, int]]:
        rng = self.rng
        count = rng.randint(5, 9)
        middle = [m for m in self.methods if m[0] not in ("Check-in", "Reflection and check-out")]
        chosen = [m for m in self.methods if m[0] == "Check-in"][:1]
        chosen += rng.sample(middle, count - 3)
        chosen.insert(len(chosen) // 2 + 1, None)
        chosen += [m for m in self.methods if m[0] == "Reflection and check-out"][:1]
        plan = [(m, 45 if m is None else m[2] + 5 * rng.randint(-2, 3)) for m in chosen]
        planned = sum(minutes for _m, minutes in plan)
        if planned > 450:  # keep the day within office hours
            plan = [(m, max(10, 5 * round(minutes * 450 / planned / 5))) for m, minutes in plan]
        return [(m, max(5, minutes)) for m, minutes in plan]


def _weekday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day
