"""The public evidence pages in a real browser: a visitor without an account searches, opens an item
and sees the redacted text; the page breaks no content-security rule."""

import pytest
from playwright.sync_api import expect

from publication.models import PublicationDecision, RedactionReason
from tests.browser.conftest import console_errors, screenshot
from tests.factories import (
    EvidenceItemFactory,
    PublicationDecisionFactory,
    RedactionFactory,
    SubmitterFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_searches_and_reads_a_redacted_item(live_server, browser):
    item = EvidenceItemFactory(
        submitter=SubmitterFactory(name="Hidden Person", anonymity_requested=True),
        body="The assessor Kim Third ignored the medical evidence about appeals.",
    )
    PublicationDecisionFactory(item=item, outcome=PublicationDecision.Outcome.PUBLISH_ANONYMISED)
    RedactionFactory(item=item, quoted_text="Kim Third")
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    errors = console_errors(page)
    page.goto("/evidence/published/")
    page.fill("input[name=q]", "medical evidence")
    page.click("button[type=submit]")
    expect(page.locator("td.match")).to_contain_text("[redacted] ignored the medical evidence")
    page.click(f"text={item.reference}")
    expect(page.locator("h1")).to_have_text(item.reference)
    expect(page.locator(".text")).to_have_text(
        "The assessor [redacted] ignored the medical evidence about appeals."
    )
    content = page.content()
    assert "Kim Third" not in content and "Hidden Person" not in content
    screenshot(page, "public-evidence-item")
    assert errors == []
    context.close()


def test_secretariat_redacts_and_publishes_then_a_visitor_sees_redacted(page_as, live_server, browser):
    item = EvidenceItemFactory(
        submitter=SubmitterFactory(name="Quiet Person", anonymity_requested=True),
        body="My caseworker Rowan Greaves lost the appeal papers twice.",
    )
    RedactionReason.objects.get_or_create(
        name="Third-party personal data"
    )  # (emptied by other browser tests)
    page = page_as("Secretariat")
    page.goto(f"/admin/publication/redaction/add/?item={item.pk}")
    page.fill("#id_quoted_text", "Rowan Greaves")
    page.select_option("#id_reason", label="Third-party personal data")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.goto(f"/admin/publication/publicationdecision/add/?item={item.pk}")
    page.select_option("#id_outcome", label="Publish anonymised")
    page.fill("#id_reason", "Anonymity requested; caseworker's name redacted.")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    visitor = browser.new_context(base_url=live_server.url).new_page()
    errors = console_errors(visitor)
    visitor.goto(f"/evidence/published/{item.reference}/")
    expect(visitor.locator(".text")).to_have_text("My caseworker [redacted] lost the appeal papers twice.")
    expect(visitor.locator("dl.meta")).to_contain_text("Anonymous")
    assert "Rowan Greaves" not in visitor.content() and "Quiet Person" not in visitor.content()
    screenshot(visitor, "public-evidence-after-redaction")
    assert errors == []
    visitor.context.close()
