"""The narrative's light markup: paragraphs, bullets, bold, italic and citations."""

import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.narrative import citations, parse, plain_text
from facilitator.domain.report import Block, TextRun


def _paragraph(*runs: TextRun) -> Block:
    return Block(runs=runs)


def _bullet(*runs: TextRun) -> Block:
    return Block(runs=runs, bullet=True)


def test_empty_and_blank_text_have_no_blocks() -> None:
    """Nothing written, or only spaces and blank lines, is no narrative at all."""
    assert parse("") == ()
    assert parse("   \n\n \t \n") == ()


def test_blank_lines_separate_paragraphs_and_lines_join_with_a_space() -> None:
    """Lines inside a paragraph join with one space; a blank line starts the next."""
    text = "The group arrived late.\nThe room was cold.\n\n\n  Then it warmed up.  "
    assert parse(text) == (
        _paragraph(TextRun("The group arrived late. The room was cold.")),
        _paragraph(TextRun("Then it warmed up.")),
    )


def test_windows_and_old_mac_line_endings_break_lines() -> None:
    """CRLF and a lone CR end lines just as LF does."""
    assert parse("One\r\ntwo\r\rThree") == (
        _paragraph(TextRun("One two")),
        _paragraph(TextRun("Three")),
    )


@pytest.mark.parametrize("marker", ["- ", "* ", "• ", "•", "  - ", "-\t"])
def test_each_bullet_marker_starts_a_bullet(marker: str) -> None:
    """Hyphen, asterisk and bullet markers make bullets, with or without indentation."""
    assert parse(f"{marker}Agree the budget") == (_bullet(TextRun("Agree the budget")),)


def test_bullet_continuation_lines_join_onto_the_bullet() -> None:
    """Lines after a bullet with no blank line between belong to it, indented or not."""
    text = "- First point\n  carries on\nand on\n- Second point\n\nA paragraph."
    assert parse(text) == (
        _bullet(TextRun("First point carries on and on")),
        _bullet(TextRun("Second point")),
        _paragraph(TextRun("A paragraph.")),
    )


def test_a_bullet_straight_after_a_paragraph_starts_a_list() -> None:
    """A list may follow its introducing sentence without a blank line."""
    assert parse("We agreed:\n- to meet monthly\n- to share data") == (
        _paragraph(TextRun("We agreed:")),
        _bullet(TextRun("to meet monthly")),
        _bullet(TextRun("to share data")),
    )


@pytest.mark.parametrize("text", ["-5 degrees outside", "*italic* opening", "**Bold** opening"])
def test_markers_without_a_space_are_not_bullets(text: str) -> None:
    """A hyphen or asterisk touching the next word is not a bullet marker."""
    (block,) = parse(text)
    assert not block.bullet


def test_an_empty_bullet_is_dropped() -> None:
    """A marker with nothing after it makes no block."""
    assert parse("-  \n\nText") == (_paragraph(TextRun("Text")),)


def test_a_bare_marker_takes_its_text_from_the_next_line() -> None:
    """A marker alone on its line starts a bullet that the following line fills."""
    assert parse("-\nfollow up") == (_bullet(TextRun("follow up")),)


def test_bold_italic_and_underscore_italic() -> None:
    """Double asterisks make bold; single asterisks and underscores make italic."""
    (block,) = parse("A **bold** and *italic* and _also italic_ word")
    assert block.runs == (
        TextRun("A "),
        TextRun("bold", bold=True),
        TextRun(" and "),
        TextRun("italic", italic=True),
        TextRun(" and "),
        TextRun("also italic", italic=True),
        TextRun(" word"),
    )


def test_bold_and_italic_nest() -> None:
    """Italic inside bold, closed together by three asterisks, gives a bold italic run."""
    (block,) = parse("**bold *and italic***")
    assert block.runs == (
        TextRun("bold ", bold=True),
        TextRun("and italic", bold=True, italic=True),
    )


def test_three_asterisks_make_bold_italic() -> None:
    """`***both***` is bold and italic at once."""
    assert parse("***both***") == (_paragraph(TextRun("both", bold=True, italic=True)),)


def test_styles_may_span_joined_lines() -> None:
    """Markup opened on one line of a paragraph may close on the next."""
    assert parse("**bold\ncontinues**") == (_paragraph(TextRun("bold continues", bold=True)),)


@pytest.mark.parametrize(
    "text",
    [
        "snake_case and file_names.txt",
        "an unclosed **bold",
        "an unclosed *italic",
        "lonely _underscore",
        "2 * 3 * 4",
        "stars ** apart **",
        "ends with *",
        "_",
        "**",
        "***",
    ],
)
def test_markers_that_close_nothing_print_as_typed(text: str) -> None:
    """Underscores inside words and unpaired markers stay as they are, unstyled."""
    assert parse(text) == (_paragraph(TextRun(text)),)


