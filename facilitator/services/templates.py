"""Programme templates: the built-in ones and those saved with "Save as template"."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.changes import Changes
from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import LONG_TEXT, SHORT_TEXT, ModuleFields, clean_text
from facilitator.domain.snapshots import TemplateChoice
from facilitator.services.builtin import builtin_templates
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import ModuleRow, ProgrammeRow, ProgrammeTemplateRow

BUILTIN_PREFIX = "builtin:"
SAVED_PREFIX = "saved:"


def list_templates(db: Database) -> list[TemplateChoice]:
    """Return the built-in templates, then the saved ones, each by title."""
    choices = [
        TemplateChoice(
            key=BUILTIN_PREFIX + spec.slug,
            title=spec.title,
            description=spec.description,
            builtin=True,
            cohort_cap=spec.cohort_cap,
            module_titles=tuple(module.title for module in spec.modules),
        )
        for spec in sorted(builtin_templates().values(), key=lambda spec: spec.title.casefold())
    ]
    with db.reading() as session:
        for row in session.scalars(select(ProgrammeTemplateRow)):
            choices.append(
                TemplateChoice(
                    key=SAVED_PREFIX + row.uuid,
                    title=row.title,
                    description=row.description,
                    builtin=False,
                    cohort_cap=row.cohort_cap,
                    module_titles=tuple(module.title for module in _saved_modules(row)),
                )
            )
    saved = sorted(choices[len(builtin_templates()) :], key=lambda c: c.title.casefold())
    return choices[: len(builtin_templates())] + saved


def _saved_modules(row: ProgrammeTemplateRow) -> list[ModuleFields]:
    """Read a saved template's modules, skipping any entry that is not a valid module."""
    modules = []
    for entry in row.modules if isinstance(row.modules, list) else []:
        if not isinstance(entry, dict):
            continue
        themes = entry.get("themes")
        days = entry.get("days")
        try:
            modules.append(
                ModuleFields(
                    title=str(entry.get("title", "")),
                    days=days if isinstance(days, int) and not isinstance(days, bool) else None,
                    themes=tuple(str(t) for t in themes) if isinstance(themes, list) else (),
                ).checked()
            )
        except InvalidInputError:
            continue
    return modules


def template_modules(session: Session, key: str) -> tuple[list[ModuleFields], int]:
    """Return the modules and cohort cap of the template with this key."""
    if key.startswith(BUILTIN_PREFIX):
        spec = builtin_templates().get(key.removeprefix(BUILTIN_PREFIX))
        if spec is not None:
            modules = [
                ModuleFields(title=m.title, days=m.days, themes=m.themes) for m in spec.modules
            ]
            return modules, spec.cohort_cap
    elif key.startswith(SAVED_PREFIX):
        row = session.scalar(
            select(ProgrammeTemplateRow).where(
                ProgrammeTemplateRow.uuid == key.removeprefix(SAVED_PREFIX)
            )
        )
        if row is not None:
            return _saved_modules(row), row.cohort_cap
    raise NotFoundError("That template no longer exists.")


def append_template_modules(session: Session, programme: ProgrammeRow, key: str) -> int:
    """Add the template's modules after the programme's own; return how many were added."""
    modules, _cap = template_modules(session, key)
    start = max((module.position for module in programme.modules), default=0)
    for offset, module in enumerate(modules, start=1):
        programme.modules.append(
            ModuleRow(
                position=start + offset,
                title=module.title,
                days=module.days,
                themes=list(module.themes),
            )
        )
    return len(modules)


def add_modules_from_template(db: Database, programme_id: int, key: str) -> Changes:
    """Add a template's modules to the end of a programme."""
    with db.transaction() as session:
        programme = fetch(session, ProgrammeRow, programme_id, what="That programme")
        added = append_template_modules(session, programme, key)
    return Changes(programmes=True) if added else Changes()


def save_as_template(
    db: Database, programme_id: int, *, title: str, description: str = ""
) -> Changes:
    """Save the programme's modules (titles, lengths, themes) as a template of the user's own."""
    title = clean_text(
        title, field="title", label="The template's name", limit=SHORT_TEXT, required=True
    )
    description = clean_text(
        description, field="description", label="The description", limit=LONG_TEXT
    )
    taken = {spec.title.casefold() for spec in builtin_templates().values()}
    with db.transaction() as session:
        programme = fetch(session, ProgrammeRow, programme_id, what="That programme")
        if not programme.modules:
            raise InvalidInputError(
                "This programme has no modules yet: add some before saving it as a template."
            )
        taken |= {t.casefold() for t in session.scalars(select(ProgrammeTemplateRow.title))}
        if title.casefold() in taken:
            raise InvalidInputError(
                f"A template called “{title}” already exists. Choose another name.", field="title"
            )
        session.add(
            ProgrammeTemplateRow(
                title=title,
                description=description,
                cohort_cap=programme.cohort_cap,
                modules=[_module_entry(module) for module in programme.modules],
            )
        )
    return Changes(library=True)


def _module_entry(module: ModuleRow) -> dict[str, Any]:
    return {"title": module.title, "days": module.days, "themes": list(module.themes or [])}


def delete_template(db: Database, key: str) -> Changes:
    """Delete a template the user saved; built-in ones cannot be deleted."""
    if not key.startswith(SAVED_PREFIX):
        raise InvalidInputError("Built-in templates cannot be deleted.")
    with db.transaction() as session:
        row = session.scalar(
            select(ProgrammeTemplateRow).where(
                ProgrammeTemplateRow.uuid == key.removeprefix(SAVED_PREFIX)
            )
        )
        if row is None:
            raise NotFoundError("That template no longer exists.")
        session.delete(row)
    return Changes(library=True)
