"""The live clock: elapsed time on a monotonic clock, item progress levels, countdown text."""

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.domain.live import (
    ClockLevel,
    SessionTimer,
    countdown_text,
    item_progress,
)
from tests.clocks import START, FakeClock

FAST = settings(max_examples=200, deadline=None)
SEVERITY = [ClockLevel.CALM, ClockLevel.LOW, ClockLevel.CRITICAL, ClockLevel.OVER]


def fresh_timer(clock: FakeClock) -> SessionTimer:
    """Return the timer of a session that goes live now."""
    return SessionTimer(clock, started_at=clock.now())


# SessionTimer


def test_elapsed_counts_seconds_since_going_live() -> None:
    """A new timer starts at zero and follows the clock."""
    clock = FakeClock()
    timer = fresh_timer(clock)
    assert timer.elapsed() == 0.0
    clock.advance(90.5)
    assert timer.elapsed() == pytest.approx(90.5)
    assert timer.moment() == START + timedelta(seconds=90.5)
    assert not timer.paused


def test_pause_stops_elapsed_and_resume_continues() -> None:
    """Time spent paused is not session time, and is counted as paused seconds."""
    clock = FakeClock()
    timer = fresh_timer(clock)
    clock.advance(60)
    timer.pause()
    assert timer.paused
    clock.advance(300)
    assert timer.elapsed() == pytest.approx(60)
    assert timer.paused_seconds() == pytest.approx(300)
    timer.resume()
    clock.advance(40)
    assert timer.elapsed() == pytest.approx(100)
    assert timer.paused_seconds() == pytest.approx(300)
    assert not timer.paused


def test_pause_and_resume_twice_change_nothing() -> None:
    """A second pause does not restart the pause, and resuming a running timer is harmless."""
    clock = FakeClock()
    timer = fresh_timer(clock)
    clock.advance(10)
    timer.resume()
    timer.pause()
    clock.advance(5)
    timer.pause()
    clock.advance(5)
    timer.resume()
    timer.resume()
    assert timer.elapsed() == pytest.approx(10)
    assert timer.paused_seconds() == pytest.approx(10)


def test_reopening_from_stored_facts_gives_the_same_elapsed() -> None:
    """After a restart (a new monotonic clock) the stored start and pauses give the same time."""
    clock = FakeClock()
    timer = fresh_timer(clock)
    clock.advance(100)
    timer.pause()
    clock.advance(30)
    timer.resume()
    stored_paused = timer.paused_seconds()
    clock.advance(50)
    before = timer.elapsed()
    reopened = SessionTimer(clock.restart(), started_at=START, paused_seconds=stored_paused)
    assert before == pytest.approx(150)
    assert reopened.elapsed() == pytest.approx(before)
    assert reopened.moment() == timer.moment()


def test_reopening_while_paused_stays_paused_at_the_same_time() -> None:
    """A session paused before a crash reopens paused, its elapsed time where it stopped."""
    clock = FakeClock()
    timer = fresh_timer(clock)
    clock.advance(100)
    timer.pause()
    paused_at = timer.moment()
    clock.advance(600)  # the laptop is off for ten minutes of the break
    new_clock = clock.restart()
    reopened = SessionTimer(new_clock, started_at=START, paused_at=paused_at)
    assert reopened.paused
    assert reopened.elapsed() == pytest.approx(100)
    new_clock.advance(20)
    reopened.resume()
    new_clock.advance(5)
    assert reopened.elapsed() == pytest.approx(105)
    assert reopened.paused_seconds() == pytest.approx(620)


def test_a_start_in_the_future_counts_as_no_time() -> None:
    """A stored start later than the wall clock (a clock set back) never gives negative time."""
    clock = FakeClock()
    timer = SessionTimer(clock, started_at=START + timedelta(hours=1))
    assert timer.elapsed() == 0.0
    assert timer.moment() == START + timedelta(hours=1)
    clock.advance(3)
    assert timer.elapsed() == pytest.approx(3)


