"""Hand-built session reports for tests: a realistic workshop day, and synthetic big ones.

`workshop_report()` is a full day of Module 3 for the (fictional) Wealdmoor system: eleven
agenda items, about eighty captures, conflicts with a history, power named, actions,
agreements, parked items, quotes and a written narrative citing captures. The tallies,
patterns, ratios and participation are worked out from the captures as the service would.
"""

import random
import re
from collections import Counter, defaultdict
from dataclasses import replace

from facilitator.domain.enums import NamesMode
from facilitator.domain.report import (
    AgendaLine,
    Block,
    CodeTally,
    ConflictStep,
    NarrativePart,
    Participation,
    PatternTable,
    Ratio,
    ReportAction,
    ReportCapture,
    ReportCode,
    ReportConflict,
    ReportParked,
    SessionReport,
    TextRun,
)

START = 9 * 60 + 30  # 09:30

# key: (scheme, label, colour, is a state)
CODES = {
    "surfaced": ("Conflict surfacing", "Conflict surfaced", "#D55E00", False),
    "truth": ("Conflict surfacing", "Difficult truth confronted", "#E69F00", False),
    "power": ("Conflict surfacing", "Power differential named", "#882255", False),
    "challenge": ("Conflict surfacing", "Challenge made in the room", "#CC79A7", False),
    "worked": ("Conflict surfacing", "Conflict worked through on an example", "#0072B2", True),
    "avoided": ("Conflict surfacing", "Conflict avoided or parked", "#999933", False),
    "resolved": ("Conflict surfacing", "Conflict resolved or agreement reached", "#009E73", False),
    "stuck": ("Dialogue patterns", "Group stuck", "#D55E00", True),
    "generative": ("Dialogue patterns", "Generative conversation", "#009E73", True),
    "repeating": ("Dialogue patterns", "Repeating the same point", "#E69F00", False),
    "own": ("Dialogue patterns", "Restating own view", "#CC79A7", False),
    "exploring": ("Dialogue patterns", "Exploring others' views", "#56B4E9", False),
    "honest": ("Dialogue patterns", "Honest conversation", "#0072B2", False),
    "listening": ("Dialogue patterns", "Truly listening", "#332288", False),
    "advocacy": ("Advocacy and inquiry", "Advocacy", "#E69F00", False),
    "inquiry": ("Advocacy and inquiry", "Inquiry", "#0072B2", False),
    "purpose": ("Five factors", "Shared purpose and vision", "#0072B2", False),
    "contact": ("Five factors", "Frequent personal contact", "#009E73", False),
    "altruism": ("Five factors", "Behaving altruistically", "#CC79A7", False),
    "longer": ("Five factors", "Commitment for the longer term", "#E69F00", False),
}

# (title, planned start, planned minutes, actual start, actual minutes or None, is a break)
AGENDA = (
    ("Arrival and check-in", "09:30", 30, "09:36", 30, False),
    ("Where are we as a system? Reflections since Module 2", "10:00", 45, "10:06", 53, False),
    ("Mapping power in our system", "10:45", 60, "10:59", 71, False),
    ("Break", "11:45", 15, "12:10", 12, True),
    ("Old power and new power: a provocation", "12:00", 30, "12:22", 25, False),
    ("Lunch", "12:30", 45, "12:47", 43, True),
    ("Walking pairs: what I need from you", "13:15", 30, "13:30", 30, False),
    ("Working a live conflict: sharing a fixed budget", "13:45", 60, "14:00", 74, False),
    ("Break", "14:45", 15, "15:14", 10, True),
    ("Revisiting our principles for working together", "15:00", 30, "", None, False),
    ("Designing how we decide, and check-out", "15:30", 60, "15:24", 66, False),
)

PEOPLE = {
    "Rowan": "Wealdmoor Hospitals NHS Foundation Trust",
    "Carys": "Wealdmoor County Council",
    "Idris": "Fenbridge District Council",
    "Maren": "Wealdmoor Community Health Services",
    "Tobias": "South Wealdmoor GP Federation",
    "Nia": "Wealdmoor and Fenbridge Mental Health Partnership",
    "Jago": "Wealdmoor Voluntary Action",
    "Łucja": "Wealdmoor Hospitals NHS Foundation Trust",
    "Elspeth": "Wealdmoor County Council",
    "Dev": "Integrated Care Board",
    "Ffion": "Wealdmoor Community Health Services",
    "Saoirse": "Integrated Care Board",
}

