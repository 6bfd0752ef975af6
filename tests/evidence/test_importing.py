"""Survey-export import through evidence.services.survey_responses_import, with real files from
tests/evidence/data/ (written by generate.py there). Rows are numbered as in a spreadsheet."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from evidence import services
from evidence.importing import ImportRefused
from evidence.models import (
    EvidenceItem,
    ImportUpload,
    Organisation,
    ReferenceCounter,
    Submitter,
    SurveyAnswer,
)
from tests.factories import SubmitterFactory

DATA = Path(__file__).parent / "data"
Q3 = "How were the needs of service users reflected when the contract was tendered?"
CURLY = "The £5.9m contract ignored “service users”’ needs — nobody asked them."
MULTILINE = "First line.\nSecond line, after a break.\n\nA new paragraph, with a comma."


@pytest.fixture
def survey(tender_survey):
    return tender_survey


def run(survey, name, *, content=None, **kwargs):
    content = (DATA / name).read_bytes() if content is None else content
    return services.survey_responses_import(survey=survey, content=content, filename=name, by=None, **kwargs)


def snapshot():
    """Everything an import can write, so a failed import can be shown to have written nothing."""
    history_themes = EvidenceItem.history.model.themes.model
    return {
        "items": EvidenceItem.objects.count(),
        "answers": SurveyAnswer.objects.count(),
        "submitters": Submitter.objects.count(),
        "organisations": Organisation.objects.count(),
        "item history": EvidenceItem.history.count(),
        "submitter history": Submitter.history.count(),
        "theme links": EvidenceItem.themes.through.objects.count(),
        "theme link history": history_themes.objects.count(),
        "reference counter": list(ReferenceCounter.objects.values_list("value", flat=True)),
    }


def imported_rows():
    return [
        (
            item.external_id,
            item.received_on,
            item.submitter.email if item.submitter else None,
            item.confidentiality,
            sorted(theme.slug for theme in item.themes.all()),
            {answer.question.code: answer.answer for answer in item.answers.all()},
        )
        for item in EvidenceItem.objects.order_by("reference").prefetch_related("themes", "answers__question")
    ]


EXPECTED_RESPONSES = [
    (
        "R-101",
        datetime.date(2023, 11, 23),
        "ada@example.net",
        "publishable",
        ["tendering-procurement", "vulnerable-users"],
        {
            "q1": "Solicitor",
            "q2": "Work capability assessments",
            "q3": CURLY,
            "q7": "Publish the contract.",
        },
    ),
    (
        "R-102",
        datetime.date(2023, 11, 24),
        None,
        "anonymised",
        [],
        {"q1": "Service user", "q2": "Probation", "q3": MULTILINE},
    ),
    (
        "R-103",
        datetime.date(2023, 12, 5),
        "ada@example.net",
        "publishable",
        ["local-government"],
        {"q1": "Adviser", "q2": "Child protection", "q3": "Councils did not consult anyone."},
    ),
]


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("responses_utf8.csv", "UTF-8"),
        ("responses_utf8_bom.csv", "UTF-8 with BOM"),
        ("responses_cp1252.csv", "Windows-1252"),
    ],
)
def test_each_encoding_imports_the_exact_text(survey, name, encoding):
    """£, curly quotes and dashes round-trip exactly; a quoted cell keeps its line breaks; the
    blank trailing rows are ignored; the unknown column is reported, not imported."""
    plan = run(survey, name)
    assert plan.encoding == encoding
    assert plan.errors == []
    assert plan.written == 3
    assert plan.blank_rows == 2
    assert [column.label for column in plan.columns.unknown] == ["N “Start time”"]
    assert imported_rows() == EXPECTED_RESPONSES


def test_import_links_submitters_history_and_references(survey, secretariat_user):
    existing = SubmitterFactory(email="Ada@Example.net", name="Ada L.")
    counter_before = ReferenceCounter.objects.get(name="evidence").value
    plan = services.survey_responses_import(
        survey=survey,
        content=(DATA / "responses_utf8.csv").read_bytes(),
        filename="s.csv",
        by=secretariat_user,
    )
    assert plan.written == 3
    items = list(EvidenceItem.objects.order_by("reference"))
    assert [item.reference for item in items] == [
        f"OAJ-{n:04d}" for n in range(counter_before + 1, counter_before + 4)
    ]
    assert [item.submitter_id for item in items] == [existing.pk, None, existing.pk]
    assert {item.kind for item in items} == {EvidenceItem.Kind.SURVEY_RESPONSE}
    assert items[0].title == "Response to Tender & Contract (23/11/2023 14:05)"
    assert items[0].body.startswith("In what capacity are you responding?\nSolicitor\n\n")
    assert items[2].is_late and not items[0].is_late
    assert Submitter.objects.count() == 1
    for item in items:
        history = list(item.history.all())
        assert len(history) == 1
        assert (history[0].history_type, history[0].history_user) == ("+", secretariat_user)
        assert history[0].history_change_reason == "imported from s.csv"
    assert sorted(t.theme.slug for t in items[0].history.get().themes.select_related("theme")) == [
        "tendering-procurement",
        "vulnerable-users",
    ]


def test_new_submitters_are_deduplicated_by_email_and_keep_consent(survey):
    run(survey, "responses_utf8.csv")
    submitter = Submitter.objects.get()
    assert (submitter.name, submitter.email, submitter.organisation.name) == (
        "Ada Lovelace",
        "ada@example.net",
        "Camden Law Centre",
    )
    assert (submitter.consent_to_publish, submitter.anonymity_requested, submitter.experience) == (
        True,
        False,
        "professional",
    )
    assert submitter.history.count() == 1
    assert Organisation.history.filter(name="Camden Law Centre").count() == 1


def test_reimporting_the_same_file_adds_nothing(survey):
    run(survey, "responses_utf8.csv")
    before = snapshot()
    plan = run(survey, "responses_cp1252.csv")
    assert (plan.written, plan.already_imported) == (0, [2, 3, 4])
    assert snapshot() == before


def test_without_a_response_id_the_key_is_timestamp_and_respondent(survey):
    first = run(survey, "responses_no_id.csv")
    assert first.written == 3
    assert [item.external_id.startswith("auto-") for item in EvidenceItem.objects.all()] == [True] * 3
    before = snapshot()
    again = run(survey, "responses_no_id.csv")
    assert (again.written, again.already_imported) == (0, [2, 3, 4])
    assert snapshot() == before


def test_xlsx_date_cells_and_text_dates(survey):
    plan = run(survey, "responses_dates.xlsx")
    assert plan.errors == []
    assert plan.blank_rows == 1
    assert [(item.received_on, item.title) for item in EvidenceItem.objects.order_by("reference")] == [
        (datetime.date(2023, 11, 30), "Response to Tender & Contract (30/11/2023 16:45)"),
        (datetime.date(2023, 12, 6), "Response to Tender & Contract (06/12/2023 08:00)"),
        (datetime.date(2023, 12, 2), "Response to Tender & Contract (02/12/2023 10:15)"),
    ]
    assert SurveyAnswer.objects.filter(answer="£5.9m").count() == 1
    assert Submitter.objects.get().consent_to_publish is True


def test_unknown_theme_is_reported_and_nothing_is_written(survey):
    before = snapshot()
    plan = run(survey, "responses_unknown_theme.csv")
    assert [str(error) for error in plan.errors] == [
        "Row 2, column I “Themes”: Unknown theme “Procurment”. Use a theme's name or slug from "
        "Admin › Themes (separate several with ;), or add the theme to the codebook first."
    ]
    assert plan.written == 0
    assert snapshot() == before


def test_every_bad_row_is_reported_with_row_and_column(survey):
    before = snapshot()
    plan = run(survey, "responses_bad_rows.csv")
    assert [(error.row, error.column, error.message) for error in plan.errors] == [
        (
            2,
            "B “Timestamp”",
            "“11/23/2023 14:05” is not a date we can read. Write it day first, e.g. 23/11/2023 14:05 "
            "(or 2023-11-23 14:05).",
        ),
        (
            3,
            "G “Consent to publish”",
            "“Maybe” is not a yes/no answer for consent to publish; write Yes or No.",
        ),
        (4, "D “Email address”", "Enter a valid email address."),
        (4, "B “Timestamp”", "The received date cannot be in the future."),
    ]
    assert snapshot() == before


def test_dry_run_checks_but_writes_nothing(survey):
    before = snapshot()
    plan = run(survey, "responses_utf8.csv", dry_run=True)
    assert (len(plan.responses), plan.written, plan.errors) == (3, 0, [])
    assert snapshot() == before


def test_a_very_long_answer_is_kept_whole(survey):
    long_answer = "Evidence, " * 30_000  # 300,000 characters: over the csv module's default field limit
    content = f'Timestamp,q3\n01/11/2023 10:00,"{long_answer}"\n'.encode()
    plan = run(survey, "long.csv", content=content)
    assert plan.written == 1
    assert SurveyAnswer.objects.get().answer == long_answer


def test_too_large_file_is_refused_before_reading(survey, tmp_path, settings):
    settings.EVIDENCE_IMPORT_MAX_BYTES = 1024 * 1024
    big = tmp_path / "big.csv"
    big.write_bytes(b"Timestamp,q3\n" + b"01/11/2023 10:00,answer\n" * 50_000)
    before = snapshot()
    with pytest.raises(ImportRefused, match=r"^The file is 1\.1\sMB; the import limit is 1\.0\sMB\."):
        run(survey, "big.csv", content=big.read_bytes())
    assert snapshot() == before


def _xlsx_bytes(**extra_entries) -> bytes:
    workbook = Workbook()
    workbook.active.append(["Timestamp", "q3"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not extra_entries:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in extra_entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_xlsx_that_unpacks_too_large_is_refused(survey, settings):
    settings.EVIDENCE_IMPORT_XLSX_MAX_UNCOMPRESSED = 100_000
    content = _xlsx_bytes(**{"xl/padding.bin": b"\0" * 200_000})  # compresses to almost nothing
    assert len(content) < 20_000
    with pytest.raises(
        ImportRefused, match=r"^The Excel file unpacks to 2\d\d\.\d\sKB; the limit is 97\.7\sKB"
    ):
        run(survey, "bomb.xlsx", content=content)


def test_xlsx_with_too_many_entries_is_refused(survey):
    content = _xlsx_bytes(**{f"xl/media/{n}.txt": b"x" for n in range(100)})
    with pytest.raises(ImportRefused, match=r"^The Excel file holds 1\d\d parts; at most 100 are accepted"):
        run(survey, "many.xlsx", content=content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.csv", None, "This is a PDF. Upload the survey tool's CSV or Excel (.xlsx) export instead."),
        (
            "old.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "This is an old Excel (.xls) or Word file. Save it as .xlsx or CSV (UTF-8) and upload that.",
        ),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "This is not a CSV or Excel (.xlsx) file."),
    ],
)
def test_wrong_file_types_are_refused(survey, name, content, message):
    before = snapshot()
    with pytest.raises(ImportRefused) as refused:
        run(survey, name, content=content)
    assert str(refused.value).startswith(message)
    assert snapshot() == before


def test_a_zip_that_is_not_a_workbook_is_refused(survey):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ImportRefused, match=r"^This is not an Excel workbook \(\.xlsx\)"):
        run(survey, "letter.xlsx", content=buffer.getvalue())


def test_headers_that_match_no_question_are_a_file_error_offering_them_as_questions(survey):
    plan = run(survey, "x.csv", content=b"Timestamp,Favourite colour,Start time\n01/11/2023,blue,x\n")
    assert [str(error) for error in plan.errors] == [
        "File: No column matches a question of this survey. Check you chose the right survey (headers must "
        "be the question text or its code, e.g. q3), or add the file's columns as questions of this survey."
    ]
    assert [column.header for column in plan.columns.question_candidates] == ["Favourite colour"]
    assert EvidenceItem.objects.count() == 0


def test_missing_timestamp_column_is_refused(survey):
    with pytest.raises(ImportRefused, match="No timestamp column"):
        run(survey, "x.csv", content=b"q3\nanswer\n")


def test_duplicate_response_in_the_file_is_an_error(survey):
    content = b"Response ID,Timestamp,q3\nA1,01/11/2023,one\nA1,02/11/2023,two\n"
    plan = run(survey, "dup.csv", content=content)
    assert [str(error) for error in plan.errors] == [
        "Row 3, column A “Response ID”: This response repeats row 2 (same response id, or same timestamp "
        "and respondent). Remove one of them."
    ]
    assert EvidenceItem.objects.count() == 0


def test_extra_cells_beyond_the_header_are_an_error(survey):
    plan = run(survey, "x.csv", content=b"Timestamp,q3\n01/11/2023,one,unexpected\n")
    assert [str(error) for error in plan.errors] == [
        "Row 2: The row has 3 cells but the header names only 2 columns; check for a comma or quote "
        "mark missing in this row."
    ]


def test_import_upload_is_kept_in_the_database(survey, secretariat_user):
    """The admin's preview→confirm store: no temp folder, so any app server can confirm."""
    upload = ImportUpload.objects.create(
        survey=survey,
        filename="s.csv",
        content=(DATA / "responses_utf8.csv").read_bytes(),
        uploaded_by=secretariat_user,
    )
    upload.refresh_from_db()
    assert bytes(upload.content) == (DATA / "responses_utf8.csv").read_bytes()


