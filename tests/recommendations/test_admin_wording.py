"""Issue 20: refusals and labels on the recommendation pages say what they mean."""

import json

import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from tests.factories import EvidenceLinkFactory, RecommendationFactory

Status = Recommendation.Status


def transition_url(rec) -> str:
    return reverse("admin:recommendations_recommendation_transition", args=[rec.pk])


@pytest.mark.django_db
def test_a_member_forcing_agree_is_told_only_the_chair_can(member_client):
    rec = RecommendationFactory(status=Status.UNDER_DISCUSSION)
    EvidenceLinkFactory(recommendation=rec)
    response = member_client.post(transition_url(rec), {"to": "agreed", "reason": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Only the Chair can agree a recommendation." in html
    assert "Select a valid choice" not in html
    rec.refresh_from_db()
    assert rec.status == Status.UNDER_DISCUSSION


@pytest.mark.django_db
def test_a_member_forcing_a_step_the_workflow_does_not_allow_is_told_the_next_steps(member_client):
    rec = RecommendationFactory(status=Status.DRAFT)
    html = member_client.post(transition_url(rec), {"to": "published"}).content.decode()
    assert "cannot move from Draft to Published" in html and "Under discussion" in html


@pytest.mark.django_db
def test_a_made_up_state_is_still_an_invalid_choice(member_client):
    rec = RecommendationFactory(status=Status.DRAFT)
    html = member_client.post(transition_url(rec), {"to": "launched"}).content.decode()
    assert "Select a valid choice" in html


@pytest.mark.django_db
def test_the_chair_can_still_agree(chair_client):
    rec = RecommendationFactory(status=Status.UNDER_DISCUSSION)
    EvidenceLinkFactory(recommendation=rec)
    response = chair_client.post(transition_url(rec), {"to": "agreed", "reason": "Agreed at the meeting."})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.status == Status.AGREED


@pytest.mark.django_db
def test_the_new_link_rows_say_add_another_evidence_link(member_client):
    rec = RecommendationFactory(status=Status.DRAFT)
    html = member_client.get(
        reverse("admin:recommendations_recommendation_change", args=[rec.pk])
    ).content.decode()
    add_texts = [
        json.loads(chunk.split("'", 1)[0].replace("&quot;", '"'))["options"]["addText"]
        for chunk in html.split("data-inline-formset='")[1:]
    ] or [
        json.loads(chunk.split('"', 1)[0].replace("&quot;", '"'))["options"]["addText"]
        for chunk in html.split('data-inline-formset="')[1:]
    ]
    assert "Add another Evidence link" in add_texts
    assert not any("New evidence link" in text for text in add_texts)
