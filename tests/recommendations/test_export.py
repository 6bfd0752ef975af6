import csv
import io

import pytest

from recommendations.export import csv_text


def cells(text):
    return next(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_starting_with_a_formula_character_are_prefixed(start):
    assert cells(csv_text([[f"{start}SUM(A1:A2)"]])) == [f"'{start}SUM(A1:A2)"]


def test_other_cells_and_numbers_are_left_alone():
    assert cells(csv_text([["Publish data", None]])) == ["Publish data", ""]
    assert csv_text([["-1", -1, "a"]]) == "'-1,-1,a\r\n"
