"""Issue 20: people are named by full name everywhere (with the username only where two accounts
share a name), not by username."""

import csv
import io

import pytest
from django.urls import reverse

from meetings.models import ActionPoint, Attendance
from people.labels import person_label
from recommendations.resources import EvidenceLinkResource, RecommendationResource
from tests.factories import EvidenceLinkFactory, MeetingFactory, RecommendationFactory, UserFactory


@pytest.fixture
def morgan(db):
    return UserFactory(username="member", first_name="Morgan", last_name="Member", role="Member")


def test_a_person_is_named_by_full_name(morgan):
    assert person_label(morgan) == str(morgan) == "Morgan Member"


@pytest.mark.django_db
def test_an_account_without_a_name_falls_back_to_the_username():
    assert str(UserFactory(username="robot")) == "robot"
    assert person_label(None) == "—"


def test_two_people_with_one_name_are_told_apart_by_username(morgan):
    twin = UserFactory(username="mmember2", first_name="Morgan", last_name="member ")
    assert (str(morgan), str(twin)) == ("Morgan Member (member)", "Morgan member (mmember2)")
    twin.last_name = "Marsh"
    twin.save()
    assert (str(morgan), str(twin)) == ("Morgan Member", "Morgan Marsh")


def test_the_recommendation_list_names_the_lead_member(chair_client, morgan):
    RecommendationFactory(number="1.1", lead_member=morgan)
    html = chair_client.get(reverse("admin:recommendations_recommendation_changelist")).content.decode()
    assert 'field-lead_member nowrap">Morgan Member</td>' in html


def test_the_lead_member_choices_and_filter_use_full_names(chair_client, morgan):
    rec = RecommendationFactory(number="1.1", lead_member=morgan)
    html = chair_client.get(
        reverse("admin:recommendations_recommendation_change", args=[rec.pk])
    ).content.decode()
    assert f'<option value="{morgan.pk}" selected>Morgan Member</option>' in html


def test_attendance_and_action_owners_are_named(secretariat_client, morgan):
    meeting = MeetingFactory()
    Attendance.objects.create(meeting=meeting, member=morgan, status=Attendance.Status.PRESENT)
    ActionPoint.objects.create(meeting=meeting, text="Write to the councils", owner=morgan)
    html = secretariat_client.get(
        reverse("admin:meetings_meeting_change", args=[meeting.pk])
    ).content.decode()
    assert "Morgan Member" in html
    assert ">member<" not in html


def test_history_says_who_saved_by_name(chair_client, morgan):
    from recommendations import services

    rec = RecommendationFactory(number="1.1")
    rec.title = "Renamed"
    services.recommendation_update(recommendation=rec, by=morgan)
    html = chair_client.get(
        reverse("admin:recommendations_recommendation_history", args=[rec.pk])
    ).content.decode()
    assert "Morgan Member" in html


def test_exports_name_the_lead_member_and_who_tagged(morgan):
    link = EvidenceLinkFactory(recommendation=RecommendationFactory(lead_member=morgan), tagged_by=morgan)
    recommendations = RecommendationResource().export(queryset=type(link.recommendation).objects.all())
    links = EvidenceLinkResource(show_confidential=True).export(queryset=type(link).objects.all())
    [rec_row] = list(csv.DictReader(io.StringIO(recommendations.csv)))
    [link_row] = list(csv.DictReader(io.StringIO(links.csv)))
    assert rec_row["lead_member"] == link_row["tagged_by"] == "Morgan Member"
