import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from editing.services import VersionConflict
from recommendations import services
from recommendations.models import EvidenceLink, Recommendation, RecommendationTransition
from tests.factories import (
    EvidenceItemFactory,
    EvidenceLinkFactory,
    ExcerptFactory,
    OrganisationFactory,
    RecommendationFactory,
)

Status = Recommendation.Status
Stance = EvidenceLink.Stance


@pytest.mark.django_db
def test_transition_records_who_when_and_why(chair_user):
    rec = RecommendationFactory(status=Status.UNDER_DISCUSSION)
    EvidenceLinkFactory(recommendation=rec)
    services.recommendation_transition(
        recommendation=rec, to=Status.AGREED, by=chair_user, reason="Agreed at the March meeting"
    )
    rec.refresh_from_db()
    assert (rec.status, rec.version) == (Status.AGREED, 2)
    step = RecommendationTransition.objects.get()
    assert (step.from_status, step.to_status, step.by, step.reason) == (
        Status.UNDER_DISCUSSION,
        Status.AGREED,
        chair_user,
        "Agreed at the March meeting",
    )
    assert step.at is not None
    record = rec.history.latest()
    assert (record.history_user, record.history_change_reason) == (chair_user, "Agreed at the March meeting")


@pytest.mark.django_db
def test_member_cannot_agree_and_nothing_changes(member_user):
    rec = RecommendationFactory(status=Status.UNDER_DISCUSSION)
    EvidenceLinkFactory(recommendation=rec)
    with pytest.raises(ValidationError, match="Only the Chair can agree a recommendation"):
        services.recommendation_transition(recommendation=rec, to=Status.AGREED, by=member_user)
    rec.refresh_from_db()
    assert rec.status == Status.UNDER_DISCUSSION
    assert not RecommendationTransition.objects.exists()


@pytest.mark.django_db
def test_member_moves_a_draft_into_discussion(member_user):
    rec = RecommendationFactory(status=Status.DRAFT)
    services.recommendation_transition(recommendation=rec, to=Status.UNDER_DISCUSSION, by=member_user)
    assert Recommendation.objects.get(pk=rec.pk).status == Status.UNDER_DISCUSSION


@pytest.mark.django_db
def test_chair_cannot_agree_with_only_contradicting_or_context_evidence(chair_user):
    rec = RecommendationFactory(status=Status.UNDER_DISCUSSION)
    EvidenceLinkFactory(recommendation=rec, stance=Stance.CONTRADICTS)
    EvidenceLinkFactory(recommendation=rec, stance=Stance.CONTEXT)
    with pytest.raises(ValidationError, match="cannot be agreed without supporting evidence"):
        services.recommendation_transition(recommendation=rec, to=Status.AGREED, by=chair_user)
    assert Recommendation.objects.get(pk=rec.pk).status == Status.UNDER_DISCUSSION


@pytest.mark.django_db
def test_transition_checks_the_stored_status_not_a_stale_object(chair_user):
    rec = RecommendationFactory(status=Status.DRAFT)
    stale = Recommendation.objects.get(pk=rec.pk)
    services.recommendation_transition(recommendation=rec, to=Status.WITHDRAWN, by=chair_user, reason="dup")
    with pytest.raises(ValidationError, match="from Withdrawn to Under discussion"):
        services.recommendation_transition(recommendation=stale, to=Status.UNDER_DISCUSSION, by=chair_user)


@pytest.mark.django_db
def test_update_with_the_current_version_saves_and_bumps_it(member_user):
    rec = RecommendationFactory()
    rec.title = "Publish performance data monthly"
    services.recommendation_update(recommendation=rec, by=member_user, expected_version=1)
    rec.refresh_from_db()
    assert (rec.title, rec.version) == ("Publish performance data monthly", 2)
    assert rec.history.latest().history_user == member_user


@pytest.mark.django_db
def test_update_from_a_stale_version_is_refused_and_says_what_changed(member_user, chair_user):
    rec = RecommendationFactory(title="Original title")
    services.recommendation_update(recommendation=rec, by=member_user, expected_version=1)  # history at v2
    first = Recommendation.objects.get(pk=rec.pk)
    second = Recommendation.objects.get(pk=rec.pk)
    first.title = "Title chosen by the first editor"
    services.recommendation_update(recommendation=first, by=chair_user, expected_version=2)
    second.text = "Text typed by the second editor"
    with pytest.raises(VersionConflict) as conflict:
        services.recommendation_update(recommendation=second, by=member_user, expected_version=2)
    assert "Title → “Title chosen by the first editor” (saved by chair-user at " in conflict.value.messages[0]
    assert conflict.value.current_version == 3
    stored = Recommendation.objects.get(pk=rec.pk)
    assert (stored.title, stored.text, stored.version) == ("Title chosen by the first editor", rec.text, 3)


