"""History pages (evidence/admin/history.py): per change, the fields that changed, old → new, with
many-to-many changes as added/removed values, as the privacy policy lets the reader see them."""

import pytest
from django.test import Client
from django.urls import reverse

from evidence.models import EvidenceItem
from tests.evidence.test_admin import change_form
from tests.factories import EvidenceItemFactory, SubmitterFactory, ThemeFactory


def _history(client, item) -> str:
    response = client.get(reverse("admin:evidence_evidenceitem_history", args=[item.pk]))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.mark.django_db
def test_each_change_lists_its_fields_old_and_new_with_theme_additions(secretariat_client):
    old_theme, new_theme = ThemeFactory(name="Local government"), ThemeFactory(name="Vulnerable users")
    item = EvidenceItemFactory(title="Letter from a carer", body="First text.")
    item.themes.set([old_theme])
    response = secretariat_client.post(
        reverse("admin:evidence_evidenceitem_change", args=[item.pk]),
        change_form(item, title="Letter from a paid carer", themes=[new_theme.pk]),
    )
    assert response.status_code == 302
    page = _history(secretariat_client, item)
    assert (
        "<strong>Title:</strong> Letter from a carer&nbsp;&rarr;&nbsp;&nbsp;Letter from a paid carer" in page
    )
    # One save, one history row: the theme added and the one removed are listed in the same change.
    assert "<strong>Themes:</strong> + Vulnerable users, − Local government" in page


@pytest.mark.django_db
def test_members_see_the_changes_but_not_the_submitter_or_a_confidential_body(
    secretariat_client, member_user, secretariat_user
):
    from evidence import services

    member_client = Client()
    member_client.force_login(member_user)
    item = EvidenceItemFactory(
        title="Safeguarding file",
        body="Maple Court file 7731.",
        confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL,
    )
    item.title, item.body = "Safeguarding file (redacted)", "Maple Court file 7732."
    item.submitter = SubmitterFactory(name="Perpetua Quillfeather", anonymity_requested=True)
    services.evidence_update(item=item, by=secretariat_user)
    for_secretariat, for_member = _history(secretariat_client, item), _history(member_client, item)
    assert "Perpetua Quillfeather" in for_secretariat and "7732" in for_secretariat
    assert "Safeguarding file (redacted)" in for_member
    assert "Quillfeather" not in for_member and "7731" not in for_member and "7732" not in for_member
    assert "<strong>Submitter:" not in for_member and "<strong>Body:" not in for_member


@pytest.mark.django_db
def test_members_see_the_body_changes_of_items_they_may_read(member_client, secretariat_user):
    from evidence import services

    item = EvidenceItemFactory(body="Old wording.", confidentiality=EvidenceItem.Confidentiality.PUBLISHABLE)
    item.body = "New wording."
    services.evidence_update(item=item, by=secretariat_user)
    assert "<strong>Body:</strong> Old wording.&nbsp;&rarr;&nbsp;&nbsp;New wording." in _history(
        member_client, item
    )


@pytest.mark.django_db
def test_member_cannot_revert_through_the_history_form(member_client, secretariat_user):
    from evidence import services

    item = EvidenceItemFactory(title="Before")
    item.title = "After"
    services.evidence_update(item=item, by=secretariat_user)
    version = item.history.earliest()
    url = reverse("admin:evidence_evidenceitem_simple_history", args=[item.pk, version.history_id])
    assert member_client.post(url, change_form(item, title="Before")).status_code == 403
    item.refresh_from_db()
    assert item.title == "After"


@pytest.mark.django_db
def test_choices_show_their_labels(secretariat_client, secretariat_user):
    from evidence import services

    item = EvidenceItemFactory()
    services.evidence_transition(item=item, to=EvidenceItem.Status.TRIAGED, by=secretariat_user)
    assert "<strong>Status:</strong> Received&nbsp;&rarr;&nbsp;&nbsp;Triaged" in _history(
        secretariat_client, item
    )