def test_partly_used_markers_print_what_is_left() -> None:
    """Of `***a*`, one asterisk pairs for italic and the other two print as typed."""
    (block,) = parse("***a*")
    assert block.runs == (TextRun("**"), TextRun("a", italic=True))


def test_styles_do_not_cross_citations_or_stop_at_punctuation() -> None:
    """Emphasis closes after punctuation and carries onto a citation inside it."""
    (block,) = parse("**Stuck again [#4].** Then _moved on_.")
    assert block.runs == (
        TextRun("Stuck again ", bold=True),
        TextRun("#4", bold=True, citation=4),
        TextRun(".", bold=True),
        TextRun(" Then "),
        TextRun("moved on", italic=True),
        TextRun("."),
    )


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("[#12]", (12,)),
        ("[# 12]", (12,)),
        ("[ #12 ]", (12,)),
        ("[#12, #15]", (12, 15)),
        ("[#12,#15; 16]", (12, 15, 16)),
        ("[#12][#15]", (12, 15)),
        ("[#007]", (7,)),
    ],
)
def test_citations_become_citation_runs(text: str, numbers: tuple[int, ...]) -> None:
    """Each cited number is its own run, printed as "#n", in all the tolerated spellings."""
    (block,) = parse(f"As seen {text}.")
    cited = tuple(run for run in block.runs if run.citation is not None)
    assert cited == tuple(TextRun(f"#{n}", citation=n) for n in numbers)
    assert block.runs[0] == TextRun("As seen ")
    assert block.runs[-1] == TextRun(".")


@pytest.mark.parametrize("text", ["[#]", "[#x]", "[12]", "#12", "[#12", "[#1234567890]", "[#1,]"])
def test_things_that_are_not_citations_print_as_typed(text: str) -> None:
    """Malformed citations and over-long numbers are plain text."""
    assert parse(text) == (_paragraph(TextRun(text)),)
    assert citations(text) == ()


def test_citations_lists_each_number_once_in_order_of_first_appearance() -> None:
    """The cited captures come back unique, in the order the narrative first names them."""
    text = "Early [#15]. Later [#3, #15]\n\n- and [# 9][#3]"
    assert citations(text) == (15, 3, 9)


def test_adjacent_runs_with_the_same_look_are_merged() -> None:
    """Unused markers and plain text beside each other make a single run."""
    (block,) = parse("plain ** more plain")
    assert block.runs == (TextRun("plain ** more plain"),)


def test_control_characters_are_removed_and_text_normalised() -> None:
    """Pasted control characters vanish and decomposed accents are composed."""
    (block,) = parse("Sia\u0302n\x00 said\x1b hello\u0085")
    assert block.runs == (TextRun("Siân said hello"),)


def test_long_pathological_markup_parses() -> None:
    """Thousands of openers that never close, of both kinds, parse without losing text."""
    text = "_a *b " * 5_000 + "c* d_ " * 5_000
    (block,) = parse(text)
    assert "".join(run.text for run in block.runs).replace("*", "").replace("_", "") == (
        text.replace("*", "").replace("_", "").strip()
    )


def test_plain_text_shows_bullets_and_citations() -> None:
    """The preview keeps words, marks bullets and cites captures in brackets."""
    blocks = parse("The **first** day [#2].\n\n- one\n- two [#3, #4]")
    assert plain_text(blocks) == "The first day [#2].\n• one\n• two [#3][#4]"


def test_plain_text_of_nothing_is_empty() -> None:
    """No blocks make an empty preview."""
    assert plain_text(()) == ""


@given(st.text())
def test_any_text_parses_without_error(text: str) -> None:
    """Whatever is typed, parsing and previewing succeed and give only non-empty runs."""
    blocks = parse(text)
    assert all(block.runs and all(run.text for run in block.runs) for block in blocks)
    plain_text(blocks)
    citations(text)


@given(st.text(alphabet="*_[]#-• \n\tab,;12"))
def test_markup_heavy_text_parses_without_error(text: str) -> None:
    """Text made mostly of markup characters parses, and styled runs alternate in look."""
    for block in parse(text):
        for before, after in itertools.pairwise(block.runs):
            same_look = (before.bold, before.italic) == (after.bold, after.italic)
            assert not same_look or before.citation is not None or after.citation is not None


_WORDY = st.text(
    alphabet=st.characters(
        exclude_categories=("Cc", "Cs"),
        exclude_characters="*_[#-•",
    )
).map(lambda text: unicodedata.normalize("NFC", text))


@given(_WORDY)
def test_words_without_markup_come_through_unchanged(text: str) -> None:
    """Text free of markup characters keeps every word, in order, across runs and blocks."""
    words = [word for block in parse(text) for run in block.runs for word in run.text.split()]
    assert words == text.split()