# The facilitator's own captures: "clock | codes | who | flags | name to cite it by", then
# the note on the indented lines below. Flags: k for a key moment, q for a quote.
SCRIPT = """
09:41 | contact | Jago | - | -
    Jago arrived early and welcomed people at the door.
09:48 | honest | Nia | q | nearly
    “I nearly didn't come today. That's the honest truth.”
09:55 | listening | - | - | -
    Room settled quickly; phones away without being asked.
10:09 | advocacy | Rowan | - | -
    Recovery figures presented as the trust's success.
10:14 | truth | Tobias | k | backlog
    Named that primary care waiting lists rose while the acute elective backlog fell: “we
    are carrying your recovery”.
10:18 | own | Rowan | - | -
    Restated the trust's position on elective targets.
10:22 | exploring | Maren | - | -
    Asked Tobias what carrying it looks like on a Monday morning.
10:27 | repeating | Rowan | - | -
10:31 | avoided | - | - | voice
    Chair moved the group on when the primary care voice at the board came up. Parked by
    agreement.
10:38 | purpose | Dev | - | -
    Dev tied the discussion back to the shared outcomes framework.
10:44 | stuck | - | - | circling
    Ten minutes circling the same two positions about targets.
10:52 | inquiry | Carys | - | -
    “What would it take for you to trust our numbers?”
11:03 | power | Carys | k | veto
    Named that the council holds a de facto veto on any change to the adult social care
    offer until elected members are consulted.
11:09 | challenge | Idris | - | speak
    Challenged the trust's claim to speak for the system with regulators, in the room and
    calmly.
11:14 | power | Rowan | - | national
    Acknowledged the trust is seen to lead on behalf of the national body, and that this
    sits badly with partners.
11:20 | surfaced | Carys | - | veto2
    The veto question surfaced as a live conflict.
11:26 | listening | Saoirse | - | -
    Long silence, then Saoirse summarised both positions fairly.
11:33 | generative | - | - | redrew
    Group redrew the power map together; energy rose.
11:41 | power | Tobias | - | expert
    GP federation has expertise nobody else holds, but no seat where decisions are taken.
11:52 | contact | - | - | -
    Small groups kept talking into the break.
12:04 | honest | Elspeth | q | procurement
    “We say partnership but we mean procurement.”
12:25 | inquiry | Jago | - | -
    Asked who in the room had ever been on the receiving end of old power.
12:33 | exploring | Ffion | - | -
12:38 | longer | Dev | - | -
    Asked the group to hold the principles beyond the programme.
12:52 | contact | - | - | -
    Mixed tables at lunch; council and trust colleagues sat together.
13:34 | altruism | Maren | k | offer
    Offered community nursing time to the council's discharge pilot without asking for
    anything back.
13:48 | contact | Łucja | - | -
    Walking pairs came back noticeably warmer.
13:58 | honest | Nia | q | crises
    “I need you to stop sending me your crises at five o'clock.”
14:03 | worked | - | - | budget
    Shared budget worked through on the winter discharge example.
14:11 | advocacy | Rowan | - | -
14:16 | surfaced | Idris | k | absorb
    If the trust over-performs, who absorbs the cost? Named directly.
14:24 | inquiry | Carys | - | -
14:29 | own | Rowan | - | -
14:35 | exploring | Tobias | - | -
    Tobias tested the risk-share idea against the GP contract.
14:48 | resolved | - | - | riskshare
    Agreed a draft risk-share principle to take to the system board.
14:55 | generative | - | - | -
    Two options built on each other's ideas rather than competing.
15:06 | honest | Saoirse | q | money
    “This is the first time we've said the money out loud.”
15:27 | purpose | Dev | - | -
    Proposed testing decisions against the shared outcomes.
15:35 | inquiry | Jago | - | -
15:41 | truth | Elspeth | - | february
    Said the council cannot commit until after the budget setting meeting in February.
15:49 | listening | - | - | -
    The group let Elspeth finish without interrupting.
16:02 | resolved | - | - | principles
    Decision-making principles agreed for trial until Module 4.
16:14 | longer | Idris | - | -
    Committed to bring the district's finance lead next time.
16:22 | longer | - | k | checkout
    Check-out words: hopeful, tired, braver, unfinished, clearer.
"""
STATE_MINUTES = {"circling": 14, "redrew": 11, "budget": 38, "generative": 9}
QUALIFIERS = {"veto": "Legitimate", "national": "Reward", "expert": "Expert"}

