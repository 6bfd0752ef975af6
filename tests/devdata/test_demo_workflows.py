"""Issue 20: the demo shows every workflow with the same facts, and a re-run says what is there."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from devdata.demo.users import DEMO_PASSWORD
from evidence.models import EvidenceItem
from meetings.models import Meeting
from recommendations.models import ImplementationStatus, OutreachEntry, Recommendation

State = ImplementationStatus.State


@pytest.fixture
def demo(db):
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent: the second run adds nothing


@pytest.mark.usefixtures("demo")
def test_every_agreed_demo_recommendation_names_whom_it_asks_to_act():
    from recommendations.implementation.services import TRACKABLE

    trackable = Recommendation.objects.filter(status__in=TRACKABLE)
    assert trackable.count() >= 3
    for recommendation in trackable:
        assert recommendation.target_stakeholders.exists(), recommendation.number


@pytest.mark.usefixtures("demo")
def test_implementation_statuses_cover_the_scale_from_not_started_to_rejected():
    states = set(ImplementationStatus.objects.values_list("status", flat=True))
    assert states == set(State.values)
    implemented = ImplementationStatus.objects.get(status=State.IMPLEMENTED)
    assert implemented.progress == 100


@pytest.mark.usefixtures("demo")
def test_outreach_has_follow_ups_and_exactly_one_is_overdue():
    today = timezone.localdate()
    open_follow_ups = OutreachEntry.objects.filter(follow_up_on__isnull=False, follow_up_done=False)
    assert [entry.next_step for entry in open_follow_ups if entry.follow_up_overdue] == [
        "Chase the private office for a meeting date."
    ]
    assert open_follow_ups.filter(follow_up_on__gt=today).exists()
    # One contact was followed up by a later one: its follow-up is closed.
    assert OutreachEntry.objects.filter(follow_up_done=True).count() == 1
    assert OutreachEntry.objects.count() == 6


@pytest.mark.usefixtures("demo")
def test_the_overdue_response_is_still_there_alongside_the_new_story():
    from recommendations.implementation.selectors import overdue_responses

    overdue = overdue_responses(today=datetime.date(2024, 7, 1))
    assert [row.stakeholder.name for row in overdue] == ["Local Government Association"]


@pytest.mark.usefixtures("demo")
def test_the_held_meeting_has_minutes():
    held = Meeting.objects.get(title="Working Party Meeting: Accountability")
    assert held.status == Meeting.Status.HELD
    assert "performance data" in held.minutes


@pytest.mark.django_db
def test_minutes_are_added_to_a_demo_loaded_before_they_were_written():
    call_command("seed_demo")
    Meeting.objects.filter(title="Working Party Meeting: Accountability").update(minutes="")
    call_command("seed_demo")
    assert Meeting.objects.get(title="Working Party Meeting: Accountability").minutes


@pytest.mark.usefixtures("demo")
def test_progress_page_and_dashboard_tell_the_implementation_story(client):
    assert client.login(username="chair", password=DEMO_PASSWORD)
    progress = client.get(reverse("recommendations:progress")).content.decode()
    for label in ("Implemented", "Rejected", "In dialogue", "Partially implemented"):
        assert label in progress


@pytest.mark.django_db
def test_a_re_run_reports_what_the_database_holds_and_what_it_added(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    items = EvidenceItem.objects.count()
    assert f"{items} evidence items ({items} added by this run)" in first
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert f"The database holds {items} evidence items (none added by this run)" in second
    assert "added by this run" in second and "1 added" not in second


@pytest.mark.django_db
def test_the_count_includes_evidence_that_is_not_demo_evidence(capsys):
    from tests.factories import EvidenceItemFactory

    EvidenceItemFactory.create_batch(2)
    call_command("seed_demo")
    total = EvidenceItem.objects.count()
    added = total - 2
    assert f"The database holds {total} evidence items ({added} added by this run)" in capsys.readouterr().out
