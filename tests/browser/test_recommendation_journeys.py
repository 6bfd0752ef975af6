"""From evidence to the report in a real browser: a member tags a submission to a recommendation,
the chair agrees the recommendation, and the report preview cites the submission."""

import pytest

from evidence.models import EvidenceItem
from recommendations.models import EvidenceLink, Recommendation
from tests.browser.conftest import console_errors, screenshot
from tests.factories import EvidenceItemFactory, RecommendationFactory, SubmitterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

Status = Recommendation.Status


@pytest.fixture
def submission():
    return EvidenceItemFactory(
        title="Written submission from Northside Law Centre",
        status=EvidenceItem.Status.REVIEWED,
        submitter=SubmitterFactory(name="Northside Law Centre"),
    )


@pytest.fixture
def recommendation():
    return RecommendationFactory(
        number="3.1",
        title="Publish assessment accuracy data",
        status=Status.UNDER_DISCUSSION,
    )


def test_member_tags_chair_agrees_and_report_cites_the_submission(page_as, submission, recommendation):
    # Journey 2: a member tags the submission from the evidence list action.
    member = page_as("Member")
    errors = console_errors(member)
    member.goto("/admin/evidence/evidenceitem/")
    row = member.locator("#result_list tbody tr", has_text=submission.reference)
    row.locator("input.action-select").check()
    member.select_option("select[name=action]", label="Tag selected evidence to recommendation…")
    member.click("button[name=index]")
    member.wait_for_selector("text=Tag these 1 item(s) to one recommendation")
    # Items are named as the evidence picker names them: reference, kind, date, first words.
    assert (
        f"{submission.reference} · Written submission · 1 Nov 2023 · “Full text of the evidence"
        in member.inner_text("#content")
    )
    member.select_option("#id_recommendation", label="3.1 Publish assessment accuracy data")
    member.select_option("#id_stance", EvidenceLink.Stance.SUPPORTS)
    member.select_option("#id_strength", "3")
    member.click("input[name=apply]")
    assert "1 item(s) tagged to 3.1 (supports)." in member.inner_text("ul.messagelist li.success")
    screenshot(member, "member-tags-submission-to-recommendation")

    member.goto(f"/admin/evidence/evidenceitem/{submission.pk}/change/")
    assert "3.1 Publish assessment accuracy data – supports, strong" in member.inner_text(".field-cited_by")

    # Journey 3: the chair agrees it from the recommendation's workflow button.
    chair = page_as("Chair")
    errors += console_errors(chair)
    chair.goto("/admin/recommendations/recommendation/")
    chair.get_by_role("link", name="Publish assessment accuracy data").click()
    assert chair.locator(".field-status .readonly").inner_text() == Status.UNDER_DISCUSSION.label
    chair.get_by_role("link", name="Move to Agreed…").click()
    chair.fill("#id_reason", "Agreed at the November meeting.")
    chair.click("input[value=Move]")
    assert "3.1 is now Agreed." in chair.inner_text("ul.messagelist li.success")
    assert chair.locator(".field-status .readonly").inner_text() == Status.AGREED.label
    assert "Agreed at the November meeting." in chair.inner_text("#content")
    screenshot(chair, "chair-agrees-recommendation")

    # Journey 4: the report preview cites the submission in a note.
    chair.goto("/admin/")
    chair.click("#report-links >> text=Report preview")
    section = chair.locator("#recommendation-3\\.1")
    assert "Recommendation 3.1: Publish assessment accuracy data" in section.inner_text()
    assert section.locator(".report-citations").inner_text() == "Supporting evidence1"
    section.get_by_role("link", name="1", exact=True).click()
    note = chair.locator("#note-1")
    assert note.inner_text().startswith(f"{submission.reference}, Northside Law Centre, “{submission.title}”")
    assert submission.reference in chair.inner_text("#annex-a")
    screenshot(chair, "report-preview-cites-submission")
    assert errors == []


@pytest.mark.parametrize("role", ["Secretariat", "Member", "Chair"])
def test_dashboard_draws_its_charts_without_console_errors(page_as, role, submission, recommendation):
    page = page_as(role)
    errors = console_errors(page)

    response = page.goto("/")
    page.wait_for_load_state("networkidle")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    charts = page.eval_on_selector_all(
        "canvas[data-chart]",
        "cs => cs.map(c => [c.dataset.chart, Boolean(window.Chart && Chart.getChart(c)), c.width])",
    )
    assert [name for name, _, _ in charts] == [
        "evidence-status",
        "evidence-kind",
        "evidence-theme",
        "recommendation-status",
        "implementation-state",
    ]
    assert all(drawn and width > 0 for _, drawn, width in charts), charts
    assert errors == []
    screenshot(page, f"dashboard-{role.lower()}")
