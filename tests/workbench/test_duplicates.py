"""Possible duplicates: found by text and email, shown with links, decided once, excluded with reason."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evidence.models import EvidenceItem
from tests.factories import EvidenceItemFactory, SubmitterFactory
from workbench import duplicates, services
from workbench.models import DuplicatePair

pytestmark = pytest.mark.django_db

TEXT = "The assessment centre was closed when we arrived and nobody had told us it had moved."
CHANGELIST = "/admin/evidence/evidenceitem/"


def code_url(item):
    return reverse("admin:evidence_evidenceitem_code", args=[item.pk])


def test_same_text_and_same_email_are_offered_with_their_reason(secretariat_user):
    jo = SubmitterFactory(email="jo@example.net")
    item = EvidenceItemFactory(body=TEXT, submitter=jo)
    copy = EvidenceItemFactory(body=TEXT)
    same_person = EvidenceItemFactory(body="Another story.", submitter=jo)
    EvidenceItemFactory(body="Unrelated text about tendering.")

    found = {c.item: c.reason for c in duplicates.duplicates_of(item, secretariat_user)}

    assert found == {copy: "same text", same_person: "same submitter email"}


@pytest.mark.postgres
def test_nearly_the_same_text_is_found_on_postgresql(secretariat_user, settings):
    settings.DUPLICATE_SIMILARITY = 0.6
    item = EvidenceItemFactory(body=TEXT)
    near = EvidenceItemFactory(body=TEXT.replace("nobody had told us", "no one told us"))
    [candidate] = duplicates.duplicates_of(item, secretariat_user)
    assert candidate.item == near and candidate.reason.startswith("nearly the same text (")


def test_members_are_not_told_who_shares_a_submitter_nor_about_confidential_text(member_user):
    jo = SubmitterFactory(email="jo@example.net")
    item = EvidenceItemFactory(body=TEXT, submitter=jo)
    EvidenceItemFactory(body="Other.", submitter=jo)
    EvidenceItemFactory(body=TEXT, confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL)
    assert duplicates.duplicates_of(item, member_user) == []


def test_not_a_duplicate_is_remembered_and_drops_out_of_the_filter(secretariat_client, secretariat_user):
    item, copy = EvidenceItemFactory(body=TEXT, title="First"), EvidenceItemFactory(body=TEXT, title="Second")
    EvidenceItemFactory(title="Single")
    listed = secretariat_client.get(CHANGELIST, {"duplicates": "possible"}).content.decode()
    assert "First" in listed and "Second" in listed and "Single" not in listed

    response = secretariat_client.post(
        reverse("admin:evidence_evidenceitem_code_duplicate", args=[item.pk]),
        {"other": copy.pk, "verdict": "not_duplicate"},
    )

    assert response.status_code == 302
    pair = DuplicatePair.objects.get()
    assert (pair.first, pair.second, pair.verdict, pair.decided_by) == (
        item,
        copy,
        "not_duplicate",
        secretariat_user,
    )
    assert duplicates.duplicates_of(copy, secretariat_user) == []
    assert "Second" not in secretariat_client.get(CHANGELIST, {"duplicates": "possible"}).content.decode()


def test_marking_a_duplicate_links_them_and_lets_the_secretariat_exclude_one(secretariat_client):
    original, copy = EvidenceItemFactory(body=TEXT), EvidenceItemFactory(body=TEXT)
    secretariat_client.post(
        reverse("admin:evidence_evidenceitem_code_duplicate", args=[copy.pk]),
        {"other": original.pk, "verdict": "duplicate"},
    )
    page = secretariat_client.get(code_url(original)).content.decode()
    assert "Marked duplicate by sec" in page and f"{copy.reference} –" in page

    secretariat_client.post(
        reverse("admin:evidence_evidenceitem_code_exclude", args=[copy.pk]), {"original": original.pk}
    )

    copy.refresh_from_db()
    assert (copy.status, copy.status_reason) == ("excluded", f"Duplicate of {original.reference}")


def test_excluding_needs_the_pair_marked_first(secretariat_user):
    original, copy = EvidenceItemFactory(body=TEXT), EvidenceItemFactory(body=TEXT)
    with pytest.raises(
        ValidationError, match=f"Mark {copy.reference} as a duplicate of {original.reference}"
    ):
        services.duplicate_exclude(item=copy, original=original, by=secretariat_user)


def test_members_cannot_decide(member_client):
    item, copy = EvidenceItemFactory(body=TEXT), EvidenceItemFactory(body=TEXT)
    url = reverse("admin:evidence_evidenceitem_code_duplicate", args=[item.pk])
    assert member_client.post(url, {"other": copy.pk, "verdict": "duplicate"}).status_code == 403
    assert "Not a duplicate" not in member_client.get(code_url(item)).content.decode()
    assert not DuplicatePair.objects.exists()


def test_only_items_offered_can_be_paired_and_only_with_a_known_verdict(secretariat_client):
    item, copy, other = EvidenceItemFactory(body=TEXT), EvidenceItemFactory(body=TEXT), EvidenceItemFactory()
    url = reverse("admin:evidence_evidenceitem_code_duplicate", args=[item.pk])
    assert secretariat_client.post(url, {"other": other.pk, "verdict": "duplicate"}).status_code == 403
    assert secretariat_client.post(url, {"other": "x", "verdict": "duplicate"}).status_code == 403
    assert secretariat_client.post(url, {"other": copy.pk, "verdict": "maybe"}).status_code == 403
    assert secretariat_client.get(url).status_code == 405
    assert not DuplicatePair.objects.exists()


def test_item_page_and_reader_show_duplicates_with_links(secretariat_client):
    item, copy = EvidenceItemFactory(body=TEXT), EvidenceItemFactory(body=TEXT)
    change = secretariat_client.get(
        reverse("admin:evidence_evidenceitem_change", args=[item.pk])
    ).content.decode()
    assert code_url(copy) in change and "same text" in change
    assert code_url(copy) in secretariat_client.get(code_url(item)).content.decode()
