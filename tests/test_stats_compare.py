"""The fair comparison's figures: the difference of mean pain change and its bootstrap interval."""

from webapp.services.stats import COMPARE_MIN_EACH, compare_changes


def test_too_few_sessions_of_either_routine_give_no_figure():
    enough = [-1] * COMPARE_MIN_EACH
    assert compare_changes(enough[:-1], enough, seed=1) is None
    assert compare_changes(enough, enough[:-1], seed=1) is None
    assert compare_changes([], [], seed=1) is None


def test_a_clear_difference_with_no_spread_is_exact():
    """Every session of A drops 3, every session of B none: every resample differs by -3."""
    result = compare_changes([-3] * 6, [0] * 6, seed=7)
    assert (result.mean_a, result.mean_b, result.difference) == (-3.0, 0.0, -3.0)
    assert (result.low, result.high) == (-3.0, -3.0)
    assert result.clear


def test_a_clear_difference_stays_within_what_the_data_allow():
    """A's mean is -22/6 = -3.67; a resampled mean of A lies between -4 and -2, B's is 0."""
    result = compare_changes([-4, -4, -4, -4, -4, -2], [0, 0, 0, 0, 0, 0], seed=3)
    assert result.difference == -3.7
    assert -4.0 <= result.low <= result.difference <= result.high <= -2.0
    assert result.clear


def test_the_same_sessions_in_both_give_no_clear_difference():
    """Identical groups: the difference is 0 and the interval straddles it (each between -2, 2)."""
    changes = [-2, 0, -2, 0, -2, 0]
    result = compare_changes(changes, list(changes), seed=11)
    assert result.difference == 0.0
    assert -2.0 <= result.low < 0 < result.high <= 2.0
    assert not result.clear


def test_a_small_overlapping_difference_is_not_called_clear():
    """A: -5/6 = -0.83, B: -3/6 = -0.5, difference -2/6 = -0.33, with wide spread in both."""
    result = compare_changes([-3, 0, -2, 1, -1, 0], [-1, 0, -2, 0, 1, -1], seed=5)
    assert (result.mean_a, result.mean_b, result.difference) == (-0.8, -0.5, -0.3)
    assert result.low < 0 < result.high
    assert not result.clear


def test_the_same_seed_gives_the_same_interval():
    a, b = [-3, -1, -2, 0, -4, -1], [-1, 0, 0, -2, 1, 0]
    first = compare_changes(a, b, seed=42)
    assert compare_changes(a, b, seed=42) == first
    others = {
        (compare_changes(a, b, seed=s).low, compare_changes(a, b, seed=s).high) for s in range(20)
    }
    assert len(others) > 1, "the seed really drives the resampling"
