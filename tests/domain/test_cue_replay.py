"""Replaying cue rules over a finished session: what would have fired, and when."""

from facilitator.domain.cue_evaluation import replay
from tests.domain.test_cues import MIN, MOVE, OPPOSE, RULES, STUCK, capture, series


def test_nothing_captured_nothing_fires() -> None:
    assert replay(RULES.values(), []) == []


def test_a_run_of_opposes_fires_once_at_the_capture_that_completes_it() -> None:
    captures = series(MOVE, OPPOSE, OPPOSE, OPPOSE, OPPOSE, OPPOSE, OPPOSE)
    fired = replay([RULES["point-counterpoint"]], captures)
    assert [(offset, cue.rule_id) for offset, cue in fired] == [(120.0, "point-counterpoint")]
    assert fired[0][1].evidence == (2, 3, 4, 5)


def test_a_state_left_running_fires_on_the_clock_between_captures() -> None:
    """No capture comes after the stuck state starts, yet its cue fires on the minute after
    eight minutes have passed: replay ticks the clock as live mode does."""
    captures = [capture(1, 30.0, STUCK, duration=20 * MIN)]
    fired = replay([RULES["stuck-pattern"]], captures)
    assert [offset for offset, _cue in fired] == [9 * MIN]  # the first tick at or after 8:30


def test_a_cue_that_returns_within_its_cool_down_waits_for_it_to_end() -> None:
    """Opposes at 0–90 s fire the cue; a move clears it; opposes from 150 s make it hold
    again inside its ten-minute cool-down, so it fires on the first tick after 90 s + 10 min,
    and not again while the run goes on."""
    first = series(OPPOSE, OPPOSE, OPPOSE, OPPOSE)
    broken = [capture(5, 120.0, MOVE)]
    again = [capture(6 + n, 150.0 + n * 30, OPPOSE) for n in range(4)]
    later = [capture(20 + n, 40 * MIN + n * 30, OPPOSE) for n in range(4)]
    fired = replay([RULES["point-counterpoint"]], [*first, *broken, *again, *later])
    assert [offset for offset, _cue in fired] == [90.0, 12 * MIN]