def test_reopening_after_the_clock_was_set_back_carries_on_from_the_last_capture() -> None:
    """A restart with the wall clock an hour behind resumes at the latest stored offset."""
    clock = FakeClock()
    clock.advance(600)
    clock.jump_wall(-3600)
    reopened = SessionTimer(clock.restart(), started_at=START, paused_seconds=60, at_least=500)
    assert reopened.elapsed() == pytest.approx(500)
    assert reopened.moment() == START + timedelta(seconds=560)
    honest = SessionTimer(FakeClock(START + timedelta(seconds=600)), started_at=START, at_least=500)
    assert honest.elapsed() == pytest.approx(600)  # a true clock ahead of the floor is kept


@pytest.mark.parametrize("jump", [-3600.0, 86400.0], ids=["back an hour", "forward a day"])
def test_a_wall_clock_jump_changes_neither_elapsed_nor_moments(jump: float) -> None:
    """Only the monotonic clock counts: the wall clock moving mid-session changes nothing."""
    clock = FakeClock()
    timer = fresh_timer(clock)
    clock.advance(60)
    before_elapsed, before_moment = timer.elapsed(), timer.moment()
    clock.jump_wall(jump)
    assert timer.elapsed() == pytest.approx(before_elapsed)
    assert timer.moment() == before_moment
    clock.advance(30)
    assert timer.elapsed() == pytest.approx(90)
    assert timer.moment() == START + timedelta(seconds=90)
    timer.pause()
    clock.jump_wall(-jump)
    clock.advance(10)
    timer.resume()
    assert timer.elapsed() == pytest.approx(90)
    assert timer.paused_seconds() == pytest.approx(10)


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("advance"), st.floats(0, 4000, allow_nan=False)),
        st.tuples(st.just("jump"), st.floats(-2 * 86400, 2 * 86400, allow_nan=False)),
        st.tuples(st.just("pause"), st.just(0.0)),
        st.tuples(st.just("resume"), st.just(0.0)),
    ),
    max_size=40,
)


@FAST
@given(steps=STEPS)
def test_elapsed_and_moments_never_run_backwards(steps: list[tuple[str, float]]) -> None:
    """Whatever the wall clock does, elapsed time is the running time and only goes forward."""
    clock = FakeClock()
    timer = fresh_timer(clock)
    running = paused = 0.0
    last_elapsed, last_moment = timer.elapsed(), timer.moment()
    for step, amount in steps:
        if step == "advance":
            clock.advance(amount)
            if timer.paused:
                paused += amount
            else:
                running += amount
        elif step == "jump":
            clock.jump_wall(amount)
        elif step == "pause":
            timer.pause()
        else:
            timer.resume()
        elapsed, moment = timer.elapsed(), timer.moment()
        assert elapsed == pytest.approx(running, abs=1e-6)
        assert timer.paused_seconds() == pytest.approx(paused, abs=1e-6)
        assert elapsed >= last_elapsed - 1e-9
        assert moment >= last_moment
        last_elapsed, last_moment = elapsed, moment


@FAST
@given(steps=STEPS.map(lambda steps: [s for s in steps if s[0] != "jump"]))
def test_any_run_reopens_at_the_same_elapsed(steps: list[tuple[str, float]]) -> None:
    """Rebuilding the timer from what the session stores gives the elapsed time it had."""
    clock = FakeClock()
    timer = fresh_timer(clock)
    stored_paused, stored_paused_at = 0.0, None
    for step, amount in steps:
        if step == "advance":
            clock.advance(amount)
        elif step == "pause" and not timer.paused:
            timer.pause()
            stored_paused_at = timer.moment()
        elif step == "resume" and timer.paused:
            timer.resume()
            stored_paused, stored_paused_at = timer.paused_seconds(), None
    reopened = SessionTimer(
        clock.restart(),
        started_at=START,
        paused_seconds=stored_paused,
        paused_at=stored_paused_at,
    )
    # Stored moments keep whole microseconds, so a few may be lost on the way.
    assert reopened.elapsed() == pytest.approx(timer.elapsed(), abs=1e-4)
    assert reopened.paused_seconds() == pytest.approx(timer.paused_seconds(), abs=1e-4)
    assert reopened.paused == timer.paused


# item_progress


