"""Journeys through the evidence admin in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from evidence.models import EvidenceItem
from tests.browser.conftest import console_errors, screenshot
from tests.factories import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

Status = EvidenceItem.Status


def test_secretariat_logs_a_written_submission_with_attachment_and_reviews_it(page_as, tmp_path):
    submission = tmp_path / "law-centre-submission.pdf"
    submission.write_bytes(pdf_bytes())
    page = page_as("Secretariat")
    errors = console_errors(page)

    page.goto("/admin/evidence/evidenceitem/add/")
    page.fill("#id_title", "Written submission from Northside Law Centre")
    page.select_option("#id_kind", EvidenceItem.Kind.WRITTEN_SUBMISSION)
    page.fill("#id_received_on", "2023-11-28")
    page.select_option("#id_confidentiality", EvidenceItem.Confidentiality.PUBLISHABLE)
    page.fill("#id_body", "Assessments by the contractor were overturned on appeal in most cases we saw.")
    page.set_input_files("#id_attachment", str(submission))
    page.click("input[name=_continue]")
    page.wait_for_selector("ul.messagelist li.success")
    item = EvidenceItem.objects.get()
    assert item.reference in page.inner_text("#content")

    for step in (Status.TRIAGED, Status.REVIEWED):
        page.select_option("#id_move_to", step)
        page.click("input[name=_continue]")
        page.wait_for_selector("ul.messagelist li.success")
        assert page.inner_text(".field-status .readonly") == Status(step).label

    item.refresh_from_db()
    assert item.status == Status.REVIEWED
    assert item.attachment.name.endswith(".pdf")
    assert page.get_by_role("link", name=re.compile(r"law-centre-submission.*\.pdf")).is_visible()
    assert screenshot(page, "secretariat-logs-and-reviews-submission").stat().st_size > 0
    assert errors == []


def test_secretariat_uploads_documents_finds_their_text_and_bulk_codes_them(page_as, tmp_path):
    from tests.factories import ThemeFactory, docx_bytes

    theme = ThemeFactory(name="Oversight & monitoring", slug="oversight-monitoring-journey")
    (tmp_path / "Camden_Law_Centre.pdf").write_bytes(pdf_bytes())
    (tmp_path / "Union note.docx").write_bytes(docx_bytes(["Staff were never trained on the new contract."]))
    page = page_as("Secretariat")
    errors = console_errors(page)

    page.goto("/admin/evidence/evidenceitem/")
    page.click("text=Upload documents")
    page.set_input_files(
        "#id_files", [str(tmp_path / "Camden_Law_Centre.pdf"), str(tmp_path / "Union note.docx")]
    )
    page.fill("#id_received_on", "30/11/2023")
    page.click("input[type=submit]")
    page.wait_for_selector("ul.messagelist li.success")
    assert "Logged 2 document(s) as evidence" in page.inner_text("ul.messagelist")
    assert page.locator("#result_list tbody tr").count() == 2

    page.fill("#searchbar", "never trained")
    with page.expect_navigation():
        page.press("#searchbar", "Enter")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    assert "Union note" in page.inner_text("#result_list")

    page.goto("/admin/evidence/evidenceitem/")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "bulk_edit")
    page.click("button[name=index]")
    page.select_option("#id_themes_mode", "add")
    page.locator("#id_themes + .select2").click()
    page.keyboard.type("Oversight")
    page.click(".select2-results__option:has-text('Oversight & monitoring')")
    page.click("input[name=apply]")
    page.wait_for_selector("text=What changed")
    assert page.inner_text("#content").count("Themes: + Oversight & monitoring") == 2
    assert screenshot(page, "secretariat-uploads-and-bulk-codes").stat().st_size > 0
    assert {t for item in EvidenceItem.objects.all() for t in item.themes.all()} == {theme}
    assert errors == []
