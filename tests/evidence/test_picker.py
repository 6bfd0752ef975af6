"""The evidence picker used when tagging: labels that tell items apart, search by text, privacy."""

import pytest
from django.urls import reverse

from evidence.models import EvidenceItem
from tests.factories import (
    EvidenceItemFactory,
    RecommendationFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    SurveyQuestionFactory,
)

pytestmark = pytest.mark.django_db

PICKER = reverse("admin:evidence_evidenceitem_picker")
LINK_EVIDENCE = {"app_label": "recommendations", "model_name": "evidencelink", "field_name": "evidence"}


def pick(client, term):
    response = client.get(PICKER, {**LINK_EVIDENCE, "term": term})
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_choices_show_reference_kind_date_and_first_words(member_client):
    item = EvidenceItemFactory(
        received_on="2023-10-02",
        body="The tribunal overturned   nine in ten of the contractor's assessments that we "
        "appealed for clients over the past three years, mostly on the medical evidence.",
    )
    assert pick(member_client, "tribunal") == [
        f"{item.reference} · Written submission · 2 Oct 2023 · “The tribunal overturned nine in ten of the "
        "contractor's assessments that we appealed for…”"
    ]


def test_survey_responses_show_their_first_answer(member_client):
    survey = SurveyFactory()
    item = EvidenceItemFactory(
        kind=EvidenceItem.Kind.SURVEY_RESPONSE, survey=survey, body="", title="Response 4"
    )
    SurveyAnswerFactory(item=item, question=SurveyQuestionFactory(survey=survey, order=2), answer="Second.")
    SurveyAnswerFactory(
        item=item, question=SurveyQuestionFactory(survey=survey, order=1), answer="Lost twice."
    )
    assert pick(member_client, "Response 4") == [
        f"{item.reference} · Survey response · 1 Nov 2023 · “Lost twice.”"
    ]


def test_members_never_see_or_search_confidential_text(member_client, confidential_world):
    item = confidential_world.confidential_item
    assert pick(member_client, "safeguarding file 7731") == []
    assert pick(member_client, "Safeguarding") == [
        f"{item.reference} · Written submission · 1 Nov 2023 · Safeguarding file (text hidden: confidential)"
    ]


def test_secretariat_sees_confidential_first_words(secretariat_client, confidential_world):
    [label] = pick(secretariat_client, "7731")
    assert label.endswith("“Maple Court safeguarding file 7731 names the family.”")


def test_picker_queries_do_not_grow(member_client, django_assert_num_queries):
    """session, user, permissions (2), count (for "more results"), page of items, their answers."""
    EvidenceItemFactory.create_batch(3)
    with django_assert_num_queries(7) as small:
        pick(member_client, "outsourced")
    EvidenceItemFactory.create_batch(17)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(pick(member_client, "outsourced")) == 20


def test_recommendation_page_uses_the_picker(member_client):
    recommendation = RecommendationFactory()
    page = member_client.get(reverse("admin:recommendations_recommendation_change", args=[recommendation.pk]))
    assert f'data-ajax--url="{PICKER}"' in page.content.decode()


def test_logged_out_visitors_get_nothing(client, confidential_world):
    response = client.get(PICKER, {**LINK_EVIDENCE, "term": "Maple"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
