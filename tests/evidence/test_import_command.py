"""manage.py import_evidence FILE --survey SLUG [--dry-run] [--format csv|xlsx]"""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from evidence.models import EvidenceItem, SurveyAnswer

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _reference_data(tender_survey):
    pass


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_evidence", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_imports_with_a_progress_bar(secretariat_user):
    out, err = run(DATA / "responses_utf8.csv", "--survey", "tender-contract", "--user", "sec")
    assert "Ignored unknown column N “Start time”." in out
    assert re.search(r"Imported 3 response\(s\) into “Tender & Contract” \(import batch \d+\)\.", out)
    assert "Checking rows: " in err and "3row" in err
    assert "Writing responses: " in err
    assert EvidenceItem.objects.filter(created_by=secretariat_user).count() == 3
    out, _ = run(DATA / "responses_utf8.csv", "--survey", "tender-contract")
    assert "Imported 0 response(s) into “Tender & Contract”, 3 already imported." in out


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    out, _ = run(
        DATA / "responses_dates.xlsx", "--survey", "tender-contract", "--dry-run", "--format", "xlsx"
    )
    assert "Dry run: 3 response(s) would be imported." in out
    assert EvidenceItem.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_names_rows_that_repeat_an_item_already_held(tmp_path):
    run(DATA / "responses_utf8.csv", "--survey", "tender-contract")
    held = EvidenceItem.objects.get(external_id="R-101")
    renumbered = tmp_path / "again.csv"
    renumbered.write_bytes((DATA / "responses_utf8.csv").read_bytes().replace(b"R-101", b"R-901"))

    out, _ = run(renumbered, "--survey", "tender-contract", "--dry-run")

    assert f"Row 2: possible duplicate, same text as {held.reference}" in out
    assert "Dry run: 1 response(s) would be imported, 2 already imported." in out


@pytest.mark.django_db
def test_errors_are_printed_per_row_and_the_command_fails():
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError, match=r"^4 error\(s\) in responses_bad_rows.csv; nothing was imported"):
        call_command(
            "import_evidence", str(DATA / "responses_bad_rows.csv"), "--survey", "tender-contract", stderr=err
        )
    assert "Row 3, column G “Consent to publish”: “Maybe” is not a yes/no answer" in err.getvalue()
    assert (EvidenceItem.objects.count(), SurveyAnswer.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_unknown_survey_and_refused_file():
    with pytest.raises(CommandError, match=r"No survey with slug “nope”\. Known surveys: "):
        run(DATA / "responses_utf8.csv", "--survey", "nope")
    with pytest.raises(CommandError, match=r"^This is a PDF"):
        run(DATA / "report.csv", "--survey", "tender-contract")


@pytest.mark.django_db
def test_errors_are_listed_up_to_the_cap_then_counted(tmp_path, settings):
    settings.EVIDENCE_IMPORT_MAX_ERRORS = 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Timestamp,q3\n" + b"31/02/2023 10:00,answer\n" * 5)
    with pytest.raises(CommandError, match=r"^5 error\(s\) in bad.csv; nothing was imported"):
        call_command(
            "import_evidence",
            str(bad),
            "--survey",
            "tender-contract",
            stdout=StringIO(),
            stderr=(err := StringIO()),
        )
    lines = err.getvalue().splitlines()
    assert sum("is not a date we can read" in line for line in lines) == 2
    assert "… and 3 more error(s) not listed." in lines
    assert EvidenceItem.objects.count() == 0


@pytest.mark.django_db
def test_create_questions_adds_the_unmatched_columns_then_imports(tender_survey):
    from tests.evidence.data.generate import NEW_QUESTIONS

    out, _ = run(DATA / "forms_new_questions.csv", "--survey", "tender-contract", "--create-questions")
    assert f"Added question q8 “{NEW_QUESTIONS[0]}”." in out
    assert f"Added question q9 “{NEW_QUESTIONS[1]}”." in out
    assert "Ignored unknown column F “Start time”." in out
    assert not tender_survey.questions.filter(text="Start time").exists()
    assert SurveyAnswer.objects.filter(question__code="q9").count() == 2


@pytest.mark.django_db
def test_without_create_questions_the_unmatched_file_is_refused(tender_survey):
    tender_survey.questions.filter(code="q1").delete()
    with pytest.raises(CommandError, match=r"^1 error\(s\) in forms_new_questions.csv; nothing was imported"):
        run(DATA / "forms_new_questions.csv", "--survey", "tender-contract")
    assert tender_survey.questions.count() == 6


@pytest.mark.django_db
def test_dry_run_with_create_questions_adds_nothing(tender_survey):
    out, _ = run(
        DATA / "forms_new_questions.csv", "--survey", "tender-contract", "--create-questions", "--dry-run"
    )
    assert "Would add question q8" in out
    assert "Dry run: 2 response(s) would be imported." in out
    assert tender_survey.questions.count() == 7 and EvidenceItem.objects.count() == 0


@pytest.mark.django_db
def test_create_survey_from_a_file():
    from evidence.models import Survey

    out, _ = run(DATA / "forms_new_questions.csv", "--create-survey", "Reconsideration pilot")
    survey = Survey.objects.get(name="Reconsideration pilot")
    assert f"Added survey “Reconsideration pilot” (slug {survey.slug})." in out
    assert list(survey.questions.order_by("order").values_list("code", flat=True)) == ["q1", "q2", "q3"]
    assert survey.responses.count() == 2


def test_survey_and_create_survey_are_exclusive():
    with pytest.raises(CommandError, match="not allowed with argument"):
        run(DATA / "forms_new_questions.csv", "--survey", "tender-contract", "--create-survey", "X")


@pytest.mark.django_db
def test_create_survey_with_a_name_taken_is_a_clear_error(tender_survey):
    with pytest.raises(CommandError, match="Survey with this Name already exists"):
        run(DATA / "forms_new_questions.csv", "--create-survey", "Tender & Contract")