NARRATIVE = {
    "summary": (
        "Summary",
        "A demanding and, by the end, productive day. The group named **who holds power** in "
        "the Wealdmoor system more openly than at any session so far [#veto], and for the "
        "first time worked through a money conflict on a real example rather than in "
        "principle [#budget].\n\n"
        "The morning ran late and one item, revisiting the principles, did not run. The "
        "afternoon made up for it: a draft risk-share principle goes to the system board "
        "[#riskshare].",
    ),
    "observed": (
        "What we observed",
        "The morning began with reporting rather than dialogue. Advocacy outweighed inquiry "
        "and the group circled two positions on elective targets for some time [#circling].\n\n"
        "Three moments shifted the room:\n"
        "- Tobias named that primary care is *carrying* the acute recovery [#backlog].\n"
        "- Carys named the council's de facto veto, calmly and without apology [#veto].\n"
        "- Maren offered community nursing time with no conditions attached [#offer].\n\n"
        "After lunch the conversation on the shared budget was the most generative we have "
        "seen from this group [#budget] [#absorb].",
    ),
    "factor-1": (
        "Develop a shared purpose and vision",
        "Dev twice brought the group back to the shared outcomes framework [#purpose1]. The "
        "*polite illusion* of a cohesive team cracked in the morning, usefully.",
    ),
    "factor-2": (
        "Have frequent personal contact",
        "The walking pairs worked: people came back warmer and the afternoon was noticeably "
        "more candid [#crises].",
    ),
    "factor-3": (
        "Surface and resolve conflicts",
        "Two long-standing conflicts were surfaced and one was worked through to a draft "
        "agreement. The question of primary care's voice at the board was parked [#voice] "
        "and needs a home at Module 4.",
    ),
    "factor-4": (
        "Behave altruistically towards each other",
        "Maren's offer [#offer] was the clearest altruistic act so far in the programme.",
    ),
    "factor-5": (
        "Commit to working together for the longer term",
        "Check-out words were mixed but mostly forward-looking [#checkout]. The council's "
        "timing constraint [#february] is real and should be planned around, not resented.",
    ),
    "recommendations": (
        "Recommendations",
        "- Take the draft risk-share principle to the system board in December.\n"
        "- Give primary care a standing voice in board agenda-setting.\n"
        "- Open Module 4 with the principles item that did not run today.",
    ),
    "next-steps": (
        "Next steps",
        "The programme team will circulate this report by **Friday 27 November**. Owners of "
        "actions are listed in the table of actions and agreements.",
    ),
}


def _script() -> list[tuple[str, tuple[str, ...], str, str, str, str]]:
    """Return SCRIPT's entries as (clock, codes, who, note, flags, name)."""
    entries = []
    for line in SCRIPT.strip().splitlines():
        if line.startswith(" "):
            clock, codes, who, note, flags, name = entries[-1]
            entries[-1] = (clock, codes, who, f"{note} {line.strip()}".strip(), flags, name)
            continue
        clock, codes, who, flags, name = (part.strip() for part in line.split("|"))
        blank = {"-": ""}
        entries.append(
            (
                clock,
                tuple(codes.split()),
                blank.get(who, who),
                "",
                blank.get(flags, flags),
                blank.get(name, name),
            )
        )
    return entries


def _clock(minutes: float) -> str:
    whole = int(minutes) % 1440
    return f"{whole // 60:02d}:{whole % 60:02d}"


def _item_at(clock_minutes: float) -> str:
    for title, _, _, actual, length, _ in AGENDA:
        if not actual or length is None:
            continue
        hours, minutes = map(int, actual.split(":"))
        if hours * 60 + minutes <= clock_minutes < hours * 60 + minutes + length:
            return title
    return ""


def _capture(
    number: int, minutes: float, codes: tuple[str, ...], **values: object
) -> ReportCapture:
    report_codes = tuple(
        ReportCode(CODES[key][0], CODES[key][1], CODES[key][2], values.pop("qualifier", None))
        for key in codes
    )
    is_state = any(CODES[key][3] for key in codes)
    duration = values.pop("duration", None)
    if is_state and duration is None:
        duration = 6 * 60
    return ReportCapture(
        number=number,
        clock=_clock(minutes),
        offset_seconds=(minutes - START) * 60,
        duration_seconds=duration if is_state else None,
        agenda_item=_item_at(minutes),
        kind_label="Coded" if codes else "Note",
        codes=report_codes,
        **values,
    )


