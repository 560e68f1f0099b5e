"""The review tab: the day's captures filtered, read in full, edited, deleted and marked, each
change undoable."""

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QComboBox, QLabel

from facilitator.domain.changes import Changes
from facilitator.domain.enums import ConflictStatus, SubjectKind
from facilitator.domain.review_filter import OUTSIDE_ITEMS, ReviewFilter, facts_of, matches
from facilitator.domain.snapshots import Observation, SessionDetail
from facilitator.services import conflicts, programmes
from facilitator.services.capture_commands import CaptureFields
from facilitator.services.writeup import factor_codes
from facilitator.storage.database import Database
from facilitator.ui import dialogs
from facilitator.ui.capture_dialog import CaptureDialog
from facilitator.ui.main_window import MainWindow
from facilitator.ui.navigation import NodeKind
from facilitator.ui.review_model import MARKS, NUMBER, ReviewModel
from facilitator.ui.review_tab import EMPTY_SESSION, NOTHING_MATCHES, ReviewTab
from facilitator.ui.timeline_model import NOTE, note_text
from facilitator.ui.undo import UndoHub

from .screens import LAPTOP_SIZE, render_review


def session_ids(db: Database) -> tuple[int, int]:
    """Return the ids of the sample's "Day one" (83 captures) and "Day two" (none)."""
    (programme,) = programmes.list_programmes(db)
    day_one, day_two = programme.modules[2].sessions
    return day_one.id, day_two.id


class Review:
    """A review tab on "Day one" with an undo hub that shows each change as the app does."""

    def __init__(self, qtbot, db: Database, session_id: int) -> None:
        self.db = db
        self.session_id = session_id
        self.owner = QObject()
        self.problems: list[str] = []
        self.hub = UndoHub(
            self.owner,
            store=lambda: db,
            apply_changes=self.reshow,
            show_problem=self.problems.append,
        )
        self.hub.activate(session_id)
        self.tab = ReviewTab()
        qtbot.addWidget(self.tab)
        self.tab.attach_store(db)
        self.tab.hub = self.hub
        self.tab.resize(1100, 600)
        self.tab.show()
        qtbot.waitExposed(self.tab)
        self.reshow(Changes(observations=True))

    def detail(self) -> SessionDetail:
        return programmes.session_detail(self.db, self.session_id)

    def reshow(self, _changes: Changes) -> None:
        self.tab.show_session(self.detail())

    def undo(self) -> None:
        self.hub.stack_for(self.session_id).undo()

    def redo(self) -> None:
        self.hub.stack_for(self.session_id).redo()

    def shown(self) -> list[Observation]:
        return [self.tab.proxy.observation(row) for row in range(self.tab.proxy.rowCount())]

    def numbers(self) -> list[int | None]:
        return [observation.number for observation in self.shown()]

    def stored(self, number: int) -> Observation:
        return next(o for o in self.detail().observations if o.number == number)

    def unflagged(self, from_number: int) -> Observation:
        """Return the first capture from `from_number` on that is neither key moment nor quote."""
        return next(
            o
            for o in self.detail().observations
            if (o.number or 0) >= from_number and not (o.key_moment or o.quote)
        )

    def choose(self, name: str, value: object) -> None:
        combo: QComboBox = self.tab.filters.combos[name]
        index = combo.findData(value)
        assert index >= 0, f"{name} does not offer {value!r}"
        combo.setCurrentIndex(index)

    def pick(self, qtbot, number: int) -> Observation:
        """Click the row of capture `number` and leave the keyboard focus in the timeline."""
        observation = self.stored(number)
        row = self.tab.proxy.row_of(observation.uuid)
        assert row is not None
        index = self.tab.proxy.index(row, NOTE)
        self.tab.view.scrollTo(index)
        qtbot.mouseClick(
            self.tab.view.viewport(),
            Qt.MouseButton.LeftButton,
            pos=self.tab.view.visualRect(index).center(),
        )
        self.tab.view.setFocus()
        assert self.tab.selected() == observation
        return observation


@pytest.fixture
def review(qtbot, store: Database) -> Review:
    return Review(qtbot, store, session_ids(store)[0])


# Showing --------------------------------------------------------------------------------------


