"""An excerpt's quote must be a passage of its item (evidence/excerpts.py and Excerpt.clean()), on every
path: the service, the excerpt admin and the item's inline. Spaces, line breaks and straight/curly quote
marks may differ; the stored quote is the source's exact text and its offsets are computed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evidence import services
from evidence.models import Excerpt, SurveyAnswer
from tests.factories import EvidenceItemFactory

BODY = "Intro.\nThe assessor said “fit for work”  after\n  ten minutes. The provider’s own audit agreed."


@pytest.mark.django_db
def test_a_quote_not_in_the_item_is_refused_naming_the_field():
    item = EvidenceItemFactory(body=BODY)
    with pytest.raises(ValidationError) as caught:
        services.excerpt_create(excerpt=Excerpt(item=item, quote="The tribunal overturned it."), by=None)
    assert list(caught.value.message_dict) == ["quote"]
    assert f"is not in the text of {item.reference}" in caught.value.message_dict["quote"][0]
    assert not Excerpt.objects.exists()


@pytest.mark.django_db
def test_whitespace_runs_and_quote_marks_may_differ_and_the_source_text_is_kept():
    item = EvidenceItemFactory(body=BODY)
    typed = 'said "fit for work" after ten minutes. The provider\'s own'
    excerpt = services.excerpt_create(excerpt=Excerpt(item=item, quote=f"  {typed}\n"), by=None)
    assert excerpt.quote == "said “fit for work”  after\n  ten minutes. The provider’s own"
    assert BODY[excerpt.start_offset : excerpt.end_offset] == excerpt.quote


@pytest.mark.django_db
def test_other_differences_are_not_ignored():
    item = EvidenceItemFactory(body=BODY)
    with pytest.raises(ValidationError, match="is not in the text"):
        services.excerpt_create(excerpt=Excerpt(item=item, quote="said fit for work"), by=None)


@pytest.mark.django_db
def test_a_quote_from_a_survey_answer_is_accepted_without_body_offsets(tender_survey):
    item = EvidenceItemFactory(body="", kind="survey_response", survey=tender_survey)
    SurveyAnswer.objects.create(
        item=item, question=tender_survey.questions.first(), answer="Nobody asked the “service users”."
    )
    excerpt = services.excerpt_create(excerpt=Excerpt(item=item, quote='asked the "service users"'), by=None)
    assert excerpt.quote == "asked the “service users”"
    assert (excerpt.start_offset, excerpt.end_offset) == (None, None)


@pytest.mark.django_db
def test_the_excerpt_admin_refuses_a_quote_not_in_the_item(secretariat_client):
    item = EvidenceItemFactory(body=BODY)
    response = secretariat_client.post(
        reverse("admin:evidence_excerpt_add"),
        {
            "item": item.pk,
            "quote": "Invented words.",
            "page": "",
            "note": "",
            "start_offset": 0,
            "end_offset": 5,
        },
    )
    assert response.status_code == 200
    assert "is not in the text of" in response.context["adminform"].form.errors["quote"][0]
    assert not Excerpt.objects.exists()


@pytest.mark.django_db
def test_offsets_are_not_fields_of_the_excerpt_form(secretariat_client):
    item = EvidenceItemFactory(body=BODY)
    response = secretariat_client.post(
        reverse("admin:evidence_excerpt_add"),
        {"item": item.pk, "quote": "ten minutes", "page": "", "note": "", "start_offset": 0, "end_offset": 5},
    )
    assert response.status_code == 302
    excerpt = Excerpt.objects.get()
    assert BODY[excerpt.start_offset : excerpt.end_offset] == "ten minutes"
