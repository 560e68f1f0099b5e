"""The rows inside one session of a generated archive: captures, conflicts and write-up.

Values are stored exactly as the app's models store them: enums by value, moments as naive
UTC text with microseconds, booleans as 0 and 1.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random
from typing import Any

from facilitator.services.surveys import StartingQuestion
from tests.benchmarks import archive_text as text

UUID_BITS = (0x4 << 76) | (0x2 << 62)
UUID_MASK = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)


@dataclass
class Code:
    id: int
    is_state: bool
    choices: tuple[str, ...]


def stamp(value: datetime) -> str:
    return value.isoformat(" ", "microseconds")


class RowMaker:
    """Give rows their ids and UUIDs, and make the rows that belong to one session."""

    rng: Random
    rows: dict[str, list[tuple[Any, ...]]]
    next_id: dict[str, int]
    questions: tuple[StartingQuestion, ...]

    def _uuid(self) -> str:
        h = "%032x" % (self.rng.getrandbits(128) & UUID_MASK | UUID_BITS)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def _add(self, table: str, *values: Any) -> int:
        row_id = self.next_id[table]
        self.next_id[table] = row_id + 1
        self.rows[table].append((row_id, self._uuid(), *values))
        return row_id

    def _conflicts(
        self,
        programme_id: int,
        session_id: int,
        began: datetime,
        offsets: list[float],
        conflicts: list[list[Any]],
    ) -> dict[int, int]:
        """Open this session's conflicts, carry on earlier ones; return capture -> conflict."""
        rng = self.rng
        links: dict[int, int] = {}
        for conflict in conflicts:
            if conflict[4] in ("open", "parked") and rng.random() < 0.3 and offsets:
                status = rng.choice(("worked_through", "resolved", "parked"))
                at = began + timedelta(seconds=rng.choice(offsets))
                self._add("conflict_event", conflict[0], session_id, status, stamp(at),
                          "Back on the table from an earlier session.")  # fmt: skip
                conflict[4] = status
        for _ in range(min(rng.randint(0, 3), len(offsets) // 20)):
            anchor = rng.randrange(len(offsets) - 10)
            conflict_id = self.next_id["conflict"]
            self.next_id["conflict"] += 1
            opened = began + timedelta(seconds=offsets[anchor])
            status = "open"
            self._add("conflict_event", conflict_id, session_id, status, stamp(opened),
                      "Surfaced in the room.")  # fmt: skip
            for step in range(rng.randint(0, 2)):
                status = rng.choice(("worked_through", "resolved", "parked"))
                at = opened + timedelta(minutes=10 * (step + 1))
                self._add("conflict_event", conflict_id, session_id, status, stamp(at),
                          f"Now {status.replace('_', ' ')}.")  # fmt: skip
            title = rng.choice(text.CONFLICT_TITLES)
            conflicts.append([conflict_id, programme_id, session_id, title, status,
                              stamp(opened)])  # fmt: skip
            for index in [anchor, *rng.sample(range(anchor + 1, anchor + 10), rng.randint(1, 5))]:
                links[index] = conflict_id
        return links

    def _captures(
        self,
        session_id: int,
        began: datetime,
        offsets: list[float],
        spans: list[tuple[float, float]],
        items: list[int],
        links: dict[int, int],
        codes: list[Code],
        attendees: list[tuple[int, str, int]],
        authors: tuple[str, str],
    ) -> None:
        rng, random, choice = self.rng, self.rng.random, self.rng.choice
        new_uuid, delta = self._uuid, timedelta
        observations, tagged, about = (
            self.rows["observation"], self.rows["observation_code"],
            self.rows["observation_subject"],
        )  # fmt: skip
        ids = self.next_id
        points = [code for code in codes if not code.is_state]
        initials = [text.initials(person[1]) for person in attendees]
        organisations = sorted({person[2] for person in attendees})
        item, (lead, associate) = 0, authors
        for index, offset in enumerate(offsets):
            while item < len(spans) - 1 and offset >= spans[item][1]:
                item += 1
            roll = random()
            kind = "coded" if roll < 0.72 else "note" if roll < 0.86 else (
                "mark" if roll < 0.93 else "contribution"
            )  # fmt: skip
            observation_id = ids["observation"]
            ids["observation"] += 1
            duration = None
            if kind == "coded":
                first = choice(codes)
                chosen = [first]
                if random() < 0.2 and (second := choice(points)) is not first:
                    chosen.append(second)
                for code in chosen:
                    qualifier = choice(code.choices) if code.choices else None
                    tagged.append((ids["observation_code"], new_uuid(), observation_id,
                                   code.id, qualifier))  # fmt: skip
                    ids["observation_code"] += 1
                if first.is_state:
                    duration = float(rng.randint(6, 90) * 10)
            speaker = rng.randrange(len(attendees))
            if kind == "contribution" or (kind != "mark" and random() < 0.55):
                subjects = [("participant", attendees[speaker][0], None)]
                if kind != "contribution" and random() < 0.15:
                    other = choice(attendees)[0]
                    if other != attendees[speaker][0]:
                        subjects.append(("participant", other, None))
            elif kind == "mark" or random() < 0.65:
                subjects = [("group", None, None)]
            else:
                subjects = [("organisation", None, choice(organisations))]
            for subject_kind, participant, organisation in subjects:
                about.append((ids["observation_subject"], new_uuid(), observation_id,
                              subject_kind, "about", participant, organisation))  # fmt: skip
                ids["observation_subject"] += 1
            quote = kind in ("coded", "note") and random() < 0.01
            if kind in ("mark", "contribution"):
                note = ""
            elif quote:
                note = f"{initials[speaker]}: {choice(text.QUOTES)}"
            else:
                note = text.note(rng, initials[speaker], choice(initials))
            observations.append((
                observation_id, new_uuid(), session_id,
                (began + delta(seconds=offset)).isoformat(" ", "microseconds"), offset,
                duration, items[item], note, lead if random() < 0.85 else associate, kind,
                links.get(index), index + 1, int(random() < 0.015), int(quote),
            ))  # fmt: skip

    def _write_up(
        self,
        session_id: int,
        day: date,
        began: datetime,
        total: float,
        size: int,
        attendees: list[tuple[int, str, int]],
    ) -> None:
        rng = self.rng
        for _ in range(rng.randint(2, 5)):
            created = stamp(began + timedelta(seconds=rng.uniform(0, total)))
            if rng.random() < 0.25:
                self._add("action", session_id, rng.choice(text.AGREEMENTS), "", None, 0, 1,
                          created)  # fmt: skip
            else:
                due = (day + timedelta(days=rng.randint(7, 28))).isoformat()
                owner = rng.choice(attendees)[1]
                done = int(rng.random() < 0.8)
                self._add("action", session_id, rng.choice(text.ACTIONS), owner, due, done, 0,
                          created)  # fmt: skip
        for parked in rng.sample(text.PARKED, rng.randint(0, 3)):
            created = stamp(began + timedelta(seconds=rng.uniform(0, total)))
            self._add("parking_item", session_id, parked, int(rng.random() < 0.5), created)
        written = stamp(began + timedelta(days=rng.randint(1, 6)))
        first, second = sorted(rng.sample(range(1, size + 1), 2)) if size > 1 else (1, 1)
        for section, template in text.SECTIONS.items():
            body = template.format(t=text.topic(rng), n1=first, n2=second)
            self._add("narrative_section", session_id, section, body, written)

    def _survey(self, programme_id: int, participants: list[int]) -> None:
        rng = self.rng
        for position, question in enumerate(self.questions, start=1):
            question_id = self._add(
                "survey_question", programme_id, position, question.text, question.wording,
                question.key,
            )  # fmt: skip
            for point, share, low in (("baseline", 0.8, 1), ("end", 0.7, 3)):
                for participant in participants:
                    if rng.random() < share:
                        answer = rng.randint(low, 5)
                        self._add("survey_response", question_id, point, participant, answer)
