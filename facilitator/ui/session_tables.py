"""What the session page's tables show: their columns, and each row described in full."""

from dataclasses import dataclass
from datetime import tzinfo

from facilitator.domain.agenda import clock_text, plan_agenda, plan_input
from facilitator.domain.snapshots import AgendaItem, Observation, SessionDetail
from facilitator.ui.formatting import clock, elapsed, plural
from facilitator.ui.table_model import Column


@dataclass(frozen=True, slots=True)
class AgendaLine:
    """An agenda item with its clock times, which depend on the session's start and zone."""

    item: AgendaItem
    planned: str
    actual: str


@dataclass(frozen=True, slots=True)
class ObservationLine:
    """An observation with its clock time on the wall of the session's room."""

    observation: Observation
    time: str


def agenda_lines(session: SessionDetail, zone: tzinfo) -> list[AgendaLine]:
    """Return the session's agenda with planned and actual clock times."""
    plan = plan_agenda(
        [plan_input(item) for item in session.agenda],
        start=session.start_time,
        end=session.end_time,
    )
    if plan.slots:
        planned = [f"{clock_text(slot.start)}–{clock_text(slot.end)}" for slot in plan.slots]
    else:
        planned = [""] * len(session.agenda)
    return [
        AgendaLine(
            item=item,
            planned=times,
            actual=(
                f"{clock(item.actual_start, zone)}–{clock(item.actual_end, zone)}"
                if item.actual_start
                else ""
            ),
        )
        for item, times in zip(session.agenda, planned, strict=True)
    ]


def observation_lines(session: SessionDetail, zone: tzinfo) -> list[ObservationLine]:
    """Return the session's observations with their clock times."""
    return [
        ObservationLine(observation=observation, time=clock(observation.occurred_at, zone))
        for observation in session.observations
    ]


def _codes(observation: Observation) -> str:
    parts = []
    for code in observation.codes:
        text = code.label
        if code.qualifier:
            text += f" ({code.qualifier})"
        parts.append(text)
    text = "; ".join(parts) or "Note"
    if observation.duration_seconds is not None:
        text += f" · lasted {elapsed(observation.duration_seconds)}"
    return text


def _codes_tooltip(observation: Observation) -> str:
    return "\n".join(f"{code.scheme_name}: {code.label}" for code in observation.codes) or "Note"


AGENDA_COLUMNS = (
    Column("#", lambda line: str(line.item.position), right_aligned=True),
    Column("Planned", lambda line: line.planned),
    Column("Item", lambda line: line.item.title, max_width=300),
    Column("Method", lambda line: line.item.method, max_width=200),
    Column("Minutes", lambda line: str(line.item.planned_minutes), right_aligned=True),
    Column("Actual", lambda line: line.actual),
    Column("Purpose", lambda line: line.item.purpose),
)
OBSERVATION_COLUMNS = (
    Column("Time", lambda line: line.time),
    Column("Elapsed", lambda line: elapsed(line.observation.offset_seconds), right_aligned=True),
    Column("Agenda item", lambda line: line.observation.agenda_item_title, max_width=150),
    Column(
        "Codes",
        lambda line: _codes(line.observation),
        colour=lambda line: line.observation.codes[0].colour if line.observation.codes else None,
        tooltip=lambda line: _codes_tooltip(line.observation),
        max_width=190,
    ),
    Column(
        "About", lambda line: ", ".join(s.name for s in line.observation.subjects), max_width=150
    ),
    Column("Note", lambda line: line.observation.note),
    Column("By", lambda line: line.observation.author),
)
ATTENDEE_COLUMNS = (
    Column("Name", lambda p: p.name),
    Column("Role", lambda p: p.role),
    Column("Organisation", lambda p: p.organisation_name),
)

NO_AGENDA_ITEM_SELECTED = "Select an item to see its purpose, notes and materials."
NO_OBSERVATION_SELECTED = "Select an observation to read it in full."


def describe_agenda_item(line: AgendaLine) -> str:
    """Return an agenda item in full, as plain text for the detail panel."""
    item = line.item
    timing = [plural(item.planned_minutes, "minute")]
    if line.planned:
        timing.append(f"planned {line.planned}")
    if line.actual:
        timing.append(f"ran {line.actual}")
    lines = [f"{item.position}. {item.title} · {', '.join(timing)}"]
    for caption, text in (
        ("Method", item.method),
        ("Purpose", item.purpose),
        ("Facilitator notes", item.facilitator_notes),
        ("Materials", item.materials),
    ):
        if text:
            lines.append(f"{caption}: {text}")
    return "\n".join(lines)


def describe_observation(line: ObservationLine) -> str:
    """Return an observation in full, as plain text for the detail panel."""
    observation = line.observation
    lines = [
        f"{line.time} ({elapsed(observation.offset_seconds)} in)"
        + (f" · {observation.agenda_item_title}" if observation.agenda_item_title else "")
        + (f" · by {observation.author}" if observation.author else "")
    ]
    for code in observation.codes:
        qualifier = f" – {code.qualifier}" if code.qualifier else ""
        lines.append(f"{code.scheme_name}: {code.label}{qualifier}")
    if observation.duration_seconds is not None:
        lines.append(f"Lasted {elapsed(observation.duration_seconds)}")
    if observation.subjects:
        lines.append("About: " + ", ".join(subject.name for subject in observation.subjects))
    if observation.note:
        lines.append(observation.note)
    return "\n".join(lines)
