"""Put the built-in content into a database: once, and never again after the user removes it."""

import json
import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.changes import Changes
from facilitator.domain.content import SchemeSpec, builtin_uuid
from facilitator.domain.errors import ContentError
from facilitator.services.builtin import builtin_methods, builtin_schemes
from facilitator.services.methods import method_row
from facilitator.services.sample import add_sample_programme
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    AppMetaRow,
    CodeRow,
    CodingSchemeRow,
    MethodRow,
    ProgrammeRow,
)

log = logging.getLogger(__name__)

SCHEMES_KEY = "builtin_schemes_installed"
SAMPLE_KEY = "sample_programme_loaded"
METHODS_KEY = "builtin_methods_installed"


def install_builtin_content(db: Database, *, today: date | None = None) -> Changes:
    """Add any built-in scheme or method this file has never had, and the sample to a file
    with none of its own programmes.

    Anything the user has since deleted is not brought back: the file remembers what it was
    given.
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
        changes = changes | _add_missing_methods(session, meta)
        if SAMPLE_KEY not in meta:
            # Only a file with no programmes of its own gets the sample: a new file, or one
            # whose first run was cut short. An older file being upgraded keeps just its own.
            has_programmes = session.scalar(select(ProgrammeRow.id).limit(1)) is not None
            if not has_programmes and _add_sample(session, today=today or date.today()):
                changes = changes | Changes(programmes=True, sessions=True, observations=True)
            session.add(AppMetaRow(key=SAMPLE_KEY, value="1"))
    return changes


def _add_missing_methods(session: Session, meta: dict[str, AppMetaRow]) -> Changes:
    given = set(json.loads(meta[METHODS_KEY].value)) if METHODS_KEY in meta else set()
    missing = [spec for spec in builtin_methods() if spec.slug not in given]
    if not missing:
        return Changes()
    titles = {title.casefold() for title in session.scalars(select(MethodRow.title))}
    for spec in missing:
        if spec.title.casefold() not in titles:  # one of the user's own has the name: theirs wins
            session.add(method_row(spec))
    given.update(spec.slug for spec in missing)
    session.merge(AppMetaRow(key=METHODS_KEY, value=json.dumps(sorted(given))))
    return Changes(library=True)


def _add_sample(session: Session, *, today: date) -> bool:
    """Add the sample programme; if its file is broken, go on without it (and log why)."""
    session.flush()
    try:
        with session.begin_nested():
            add_sample_programme(session, today=today)
    except (ContentError, KeyError, TypeError, ValueError) as error:
        # The sample is a convenience: a damaged copy of it must never stop the app opening.
        log.warning("The sample programme was not loaded (%s)", type(error).__name__)
        return False
    return True


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
