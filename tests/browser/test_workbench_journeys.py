"""The coding workbench in a real browser: a member reads, selects a sentence with the mouse, codes
it with a theme and a recommendation, sees it highlighted and moves to the next unread item."""

import pytest

from evidence.models import EvidenceItem, Excerpt
from recommendations.models import EvidenceLink
from tests.browser.conftest import console_errors, screenshot
from tests.factories import EvidenceItemFactory, RecommendationFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SENTENCE = "The assessor never read the medical evidence."
BODY = f"We waited eleven weeks for a decision.\n\n{SENTENCE} Nobody explained how to complain."

# Client rectangles of the first and last character of `sentence` inside the reader's text.
SENTENCE_EDGES = """(sentence) => {
  const block = document.querySelector('.reader-block');
  const node = block.querySelector('[data-start]').firstChild;
  const start = node.textContent.indexOf(sentence);
  const rect = (from, to) => {
    const range = document.createRange();
    range.setStart(node, from);
    range.setEnd(node, to);
    const box = range.getBoundingClientRect();
    return {x: box.x, y: box.y, width: box.width, height: box.height};
  };
  return [rect(start, start + 1), rect(start + sentence.length - 1, start + sentence.length)];
}"""


def select_with_mouse(page, sentence: str) -> None:
    first, last = page.evaluate(SENTENCE_EDGES, sentence)
    page.mouse.move(first["x"] + 1, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] / 2, steps=5)
    page.mouse.move(last["x"] + last["width"] - 0.5, last["y"] + last["height"] / 2)
    page.mouse.up()


def test_member_selects_codes_sees_highlight_and_goes_to_next_unread(page_as):
    item = EvidenceItemFactory(title="Written submission from a carer", body=BODY, received_on="2023-11-20")
    following = EvidenceItemFactory(title="Response from a welfare adviser", received_on="2023-11-10")
    recommendation = RecommendationFactory(number="2.1", title="Assessors must read the medical evidence")
    theme = ThemeFactory(name="Contact with claimants", colour="#2ca02c")
    page = page_as("Member")
    errors = console_errors(page)

    page.goto("/admin/evidence/evidenceitem/")
    page.locator("#result_list tr", has_text=item.reference).get_by_role("link", name="Read & code").click()
    page.wait_for_selector(".reader-block")
    select_with_mouse(page, SENTENCE)
    coding = page.locator("#coding.floating")
    coding.wait_for()
    assert page.input_value("#id_quote") == SENTENCE
    coding.get_by_label(str(theme)).check()
    page.select_option("#id_recommendation", str(recommendation.pk))
    page.select_option("#id_strength", "3")
    coding.get_by_role("button", name="Save excerpt").click()

    page.wait_for_selector("ul.messagelist li.success")
    mark = page.locator("mark.excerpt")
    assert mark.inner_text() == SENTENCE
    assert mark.get_attribute("title") == str(theme)
    assert "2.1 Assessors must read the medical evidence" in page.inner_text(".reader-excerpts")
    excerpt = Excerpt.objects.get()
    assert (excerpt.quote, excerpt.start_offset) == (SENTENCE, BODY.index(SENTENCE))
    assert EvidenceLink.objects.filter(excerpt=excerpt, recommendation=recommendation, strength=3).exists()
    screenshot(page, "member-codes-a-passage-in-the-reader")

    page.keyboard.press("n")
    page.wait_for_url(f"**/evidenceitem/{following.pk}/code/")
    assert following.title in page.inner_text("h1")
    assert "Nothing unread left in this queue." in page.inner_text(".reader-queue")
    assert errors == []


def test_member_sees_that_a_confidential_item_is_hidden(page_as):
    item = EvidenceItemFactory(
        title="Safeguarding file",
        body="Maple Court",
        confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL,
    )
    page = page_as("Member")
    errors = console_errors(page)
    page.goto(f"/admin/evidence/evidenceitem/{item.pk}/code/")
    assert "hidden: confidential" in page.inner_text("#reader-hidden")
    assert "Maple Court" not in page.content()
    assert errors == []


def test_secretariat_marks_a_duplicate_and_excludes_the_copy(page_as):
    text = "The assessment centre was closed when we arrived and nobody had told us it had moved."
    original = EvidenceItemFactory(title="Letter from a claimant", body=text, received_on="2023-11-02")
    copy = EvidenceItemFactory(title="Same letter, sent again", body=text, received_on="2023-11-03")
    page = page_as("Secretariat")
    errors = console_errors(page)

    page.goto("/admin/evidence/evidenceitem/?duplicates=possible")
    assert page.locator("#result_list tbody tr").count() == 2
    page.locator("#result_list tr", has_text=copy.reference).get_by_role("link", name="Read & code").click()
    duplicates = page.locator("#duplicates")
    assert original.reference in duplicates.inner_text() and "same text" in duplicates.inner_text()
    duplicates.get_by_role("button", name="Duplicate", exact=True).click()
    page.wait_for_selector("ul.messagelist li.success")
    page.locator("#duplicates").get_by_role("button", name=f"Exclude {copy.reference}").click()
    page.wait_for_selector("ul.messagelist li.success")

    copy.refresh_from_db()
    assert (copy.status, copy.status_reason) == (
        EvidenceItem.Status.EXCLUDED,
        f"Duplicate of {original.reference}",
    )
    assert "Marked duplicate by browser-secretariat" in page.inner_text("#duplicates")
    screenshot(page, "secretariat-excludes-a-duplicate")
    assert errors == []
