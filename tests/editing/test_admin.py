"""Two people editing one row in the admin: the second save is refused with the conflict page, and
saving again applies only what the second person changed (nothing of the first's is lost)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from editing.admin import AuditedAdminMixin, VersionedAdminMixin, VersionedInlineMixin
from editing.models import Versioned
from evidence.models import EvidenceItem
from meetings.models import Meeting
from tests.factories import (
    EvidenceItemFactory,
    ExcerptFactory,
    MeetingFactory,
    OrganisationFactory,
    SubmitterFactory,
    ThemeFactory,
)
from tests.recommendations.admin_forms import change_form_data


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def two_tabs(client, obj, first_user, second_user):
    """The change form as loaded by two people before either saves."""
    client.force_login(first_user)
    first = change_form_data(client.get(change_url(obj)))
    client.force_login(second_user)
    second = change_form_data(client.get(change_url(obj)))
    return first, second


@pytest.mark.django_db
def test_second_evidence_editor_gets_the_conflict_page_and_loses_nothing(
    client, secretariat_user, chair_user
):
    item = EvidenceItemFactory(summary="Original summary", title="Original title")
    first, second = two_tabs(client, item, secretariat_user, chair_user)

    client.force_login(secretariat_user)
    assert client.post(change_url(item), first | {"summary": "Summary by the secretariat"}).status_code == 302
    client.force_login(chair_user)
    mine = second | {"title": "Title by the chair"}
    refused = client.post(change_url(item), mine)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Saved by someone else while you were editing" in page
    assert "Summary by the secretariat" in page and "saved by sec at" in page
    assert "you did not change this: theirs is kept" in page
    assert 'value="Title by the chair"' in page  # the chair's input is kept
    item.refresh_from_db()
    assert (item.summary, item.title) == ("Summary by the secretariat", "Original title")

    # The chair saves again: their title lands, the secretariat's summary is not reverted.
    version = refused.context["adminform"].form.data["version"]
    assert client.post(change_url(item), mine | {"version": version}).status_code == 302
    item.refresh_from_db()
    assert (item.summary, item.title) == ("Summary by the secretariat", "Title by the chair")
    assert item.history.count() == 3  # created, the secretariat's edit, the chair's edit


@pytest.mark.django_db
def test_both_editors_changing_one_field_show_theirs_beside_yours(client, secretariat_user, chair_user):
    item = EvidenceItemFactory(summary="Original summary")
    first, second = two_tabs(client, item, secretariat_user, chair_user)
    client.force_login(secretariat_user)
    client.post(change_url(item), first | {"summary": "Theirs"})
    client.force_login(chair_user)
    page = client.post(change_url(item), second | {"summary": "Yours"}).content.decode()
    assert "you changed this: saving again replaces theirs" in page
    item.refresh_from_db()
    assert item.summary == "Theirs"


@pytest.mark.django_db
def test_stale_inline_excerpt_is_refused_on_the_item_page(client, secretariat_user, chair_user):
    excerpt = ExcerptFactory(note="Original note")
    item = excerpt.item
    first, second = two_tabs(client, item, secretariat_user, chair_user)
    client.force_login(secretariat_user)
    assert (
        client.post(change_url(item), first | {"excerpts-0-note": "Note by the secretariat"}).status_code
        == 302
    )
    client.force_login(chair_user)
    refused = client.post(change_url(item), second | {"excerpts-0-note": "Note by the chair"})
    assert refused.status_code == 200
    assert "Someone else saved the excerpt" in refused.content.decode()
    excerpt.refresh_from_db()
    assert excerpt.note == "Note by the secretariat"


@pytest.mark.django_db
def test_sectors_change_is_one_history_row_that_records_it(client, secretariat_user):
    item = EvidenceItemFactory()
    health = OrganisationFactory(name="Health")
    client.force_login(secretariat_user)
    data = change_form_data(client.get(change_url(item)))
    before = item.history.count()
    assert client.post(change_url(item), data | {"public_bodies": [health.pk]}).status_code == 302
    assert item.history.count() == before + 1
    latest = item.history.latest()
    assert [row.organisation_id for row in latest.public_bodies.all()] == [health.pk]


@pytest.mark.django_db
def test_stale_meeting_save_is_refused(client, secretariat_user, chair_user):
    meeting = MeetingFactory(title="Planning meeting")
    first, second = two_tabs(client, meeting, secretariat_user, chair_user)
    client.force_login(secretariat_user)
    assert client.post(change_url(meeting), first | {"location": "Room 4"}).status_code == 302
    client.force_login(chair_user)
    refused = client.post(change_url(meeting), second | {"title": "Renamed by the chair"})
    assert "Saved by someone else while you were editing" in refused.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).title == "Planning meeting"


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "field"), [(SubmitterFactory, "notes"), (ThemeFactory, "description")])
def test_stale_saves_of_reference_data_are_refused(client, secretariat_user, chair_user, factory, field):
    obj = factory()
    first, second = two_tabs(client, obj, secretariat_user, chair_user)
    client.force_login(secretariat_user)
    assert client.post(change_url(obj), first | {field: "Changed meanwhile"}).status_code == 302
    client.force_login(chair_user)
    refused = client.post(change_url(obj), second)
    assert refused.status_code == 200
    assert "Saved by someone else while you were editing" in refused.content.decode()


class _Superuser:
    is_active = is_staff = is_superuser = True

    def has_perm(self, perm, obj=None):
        return True


READ_ONLY_PROBE = type("Request", (), {"user": _Superuser()})()


def test_every_admin_of_a_versioned_model_checks_the_version():
    """One mechanism: every registered admin (and inline) of a versioned model uses the mixins, and
    every admin writes through services."""
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, Versioned):
            assert isinstance(model_admin, VersionedAdminMixin), model
            for inline in model_admin.inlines:
                if issubclass(inline.model, Versioned):
                    assert issubclass(inline, VersionedInlineMixin), inline
        read_only = not model_admin.has_change_permission(READ_ONLY_PROBE)
        if (
            model._meta.app_label
            in {"evidence", "meetings", "recommendations", "correspondence", "post_office"}
            and not read_only
        ):
            assert isinstance(model_admin, AuditedAdminMixin), model


def test_evidence_items_are_versioned():
    assert issubclass(EvidenceItem, Versioned)


@pytest.mark.django_db
def test_a_submitter_page_opened_before_erasure_cannot_save_the_name_back(client, secretariat_user):
    from evidence.privacy_services import submitter_erase

    submitter = SubmitterFactory(name="Ada Example", email="ada@example.org")
    client.force_login(secretariat_user)
    stale = change_form_data(client.get(change_url(submitter)))
    submitter_erase(submitter=submitter, by=secretariat_user)
    refused = client.post(change_url(submitter), stale | {"notes": "Called back"})
    assert "Saved by someone else while you were editing" in refused.content.decode()
    submitter.refresh_from_db()
    assert "Ada" not in submitter.name and submitter.email != "ada@example.org"


@pytest.mark.django_db
def test_deleting_an_inline_row_changed_meanwhile_is_refused_whole(client, secretariat_user, chair_user):
    excerpt = ExcerptFactory(note="Original note")
    item = excerpt.item
    first, second = two_tabs(client, item, secretariat_user, chair_user)
    client.force_login(secretariat_user)
    kept = first | {"excerpts-0-note": "Kept by the secretariat"}
    assert client.post(change_url(item), kept).status_code == 302
    client.force_login(chair_user)
    response = client.post(
        change_url(item), second | {"excerpts-0-DELETE": "on", "title": "Chair's title"}, follow=True
    )
    assert "Someone else saved the excerpt" in response.content.decode()
    excerpt.refresh_from_db()
    item.refresh_from_db()
    assert excerpt.note == "Kept by the secretariat"
    assert item.title != "Chair's title"  # nothing half-written


@pytest.mark.django_db
def test_list_action_on_a_row_saved_meanwhile_claims_the_next_version(secretariat_client):
    item = EvidenceItemFactory()
    page = secretariat_client.get(change_url(item))
    secretariat_client.post(
        reverse("admin:evidence_evidenceitem_changelist"),
        {"action": "mark_triaged", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    assert (item.status, item.version) == (EvidenceItem.Status.TRIAGED, 2)
    stale = change_form_data(page) | {"summary": "Typed before the action"}
    refused = secretariat_client.post(change_url(item), stale)
    assert refused.status_code == 302  # status is not on the form: the summary lands, the step stays
    item.refresh_from_db()
    assert (item.status, item.summary) == (EvidenceItem.Status.TRIAGED, "Typed before the action")
