"""Admin › Import batches: the list, a batch's items, and undo from the batch's page."""

from pathlib import Path

import pytest
from django.urls import reverse

from evidence import services
from evidence.models import EvidenceItem, ImportBatch
from tests.factories import UserFactory

DATA = Path(__file__).parent / "data"
CHANGELIST = reverse("admin:evidence_importbatch_changelist")


def import_file(survey, name="responses_utf8.csv", by=None):
    content = (DATA / name).read_bytes()
    return services.survey_responses_import(survey=survey, content=content, filename=name, by=by).batch


@pytest.mark.django_db
def test_batch_list_queries_do_not_grow(secretariat_client, tender_survey, django_assert_num_queries):
    """session, user, permissions (2), survey filter choices, count (2: filtered and total), page of
    batches with survey and both users joined, date hierarchy (2: range, then days)."""
    by = UserFactory()
    import_file(tender_survey, by=by)
    secretariat_client.get(CHANGELIST)
    with django_assert_num_queries(10):
        page = secretariat_client.get(CHANGELIST)
    assert "responses_utf8.csv" in page.content.decode()
    for n in range(5):
        content = (DATA / "responses_no_id.csv").read_bytes().replace(b"2023", f"20{10 + n}".encode(), 1)
        services.survey_responses_import(survey=tender_survey, content=content, filename=f"f{n}.csv", by=by)
    with django_assert_num_queries(10):
        secretariat_client.get(CHANGELIST)


@pytest.mark.django_db
def test_members_see_no_batches_and_cannot_undo(member_client, tender_survey):
    batch = import_file(tender_survey)
    assert member_client.get(CHANGELIST).status_code == 403
    undo = reverse("admin:evidence_importbatch_undo", args=[batch.pk])
    assert member_client.get(undo).status_code == 403
    assert member_client.post(undo).status_code == 403
    item = batch.items.first()
    page = member_client.get(reverse("admin:evidence_evidenceitem_change", args=[item.pk])).content.decode()
    assert "responses_utf8.csv" not in page
    assert member_client.get(reverse("admin:evidence_evidenceitem_changelist")).status_code == 200


@pytest.mark.django_db
def test_an_item_links_to_its_batch_and_the_batch_to_its_items(secretariat_client, tender_survey):
    batch = import_file(tender_survey)
    item = batch.items.first()
    page = secretariat_client.get(
        reverse("admin:evidence_evidenceitem_change", args=[item.pk])
    ).content.decode()
    assert reverse("admin:evidence_importbatch_change", args=[batch.pk]) in page
    items_url = f"{reverse('admin:evidence_evidenceitem_changelist')}?import_batch__id__exact={batch.pk}"
    batch_page = secretariat_client.get(reverse("admin:evidence_importbatch_change", args=[batch.pk]))
    assert items_url.replace("&", "&amp;") in batch_page.content.decode()
    listed = secretariat_client.get(items_url).context["cl"].result_list
    assert {i.pk for i in listed} == set(batch.items.values_list("pk", flat=True))


@pytest.mark.django_db
def test_undo_from_the_batch_page(secretariat_client, tender_survey):
    batch = import_file(tender_survey)
    undo = reverse("admin:evidence_importbatch_undo", args=[batch.pk])
    assert (
        undo
        in secretariat_client.get(
            reverse("admin:evidence_importbatch_change", args=[batch.pk])
        ).content.decode()
    )
    page = secretariat_client.get(undo).content.decode()
    assert "Yes, undo this import" in page
    done = secretariat_client.post(undo, follow=True)
    assert "Undone: the 3 item(s) imported from “responses_utf8.csv” were removed." in done.content.decode()
    assert not EvidenceItem.objects.exists()
    batch.refresh_from_db()
    assert batch.undone_at is not None


@pytest.mark.django_db
def test_undo_refused_shows_why_and_writes_nothing(secretariat_client, secretariat_user, tender_survey):
    batch = import_file(tender_survey)
    item = batch.items.order_by("reference").first()
    services.evidence_transition(item=item, to=EvidenceItem.Status.TRIAGED, by=secretariat_user)
    undo = reverse("admin:evidence_importbatch_undo", args=[batch.pk])
    page = secretariat_client.get(undo).content.decode()
    assert "This import cannot be undone" in page
    assert f"1 item(s) have moved on from Received ({item.reference})." in page
    assert "Yes, undo this import" not in page
    done = secretariat_client.post(undo, follow=True).content.decode()
    assert "1 item(s) have moved on from Received" in done
    assert EvidenceItem.objects.count() == 3
    assert ImportBatch.objects.get().undone_at is None
