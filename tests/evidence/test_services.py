import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from evidence import services
from evidence.models import EvidenceItem, Excerpt, ExclusionReason
from tests.factories import EvidenceItemFactory, UserFactory

Status = EvidenceItem.Status


def new_item(**overrides):
    fields = {
        "title": "Written evidence",
        "kind": EvidenceItem.Kind.WRITTEN_SUBMISSION,
        "received_on": datetime.date(2023, 11, 30),
    }
    return EvidenceItem(**(fields | overrides))


@pytest.mark.django_db
def test_log_assigns_sequential_references_and_records_who_logged_it():
    user = UserFactory()
    first = services.evidence_log(item=new_item(), by=user)
    second = services.evidence_log(item=new_item(title="Second"), by=user)
    assert (first.reference, second.reference) == ("OAJ-0001", "OAJ-0002")
    assert first.status == Status.RECEIVED
    assert first.created_by == user
    assert first.history.get().history_user == user


@pytest.mark.django_db
def test_log_refuses_a_future_received_date_and_saves_nothing():
    with pytest.raises(ValidationError) as error:
        services.evidence_log(
            item=new_item(received_on=datetime.date.today() + datetime.timedelta(days=1)), by=None
        )
    assert "cannot be in the future" in str(error.value)
    assert EvidenceItem.objects.count() == 0


@pytest.mark.django_db
def test_reference_cannot_be_changed():
    item = EvidenceItemFactory()
    item.reference = "OAJ-9999"
    with pytest.raises(ValidationError, match="never changes"):
        services.evidence_update(item=item, by=None)
    assert EvidenceItem.objects.get(pk=item.pk).reference == "OAJ-0001"


@pytest.mark.django_db
def test_update_keeps_status_even_if_the_instance_was_tampered_with():
    item = EvidenceItemFactory()
    item.status = Status.CITED
    item.title = "Retitled"
    services.evidence_update(item=item, by=None)
    item.refresh_from_db()
    assert (item.title, item.status) == ("Retitled", Status.RECEIVED)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.RECEIVED, Status.TRIAGED),
        (Status.TRIAGED, Status.REVIEWED),
        (Status.REVIEWED, Status.CITED),
        (Status.RECEIVED, Status.EXCLUDED),
        (Status.TRIAGED, Status.EXCLUDED),
        (Status.REVIEWED, Status.EXCLUDED),
    ],
)
def test_allowed_transitions(start, target):
    item = EvidenceItemFactory(status=start)
    listed = ExclusionReason.objects.get(name="Out of scope") if target == Status.EXCLUDED else None
    services.evidence_transition(
        item=item, to=target, by=None, reason="not relevant", exclusion_reason=listed
    )
    item.refresh_from_db()
    assert (item.status, item.exclusion_reason) == (target, listed)
    assert item.history.first().history_change_reason.endswith("not relevant")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.TRIAGED, Status.RECEIVED),
        (Status.REVIEWED, Status.TRIAGED),
        (Status.CITED, Status.REVIEWED),
        (Status.EXCLUDED, Status.RECEIVED),
        (Status.RECEIVED, Status.REVIEWED),
        (Status.RECEIVED, Status.CITED),
    ],
)
def test_refused_transitions_name_the_allowed_next_steps(start, target):
    item = EvidenceItemFactory(status=start)
    with pytest.raises(ValidationError, match=f"Cannot move an item from {start.label} to {target.label}"):
        services.evidence_transition(item=item, to=target, by=None, reason="x")
    item.refresh_from_db()
    assert item.status == start


@pytest.mark.django_db
def test_exclusion_needs_a_listed_reason_and_other_needs_a_note():
    item = EvidenceItemFactory()
    with pytest.raises(ValidationError, match="Choose a reason for excluding this item"):
        services.evidence_transition(item=item, to=Status.EXCLUDED, by=None, reason="Off topic")
    other = ExclusionReason.objects.get(name="Other")
    with pytest.raises(ValidationError, match="the reason “Other” needs a note"):
        services.evidence_transition(
            item=item, to=Status.EXCLUDED, by=None, reason="  ", exclusion_reason=other
        )
    item.refresh_from_db()
    assert item.status == Status.RECEIVED


@pytest.mark.django_db
def test_an_excluded_item_without_a_listed_reason_is_refused_by_the_database():
    item = EvidenceItemFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceItem.objects.filter(pk=item.pk).update(status=Status.EXCLUDED, status_reason="typed reason")


@pytest.mark.django_db
def test_transition_uses_the_stored_status_not_a_stale_instance():
    item = EvidenceItemFactory()
    stale = EvidenceItem.objects.get(pk=item.pk)
    services.evidence_transition(item=item, to=Status.TRIAGED, by=None)
    with pytest.raises(ValidationError, match="from Triaged to Triaged"):
        services.evidence_transition(item=stale, to=Status.TRIAGED, by=None)


@pytest.mark.django_db
def test_excerpt_offsets_are_found_in_the_body():
    item = EvidenceItemFactory(body="Alpha. The contract had no safeguards. Omega.")
    excerpt = services.excerpt_create(
        excerpt=Excerpt(item=item, quote="The contract had no safeguards."), by=None
    )
    assert (excerpt.start_offset, excerpt.end_offset) == (7, 38)


@pytest.mark.django_db
def test_typed_offsets_are_ignored_and_computed():
    item = EvidenceItemFactory(body="Alpha. The contract had no safeguards. Omega.")
    excerpt = services.excerpt_create(
        excerpt=Excerpt(item=item, quote="The contract", start_offset=0, end_offset=3), by=None
    )
    assert (excerpt.start_offset, excerpt.end_offset) == (7, 19)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_items_logged_at_the_same_moment_get_different_references():
    """Eight threads log at once on PostgreSQL; the counter's row lock makes them queue."""
    barrier = threading.Barrier(8)
    references, errors = [], []

    def log(n):
        try:
            barrier.wait()
            references.append(
                services.evidence_log(item=new_item(title=f"Concurrent {n}"), by=None).reference
            )
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=log, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(references) == [f"OAJ-{n:04d}" for n in range(1, 9)]
