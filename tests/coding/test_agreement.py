"""Cohen's kappa against arithmetic done by hand."""

from fractions import Fraction

from coding.agreement import Table, pooled, table


def test_kappa_matches_a_hand_computed_example():
    """Ten units; both applied the theme to 4, only A to 1, only B to 2, neither to 3.

    po = (4 + 3) / 10 = 0.7
    A said yes 4 + 1 = 5 times, B 4 + 2 = 6 times; A said no 5 times, B 4 times.
    pe = (5 × 6 + 5 × 4) / 10² = (30 + 20) / 100 = 0.5
    κ  = (0.7 − 0.5) / (1 − 0.5) = 0.2 / 0.5 = 0.4"""
    result = Table(both=4, a_only=1, b_only=2, neither=3)
    assert result.n == 10
    assert result.observed == Fraction(7, 10)
    assert result.expected == Fraction(1, 2)
    assert result.kappa == Fraction(2, 5)
    assert result.kappa_display() == "0.400"
    assert result.percent_display() == "70.0%"


def test_table_is_counted_from_the_units_each_coder_applied_the_theme_to():
    units = range(10)
    a_applied = {0, 1, 2, 3, 4}  # units 0-3 both, 4 A only
    b_applied = {0, 1, 2, 3, 5, 6}  # 5 and 6 B only; 7, 8, 9 neither
    assert table(units, a_applied, b_applied) == Table(4, 1, 2, 3)


def test_a_second_hand_computed_example_with_negative_kappa():
    """Four units, A applied to 0 and 1, B to 1 and 2: both 1, A only 1, B only 1, neither 1.
    po = 2/4 = 0.5; pe = (2 × 2 + 2 × 2) / 16 = 0.5; κ = 0 / 0.5 = 0.
    With both 0, A only 2, B only 2, neither 0: po = 0; pe = (2 × 2 + 2 × 2) / 16 = 0.5;
    κ = (0 − 0.5) / 0.5 = −1."""
    assert Table(1, 1, 1, 1).kappa == 0
    assert Table(0, 2, 2, 0).kappa == -1


def test_kappa_is_not_available_when_chance_agreement_is_one():
    nobody = Table(neither=5)
    assert nobody.expected == 1
    assert nobody.kappa is None
    assert nobody.kappa_display() == "n/a"
    assert "chance agreement is 1" in nobody.undefined_reason
    assert "left it out" in nobody.undefined_reason
    assert nobody.percent_display() == "100.0%"
    everybody = Table(both=3)
    assert everybody.kappa is None and "applied it" in everybody.undefined_reason


def test_kappa_is_not_available_without_decisions():
    empty = Table()
    assert empty.kappa is None
    assert empty.undefined_reason == "no decisions yet"
    assert empty.percent_display() == "n/a"


def test_overall_pools_the_theme_tables():
    """Theme 1: 4/1/2/3 (κ 0.4); theme 2: neither on all 10 (κ n/a). Pooled: both 4, A only 1,
    B only 2, neither 13; n = 20. po = 17/20 = 0.85. A yes 5, no 15; B yes 6, no 14.
    pe = (5 × 6 + 15 × 14) / 400 = (30 + 210) / 400 = 0.6. κ = (0.85 − 0.6) / 0.4 = 0.625."""
    overall = pooled([Table(4, 1, 2, 3), Table(neither=10)])
    assert overall == Table(4, 1, 2, 13)
    assert overall.expected == Fraction(3, 5)
    assert overall.kappa == Fraction(5, 8)
