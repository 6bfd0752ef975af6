"""Reading survey exports (evidence/importing/reading.py): RFC 4180 quoting with no guessing, the
delimiter from the header line, the csv field limit scoped to our reader, and the row cap."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from evidence import services
from evidence.importing import ImportRefused, read_table
from evidence.models import EvidenceItem, SurveyAnswer
from tests.evidence.data.generate import QUOTED_MULTILINE

DATA = Path(__file__).parent / "data"
Q3 = "How were the needs of service users reflected when the contract was tendered?"


def run(survey, name, *, content=None, **kwargs):
    content = (DATA / name).read_bytes() if content is None else content
    return services.survey_responses_import(survey=survey, content=content, filename=name, by=None, **kwargs)


def answers_to_q3():
    return list(SurveyAnswer.objects.filter(question__code="q3").values_list("answer", flat=True))


def test_multiline_answer_with_doubled_quotes_stays_one_row(tender_survey):
    """csv.Sniffer used to guess the quoting from such a cell and split it into rows with false dates."""
    plan = run(tender_survey, "responses_quoted_multiline.csv")
    assert plan.errors == []
    assert plan.written == 3
    assert QUOTED_MULTILINE.replace('""', '"') in answers_to_q3()


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("responses_semicolon.csv", "Windows-1252", "semicolon"),  # Excel, European locales
        ("responses_tab_utf16.txt", "UTF-16", "tab"),  # Excel "Unicode text"
        ("responses_utf8.csv", "UTF-8", "comma"),
    ],
)
def test_delimiter_is_chosen_from_the_header_line(tender_survey, name, encoding, delimiter):
    table = read_table((DATA / name).read_bytes())
    assert (table.encoding, table.delimiter) == (encoding, delimiter)
    plan = run(tender_survey, name)
    assert (plan.errors, plan.written) == ([], 3)
    assert "The £5.9m contract ignored “service users”’ needs — nobody asked them." in answers_to_q3()


def test_semicolons_in_answers_do_not_change_a_comma_file(tender_survey):
    """Only the header line decides: answers full of ';' in a comma file are still read as commas."""
    content = f'Timestamp,{Q3}\n01/11/2023 10:00,"a; b; c; d; e"\n02/11/2023 10:00,x;y;z\n'.encode()
    plan = run(tender_survey, "commas.csv", content=content)
    assert (plan.errors, plan.written) == ([], 2)
    assert sorted(answers_to_q3()) == ["a; b; c; d; e", "x;y;z"]


def test_the_process_wide_csv_field_limit_is_left_alone(tender_survey):
    before = csv.field_size_limit()
    long_answer = "Evidence, " * 30_000  # over the csv module's default 128 KiB field limit
    plan = run(
        tender_survey, "long.csv", content=f'Timestamp,q3\n01/11/2023 10:00,"{long_answer}"\n'.encode()
    )
    assert plan.written == 1
    assert csv.field_size_limit() == before
    with pytest.raises(csv.Error, match="field larger than field limit"):
        list(csv.reader(io.StringIO(f'"{long_answer}"')))


def test_unclosed_quote_is_refused_with_the_line(tender_survey):
    content = b'Timestamp,q3\n01/11/2023 10:00,"never closed\n02/11/2023 10:00,fine\n'
    with pytest.raises(ImportRefused, match=r"^The CSV cannot be read at line \d+: .*quote mark"):
        run(tender_survey, "unclosed.csv", content=content)
    assert EvidenceItem.objects.count() == 0


def test_csv_over_the_row_cap_is_refused_without_reading_on(tender_survey, settings):
    settings.EVIDENCE_IMPORT_MAX_ROWS = 10
    content = b"Timestamp,q3\n" + b"01/11/2023 10:00,answer\n" * 11
    with pytest.raises(ImportRefused, match=r"^The file has more than 10 rows \(row 12 is over the limit\)"):
        run(tender_survey, "big.csv", content=content)
    settings.EVIDENCE_IMPORT_MAX_ROWS = 11
    assert len(read_table(content).rows) == 11


def _workbook(rows: int, *, write_only: bool = True) -> bytes:
    """Write-only and ordinary workbooks write their rows' XML differently: both are counted."""
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet() if write_only else workbook.active
    sheet.append(["Timestamp", "q3"])
    for n in range(rows):
        sheet.append(["01/11/2023 10:00", f"answer {n}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_over_the_row_cap_is_refused(tender_survey, settings):
    settings.EVIDENCE_IMPORT_MAX_ROWS = 10
    for write_only in (True, False):  # the two ways openpyxl writes rows (with and without <dimension>)
        with pytest.raises(ImportRefused, match=r"^The workbook has more than 10 rows under its header"):
            run(tender_survey, "big.xlsx", content=_workbook(11, write_only=write_only))
        assert len(read_table(_workbook(10, write_only=write_only)).rows) == 10


def test_a_small_xlsx_unpacking_to_491k_rows_is_refused_before_openpyxl_opens_it(tender_survey, monkeypatch):
    """72 KB zipped, 24 MB of one-cell rows with no <dimension>: openpyxl would parse it all to open it."""
    import openpyxl

    content = (DATA / "rows_491k.xlsx").read_bytes()
    assert len(content) < 100_000
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("opened the workbook"))
    with pytest.raises(ImportRefused, match=r"^The workbook has more than 50,000 rows under its header"):
        run(tender_survey, "rows_491k.xlsx", content=content)
