"""Members must never see a confidential submitter's identity or a confidential item's text: every
page they can reach (tests/privacy_checks.py MEMBER_PAGES) and every export (MEMBER_EXPORTS) is
rendered and searched for them."""

import pytest
from django.urls import reverse

from tests.privacy_checks import MEMBER_EXPORTS, MEMBER_PAGES, admin_pages, leaks


@pytest.mark.django_db
def test_no_member_page_leaks_a_confidential_submitter(member_client, confidential_world):
    world = confidential_world
    reached = 0
    found = {}
    for pages in MEMBER_PAGES:
        for url in pages(world):
            response = member_client.get(url, follow=True)
            assert response.status_code in (200, 403, 404), url
            reached += response.status_code == 200
            if leaked := leaks(response.content, world, url):
                found[url] = leaked
    assert found == {}
    assert reached > 40  # the member really saw pages, not a wall of 403s


@pytest.mark.django_db
def test_no_member_export_leaks_a_confidential_submitter(member_client, confidential_world):
    for export in MEMBER_EXPORTS:
        assert leaks(export(member_client, confidential_world), confidential_world) == []


@pytest.mark.django_db
def test_the_secretariat_does_see_the_identity(secretariat_client, confidential_world):
    """The leak check is not blind: the same pages show the identity to those allowed to see it."""
    world = confidential_world
    urls = [url for url in admin_pages(world) if "?q=" not in url]
    text = "".join(secretariat_client.get(url).content.decode() for url in urls)
    assert world.submitter.name in text
    assert world.submitter.email in text
    assert "Maple Court" in text


@pytest.mark.django_db
def test_member_sees_the_public_label_and_the_evidence_itself(member_client, confidential_world):
    world = confidential_world
    listing = member_client.get(reverse("admin:evidence_evidenceitem_changelist")).content.decode()
    assert "Anonymous respondent" in listing
    assert world.item.reference in listing and world.confidential_item.reference in listing
    page = member_client.get(
        reverse("admin:evidence_evidenceitem_change", args=[world.item.pk])
    ).content.decode()
    assert "Up to 18 different contact officers" in page  # anonymised evidence is readable
    page = member_client.get(
        reverse("admin:evidence_evidenceitem_change", args=[world.confidential_item.pk])
    ).content.decode()
    assert "Safeguarding file" in page  # the item exists for them, its text does not


@pytest.mark.django_db
def test_member_search_does_not_find_items_by_submitter_or_confidential_text(
    member_client, confidential_world
):
    world = confidential_world
    changelist = reverse("admin:evidence_evidenceitem_changelist")
    for term in ["Quillfeather", "perpetua.q@private.example", "Maple Court"]:
        text = member_client.get(changelist, {"q": term}).content.decode()
        assert world.item.reference not in text and world.confidential_item.reference not in text, term
    assert world.item.reference in member_client.get(changelist, {"q": "contact officers"}).content.decode()


@pytest.mark.django_db
def test_member_cannot_revert_through_the_history_form(member_client, confidential_world):
    """django-simple-history saves a history-form POST for anyone who may view the object."""
    world = confidential_world
    version = world.meeting.history.first()
    url = reverse("admin:meetings_meeting_simple_history", args=[world.meeting.pk, version.history_id])
    response = member_client.post(url, {"title": "Hijacked", "_change_history": "1"})
    assert response.status_code == 403
    world.meeting.refresh_from_db()
    assert world.meeting.title != "Hijacked"
