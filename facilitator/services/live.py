"""Running a session live: going live, moving through the agenda, pausing and finishing.

Each step is one transaction, and the session row holds enough (when it went live, time
paused, which item has started and not ended) to reopen a live session where it was after a
crash or a flat battery.
"""

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.changes import Changes
from facilitator.domain.enums import SessionStatus
from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import clean_text
from facilitator.domain.snapshots import CodingScheme
from facilitator.services import schemes, snapshots
from facilitator.services.capture import close_running_states
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    AgendaItemRow,
    AppMetaRow,
    CodingSchemeRow,
    SessionRow,
    SessionSchemeRow,
)

LIVE = Changes(programmes=True, sessions=True)
AUTHOR_KEY = "author"
# The schemes a session captures with until the facilitator chooses others.
DEFAULT_SCHEMES = ("conflict-surfacing", "dialogue-patterns", "five-factors")
MAX_EXTRA_MINUTES = 240


def go_live(db: Database, session_id: int, *, moment: datetime) -> Changes:
    """Start the session's clock (once) and its first agenda item, if none has started."""
    with db.transaction() as session:
        row = fetch(session, SessionRow, session_id, what="That session")
        if row.status is SessionStatus.FINISHED:
            raise InvalidInputError("This session has finished; it cannot go live again.")
        if row.live_started_at is None:
            row.live_started_at = moment
        row.status = SessionStatus.LIVE
        if not row.schemes:
            _choose_default_schemes(session, row)
        items = list(row.agenda_items)
        if items and not any(item.actual_start for item in items):
            items[0].actual_start = moment
    return LIVE


def _default_slugs(available: Collection[str]) -> list[str]:
    return [slug for slug in DEFAULT_SCHEMES if slug in available] or sorted(available)[:3]


def _choose_default_schemes(session: Session, row: SessionRow) -> None:
    by_slug = {scheme.slug: scheme for scheme in session.scalars(select(CodingSchemeRow))}
    for position, slug in enumerate(_default_slugs(by_slug)):
        row.schemes.append(SessionSchemeRow(scheme=by_slug[slug], position=position))


def session_schemes(db: Database, session_id: int) -> list[CodingScheme]:
    """Return the coding schemes in use in a session, in the order of its key panel."""
    with db.reading() as session:
        row = fetch(session, SessionRow, session_id, what="That session")
        chosen = sorted(row.schemes, key=lambda s: s.position)
        return [snapshots.coding_scheme(link.scheme) for link in chosen]


def planned_schemes(db: Database, session_id: int) -> list[CodingScheme]:
    """Return the schemes live capture will offer in a session: those chosen for it, or the
    defaults it will be given on going live when none are."""
    chosen = session_schemes(db, session_id)
    if chosen:
        return chosen
    by_slug = {scheme.slug: scheme for scheme in schemes.list_schemes(db)}
    return [by_slug[slug] for slug in _default_slugs(by_slug)]


def set_session_schemes(db: Database, session_id: int, scheme_ids: Sequence[int]) -> Changes:
    """Use these coding schemes in the session, in this order."""
    if not scheme_ids:
        raise InvalidInputError(
            "Choose at least one coding scheme: live capture needs keys.", field="schemes"
        )
    if len(set(scheme_ids)) != len(scheme_ids):
        raise InvalidInputError("A scheme is listed twice.")
    with db.transaction() as session:
        row = fetch(session, SessionRow, session_id, what="That session")
        if row.status is not SessionStatus.PLANNED:
            raise InvalidInputError(
                "A session's coding schemes are chosen before it goes live.", field="schemes"
            )
        row.schemes.clear()
        session.flush()
        for position, scheme_id in enumerate(scheme_ids):
            fetch(session, CodingSchemeRow, scheme_id, what="That coding scheme")
            row.schemes.append(SessionSchemeRow(scheme_id=scheme_id, position=position))
    return Changes(sessions=True)


def _current(items: Sequence[AgendaItemRow]) -> int | None:
    for index, item in enumerate(items):
        if item.actual_start and not item.actual_end:
            return index
    return None