@pytest.mark.django_db
def test_link_create_sets_tagged_by_and_validates_the_excerpt(member_user):
    rec = RecommendationFactory()
    excerpt = ExcerptFactory()
    link = services.evidence_link_create(
        link=EvidenceLink(recommendation=rec, evidence=excerpt.item, excerpt=excerpt), by=member_user
    )
    assert link.tagged_by == member_user
    assert link.history.latest().history_user == member_user
    other_item = EvidenceItemFactory()
    with pytest.raises(ValidationError, match="This excerpt comes from a different evidence item"):
        services.evidence_link_create(
            link=EvidenceLink(recommendation=rec, evidence=other_item, excerpt=excerpt), by=member_user
        )


@pytest.mark.django_db
def test_link_create_refuses_a_duplicate(member_user):
    link = EvidenceLinkFactory()
    with pytest.raises(ValidationError, match="already tagged to this recommendation"):
        services.evidence_link_create(
            link=EvidenceLink(recommendation=link.recommendation, evidence=link.evidence), by=member_user
        )


@pytest.mark.django_db
def test_secretariat_cannot_tag(secretariat_user):
    with pytest.raises(ValidationError, match="permission to tag"):
        services.evidence_tag(
            items=[EvidenceItemFactory()],
            recommendation=RecommendationFactory(),
            stance=Stance.SUPPORTS,
            strength=2,
            by=secretariat_user,
        )
    assert not EvidenceLink.objects.exists()


@pytest.mark.django_db
def test_bulk_tag_skips_items_already_tagged(member_user):
    rec = RecommendationFactory()
    items = EvidenceItemFactory.create_batch(3)
    EvidenceLinkFactory(recommendation=rec, evidence=items[0], stance=Stance.CONTEXT)
    created, skipped = services.evidence_tag(
        items=items, recommendation=rec, stance=Stance.SUPPORTS, strength=3, by=member_user, note="bulk"
    )
    assert (len(created), skipped) == (2, [items[0]])
    assert {(link.stance, link.strength, link.tagged_by) for link in created} == {
        (Stance.SUPPORTS, 3, member_user)
    }
    assert EvidenceLink.objects.get(evidence=items[0]).stance == Stance.CONTEXT


@pytest.mark.django_db
def test_link_update_and_delete_are_audited(member_user, chair_user):
    link = EvidenceLinkFactory()
    link.stance = Stance.CONTRADICTS
    services.evidence_link_update(link=link, by=chair_user)
    assert EvidenceLink.objects.get().tagged_by == chair_user
    services.evidence_link_delete(link=link, by=member_user)
    assert not EvidenceLink.objects.exists()
    deletion = EvidenceLink.history.latest()
    assert (deletion.history_type, deletion.history_user) == ("-", member_user)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_lose_nothing():
    """Four editors save from the same version at once on PostgreSQL: exactly one wins, the others
    get a conflict, and the stored text is the winner's."""
    rec = RecommendationFactory()
    barrier = threading.Barrier(4)
    saved, conflicts, errors = [], [], []

    def save(n):
        try:
            mine = Recommendation.objects.get(pk=rec.pk)
            mine.text = f"Wording from editor {n}"
            barrier.wait()
            services.recommendation_update(recommendation=mine, by=None, expected_version=1)
            saved.append(mine.text)
        except VersionConflict:
            conflicts.append(n)
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (len(saved), len(conflicts)) == (1, 3)
    stored = Recommendation.objects.get(pk=rec.pk)
    assert (stored.text, stored.version) == (saved[0], 2)
    assert stored.history.count() == 2


@pytest.mark.django_db
def test_service_refuses_agreed_wording_changes_without_the_chair(member_user, chair_user):
    rec = RecommendationFactory(status=Status.PUBLISHED, number="3.1")
    rec.number = "3.2"
    with pytest.raises(ValidationError, match="can only be amended by the Chair"):
        services.recommendation_update(recommendation=rec, by=member_user)
    with pytest.raises(ValidationError, match="Say why"):
        services.recommendation_update(recommendation=rec, by=chair_user)
    services.recommendation_update(recommendation=rec, by=chair_user, amend_reason="Renumbered")
    assert Recommendation.objects.get(pk=rec.pk).number == "3.2"


@pytest.mark.django_db
def test_target_stakeholders_change_is_one_history_row_that_records_them(member_user):
    rec = RecommendationFactory()
    council = OrganisationFactory(name="Borough council")
    services.recommendation_update(recommendation=rec, by=member_user, target_stakeholders=[council])
    assert rec.history.count() == 2
    latest = rec.history.latest()
    assert [row.organisation_id for row in latest.target_stakeholders.all()] == [council.pk]
