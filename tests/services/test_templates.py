"""Programme templates: the built-in ones, saving a programme as one, and building from them."""

import pytest
from sqlalchemy import select

from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import ModuleFields, ProgrammeFields
from facilitator.domain.snapshots import ProgrammeSummary, TemplateChoice
from facilitator.services.builtin import builtin_templates
from facilitator.services.modules import add_module, module_fields
from facilitator.services.programmes import create_programme, module_detail, programme_detail
from facilitator.services.templates import (
    add_modules_from_template,
    delete_template,
    list_templates,
    save_as_template,
)
from facilitator.storage.database import Database
from facilitator.storage.tables import ProgrammeTemplateRow

BUILTIN = "builtin:building-collaborative-leadership"
BUILTIN_TITLE = "Building collaborative leadership"


def saved(db: Database, title: str) -> TemplateChoice:
    (choice,) = [c for c in list_templates(db) if c.title == title]
    return choice


def test_builtin_templates_are_listed_with_their_modules(store: Database) -> None:
    """Each shipped template is offered under a "builtin:" key with its module titles."""
    templates = list_templates(store)
    assert [c.key for c in templates] == [f"builtin:{slug}" for slug in builtin_templates()]
    (choice,) = templates
    spec = builtin_templates()["building-collaborative-leadership"]
    assert (choice.key, choice.title, choice.builtin) == (BUILTIN, BUILTIN_TITLE, True)
    assert choice.cohort_cap == spec.cohort_cap
    assert choice.module_titles == tuple(m.title for m in spec.modules)


def test_saved_template_keeps_modules_days_and_themes(
    store: Database, sample: ProgrammeSummary
) -> None:
    """A programme saved as a template rebuilds the same modules in a new programme."""
    changes = save_as_template(store, sample.id, title=" Wealdmoor shape ", description="Ours")
    assert changes.library
    choice = saved(store, "Wealdmoor shape")
    assert choice.key.startswith("saved:") and not choice.builtin
    assert choice.description == "Ours"
    assert choice.module_titles == tuple(m.title for m in sample.modules)
    programme_id, _ = create_programme(
        store, ProgrammeFields(title="Cohort 3"), template_key=choice.key
    )
    copies = [module_detail(store, m.id) for m in programme_detail(store, programme_id).modules]
    originals = [module_detail(store, m.id) for m in sample.modules]
    assert [module_fields(m) for m in copies] == [module_fields(m) for m in originals]


def test_saved_templates_follow_the_builtin_ones_by_title(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Built-in templates come first, then the user's own in alphabetical order."""
    for title in ("zebra", "Apple", "mango"):
        save_as_template(store, sample.id, title=title)
    assert [c.title for c in list_templates(store)] == [BUILTIN_TITLE, "Apple", "mango", "zebra"]


@pytest.mark.parametrize("title", ["building COLLABORATIVE leadership", "Mine", "MINE"])
def test_template_name_already_taken_is_refused(
    store: Database, sample: ProgrammeSummary, title: str
) -> None:
    """A template cannot share a name, in any case, with a built-in or a saved one."""
    save_as_template(store, sample.id, title="Mine")
    with pytest.raises(InvalidInputError) as caught:
        save_as_template(store, sample.id, title=title)
    assert caught.value.field == "title"
    assert len(list_templates(store)) == 2


def test_template_needs_a_name(store: Database, sample: ProgrammeSummary) -> None:
    """An empty template name is refused."""
    with pytest.raises(InvalidInputError) as caught:
        save_as_template(store, sample.id, title="  ")
    assert caught.value.field == "title"


def test_programme_without_modules_cannot_be_saved_as_a_template(store: Database) -> None:
    """There is nothing to save from a programme with no modules."""
    programme_id, _ = create_programme(store, ProgrammeFields(title="Empty"))
    with pytest.raises(InvalidInputError):
        save_as_template(store, programme_id, title="Nothing")
    assert len(list_templates(store)) == 1


def test_add_modules_from_a_template_appends_them(
    store: Database, sample: ProgrammeSummary
) -> None:
    """A template's modules are added after the programme's own, numbered on from them."""
    changes = add_modules_from_template(store, sample.id, BUILTIN)
    assert changes.programmes
    modules = programme_detail(store, sample.id).modules
    assert [m.position for m in modules] == list(range(1, 9))
    assert [m.title for m in modules[4:]] == [m.title for m in sample.modules]
    assert [m.id for m in modules[:4]] == [m.id for m in sample.modules]


def test_add_modules_from_a_missing_template_is_not_found(
    store: Database, sample: ProgrammeSummary
) -> None:
    """An unknown or deleted template is reported and the programme is unchanged."""
    for key in ("builtin:nope", "saved:nope", "other", ""):
        with pytest.raises(NotFoundError):
            add_modules_from_template(store, sample.id, key)
    assert len(programme_detail(store, sample.id).modules) == 4


def test_delete_saved_template(store: Database, sample: ProgrammeSummary) -> None:
    """A saved template can be deleted, once."""
    save_as_template(store, sample.id, title="Mine")
    key = saved(store, "Mine").key
    assert delete_template(store, key).library
    assert [c.title for c in list_templates(store)] == [BUILTIN_TITLE]
    with pytest.raises(NotFoundError):
        delete_template(store, key)


def test_builtin_template_cannot_be_deleted(store: Database) -> None:
    """Built-in templates are refused for deletion and stay listed."""
    with pytest.raises(InvalidInputError):
        delete_template(store, BUILTIN)
    assert [c.key for c in list_templates(store)] == [BUILTIN]


def test_saved_template_skips_damaged_module_entries(store: Database) -> None:
    """Entries that are not valid modules are left out rather than breaking the template."""
    with store.transaction() as session:
        session.add(
            ProgrammeTemplateRow(
                title="Damaged",
                modules=[
                    {"title": "Good", "days": 2, "themes": ["One"]},
                    {"title": ""},
                    "not a module",
                    {"title": "Too long", "days": 99},
                    {"title": "Odd days", "days": True, "themes": "not a list"},
                ],
            )
        )
        session.flush()
        uuid = session.scalar(
            select(ProgrammeTemplateRow.uuid).where(ProgrammeTemplateRow.title == "Damaged")
        )
    choice = saved(store, "Damaged")
    assert choice.module_titles == ("Good", "Odd days")
    programme_id, _ = create_programme(
        store, ProgrammeFields(title="P"), template_key=f"saved:{uuid}"
    )
    modules = [module_detail(store, m.id) for m in programme_detail(store, programme_id).modules]
    assert [module_fields(m) for m in modules] == [
        ModuleFields("Good", days=2, themes=("One",)),
        ModuleFields("Odd days"),
    ]


def test_template_saved_after_edits_reflects_them(
    store: Database, sample: ProgrammeSummary
) -> None:
    """A template holds the modules as they are when it is saved."""
    add_module(store, sample.id, ModuleFields("Extra", days=1))
    save_as_template(store, sample.id, title="With extra")
    assert saved(store, "With extra").module_titles[-1] == "Extra"