def _who(name: str) -> str:
    return f"{name} ({PEOPLE[name]})" if name else ""


def _captures() -> tuple[tuple[ReportCapture, ...], dict[str, int]]:
    """Return the day's captures in time order, and the numbers of the ones cited by name."""
    rows: list[tuple[float, tuple[str, ...], dict, str]] = []
    for clock, codes, who, note, flags, name in _script():
        hours, minutes = map(int, clock.split(":"))
        values: dict = {"who": _who(who), "note": note, "author": "Aoife Ní Bhriain"}
        values["key_moment"] = "k" in flags
        values["quote"] = "q" in flags
        if name in QUALIFIERS:
            values["qualifier"] = QUALIFIERS[name]
        if name in STATE_MINUTES:
            values["duration"] = STATE_MINUTES[name] * 60
        rows.append((hours * 60 + minutes + 0.25, codes, values, name))
    # The second facilitator's quick dialogue codes through the working items.
    pick = random.Random(2026)
    names = list(PEOPLE)
    working = [line for line in AGENDA if line[4] and not line[5]]
    for _ in range(36):
        _, _, _, actual, length, _ = pick.choice(working)
        hours, minutes = map(int, actual.split(":"))
        at = hours * 60 + minutes + pick.uniform(1, length - 1)
        code = pick.choice(("advocacy", "advocacy", "inquiry", "own", "exploring", "listening"))
        values = {"who": _who(pick.choice(names)), "note": "", "author": "Łukasz Nowak"}
        rows.append((at, (code,), values, ""))
    rows.append(
        (
            13 * 60 + 40,
            (),
            {
                "who": "",
                "note": "Fire alarm test at 13:40, two minutes lost.",
                "author": "Łukasz Nowak",
            },
            "",
        )
    )
    rows.sort(key=lambda row: row[0])
    captures, cited = [], {}
    for number, (minutes, codes, values, name) in enumerate(rows, start=1):
        captures.append(_capture(number, minutes, codes, **values))
        if name:
            cited[name] = number
    cited["purpose1"] = next(
        c.number for c in captures if c.codes and c.codes[0].label == "Shared purpose and vision"
    )
    return tuple(captures), cited