def _generated(rows: int) -> bytes:
    lines = ["Response ID,Timestamp,Name,Email,Organisation,Themes,q1,q3"]
    for n in range(rows):
        lines.append(
            f"G{n},{1 + n % 28:02d}/11/2023 10:00,Person {n},p{n}@example.net,Org {n},"
            f"vulnerable-users; local-government,Adviser,Answer {n}"
        )
    return "\n".join(lines).encode()


def test_import_queries_do_not_grow_with_rows(survey, django_assert_num_queries, is_postgres):
    """Checking: questions, themes, already-imported ids, known submitters, known organisations, items
    held with the same text (possible duplicates) (6).
    Writing (in a savepoint), on SQLite with bulk_create: organisations + history, submitters +
    history, the import batch + history, reference counter update + read, items + history, theme links
    + their history, answers (13), and two savepoints begun and released (4: the write's and the
    reference allocation's): 23.
    On PostgreSQL with COPY (importing.copying): organisations (ids reserved, COPY, COPY history),
    submitters (the same, 3), the import batch + history (2), reference counter update + read (2),
    items (ids reserved, COPY, history ids reserved, COPY history: 4), theme links (ids reserved, COPY,
    COPY history: 3), answers (COPY: 1) (18), and the four savepoint statements: 6 + 18 + 4 = 28.
    The same at 5 and 30 rows, each row with a new submitter and organisation."""
    expected = 28 if is_postgres else 23
    with django_assert_num_queries(expected):
        assert run(survey, "g.csv", content=_generated(5)).written == 5
    EvidenceItem.objects.all().delete()
    Submitter.objects.all().delete()  # else their earlier items are looked up: one more query
    with django_assert_num_queries(expected):
        assert run(survey, "g.csv", content=_generated(30)).written == 30
    assert SurveyAnswer.objects.count() == 60