def next_item(db: Database, session_id: int, *, moment: datetime) -> Changes:
    """End the current item now and start the next one."""
    with db.transaction() as session:
        items = list(fetch(session, SessionRow, session_id, what="That session").agenda_items)
        current = _current(items)
        if current is None:
            upcoming = next((i for i, item in enumerate(items) if not item.actual_start), None)
            if upcoming is None:
                raise NotFoundError("Every agenda item has run: finish the session instead.")
            items[upcoming].actual_start = moment
            return LIVE
        items[current].actual_end = moment
        if current + 1 < len(items):
            following = items[current + 1]
            following.actual_start, following.actual_end = moment, None
    return LIVE


def previous_item(db: Database, session_id: int, *, moment: datetime) -> Changes:
    """Go back to the item before: it runs again from where it stopped; the current one has
    not started yet."""
    with db.transaction() as session:
        items = list(fetch(session, SessionRow, session_id, what="That session").agenda_items)
        current = _current(items)
        index = current if current is not None else len(items)
        if index == 0 or not items:
            raise NotFoundError("This is the first item.")
        if current is not None:
            items[current].actual_start = None
            items[current].actual_end = None
        items[index - 1].actual_end = None
        if items[index - 1].actual_start is None:
            items[index - 1].actual_start = moment
    return LIVE


def add_time(db: Database, item_id: int, *, minutes: int) -> Changes:
    """Give an item more (or, with a negative number, less) time than planned."""
    with db.transaction() as session:
        item = fetch(session, AgendaItemRow, item_id, what="That agenda item")
        extra = item.extra_minutes + minutes
        if not -item.planned_minutes < extra <= MAX_EXTRA_MINUTES:
            raise InvalidInputError(
                f"An item can have at most {MAX_EXTRA_MINUTES} extra minutes, and at least one "
                "minute in all."
            )
        item.extra_minutes = extra
    return Changes(sessions=True)


def pause(db: Database, session_id: int, *, moment: datetime) -> Changes:
    with db.transaction() as session:
        row = fetch(session, SessionRow, session_id, what="That session")
        if row.paused_at is None:
            row.paused_at = moment
    return Changes(sessions=True)


def resume(db: Database, session_id: int, *, paused_seconds: float) -> Changes:
    """Resume the clock; `paused_seconds` is all the time spent paused so far."""
    with db.transaction() as session:
        row = fetch(session, SessionRow, session_id, what="That session")
        row.paused_at = None
        row.paused_seconds = max(row.paused_seconds, paused_seconds)
    return Changes(sessions=True)


def finish(db: Database, session_id: int, *, moment: datetime, offset_seconds: float) -> int:
    """Finish the session: end the current item and close every state still running.

    Returns how many running states were closed.
    """
    with db.transaction() as session:
        row = fetch(session, SessionRow, session_id, what="That session")
        items = list(row.agenda_items)
        current = _current(items)
        if current is not None:
            items[current].actual_end = moment
        closed = close_running_states(session, row.id, offset_seconds)
        if row.paused_at is not None:
            row.paused_seconds += max(0.0, (moment - row.paused_at).total_seconds())
            row.paused_at = None
        row.status = SessionStatus.FINISHED
        row.finished_at = moment
    return closed


def live_session_id(db: Database) -> int | None:
    """Return the session left live (after a crash, say), to reopen it, or None."""
    with db.reading() as session:
        return session.scalar(
            select(SessionRow.id)
            .where(SessionRow.status == SessionStatus.LIVE)
            .order_by(SessionRow.live_started_at.desc())
            .limit(1)
        )


def author(db: Database) -> str:
    """Return the name this laptop's captures are signed with ("" until it is set)."""
    with db.reading() as session:
        row = session.get(AppMetaRow, AUTHOR_KEY)
        return row.value if row else ""


def set_author(db: Database, name: str) -> Changes:
    """Sign this laptop's captures with `name` from now on."""
    name = clean_text(name, field="author", label="Your name", limit=100, required=True)
    with db.transaction() as session:
        session.merge(AppMetaRow(key=AUTHOR_KEY, value=name))
    return Changes()
