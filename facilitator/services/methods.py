"""The method library: reusable activities to put into agendas."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.changes import Changes
from facilitator.domain.content import builtin_uuid
from facilitator.domain.errors import InvalidInputError
from facilitator.domain.fields import AgendaItemFields, MethodFields
from facilitator.domain.methods import MethodSpec
from facilitator.domain.snapshots import Method
from facilitator.services import snapshots
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import MethodRow

LIBRARY = Changes(library=True)


def list_methods(db: Database, *, search: str = "") -> list[Method]:
    """Return the library by title; `search` keeps methods whose text holds every word."""
    with db.reading() as session:
        methods = [snapshots.method(row) for row in session.scalars(select(MethodRow))]
    words = search.casefold().split()
    if words:
        methods = [method for method in methods if _matches(method, words)]
    return sorted(methods, key=lambda method: method.title.casefold())


def _matches(method: Method, words: list[str]) -> bool:
    text = " ".join((method.title, method.description, method.purpose, method.materials)).casefold()
    return all(word in text for word in words)


def add_method(db: Database, fields: MethodFields) -> int:
    fields = fields.checked()
    with db.transaction() as session:
        _refuse_duplicate(session, fields.title)
        row = MethodRow(builtin=False)
        _apply(row, fields)
        session.add(row)
        session.flush()
        return row.id


def update_method(db: Database, method_id: int, fields: MethodFields) -> Changes:
    fields = fields.checked()
    with db.transaction() as session:
        row = fetch(session, MethodRow, method_id, what="That method")
        _refuse_duplicate(session, fields.title, except_id=row.id)
        _apply(row, fields)
    return LIBRARY


def delete_method(db: Database, method_id: int) -> Changes:
    """Delete a method from the library; agendas that used it keep their items."""
    with db.transaction() as session:
        session.delete(fetch(session, MethodRow, method_id, what="That method"))
    return LIBRARY


def _refuse_duplicate(session: Session, title: str, *, except_id: int | None = None) -> None:
    for other_id, other in session.execute(select(MethodRow.id, MethodRow.title)):
        if other_id != except_id and other.casefold() == title.casefold():
            raise InvalidInputError(
                f"The library already has a method called “{other}”.", field="title"
            )


def _apply(row: MethodRow, fields: MethodFields) -> None:
    row.title = fields.title
    row.description = fields.description
    row.purpose = fields.purpose
    row.typical_minutes = fields.typical_minutes
    row.materials = fields.materials


def method_fields(method: Method) -> MethodFields:
    return MethodFields(
        title=method.title,
        description=method.description,
        purpose=method.purpose,
        typical_minutes=method.typical_minutes,
        materials=method.materials,
    )


def as_agenda_item(method: Method) -> AgendaItemFields:
    """Return the agenda item an activity from the library becomes."""
    return AgendaItemFields(
        title=method.title,
        minutes=method.typical_minutes,
        method=method.title,
        purpose=method.purpose,
        materials=method.materials,
    )


def method_row(spec: MethodSpec) -> MethodRow:
    """Return a built-in method as a new row, with its stable UUID."""
    return MethodRow(
        uuid=builtin_uuid("method", spec.slug),
        slug=spec.slug,
        title=spec.title,
        description=spec.description,
        purpose=spec.purpose,
        typical_minutes=spec.typical_minutes,
        materials=spec.materials,
        builtin=True,
    )
