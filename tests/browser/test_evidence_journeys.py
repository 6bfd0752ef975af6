"""Journeys through the evidence admin in a real browser."""

import re

import pytest

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
