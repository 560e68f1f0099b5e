"""Agreement between two co-facilitators' captures of one session, per agenda item."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.coder_agreement import (
    WHOLE_SESSION,
    ItemAgreement,
    agreement,
    authors_of,
    describe,
)
from facilitator.domain.enums import CodeKind
from facilitator.domain.snapshots import AppliedCode, Observation

START = datetime(2026, 11, 16, 9, 30, tzinfo=UTC)


def code(code_id: int, label: str, scheme: str = "advocacy-inquiry") -> AppliedCode:
    """Return an applied code with the given id, label and scheme."""
    return AppliedCode(
        code_id=code_id,
        scheme_name=scheme,
        label=label,
        colour="#0072B2",
        kind=CodeKind.POINT,
        qualifier=None,
        slug=label.lower(),
        scheme_slug=scheme,
    )


YES = code(1, "Yes")
NO = code(2, "No")
MOVE = code(3, "Move", scheme="kantor-four-player")

_ids = iter(range(1, 1_000_000))


def obs(author: str, offset: float, *codes: AppliedCode) -> Observation:
    """Return a capture by author at offset seconds carrying the given codes."""
    number = next(_ids)
    return Observation(
        id=number,
        uuid=f"uuid-{number}",
        session_id=1,
        occurred_at=START + timedelta(seconds=offset),
        offset_seconds=offset,
        duration_seconds=None,
        agenda_item_id=None,
        agenda_item_title="",
        codes=codes,
        subjects=(),
        note="",
        author=author,
    )


def series(author: str, labels: list[AppliedCode | None]) -> list[Observation]:
    """Return one capture per minute slice for author; None leaves the slice empty."""
    return [obs(author, i * 60 + 10, c) for i, c in enumerate(labels) if c is not None]


def textbook() -> list[Observation]:
    """Return the 50-slice textbook table: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no."""
    a = [YES] * 20 + [YES] * 5 + [NO] * 10 + [NO] * 15
    b = [YES] * 20 + [NO] * 5 + [YES] * 10 + [NO] * 15
    return series("Asha", a) + series("Ben", b)


def test_textbook_table_gives_kappa_point_four() -> None:
    """The 50-item textbook example gives po 0.7, pe 0.5 and kappa 0.4 through slices."""
    rows = agreement(textbook(), authors=("Asha", "Ben"), agenda=[(7, "Mapping", 0, 3000)])
    item, whole = rows
    assert item.item_id == 7 and item.slices == 50
    assert item.percent_agreement == pytest.approx(70.0)
    assert item.kappa == pytest.approx(0.4)
    assert whole.title == WHOLE_SESSION and whole.item_id is None
    assert whole.kappa == pytest.approx(0.4)


def test_items_split_slices_by_their_start() -> None:
    """Each item takes the slices starting in it, in agenda order, with the total last."""
    agenda = [(1, "Opening", 0, 1500), (2, "Mapping power", 1500, 3000)]
    rows = agreement(textbook(), authors=("Asha", "Ben"), agenda=agenda)
    assert [row.title for row in rows] == ["Opening", "Mapping power", WHOLE_SESSION]
    assert [row.slices for row in rows] == [25, 25, 50]
    assert rows[0].percent_agreement == pytest.approx(80.0)  # 20 agree, 5 differ
    assert rows[1].percent_agreement == pytest.approx(60.0)  # 15 agree, 10 differ


def test_perfect_agreement_gives_kappa_one() -> None:
    """Identical labels using two codes give 100% and kappa 1."""
    labels = [YES, NO, YES, None, NO]
    rows = agreement(
        series("Asha", labels) + series("Ben", labels),
        authors=("Asha", "Ben"),
        agenda=[(1, "Check-in", 0, 300)],
    )
    assert rows[0].percent_agreement == 100.0
    assert rows[0].kappa == pytest.approx(1.0)


def test_both_constant_same_label_leaves_kappa_undefined() -> None:
    """Both coders giving one label throughout make kappa None and say so."""
    rows = agreement(
        series("Asha", [YES] * 4) + series("Ben", [YES] * 4),
        authors=("Asha", "Ben"),
        agenda=[(1, "Check-in", 0, 240)],
    )
    assert rows[0].percent_agreement == 100.0
    assert rows[0].kappa is None
    assert describe(rows[0]) == (
        "Check-in: 100% agreement over 4 one-minute slices, "
        "kappa not defined: both coders used one label throughout"
    )


def test_slices_without_captures_count_as_none_for_both() -> None:
    """Empty slices are labelled none by both coders, so they agree."""
    observations = [obs("Asha", 10, YES), obs("Ben", 10, YES)]
    rows = agreement(observations, authors=("Asha", "Ben"), agenda=[(1, "Item", 0, 240)])
    assert rows[0].slices == 4
    assert rows[0].percent_agreement == 100.0
    assert rows[0].kappa == pytest.approx(1.0)  # YES once, none three times, for each


def test_item_without_any_captures_agrees_on_none_throughout() -> None:
    """An item where neither coder captured anything is all none: 100% and kappa undefined."""
    observations = [obs("Asha", 10, YES), obs("Ben", 10, YES)]
    agenda = [(1, "Opening", 0, 60), (2, "Break", 60, 240)]
    rows = agreement(observations, authors=("Asha", "Ben"), agenda=agenda)
    assert rows[1].slices == 3
    assert rows[1].percent_agreement == 100.0 and rows[1].kappa is None


def test_author_without_captures_is_an_error() -> None:
    """Asking for an author who captured nothing raises a clear ValueError."""
    with pytest.raises(ValueError, match="No captures by 'Cara'"):
        agreement(textbook(), authors=("Asha", "Cara"), agenda=[(1, "Item", 0, 60)])


def test_same_author_twice_is_an_error() -> None:
    """Comparing an author with themselves raises ValueError."""
    with pytest.raises(ValueError, match="two different authors"):
        agreement(textbook(), authors=("Asha", "Asha"), agenda=[(1, "Item", 0, 60)])


def test_scheme_filter_ignores_other_schemes() -> None:
    """With a scheme chosen, codes of other schemes count as no code at all."""
    observations = [obs("Asha", 10, MOVE, YES), obs("Ben", 10, YES), obs("Ben", 70, MOVE)]
    agenda = [(1, "Item", 0, 120)]
    filtered = agreement(
        observations, authors=("Asha", "Ben"), agenda=agenda, scheme_slug="advocacy-inquiry"
    )
    assert filtered[0].percent_agreement == 100.0
    unfiltered = agreement(observations, authors=("Asha", "Ben"), agenda=agenda)
    assert unfiltered[0].percent_agreement == 0.0  # Asha's tie goes to Move, applied first


def test_most_frequent_code_labels_the_slice() -> None:
    """A slice takes the author's most frequent code in it."""
    asha = [obs("Asha", 5, NO), obs("Asha", 20, YES), obs("Asha", 40, YES)]
    rows = agreement(
        [*asha, obs("Ben", 30, YES)], authors=("Asha", "Ben"), agenda=[(1, "Item", 0, 60)]
    )
    assert rows[0].percent_agreement == 100.0


