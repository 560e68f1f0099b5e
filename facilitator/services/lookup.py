"""Fetch one row by id inside a service's transaction, or say plainly that it has gone."""

from sqlalchemy.orm import Session

from facilitator.domain.errors import NotFoundError


def fetch[R](session: Session, row_type: type[R], row_id: int, *, what: str) -> R:
    """Return the row, or raise NotFoundError naming `what` ("That session")."""
    row = session.get(row_type, row_id)
    if row is None:
        raise NotFoundError(f"{what} no longer exists. It may have been deleted.")
    return row