def test_the_whole_day_shows_in_session_order_with_numbers(review: Review) -> None:
    """All 83 captures show, oldest first, each with its number; nothing is filtered."""
    numbers = review.numbers()
    assert len(numbers) == 83
    assert numbers == sorted(numbers) and numbers[0] == 1
    assert review.tab.proxy.index(0, NUMBER).data() == "#1"
    assert review.tab.count.text() == "83 captures"
    assert not review.tab.filters.clear.isEnabled()


def test_marks_show_key_moments_and_quotes(review: Review) -> None:
    """★ marks a key moment and ❝ a quote in their own narrow column."""
    plain = review.unflagged(0)
    review.tab.select(plain.uuid)
    row = review.tab.proxy.row_of(plain.uuid)
    assert review.tab.proxy.index(row, MARKS).data() == ""
    review.tab.toggle_key_moment()
    review.tab.toggle_quote()
    assert review.tab.proxy.index(row, MARKS).data() == "★❝"
    assert review.tab.proxy.index(row, MARKS).data(Qt.ItemDataRole.ToolTipRole) == (
        "Key moment and Quote"
    )


def test_an_empty_session_says_so(qtbot, store: Database) -> None:
    """A session with no captures shows a sentence, not an empty table."""
    empty = Review(qtbot, store, session_ids(store)[1])
    assert empty.tab.pages.currentWidget() is empty.tab.placeholder
    assert empty.tab.placeholder.text() == EMPTY_SESSION
    assert empty.tab.count.text() == "0 captures"


# Filtering ------------------------------------------------------------------------------------


def test_scheme_filter_narrows_rows_and_the_codes_offered(review: Review) -> None:
    """Choosing a scheme shows only its captures and offers only its codes."""
    everything = review.detail().observations
    review.choose("scheme", "kantor-four-player")

    expected = [
        o.number for o in everything if any(c.scheme_slug == "kantor-four-player" for c in o.codes)
    ]
    assert review.numbers() == expected
    codes = review.tab.filters.combos["code"]
    offered = [codes.itemText(i) for i in range(1, codes.count())]
    assert [text.split(" (")[0] for text in offered] == ["Move", "Follow", "Oppose", "Bystand"]
    assert review.tab.count.text() == f"Showing {len(expected)} of 83 captures"


def test_code_filter_finds_one_code(review: Review) -> None:
    """Choosing a code shows only the captures with it; changing scheme lets it go."""
    everything = review.detail().observations
    oppose = next(c for o in everything for c in o.codes if c.slug == "oppose")
    review.choose("scheme", "kantor-four-player")
    review.choose("code", oppose.code_id)

    expected = [o.number for o in everything if oppose.code_id in {c.code_id for c in o.codes}]
    assert review.numbers() == expected and expected
    review.choose("scheme", "advocacy-inquiry")
    assert review.tab.filters.value().code_id is None, "a code of another scheme is dropped"


def test_participant_filter_finds_them_in_any_role(review: Review) -> None:
    """A participant's captures are those about them, by them or to them."""
    everything = review.detail().observations
    person = next(s for o in everything for s in o.subjects if s.kind is SubjectKind.PARTICIPANT)
    review.choose("participant", person.ref_id)

    expected = [
        o.number
        for o in everything
        if any(s.kind is SubjectKind.PARTICIPANT and s.ref_id == person.ref_id for s in o.subjects)
    ]
    assert review.numbers() == expected and expected


def test_organisation_filter_counts_its_people_too(review: Review) -> None:
    """An organisation's captures include those about its participants."""
    detail = review.detail()
    member = {p.id: p.organisation_id for p in detail.cohort}
    place = detail.organisations[0]

    def concerns(observation: Observation) -> bool:
        return any(
            (s.kind is SubjectKind.ORGANISATION and s.ref_id == place.id)
            or (s.kind is SubjectKind.PARTICIPANT and member.get(s.ref_id) == place.id)
            for s in observation.subjects
        )

    expected = [o.number for o in detail.observations if concerns(o)]
    assert expected
    review.choose("organisation", place.id)
    assert review.numbers() == expected


def test_agenda_item_and_author_filters_combine(review: Review) -> None:
    """Filters add up: one agenda item by one author."""
    detail = review.detail()
    item = detail.agenda[0]
    review.choose("item", item.id)
    assert review.numbers() == [
        o.number for o in detail.observations if o.agenda_item_id == item.id
    ]
    review.choose("author", "Facilitator 2")
    expected = [
        o.number
        for o in detail.observations
        if o.agenda_item_id == item.id and o.author == "Facilitator 2"
    ]
    assert review.numbers() == expected
    assert review.tab.filters.clear.isEnabled()


