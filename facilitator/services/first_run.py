"""Put the built-in content into a database: once, and never again after the user removes it."""

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.changes import Changes
from facilitator.domain.content import SchemeSpec, builtin_uuid
from facilitator.services.builtin import builtin_schemes
from facilitator.services.sample import add_sample_programme
from facilitator.storage.database import Database
from facilitator.storage.tables import AppMetaRow, CodeRow, CodingSchemeRow

SCHEMES_KEY = "builtin_schemes_installed"
SAMPLE_KEY = "sample_programme_loaded"


def install_builtin_content(db: Database, *, today: date | None = None) -> Changes:
    """Add any built-in scheme this file has never had, and the sample on the very first run.

    A scheme or sample the user has since deleted is not brought back: the file remembers what
    it was given.
    """
    with db.transaction() as session:
        meta = {row.key: row for row in session.scalars(select(AppMetaRow))}
        installed = set(json.loads(meta[SCHEMES_KEY].value)) if SCHEMES_KEY in meta else set()
        missing = [scheme for scheme in builtin_schemes() if scheme.slug not in installed]
        for scheme in missing:
            _add_scheme(session, scheme)
        changes = Changes(schemes=bool(missing))
        if missing:
            installed.update(scheme.slug for scheme in missing)
            session.merge(AppMetaRow(key=SCHEMES_KEY, value=json.dumps(sorted(installed))))
        if SAMPLE_KEY not in meta:
            session.flush()
            add_sample_programme(session, today=today or date.today())
            session.add(AppMetaRow(key=SAMPLE_KEY, value="1"))
            changes = changes | Changes(programmes=True, sessions=True, observations=True)
    return changes


def _add_scheme(session: Session, spec: SchemeSpec) -> None:
    if session.scalar(select(CodingSchemeRow.id).where(CodingSchemeRow.slug == spec.slug)):
        return  # a scheme of the user's own already has this slug: theirs wins
    scheme = CodingSchemeRow(
        uuid=builtin_uuid("scheme", spec.slug),
        slug=spec.slug,
        name=spec.name,
        description=spec.description,
        source=spec.source,
        builtin=True,
    )
    for position, code in enumerate(spec.codes, start=1):
        scheme.codes.append(
            CodeRow(
                uuid=builtin_uuid("scheme", spec.slug, "code", code.slug),
                position=position,
                slug=code.slug,
                label=code.label,
                description=code.description,
                colour=code.colour,
                key=code.key,
                kind=code.kind,
                qualifier_name=code.qualifier_name,
                qualifier_choices=list(code.qualifier_choices),
                exclusive_group=code.exclusive_group,
            )
        )
    session.add(scheme)
