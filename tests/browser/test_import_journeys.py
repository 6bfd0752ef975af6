"""The intake journey in a real browser: upload a survey export with new questions → create them →
the preview shows sample answers → confirm → land on the batch's items."""

import re
from pathlib import Path

import pytest

from evidence.models import EvidenceItem, ImportBatch
from tests.browser.conftest import console_errors, screenshot
from tests.evidence.data.generate import NEW_QUESTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EXPORT = Path(__file__).parent.parent / "evidence" / "data" / "forms_new_questions.csv"


def test_secretariat_imports_an_export_with_new_questions_and_lands_on_the_batch(page_as, tender_survey):
    survey = tender_survey
    page = page_as("Secretariat")
    errors = console_errors(page)

    page.goto("/admin/evidence/evidenceitem/")
    page.get_by_role("link", name="Import survey responses").click()
    page.select_option("#id_survey", str(survey.pk))
    page.set_input_files("#id_file", str(EXPORT))
    page.click("input[type=submit]")

    page.wait_for_selector("#import-columns")
    assert "no column in this file" in page.inner_text("#survey-questions")
    assert page.is_checked("input[name=new_question][value='3']")
    assert not page.is_checked("input[name=new_question][value='5']")  # "Start time"
    page.click("input[name=create_questions]")

    page.wait_for_selector("ul.messagelist li.success")
    assert "Added 2 question(s)" in page.inner_text("ul.messagelist")
    samples = page.inner_text("#import-samples")
    assert NEW_QUESTIONS[0] in samples and "Yes, twice." in samples
    assert "2 new response(s) to import" in page.inner_text("#import-summary")
    screenshot(page, "import-preview-with-new-questions")
    page.click("input[name=confirm]")

    batch = ImportBatch.objects.get()
    page.wait_for_url(re.compile(rf"/admin/evidence/evidenceitem/\?import_batch__id__exact={batch.pk}$"))
    assert "Imported 2 response(s)" in page.inner_text("ul.messagelist")
    listed = page.locator("#result_list tbody tr")
    assert listed.count() == 2 == EvidenceItem.objects.filter(import_batch=batch).count()
    assert screenshot(page, "import-lands-on-batch").stat().st_size > 0
    assert errors == []