def _blocks(text: str, cited: dict[str, int]) -> tuple[Block, ...]:
    """Turn light markup (**bold**, *italic*, [#name], "- " bullets) into narrative blocks."""
    blocks = []
    for paragraph in text.split("\n\n"):
        lines = paragraph.split("\n")
        pieces = [(line[2:], True) for line in lines if line.startswith("- ")]
        if not pieces:
            pieces = [(" ".join(lines), False)]
        elif not lines[0].startswith("- "):
            pieces.insert(0, (lines[0], False))
        for piece, bullet in pieces:
            runs = []
            for token in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*|\[#\w+\])", piece):
                if token.startswith("**"):
                    runs.append(TextRun(token[2:-2], bold=True))
                elif token.startswith("[#"):
                    name = token[2:-1]
                    number = cited.get(name, int(name) if name.isdigit() else 0)
                    runs.append(TextRun(f"[#{number}]", citation=number))
                elif token.startswith("*"):
                    runs.append(TextRun(token[1:-1], italic=True))
                elif token:
                    runs.append(TextRun(token))
            blocks.append(Block(tuple(runs), bullet=bullet))
    return tuple(blocks)


def _tallies(captures: tuple[ReportCapture, ...]) -> tuple[CodeTally, ...]:
    counts: Counter = Counter()
    seconds: defaultdict = defaultdict(float)
    for capture in captures:
        for code in capture.codes:
            counts[(code.scheme, code.label, code.colour)] += 1
            seconds[(code.scheme, code.label, code.colour)] += capture.duration_seconds or 0
    order = {(scheme, label): index for index, (scheme, label, _, _) in enumerate(CODES.values())}
    keys = sorted(counts, key=lambda key: order.get(key[:2], (len(order), key)))
    return tuple(CodeTally(*key, counts[key], seconds[key]) for key in keys)


def _patterns(captures: tuple[ReportCapture, ...], tallies: tuple[CodeTally, ...]) -> PatternTable:
    dialogue = tuple(
        t for t in tallies if t.scheme in ("Dialogue patterns", "Advocacy and inquiry")
    )
    items = tuple(title for title, *_, length, is_break in AGENDA if length and not is_break)
    column = {(t.scheme, t.label): index for index, t in enumerate(dialogue)}
    cells = [[0] * len(dialogue) for _ in items]
    for capture in captures:
        if capture.agenda_item not in items:
            continue
        for code in capture.codes:
            if (code.scheme, code.label) in column:
                cells[items.index(capture.agenda_item)][column[(code.scheme, code.label)]] += 1
    return PatternTable(items, dialogue, tuple(tuple(row) for row in cells))


def _participation(captures: tuple[ReportCapture, ...]) -> tuple[Participation, ...]:
    counts = Counter(capture.who.split(" (")[0] for capture in captures if capture.who)
    return tuple(Participation(label, count) for label, count in counts.most_common())


def _count(tallies: tuple[CodeTally, ...], label: str) -> int:
    return sum(t.count for t in tallies if t.label == label)


def build_report(captures: tuple[ReportCapture, ...], **changes: object) -> SessionReport:
    """Return the Wealdmoor day's report around the given captures; `changes` override fields."""
    cited = {capture.number: capture for capture in captures}
    tallies = _tallies(captures)
    values = {
        "programme": "Building Collaborative Leadership",
        "client_system": "Wealdmoor Integrated Care System",
        "module": "Module 3: Power, politics and decision-making",
        "session": "Day one: Mapping power in our system",
        "date_text": "Tuesday 17 November 2026",
        "time_text": "09:30–16:30",
        "venue": "The Old Corn Exchange, Wealdmoor",
        "facilitators": "Aoife Ní Bhriain and Łukasz Nowak",
        "kind_label": "Workshop day",
        "confidentiality": "Confidential: prepared for the Wealdmoor cohort of Building "
        "Collaborative Leadership. Not for onward circulation without the programme "
        "director's agreement.",
        "names": NamesMode.PSEUDONYM,
        "prepared_by": "Aoife Ní Bhriain",
        "attendee_count": 16,
        "narrative": (),
        "agenda": tuple(AgendaLine(t, b, ps, pm, a, am) for t, ps, pm, a, am, b in AGENDA),
        "captures": captures,
        "code_tallies": tallies,
        "patterns": _patterns(captures, tallies),
        "ratios": (
            Ratio(
                "Inquiry to advocacy",
                "Inquiry",
                _count(tallies, "Inquiry"),
                "Advocacy",
                _count(tallies, "Advocacy"),
            ),
            Ratio(
                "Exploring to restating",
                "Exploring others' views",
                _count(tallies, "Exploring others' views"),
                "Restating own view",
                _count(tallies, "Restating own view"),
            ),
            Ratio("Conflicts resolved to surfaced", "Resolved", 0, "Surfaced", 0),
        ),
        "participation": _participation(captures),
        "participation_heading": "By participant",
        "conflicts": (),
        "power_differentials": tuple(c for c in captures if any(d.qualifier for d in c.codes)),
        "actions": (),
        "parked": (),
        "quotes": tuple(c for c in captures if c.quote),
        "key_moments": tuple(c for c in captures if c.key_moment),
        "session_seconds": 7 * 3600.0,
        "start_clock_minutes": START,
        "captures_by_number": cited,
    }
    return SessionReport(**(values | changes))


def workshop_report() -> SessionReport:
    """Return the realistic Wealdmoor workshop day, narrative, registers and all."""
    captures, cited = _captures()
    narrative = tuple(
        NarrativePart(key, title, _blocks(text, cited)) for key, (title, text) in NARRATIVE.items()
    )
    conflicts = (
        ReportConflict(
            "How the fixed community budget is shared if one partner over-performs",
            "Worked through",
            "20 Oct 2026",
            (
                ConflictStep(
                    "20 Oct 11:05",
                    "Module 2, day one",
                    "Open",
                    "Surfaced when the elective recovery figures were shown.",
                ),
                ConflictStep(
                    "17 Nov 14:16",
                    "Module 3, day one",
                    "Worked through",
                    "Worked through on the winter discharge example; a draft "
                    "risk-share principle agreed for the system board.",
                ),
            ),
            (cited["absorb"], cited["budget"], cited["riskshare"]),
        ),
        ReportConflict(
            "The council's right of veto until elected members are consulted",
            "Open",
            "17 Nov 2026",
            (
                ConflictStep(
                    "17 Nov 11:20",
                    "Module 3, day one",
                    "Open",
                    "Named openly by Carys; the group asked for the timetable of member decisions.",
                ),
            ),
            (cited["veto"], cited["veto2"]),
        ),
        ReportConflict(
            "Who speaks for primary care at the system board",
            "Parked",
            "17 Nov 2026",
            (
                ConflictStep("17 Nov 10:31", "Module 3, day one", "Open", "Raised by Tobias."),
                ConflictStep(
                    "17 Nov 10:33",
                    "Module 3, day one",
                    "Parked",
                    "Parked by agreement to Module 4.",
                ),
            ),
            (cited["voice"],),
        ),
        ReportConflict(
            "The trust seen to lead on behalf of the national body",
            "Resolved",
            "22 Sep 2026",
            (
                ConflictStep(
                    "22 Sep 15:40",
                    "Module 1, day two",
                    "Open",
                    "First raised in the system mapping exercise.",
                ),
                ConflictStep(
                    "17 Nov 11:14",
                    "Module 3, day one",
                    "Resolved",
                    "Acknowledged by Rowan; partners to co-sign the next return.",
                ),
            ),
            (cited["national"],),
        ),
    )
    actions = (
        ReportAction(
            "Take the draft risk-share principle to the system board",
            "Dev",
            "10 Dec 2026",
            False,
            False,
        ),
        ReportAction(
            "Share the timetable of elected members' decisions", "Carys", "27 Nov 2026", True, False
        ),
        ReportAction("Circulate the redrawn power map", "Łukasz Nowak", "20 Nov 2026", True, False),
        ReportAction("Invite the district's finance lead to Module 4", "Idris", "", False, False),
        ReportAction(
            "Draft terms of reference for a primary care voice at the board",
            "Tobias",
            "15 Jan 2027",
            False,
            False,
        ),
        ReportAction(
            "Test decisions against the shared outcomes framework until Module 4",
            "Everyone",
            "",
            False,
            True,
        ),
        ReportAction(
            "Challenge in the room, not behind people's backs", "Everyone", "", True, True
        ),
        ReportAction(
            "Community nursing time offered to the discharge pilot",
            "Maren",
            "1 Dec 2026",
            False,
            True,
        ),
    )
    parked = (
        ReportParked("Primary care's voice in agenda-setting for the system board", False),
        ReportParked("How the voluntary sector is funded for its part in discharge", False),
        ReportParked("Data sharing between the trust and the council's care records", True),
        ReportParked("Whether the programme's principles are published to staff", False),
    )
    return build_report(
        captures,
        narrative=narrative,
        conflicts=conflicts,
        actions=actions,
        parked=parked,
    )


def synthetic_report(count: int, *, seed: int = 5) -> SessionReport:
    """Return the workshop day with `count` machine-made captures, for size and speed."""
    pick = random.Random(seed)
    keys = list(CODES)
    names = list(PEOPLE)
    words = (
        "partners",
        "budget",
        "trust",
        "council",
        "discharge",
        "winter",
        "targets",
        "listening",
        "challenge",
        "board",
        "primary",
        "care",
        "voice",
        "risk",
        "share",
    )
    rows = []
    for _ in range(count):
        minutes = START + pick.uniform(0, 420)
        codes = tuple(pick.sample(keys, pick.choice((0, 1, 1, 1, 2))))
        note = " ".join(pick.choice(words) for _ in range(pick.randint(0, 40))).capitalize()
        rows.append((minutes, codes, note, pick.choice(names)))
    rows.sort()
    captures = tuple(
        _capture(
            number,
            minutes,
            codes,
            who=_who(who),
            note=note,
            author="Łukasz Nowak",
            key_moment=number % 97 == 0,
            quote=number % 211 == 0,
        )
        for number, (minutes, codes, note, who) in enumerate(rows, start=1)
    )
    report = workshop_report()
    fresh = build_report(captures)
    return replace(
        fresh,
        narrative=report.narrative,
        conflicts=report.conflicts,
        actions=report.actions,
        parked=report.parked,
    )
