"""audited_save / audited_delete: exactly one history row per create, edit and delete, many-to-many
values included; stale versions refused."""

import pytest
from django.apps import apps

from editing.models import Versioned
from editing.services import VersionConflict, audited_delete, audited_save
from evidence.models import EvidenceItem, Sector, Survey, SurveyQuestion
from recommendations.models import Chapter
from tests.factories import EvidenceItemFactory, OrganisationFactory, ThemeFactory

EDITED_MODELS = [
    "evidence.Organisation",
    "evidence.Sector",
    "evidence.Submitter",
    "evidence.Theme",
    "evidence.Survey",
    "evidence.SurveyQuestion",
    "evidence.EvidenceItem",
    "evidence.Excerpt",
    "meetings.Meeting",
    "meetings.AgendaItem",
    "meetings.Attendance",
    "meetings.ActionPoint",
    "meetings.Decision",
    "recommendations.Chapter",
    "recommendations.Recommendation",
    "recommendations.EvidenceLink",
    "recommendations.ImplementationStatus",
    "recommendations.OutreachEntry",
]
TRACKED_M2M = {
    "evidence.EvidenceItem": {"themes", "sectors", "public_bodies", "providers"},
    "evidence.Excerpt": {"themes"},
    "meetings.AgendaItem": {"evidence", "recommendations"},
    "recommendations.Recommendation": {"target_stakeholders"},
}


@pytest.mark.parametrize("label", EDITED_MODELS)
def test_every_edited_model_has_history_with_its_many_to_many_fields(label):
    model = apps.get_model(label)
    history = model.history.model
    tracked = {field.name for field in getattr(history, "_history_m2m_fields", [])}
    edited_m2m = {
        field.name for field in model._meta.many_to_many if field.remote_field.through._meta.auto_created
    }
    assert tracked == edited_m2m == TRACKED_M2M.get(label, set())


@pytest.mark.django_db
def test_create_edit_delete_write_exactly_one_history_row_each(secretariat_user):
    health, justice = OrganisationFactory(name="Health"), OrganisationFactory(name="Justice")
    item = EvidenceItemFactory.build(survey=None, submitter=None, meeting=None)
    item.reference = "OAJ-9999"
    audited_save(item, by=secretariat_user, reason="logged", public_bodies=[health], themes=[ThemeFactory()])
    assert item.history.count() == 1
    assert item.history.get().public_bodies.count() == 1

    item.summary = "Edited"
    audited_save(item, by=secretariat_user, reason="edited", public_bodies=[health, justice])
    assert item.history.count() == 2
    latest = item.history.latest()
    assert (latest.history_user, latest.history_change_reason, latest.version) == (
        secretariat_user,
        "edited",
        2,
    )
    assert {row.organisation_id for row in latest.public_bodies.all()} == {health.pk, justice.pk}

    pk = item.pk
    audited_delete(item, by=secretariat_user)
    assert EvidenceItem.history.filter(id=pk).count() == 3
    assert EvidenceItem.history.filter(id=pk).latest().history_type == "-"


@pytest.mark.django_db
def test_a_stale_copy_is_refused_and_says_who_changed_what(secretariat_user, chair_user):
    item = EvidenceItemFactory(summary="Original")
    stale = EvidenceItem.objects.get(pk=item.pk)
    item.summary = "Changed by the chair"
    audited_save(item, by=chair_user, reason="edited")
    stale.title = "Changed from a stale copy"
    with pytest.raises(VersionConflict) as conflict:
        audited_save(stale, by=secretariat_user, reason="edited")
    [change] = conflict.value.changes
    assert (change.label, change.theirs, change.saved_by) == ("Summary", "Changed by the chair", "chair-user")
    assert EvidenceItem.objects.get(pk=item.pk).title != "Changed from a stale copy"
    with pytest.raises(VersionConflict):
        audited_delete(stale, by=secretariat_user)
    assert EvidenceItem.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_reference_data_gets_history(secretariat_user):
    sector = audited_save(Sector(name="Probation", slug="probation"), by=secretariat_user, reason="created")
    survey = audited_save(Survey(name="Tender", slug="tender"), by=secretariat_user, reason="created")
    question = audited_save(
        SurveyQuestion(survey=survey, code="q1", text="How?"), by=secretariat_user, reason="created"
    )
    chapter = audited_save(Chapter(number=9, title="Redress"), by=secretariat_user, reason="created")
    for obj in (sector, survey, question, chapter):
        assert obj.history.get().history_user == secretariat_user
    assert isinstance(survey, Versioned) and isinstance(question, Versioned)