def test_reimport_creates_no_extra_submitters_for_respondents_without_email(survey):
    content = b"Response ID,Timestamp,Name,Organisation,q3\nN1,01/11/2023,Jo Bloggs,Bloggs & Co,answer\n"
    run(survey, "n.csv", content=content)
    before = snapshot()
    assert run(survey, "n.csv", content=content).already_imported == [2]
    assert snapshot() == before
    assert Submitter.objects.get().organisation.name == "Bloggs & Co"


def test_a_concurrent_import_of_the_same_responses_writes_nothing(survey, monkeypatch):
    """Another import commits R-102 between our check and our write: the unique (survey, response id)
    constraint stops ours, which rolls back whole and says to run it again."""
    from evidence import importing
    from tests.factories import EvidenceItemFactory

    write_plan = importing.write_plan

    def racing_write(plan, **kwargs):
        EvidenceItemFactory(kind=EvidenceItem.Kind.SURVEY_RESPONSE, survey=survey, external_id="R-102")
        return write_plan(plan, **kwargs)

    monkeypatch.setattr(importing, "write_plan", racing_write)
    with pytest.raises(ImportRefused, match=r"^Another import wrote some of these responses"):
        run(survey, "responses_utf8.csv")
    assert list(EvidenceItem.objects.values_list("external_id", flat=True)) == ["R-102"]
    assert (
        SurveyAnswer.objects.count(),
        Submitter.objects.exclude(evidence_items__external_id="R-102").count(),
    ) == (
        0,
        0,
    )
