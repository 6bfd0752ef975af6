import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse

from evidence.erasure_review import name_words_flag
from evidence.models import ErasureReview, EvidenceItem, Excerpt
from tests.factories import EvidenceItemFactory, ExcerptFactory


@pytest.mark.django_db
def test_only_whole_words_of_the_name_are_flagged_once_each():
    item = EvidenceItemFactory(body="Ms Price said the price list was wrong. Bishopsgate office.")
    excerpt = ExcerptFactory(item=item, quote="Ms Price said")
    excerpt.note = "Priceless."
    excerpt.save()
    targets = [(EvidenceItem, ["body"], Q(id=item.pk)), (Excerpt, ["note"], Q(item_id=item.pk))]
    for _ in range(2):  # a re-applied erasure adds no duplicates
        name_words_flag(submitter_id=7, words=["Price", "Bishop"], targets=targets)
    flagged = set(
        ErasureReview.objects.values_list("content_type__model", "object_id", "field", "history_id")
    )
    assert ("evidenceitem", item.pk, "body", None) in flagged
    assert not any(row[0] == "excerpt" and row[3] is None for row in flagged)  # "Priceless" is not the name


@pytest.mark.django_db
def test_secretariat_resolves_a_flag_from_the_admin(secretariat_client, secretariat_user):
    item = EvidenceItemFactory()
    review = ErasureReview.objects.create(
        submitter_id=3,
        content_type=ContentType.objects.get_for_model(EvidenceItem),
        object_id=item.pk,
        field="summary",
        reason=ErasureReview.Reason.NAME_WORD,
    )
    changelist = secretariat_client.get(reverse("admin:evidence_erasurereview_changelist") + "?state=open")
    assert reverse("admin:evidence_evidenceitem_change", args=[item.pk]) in changelist.content.decode()
    response = secretariat_client.post(
        reverse("admin:evidence_erasurereview_change", args=[review.pk]), {"resolution": "Surname replaced."}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.resolution, review.resolved_by) == ("Surname replaced.", secretariat_user)
    assert review.resolved_at is not None
    still_open = secretariat_client.get(reverse("admin:evidence_erasurereview_changelist") + "?state=open")
    assert still_open.context["cl"].result_count == 0
