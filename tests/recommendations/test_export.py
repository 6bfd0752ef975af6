import pytest

from recommendations.export import csv_text, escape_formula


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_starting_with_a_formula_character_are_prefixed(start):
    assert escape_formula(f"{start}SUM(A1:A2)") == f"'{start}SUM(A1:A2)"


def test_other_cells_and_numbers_are_left_alone():
    assert escape_formula("Publish data") == "Publish data"
    assert escape_formula(None) == ""
    assert csv_text([["-1", -1, "a"]]) == "'-1,-1,a\r\n"