def test_free_text_searches_notes_people_and_codes(qtbot, review: Review) -> None:
    """Every word typed must appear in the note, the people or the codes; case does not matter."""
    detail = review.detail()
    qtbot.keyClicks(review.tab.filters.search, "BUDGET")
    expected = [o.number for o in detail.observations if "budget" in o.note.casefold()]
    assert review.numbers() == expected and expected

    review.tab.filters.search.clear()
    qtbot.keyClicks(review.tab.filters.search, "whole group honest")
    numbers = review.numbers()
    assert numbers
    for number in numbers:
        observation = review.stored(number)
        assert any(s.name == "Whole group" for s in observation.subjects)
        assert "honest" in (observation.note + " ".join(c.label for c in observation.codes)).lower()


def test_hash_and_a_number_finds_that_capture(qtbot, review: Review) -> None:
    """Typing #12 finds capture 12 and no other (not 1, 120 or 112)."""
    qtbot.keyClicks(review.tab.filters.search, "#12")
    assert review.numbers() == [12]


def test_key_moments_and_quotes_only(qtbot, review: Review) -> None:
    """The toggle leaves only captures marked as key moments or quotes."""
    review.tab.select(review.stored(3).uuid)
    review.tab.toggle_quote()
    qtbot.mouseClick(review.tab.filters.flagged, Qt.MouseButton.LeftButton)
    expected = [o.number for o in review.detail().observations if o.key_moment or o.quote]
    assert 3 in expected
    assert review.numbers() == expected


def test_nothing_matching_says_so_and_clear_filters_brings_all_back(qtbot, review: Review) -> None:
    """A search that finds nothing says so; Clear filters shows every capture again."""
    review.choose("author", "Facilitator 2")
    qtbot.keyClicks(review.tab.filters.search, "zzzz-nothing")
    assert review.tab.pages.currentWidget() is review.tab.placeholder
    assert review.tab.placeholder.text().startswith(NOTHING_MATCHES)
    assert review.tab.count.text() == "Showing 0 of 83 captures"

    qtbot.mouseClick(review.tab.filters.clear, Qt.MouseButton.LeftButton)
    assert len(review.numbers()) == 83
    assert review.tab.filters.value() == ReviewFilter()
    assert review.tab.filters.search.text() == ""
    assert not review.tab.filters.clear.isEnabled()


