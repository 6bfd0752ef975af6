"""Dual coding in a real browser: the secretariat assigns an item to two members, they code it
differently, the conflict appears in the queue, the secretariat resolves it, and the agreement page
follows."""

import pytest

from coding.models import DualCodingAssignment
from tests.browser.conftest import console_errors, screenshot
from tests.factories import EvidenceItemFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BODY = "Up to eighteen different contact officers collected the children over twelve months."


def code_and_finish(page, item, themes) -> None:
    page.goto(f"/admin/evidence/evidenceitem/{item.pk}/code/")
    form = page.locator("#dual-coding-form")
    for theme in themes:
        form.get_by_label(str(theme), exact=True).check()
    form.get_by_role("button", name="Save my codes").click()
    page.wait_for_selector("ul.messagelist li.success")
    page.get_by_role("button", name="I have finished coding this item").click()
    page.wait_for_selector("text=You have finished coding")


def test_two_members_disagree_and_the_secretariat_resolves(page_as):
    item = EvidenceItemFactory(title="Contact service testimony", body=BODY)
    oversight = ThemeFactory(name="Journey oversight", colour="#1f77b4")
    vulnerable = ThemeFactory(name="Journey vulnerable users", colour="#d62728")
    secretariat = page_as("Secretariat")
    errors = console_errors(secretariat)
    first, second = page_as("Member", "journey-ada"), page_as("Member", "journey-ben")

    secretariat.goto("/admin/coding/dualcodingassignment/agreement/")
    assert "0 items dual-coded" in secretariat.inner_text("#agreement-summary")

    secretariat.goto("/admin/evidence/evidenceitem/")
    secretariat.check(f'input[name="_selected_action"][value="{item.pk}"]')
    secretariat.select_option('select[name="action"]', "assign_dual_coding")
    secretariat.click('button[name="index"]')
    secretariat.select_option("#id_coder_a", label="journey-ada")
    secretariat.select_option("#id_coder_b", label="journey-ben")
    secretariat.get_by_role("button", name="Assign").click()
    secretariat.wait_for_selector("text=assigned to journey-ada and journey-ben")
    assert DualCodingAssignment.objects.filter(item=item).exists()

    code_and_finish(first, item, [oversight, vulnerable])
    second.goto(f"/admin/evidence/evidenceitem/{item.pk}/code/")
    assert second.locator(".reader-themes").count() == 0  # nothing of Ada's shows
    code_and_finish(second, item, [oversight])
    screenshot(second, "member-finishes-dual-coding")

    secretariat.goto("/admin/coding/dualcodingassignment/conflicts/")
    conflict = secretariat.locator(f"#conflicts-{item.dual_codings.get().pk}")
    assert "Journey vulnerable users" in conflict.inner_text()
    assert "Journey oversight" not in conflict.inner_text()  # both applied it: no conflict
    screenshot(secretariat, "secretariat-sees-the-conflict")
    secretariat.goto("/admin/coding/dualcodingassignment/agreement/")
    assert "1 item dual-coded" in secretariat.inner_text("#agreement-summary")
    assert "(0 resolved)" in secretariat.inner_text("#agreement-summary")

    secretariat.goto("/admin/coding/dualcodingassignment/conflicts/")
    conflict.get_by_role("link", name=f"Resolve {item.reference}…").click()
    secretariat.get_by_label("Apply").check()
    secretariat.get_by_role("button", name="Record the agreed coding").click()
    secretariat.wait_for_selector("text=Nothing waits for resolution.")
    assert {t.name for t in item.themes.all()} == {"Journey oversight", "Journey vulnerable users"}

    secretariat.goto("/admin/coding/dualcodingassignment/agreement/")
    summary = secretariat.inner_text("#agreement-summary")
    assert "1 item dual-coded" in summary and "(1 resolved)" in summary
    row = secretariat.locator("#agreement-table tr", has_text="Journey vulnerable users").inner_text()
    assert row.split("\t")[1:5] == ["0", "1", "0", "0"]
    screenshot(secretariat, "secretariat-reads-the-agreement")
    assert errors == []