@pytest.mark.parametrize(
    ("elapsed", "level"),
    [
        (0, ClockLevel.CALM),
        (479, ClockLevel.CALM),  # 121 s of 600 left: more than a fifth
        (480, ClockLevel.LOW),  # exactly a fifth left
        (569, ClockLevel.LOW),
        (570, ClockLevel.CRITICAL),  # exactly a twentieth left
        (599.5, ClockLevel.CRITICAL),
        (600, ClockLevel.CRITICAL),  # no time left is not yet over
        (600.001, ClockLevel.OVER),
        (5000, ClockLevel.OVER),
    ],
)
def test_item_levels_change_at_a_fifth_a_twentieth_and_zero(
    elapsed: float, level: ClockLevel
) -> None:
    """A ten-minute item turns low with 2:00 left, critical with 0:30, and over after 0:00."""
    progress = item_progress(allowed_seconds=600, elapsed_seconds=elapsed)
    assert progress.level is level
    assert progress.remaining == pytest.approx(600 - elapsed)
    assert progress.elapsed == elapsed and progress.allowed == 600


def test_an_item_with_no_time_is_critical_then_over() -> None:
    """An item allowed no time at all shows critical at once, and over as soon as it runs."""
    assert item_progress(allowed_seconds=0, elapsed_seconds=0).level is ClockLevel.CRITICAL
    assert item_progress(allowed_seconds=0, elapsed_seconds=1).level is ClockLevel.OVER


@FAST
@given(
    minutes=st.integers(1, 24 * 60),
    seconds=st.lists(st.integers(0, 3 * 24 * 3600), min_size=2, max_size=6),
)
def test_item_levels_only_get_worse_as_time_passes(minutes: int, seconds: list[int]) -> None:
    """For any item, a later moment is never at a calmer level, and the boundaries are exact."""
    allowed = minutes * 60
    levels = [
        item_progress(allowed_seconds=allowed, elapsed_seconds=s).level for s in sorted(seconds)
    ]
    ranks = [SEVERITY.index(level) for level in levels]
    assert ranks == sorted(ranks)
    for elapsed in seconds:
        left = allowed - elapsed
        expected = (
            ClockLevel.OVER
            if left < 0
            else ClockLevel.CRITICAL
            if left * 20 <= allowed
            else ClockLevel.LOW
            if left * 5 <= allowed
            else ClockLevel.CALM
        )
        assert item_progress(allowed_seconds=allowed, elapsed_seconds=elapsed).level is expected


# countdown_text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (725, "12:05"),
        (60, "1:00"),
        (59.5, "1:00"),  # part of a second left still counts as a second
        (0.4, "0:01"),
        (0, "0:00"),
        (3720, "1:02:00"),
        (36000, "10:00:00"),
        (-1, "+0:01"),
        (-190, "+3:10"),
        (-3725, "+1:02:05"),
    ],
)
def test_countdown_text(seconds: float, text: str) -> None:
    """Time left shows as m:ss, with hours when needed, and over-run with a plus sign."""
    assert countdown_text(seconds) == text


def read_back(text: str) -> int:
    """Return the signed seconds a countdown text shows (over-run negative)."""
    sign = -1 if text.startswith("+") else 1
    total = 0
    for part in text.lstrip("+").split(":"):
        total = total * 60 + int(part)
    return sign * total


@FAST
@given(seconds=st.floats(-30 * 3600, 30 * 3600, allow_nan=False))
def test_countdown_text_shows_whole_seconds_left_or_over(seconds: float) -> None:
    """The text rounds time left up and over-run down, in a well-formed m:ss or h:mm:ss."""
    text = countdown_text(seconds)
    parts = text.lstrip("+").split(":")
    assert all(part.isdigit() for part in parts) and 2 <= len(parts) <= 3
    assert all(len(part) == 2 for part in parts[1:])
    assert all(int(part) < 60 for part in parts[1:])
    if len(parts) == 3:
        assert int(parts[0]) > 0
    shown = read_back(text)
    if seconds > 0:
        assert shown - 1 < seconds <= shown + 0.001  # up, allowing a millisecond of noise
    else:
        assert text.startswith("+") or shown == 0
        assert -shown <= -seconds < -shown + 1 + 1e-9