def test_slice_length_and_empty_agenda() -> None:
    """Shorter slices multiply the count; no agenda gives only an empty total."""
    observations = [obs("Asha", 10, YES), obs("Ben", 10, YES)]
    rows = agreement(
        observations, authors=("Asha", "Ben"), agenda=[(1, "Item", 0, 100)], slice_seconds=30
    )
    assert rows[0].slices == 4  # the last 10-second slice still counts
    assert "4 30-second slices" in describe(rows[0])
    (total,) = agreement(observations, authors=("Asha", "Ben"), agenda=[])
    assert total.slices == 0 and total.percent_agreement is None and total.kappa is None
    assert describe(total) == "Whole session: no time slices to compare"


def test_describe_wording() -> None:
    """The sentence gives the rounded percentage, the slice count and kappa to two places."""
    item = ItemAgreement(1, "Mapping power", 60, 78.3, 0.5449)
    assert describe(item) == "Mapping power: 78% agreement over 60 one-minute slices, kappa 0.54"


def test_authors_of_most_captures_first() -> None:
    """Authors are distinct, non-empty and ordered by how much they captured."""
    observations = [obs("Ben", 1), obs("Asha", 2), obs("Ben", 3), obs("", 4), obs("  ", 5)]
    assert authors_of(observations) == ("Ben", "Asha")


_CODES = st.sampled_from([YES, NO, MOVE])
_CAPTURES = st.lists(
    st.tuples(st.sampled_from(["Asha", "Ben"]), st.floats(0, 899, allow_nan=False), _CODES),
    max_size=40,
)


@given(_CAPTURES, st.sampled_from([30, 60, 90]), st.sampled_from([None, "advocacy-inquiry"]))
def test_bounds_and_symmetry(
    captures: list[tuple[str, float, AppliedCode]], slice_seconds: int, scheme: str | None
) -> None:
    """Kappa never exceeds 1, percentages stay in 0-100 and swapping authors changes nothing."""
    observations = [obs("Asha", 1, YES), obs("Ben", 1, NO)]
    observations += [obs(author, offset, c) for author, offset, c in captures]
    agenda = [(1, "Opening", 0, 300), (2, "Mapping power", 300, 900)]
    forward = agreement(
        observations,
        authors=("Asha", "Ben"),
        agenda=agenda,
        slice_seconds=slice_seconds,
        scheme_slug=scheme,
    )
    backward = agreement(
        observations,
        authors=("Ben", "Asha"),
        agenda=agenda,
        slice_seconds=slice_seconds,
        scheme_slug=scheme,
    )
    assert forward == backward
    for row in forward:
        assert row.percent_agreement is not None and 0 <= row.percent_agreement <= 100
        assert row.kappa is None or row.kappa <= 1 + 1e-12
