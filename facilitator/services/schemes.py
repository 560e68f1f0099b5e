"""Read coding schemes and change a code's key."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from facilitator.domain.changes import Changes
from facilitator.domain.coding import check_keys, normalise_key
from facilitator.domain.errors import NotFoundError
from facilitator.domain.snapshots import CodingScheme
from facilitator.services import snapshots
from facilitator.storage.database import Database
from facilitator.storage.tables import CodeRow, CodingSchemeRow


def list_schemes(db: Database) -> list[CodingScheme]:
    """Return every coding scheme with its codes, built-in ones first."""
    with db.reading() as session:
        rows = session.scalars(
            select(CodingSchemeRow)
            .options(selectinload(CodingSchemeRow.codes))
            .order_by(CodingSchemeRow.builtin.desc(), CodingSchemeRow.name)
        ).all()
        return [snapshots.coding_scheme(row) for row in rows]


def set_code_key(db: Database, *, code_id: int, key: str) -> Changes:
    """Give a code a new capture key, refusing a key another code of its scheme has."""
    new_key = normalise_key(key)
    with db.transaction() as session:
        code = session.get(CodeRow, code_id, options=[selectinload(CodeRow.scheme)])
        if code is None:
            raise NotFoundError("That code no longer exists.")
        others = [(c.label, c.key) for c in code.scheme.codes if c.id != code.id]
        check_keys([*others, (code.label, new_key)], scheme_name=code.scheme.name)
        code.key = new_key
    return Changes(schemes=True)
