"""Possible duplicates: found by text and email, shown with links, decided once, excluded with reason."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
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


def _many_long_texts(count: int) -> None:
    """Enough text that a trigram search cannot finish within a millisecond."""
    words = TEXT.split()
    EvidenceItem.objects.bulk_create(
        EvidenceItem(
            reference=f"LONG-{n:05d}",
            title=f"Long {n}",
            kind=EvidenceItem.Kind.WRITTEN_SUBMISSION,
            received_on="2023-11-01",
            body=" ".join(words[(n + k) % len(words)] for k in range(400)),
        )
        for n in range(count)
    )


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [name])
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_a_slow_near_text_search_is_cut_short_said_so_and_can_be_run_in_full(
    secretariat_client, secretariat_user, settings
):
    settings.DUPLICATE_SIMILARITY = 0.6
    item = EvidenceItemFactory(body=TEXT)
    near = EvidenceItemFactory(body=TEXT.replace("nobody had told us", "no one told us"))
    _many_long_texts(2000)
    settings.DUPLICATE_SEARCH_MS = 1

    cut_short = duplicates.duplicates_of(item, secretariat_user)
    assert cut_short == [] and cut_short.near_unchecked
    assert _setting("statement_timeout") == "0"  # the page's later queries are not limited
    page = secretariat_client.get(code_url(item)).content.decode()
    assert "Nearly the same text was not checked" in page and "None found." not in page
    assert f"{code_url(item)}?duplicates=full#duplicates" in page
    in_queue = secretariat_client.get(code_url(item), {"kind__exact": "written_submission"}).content.decode()
    assert f"{code_url(item)}?duplicates=full&amp;kind__exact=written_submission#duplicates" in in_queue
    change = secretariat_client.get(reverse("admin:evidence_evidenceitem_change", args=[item.pk]))
    assert "Check nearly the same text now" in change.content.decode()

    full = secretariat_client.get(code_url(item), {"duplicates": "full"}).content.decode()
    assert near.reference in full and "not checked" not in full
    assert _setting("statement_timeout") == "0"
    assert _setting("pg_trgm.similarity_threshold") in ("0.3", "", None)
