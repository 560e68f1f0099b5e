"""The access-request file: a plain web page anyone can open and print, or JSON for programs.

The page is one self-contained UTF-8 file: no scripts, no links, no fonts or images to
fetch. Every piece of text from the database is escaped, so a note holding "<script>" or
"<img src=…>" shows those characters and does nothing.
"""

import json
from datetime import date, datetime, time
from html import escape
from pathlib import Path
from typing import Any

from facilitator.domain.privacy import SubjectAccess
from facilitator.reports.files import write_atomically

_STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1d2733;
       max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; border-bottom: 1px solid #c8d0d8; padding-bottom: 0.2em;
     margin-top: 2em; }
.made { color: #56616d; margin-top: 0; }
.about { background: #f3f6f8; border-left: 4px solid #5b7a95; padding: 0.6em 1em; }
table.fields { width: auto; }
table.fields th { background: none; font-weight: bold; padding: 0.15em 1.2em 0.15em 0;
                  border: none; white-space: nowrap; }
table.fields td { padding: 0.15em 0; border: none; }
.text { white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.35em 0.5em;
         border-bottom: 1px solid #dde3e8; }
th { background: #eef2f5; }
.entry { border-bottom: 1px solid #dde3e8; padding: 0.6em 0; page-break-inside: avoid; }
.where { color: #3d4a57; font-weight: bold; font-size: 0.92em; }
.none { color: #56616d; font-style: italic; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
"""


def write_access_file(access: SubjectAccess, path: Path) -> None:
    """Write the access request to `path`: JSON if it ends in .json, else a web page."""
    if path.suffix.lower() == ".json":
        content = json.dumps(access_json(access), indent=2, ensure_ascii=False) + "\n"
    else:
        content = access_html(access)
    write_atomically(path, content.encode("utf-8"), what="The access request file")


def _day(value: date | None) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}" if value else "no date"


def _when(session_date: date | None, at: time | None) -> str:
    clock = f", {at:%H:%M}" if at else ""
    return f"{_day(session_date)}{clock}"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _text(text: str) -> str:
    return f'<div class="text">{_e(text)}</div>' if text.strip() else '<p class="none">–</p>'


def _fields(rows: list[tuple[str, str]]) -> str:
    """Return label-value pairs as a two-column table (which any viewer lays out)."""
    cells = "".join(f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>" for label, value in rows)
    return f'<table class="fields">{cells}</table>'


def access_html(access: SubjectAccess) -> str:
    """Return the access request as a complete HTML document."""
    person = access.person
    made = access.made_at.astimezone()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Information held about {_e(person.name)}</title>",
        f"<style>{_STYLE}</style></head>",
        "<body>",
        f"<h1>Information held about {_e(person.name)}</h1>",
        f'<p class="made">Made by Facilitator on {_day(made.date())} at {made:%H:%M}.</p>',
        '<p class="about">This is everything your programme\'s facilitators hold about you '
        "in their Facilitator records: your details, the sessions you attended, the "
        "observations about you or that mention you, the actions and agreements that name "
        "you, your survey answers, and any other notes that mention you. Other participants "
        "are not named here: each appears as “another participant”.</p>",
        *_record_html(access),
        *_attended_html(access),
        *_captures_html(access),
        *_actions_html(access),
        *_answers_html(access),
        *_mentions_html(access),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _record_html(access: SubjectAccess) -> list[str]:
    person = access.person
    dates = " – ".join(_day(d) for d in (person.programme_start, person.programme_end) if d)
    rows = [
        ("Name", person.name),
        ("Role", person.role),
        ("Organisation", person.organisation),
        ("Pseudonym in reports", person.pseudonym),
        ("Contact", person.contact),
        ("Programme", person.programme_title + (f" ({dates})" if dates else "")),
    ]
    return [
        "<h2>Your record</h2>",
        _fields([(label, value or "–") for label, value in rows]),
        "<h3>Goals</h3>",
        _text(person.goals),
        "<h3>Notes</h3>",
        _text(person.notes),
    ]


def _attended_html(access: SubjectAccess) -> list[str]:
    out = [f"<h2>Sessions attended ({len(access.attended)})</h2>"]
    if not access.attended:
        return [*out, '<p class="none">No attendance is recorded.</p>']
    rows = "".join(
        f"<tr><td>{_e(_day(s.date))}</td><td>{_e(s.title)}</td><td>{_e(s.venue)}</td></tr>"
        for s in access.attended
    )
    return [*out, f"<table><tr><th>Date</th><th>Session</th><th>Venue</th></tr>{rows}</table>"]


def _captures_html(access: SubjectAccess) -> list[str]:
    out = [f"<h2>Observations ({len(access.captures)})</h2>"]
    if not access.captures:
        return [*out, '<p class="none">No observations are about you or mention you.</p>']
    for capture in access.captures:
        number = f" · #{capture.number}" if capture.number is not None else ""
        flags = [
            flag
            for flag, on in (("key moment", capture.key_moment), ("quote", capture.quote))
            if on
        ]
        details = [
            ("What", capture.what),
            ("Your part", capture.their_part),
            ("Who", capture.who),
            ("Agenda item", capture.agenda_item),
            ("Marked as", ", ".join(flags)),
        ]
        out.append(
            '<div class="entry">'
            f'<div class="where">{_e(capture.session_title)} · '
            f"{_e(_when(capture.session_date, capture.local_time))}{number}</div>"
            f"{_fields([(label, value) for label, value in details if value])}"
            f"{_text(capture.note) if capture.note.strip() else ''}</div>"
        )
    return out


def _actions_html(access: SubjectAccess) -> list[str]:
    out = [f"<h2>Actions and agreements ({len(access.actions)})</h2>"]
    if not access.actions:
        return [*out, '<p class="none">No actions or agreements name you.</p>']
    for action in access.actions:
        kind = "Agreement" if action.is_agreement else "Action"
        state = "done" if action.done else "open"
        due = f", due {_day(action.due)}" if action.due else ""
        owner = f" · owner: {_e(action.owner)}" if action.owner else ""
        out.append(
            '<div class="entry">'
            f'<div class="where">{_e(action.session_title)} · {_e(_day(action.session_date))}'
            f" · {kind}, {state}{_e(due)}{owner}</div>{_text(action.text)}</div>"
        )
    return out


def _answers_html(access: SubjectAccess) -> list[str]:
    out = [f"<h2>Your survey answers ({len(access.survey_answers)})</h2>"]
    if not access.survey_answers:
        return [*out, '<p class="none">No survey answers are held under your name.</p>']
    for answer in access.survey_answers:
        out.append(
            f'<div class="entry"><div class="where">{_e(answer.time_point)}</div>'
            f"{_e(answer.question)}: <strong>{_e(answer.answer)}</strong></div>"
        )
    return out


def _mentions_html(access: SubjectAccess) -> list[str]:
    out = [f"<h2>Other notes that mention you ({len(access.mentions)})</h2>"]
    if not access.mentions:
        return [*out, '<p class="none">No other notes mention you.</p>']
    for mention in access.mentions:
        where = [mention.where]
        if mention.session_title:
            where += [mention.session_title, _day(mention.session_date)]
        out.append(
            f'<div class="entry"><div class="where">{_e(" · ".join(where))}</div>'
            f"{_text(mention.text)}</div>"
        )
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    return value


def access_json(access: SubjectAccess) -> dict[str, Any]:
    """Return the access request as plain JSON values (dates and times in ISO 8601)."""
    return {"format": 1, **_plain(access)}
