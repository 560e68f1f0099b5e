"""A programme's modules: add, edit, reorder and remove them."""

from sqlalchemy import func, select

from facilitator.domain.changes import Changes
from facilitator.domain.fields import ModuleFields
from facilitator.domain.snapshots import ModuleDetail, ModuleSummary
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import ModuleRow, ProgrammeRow

MODULES = Changes(programmes=True, sessions=True)


def add_module(db: Database, programme_id: int, fields: ModuleFields) -> int:
    """Add a module after the programme's last one and return its id."""
    fields = fields.checked()
    with db.transaction() as session:
        fetch(session, ProgrammeRow, programme_id, what="That programme")
        last = session.scalar(
            select(func.max(ModuleRow.position)).where(ModuleRow.programme_id == programme_id)
        )
        row = ModuleRow(
            programme_id=programme_id,
            position=(last or 0) + 1,
            title=fields.title,
            days=fields.days,
            themes=list(fields.themes),
        )
        session.add(row)
        session.flush()
        return row.id


def update_module(db: Database, module_id: int, fields: ModuleFields) -> Changes:
    fields = fields.checked()
    with db.transaction() as session:
        row = fetch(session, ModuleRow, module_id, what="That module")
        row.title, row.days, row.themes = fields.title, fields.days, list(fields.themes)
    return MODULES


def module_fields(module: ModuleDetail | ModuleSummary) -> ModuleFields:
    """Return the editable fields of a module, from its page's detail or its summary."""
    return ModuleFields(title=module.title, days=module.days, themes=module.themes)


def delete_module(db: Database, module_id: int) -> Changes:
    """Delete a module; its sessions stay in the programme, outside any module."""
    with db.transaction() as session:
        row = fetch(session, ModuleRow, module_id, what="That module")
        programme = row.programme
        for planned in list(row.sessions):
            planned.module = None
        programme.modules.remove(row)
        session.delete(row)
        for position, module in enumerate(programme.modules, start=1):
            module.position = position
    return MODULES


def move_module(db: Database, module_id: int, *, offset: int) -> Changes:
    """Move a module up (offset -1) or down (+1) the programme's order."""
    with db.transaction() as session:
        row = fetch(session, ModuleRow, module_id, what="That module")
        modules = list(row.programme.modules)
        old = modules.index(row)
        new = max(0, min(len(modules) - 1, old + offset))
        if new == old:
            return Changes()
        modules.insert(new, modules.pop(old))
        for position, module in enumerate(modules, start=1):
            module.position = position
    return MODULES