def test_ctrl_f_goes_to_the_search_field(qtbot, review: Review) -> None:
    """Ctrl+F from the timeline puts the cursor in the search field."""
    review.pick(qtbot, 5)
    qtbot.keyClick(review.tab.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert review.tab.filters.search.hasFocus()


def test_outside_any_item_is_offered_only_when_needed(review: Review) -> None:
    """Captures outside any agenda item get their own choice; without them it is not offered."""
    combo = review.tab.filters.combos["item"]
    outside = any(o.agenda_item_id is None for o in review.detail().observations)
    assert (combo.findData(OUTSIDE_ITEMS) >= 0) == outside


def test_five_thousand_captures_filter_by_search(qtbot, review: Review) -> None:
    """A search over 5,000 captures finds exactly the ones whose text has every word (its
    speed is measured by tests/benchmarks/review.py)."""
    real = review.detail().observations
    many = [
        replace(
            real[number % len(real)],
            id=100_000 + number,
            uuid=str(uuid.uuid4()),
            number=1_000 + number,
            offset_seconds=number * 2.0,
        )
        for number in range(5_000)
    ]
    model = review.tab.model
    model.load(many)
    review.tab.filters.search.setText("budget")
    wanted = sum("budget" in capture.note.casefold() for capture in many)
    assert 0 < review.tab.proxy.rowCount() <= 5_000
    assert review.tab.proxy.rowCount() >= wanted
    review.tab.filters.search.setText("budget the")
    assert review.tab.proxy.rowCount() <= wanted


def test_matches_is_plain_logic(review: Review) -> None:
    """The filter logic works on snapshots alone, without widgets."""
    observation = review.stored(6)
    facts = facts_of(observation, {})
    assert matches(facts, ReviewFilter())
    assert matches(facts, ReviewFilter(text="#6"))
    assert not matches(facts, ReviewFilter(text="#60"))
    flagged = observation.key_moment or observation.quote
    assert matches(facts, ReviewFilter(flagged_only=True)) is flagged


# Reading in full ------------------------------------------------------------------------------


def test_the_detail_pane_shows_the_capture_in_full_as_plain_text(qtbot, review: Review) -> None:
    """Selecting a row shows its number, time, item, whole note, codes and people."""
    observation = review.pick(qtbot, 6)
    detail = review.tab.detail
    assert detail.title.text().startswith("#6 · ")
    assert observation.agenda_item_title in detail.title.text()
    assert detail.note.text() == observation.note
    assert detail.note.textFormat() == Qt.TextFormat.PlainText
    codes = [label.text() for label in detail.findChildren(QLabel, "captureCode")]
    assert codes == [f"{c.label} ({c.scheme_name})" for c in observation.codes]
    assert all(
        label.textFormat() == Qt.TextFormat.PlainText
        for label in detail.findChildren(QLabel)
        if label.isVisible()
    )


def test_a_note_that_looks_like_markup_shows_as_typed(qtbot, review: Review, monkeypatch) -> None:
    """A note with tags in it is shown literally, never rendered."""
    observation = review.pick(qtbot, 4)
    note = "<b>not bold</b> <img src='x.png'> &amp;"
    fields = replace(CaptureFields.of(observation), note=note)
    monkeypatch.setattr(CaptureDialog, "ask", classmethod(lambda cls, *a, **k: fields))
    assert review.tab.edit_selected()
    assert review.tab.detail.note.text() == note
    assert review.tab.detail.note.textFormat() == Qt.TextFormat.PlainText


def test_a_capture_shows_its_conflict_and_its_history(qtbot, review: Review) -> None:
    """A capture linked to a conflict shows the conflict's steps, in order, with notes."""
    opened = datetime(2026, 11, 16, 10, 5, tzinfo=UTC)
    conflict_id = conflicts.open_conflict(
        review.db, review.session_id, "How the fixed budget is shared", moment=opened
    )
    conflicts.set_conflict_status(
        review.db,
        conflict_id,
        ConflictStatus.WORKED_THROUGH,
        session_id=review.session_id,
        moment=opened + timedelta(minutes=40),
        note="Worked through on the over-performance example",
    )
    conflicts.link_capture(review.db, review.stored(8).id, conflict_id)
    review.reshow(Changes(observations=True))

    review.pick(qtbot, 8)
    history = review.tab.detail.conflict
    assert history.isVisible()
    assert history.title.text() == "Conflict: How the fixed budget is shared"
    assert history.summary.text().startswith("Worked through · opened in Day one")
    steps = history.steps.text().splitlines()
    assert steps[0] == "1. 16 Nov 2026 10:05 · Day one · Open"
    assert steps[1] == (
        "2. 16 Nov 2026 10:45 · Day one · Worked through – "
        "Worked through on the over-performance example"
    )

    unlinked = next(o for o in review.detail().observations if o.conflict_id is None)
    review.pick(qtbot, unlinked.number)
    assert not history.isVisible()


# Changing captures ----------------------------------------------------------------------------


def test_enter_edits_through_the_dialog_and_undo_puts_it_back(
    qtbot, review: Review, monkeypatch
) -> None:
    """Enter opens the capture dialog; the saved change shows in the row and undoes."""
    observation = review.pick(qtbot, 10)
    asked: list[dict] = []

    def ask(cls, parent, **details):
        asked.append(details)
        return replace(CaptureFields.of(details["observation"]), note="Put right afterwards")

    monkeypatch.setattr(CaptureDialog, "ask", classmethod(ask))
    qtbot.keyClick(review.tab.view, Qt.Key.Key_Return)

    assert asked[0]["observation"] == observation
    assert asked[0]["when"].startswith("#10 · ")
    assert asked[0]["schemes"], "the dialog offers the schemes the captures use"
    row = review.tab.proxy.row_of(observation.uuid)
    assert review.tab.proxy.index(row, NOTE).data() == "Put right afterwards"
    assert review.stored(10).note == "Put right afterwards"
    assert review.tab.selected().uuid == observation.uuid, "the row stays selected"

    review.undo()
    assert review.stored(10).note == observation.note
    assert review.tab.proxy.index(row, NOTE).data() == note_text(observation)
    assert review.tab.detail.note.text() == observation.note


def test_double_click_edits_and_cancel_changes_nothing(qtbot, review: Review, monkeypatch) -> None:
    """Double-clicking a row opens the dialog; cancelling it leaves the capture and history."""
    observation = review.pick(qtbot, 11)
    asked: list[Observation] = []

    def ask(cls, parent, **details):
        asked.append(details["observation"])
        return None

    monkeypatch.setattr(CaptureDialog, "ask", classmethod(ask))
    index = review.tab.proxy.index(review.tab.proxy.row_of(observation.uuid), NOTE)
    pos = review.tab.view.visualRect(index).center()
    qtbot.mouseClick(review.tab.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(review.tab.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert asked == [observation]
    assert review.hub.stack_for(review.session_id).count() == 0


def test_k_and_q_toggle_key_moment_and_quote_and_undo(qtbot, review: Review) -> None:
    """K marks a key moment and K again unmarks it; Q does the same for a quote; all undo."""
    number = review.unflagged(20).number
    review.pick(qtbot, number)

    qtbot.keyClick(review.tab.view, Qt.Key.Key_K)
    assert review.stored(number).key_moment
    assert review.tab.detail.key_moment_button.isChecked()
    assert "★ Key moment" in review.tab.detail.marks.text()
    qtbot.keyClick(review.tab.view, Qt.Key.Key_Q)
    assert review.stored(number).quote
    qtbot.keyClick(review.tab.view, Qt.Key.Key_K)
    assert not review.stored(number).key_moment and review.stored(number).quote

    stack = review.hub.stack_for(review.session_id)
    assert [stack.text(i) for i in range(stack.count())] == [
        "Mark key moment",
        "Mark as quote",
        "Unmark key moment",
    ]
    review.undo()
    assert review.stored(number).key_moment
    review.undo()
    review.undo()
    assert not review.stored(number).key_moment and not review.stored(number).quote
    assert not review.tab.detail.quote_button.isChecked()


def test_the_buttons_mark_too(qtbot, review: Review) -> None:
    """The Key moment and Quote buttons do what K and Q do."""
    number = review.unflagged(21).number
    review.pick(qtbot, number)
    qtbot.mouseClick(review.tab.detail.key_moment_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(review.tab.detail.quote_button, Qt.MouseButton.LeftButton)
    assert review.stored(number).key_moment and review.stored(number).quote
    assert review.tab.view.hasFocus(), "the keyboard is back in the timeline for the next key"


def test_number_keys_tag_and_untag_the_five_factors(qtbot, review: Review) -> None:
    """Keys 1–5 toggle the factor tags; other codes stay; the boxes follow; undo reverses."""
    factors = factor_codes(review.db)
    number = next(
        o.number
        for o in review.detail().observations
        if o.codes and not {c.code_id for c in o.codes} & {f.id for f in factors}
    )
    observation = review.pick(qtbot, number)
    others = [code.code_id for code in observation.codes]

    qtbot.keyClick(review.tab.view, Qt.Key.Key_1)
    qtbot.keyClick(review.tab.view, Qt.Key.Key_4)
    tagged = [code.code_id for code in review.stored(number).codes]
    assert tagged == [*others, factors[0].id, factors[3].id]
    checks = review.tab.detail.factor_checks
    assert [check.isChecked() for check in checks] == [True, False, False, True, False]
    assert checks[0].text() == f"1  {factors[0].label}"

    qtbot.keyClick(review.tab.view, Qt.Key.Key_1)
    assert [code.code_id for code in review.stored(number).codes] == [*others, factors[3].id]
    review.undo()
    review.undo()
    review.undo()
    assert [code.code_id for code in review.stored(number).codes] == others
    assert not any(check.isChecked() for check in checks)


def test_clicking_a_factor_box_tags_the_capture(qtbot, review: Review) -> None:
    """Ticking a factor's box tags the selected capture with it."""
    factors = factor_codes(review.db)
    review.pick(qtbot, 30)
    box = review.tab.detail.factor_checks[2]
    was = box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    has = factors[2].id in {code.code_id for code in review.stored(30).codes}
    assert has is not was
    assert box.isChecked() is has


def test_delete_asks_first_and_undo_puts_the_capture_back(
    qtbot, review: Review, monkeypatch
) -> None:
    """Delete asks; saying no keeps the capture; yes deletes it and selects the next; undo."""
    observation = review.pick(qtbot, 40)
    following = review.stored(41)
    answers = [False, True]
    asked: list[str] = []

    def confirm(cls, parent, *, title, text, action):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(confirm))
    qtbot.keyClick(review.tab.view, Qt.Key.Key_Delete)
    assert len(review.numbers()) == 83
    assert asked[0].startswith("Delete capture #40")

    qtbot.keyClick(review.tab.view, Qt.Key.Key_Delete)
    assert 40 not in review.numbers() and len(review.numbers()) == 82
    assert review.tab.selected() == following

    review.undo()
    assert review.stored(40).uuid == observation.uuid
    assert 40 in review.numbers()


def test_a_refresh_keeps_the_selection_and_the_scroll_position(qtbot, review: Review) -> None:
    """Showing the session afresh (after an undo elsewhere, say) keeps the place in the list."""
    review.tab.resize(1100, 300)
    qtbot.wait(1)
    observation = review.pick(qtbot, 60)
    bar = review.tab.view.verticalScrollBar()
    bar.setValue(bar.value() - 40)
    at = bar.value()
    review.tab.view.setFocus()

    qtbot.keyClick(review.tab.view, Qt.Key.Key_K)  # changes the row and re-reads the session
    review.reshow(Changes(observations=True))
    assert review.tab.selected().uuid == observation.uuid
    assert bar.value() == at


def test_a_filter_keeps_the_selected_capture_in_sight(qtbot, review: Review) -> None:
    """Narrowing the list keeps the selected capture selected while it still shows."""
    observation = review.pick(qtbot, 70)
    review.choose("author", observation.author)
    assert review.tab.selected() == observation


def test_edit_undo_in_the_main_window_undoes_a_review_change(qtbot, store, tmp_path: Path) -> None:
    """In the app, Edit › Undo takes back a key moment marked on the Review tab."""
    window = MainWindow(settings_path=tmp_path / "w.ini")
    qtbot.addWidget(window)
    window.attach_store(store)
    window.show()
    day_one = session_ids(store)[0]
    window.select((NodeKind.SESSION, day_one))
    page = window.session_page
    page.tabs.setCurrentIndex(1)
    tab = page.review
    first = tab.proxy.observation(0)
    tab.select(first.uuid)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: window.undo_action.isEnabled())
    assert window.undo_action.text() == "&Undo Mark key moment"
    marked = programmes.session_detail(store, day_one).observations
    assert next(o for o in marked if o.uuid == first.uuid).key_moment is not first.key_moment

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: not window.undo_action.isEnabled())
    reread = programmes.session_detail(store, day_one).observations
    assert next(o for o in reread if o.uuid == first.uuid).key_moment == first.key_moment
    qtbot.waitUntil(lambda: tab.selected() is not None and tab.selected().uuid == first.uuid)


# Models ---------------------------------------------------------------------------------------


def test_the_review_model_and_proxy_pass_the_model_tester(review: Review, qtmodeltester) -> None:
    """The model (with its two extra columns) and the filtering proxy are well behaved."""
    qtmodeltester.check(review.tab.model)
    qtmodeltester.check(review.tab.proxy)
    review.choose("author", "Facilitator 2")
    qtmodeltester.check(review.tab.proxy)
    model = ReviewModel(UTC)
    model.load(review.detail().observations[:3])
    qtmodeltester.check(model)
    assert model.headerData(NUMBER, Qt.Orientation.Horizontal) == "#"


def test_review_renders_at_laptop_size(qtbot, store, tmp_path: Path) -> None:
    """The review and analysis tabs draw at 1366×768 (run tests/ui/screens.py to look)."""
    window = MainWindow(settings_path=tmp_path / "w.ini")
    qtbot.addWidget(window)
    window.finish_start_up()
    window.attach_store(store)
    window.show()
    qtbot.waitExposed(window)
    saved = render_review(window, tmp_path / "screens")
    assert saved
    for path in saved:
        assert path.stat().st_size > 10_000, path.name
    assert window.size() == LAPTOP_SIZE
