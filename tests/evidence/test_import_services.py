"""Import batches (evidence.ImportBatch): every confirmed import is one, linked from its items; undo
removes a whole batch in one transaction while none of its items has been worked on, and is refused
with the reason (writing nothing) otherwise."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from evidence import import_services, services
from evidence.models import EvidenceItem, Excerpt, ImportBatch, Organisation, Submitter, SurveyAnswer
from tests.evidence.test_importing import snapshot
from tests.factories import EvidenceLinkFactory, SubmitterFactory, UserFactory

DATA = Path(__file__).parent / "data"


def import_file(survey, name="responses_utf8.csv", by=None):
    content = (DATA / name).read_bytes()
    return services.survey_responses_import(survey=survey, content=content, filename=name, by=by)


@pytest.mark.django_db
def test_an_import_is_one_batch_with_its_file_fingerprint_and_counts(tender_survey, secretariat_user):
    import hashlib

    plan = import_file(tender_survey, by=secretariat_user)
    batch = ImportBatch.objects.get()
    assert plan.batch == batch
    assert (batch.file_name, batch.survey, batch.imported_by) == (
        "responses_utf8.csv",
        tender_survey,
        secretariat_user,
    )
    assert batch.sha256 == hashlib.sha256((DATA / "responses_utf8.csv").read_bytes()).hexdigest()
    assert (batch.responses, batch.skipped, batch.new_submitters, batch.new_organisations) == (3, 0, 1, 1)
    assert set(batch.items.values_list("pk", flat=True)) == set(
        EvidenceItem.objects.values_list("pk", flat=True)
    )
    import_file(tender_survey)  # a re-import writes nothing new, so makes no batch
    assert ImportBatch.objects.count() == 1


@pytest.mark.django_db
def test_undo_removes_every_row_of_the_batch_and_keeps_history(tender_survey, secretariat_user):
    before = snapshot()
    known = SubmitterFactory(email="ada@example.net")  # matched by email: not created by the import
    import_file(tender_survey, by=secretariat_user)
    batch = ImportBatch.objects.get()
    assert batch.new_submitters == 0
    import_services.import_batch_undo(batch=batch, by=secretariat_user)

    assert not EvidenceItem.objects.exists() and not SurveyAnswer.objects.exists()
    assert EvidenceItem.themes.through.objects.count() == before["theme links"]
    assert Submitter.objects.get() == known  # kept: it existed before the import
    assert not Organisation.objects.exclude(pk=known.organisation_id).exists()
    deleted = EvidenceItem.history.filter(history_type="-")
    assert deleted.count() == 3
    assert {(row.history_user, row.history_change_reason) for row in deleted} == {
        (secretariat_user, "import undone: responses_utf8.csv")
    }
    batch.refresh_from_db()
    assert batch.undone_at is not None and batch.undone_by == secretariat_user
    assert batch.history.first().history_change_reason == "undone: 3 item(s) removed"


@pytest.mark.django_db
def test_undo_removes_submitters_and_organisations_the_batch_created(tender_survey):
    import_file(tender_survey)
    batch = ImportBatch.objects.get()
    assert (batch.new_submitters, batch.new_organisations) == (1, 1)
    import_services.import_batch_undo(batch=batch, by=None)
    assert not Submitter.objects.exists() and not Organisation.objects.exists()
    assert Submitter.history.filter(history_type="-").count() == 1


def _work_on(item, how, user):
    if how == "status":
        services.evidence_transition(item=item, to=EvidenceItem.Status.TRIAGED, by=user)
    elif how == "excerpt":
        Excerpt.objects.create(item=item, quote=item.body[:20])
    elif how == "link":
        EvidenceLinkFactory(evidence=item)
    elif how == "edit":
        item.summary = "Coded by the secretariat."
        services.evidence_update(item=item, by=user)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("status", "1 item(s) have moved on from Received"),
        ("excerpt", "Some of its items have excerpts"),
        ("link", "Some of its items have evidence links"),
        ("edit", "1 item(s) were edited after the import"),
    ],
)
def test_undo_is_refused_once_an_item_was_worked_on_and_writes_nothing(
    tender_survey, secretariat_user, how, reason
):
    import_file(tender_survey, by=secretariat_user)
    batch = ImportBatch.objects.get()
    _work_on(batch.items.order_by("reference").first(), how, secretariat_user)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        import_services.import_batch_undo(batch=batch, by=secretariat_user)
    assert any(message.startswith(reason) for message in refused.value.messages), refused.value.messages
    assert snapshot() == before
    batch.refresh_from_db()
    assert batch.undone_at is None


@pytest.mark.django_db
def test_undo_twice_is_refused(tender_survey):
    import_file(tender_survey)
    batch = ImportBatch.objects.get()
    import_services.import_batch_undo(batch=batch, by=UserFactory())
    with pytest.raises(ValidationError, match="already undone"):
        import_services.import_batch_undo(batch=batch, by=None)
