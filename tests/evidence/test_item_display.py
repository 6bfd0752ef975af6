"""Issue 20: the evidence item page and list say what they mean — "Late" as a warning, "Hidden:
confidential" where text is withheld, no empty workflow controls or survey answers, no generated ids
passed off as data, captions cut at a word."""

import datetime

import pytest
from django.urls import reverse

from evidence.admin.item_display import GENERATED_PREFIX
from evidence.models import EvidenceItem
from evidence.text import clip
from tests.factories import (
    EvidenceItemFactory,
    ExcerptFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    SurveyQuestionFactory,
)

CHANGELIST = reverse("admin:evidence_evidenceitem_changelist")


def change_page(client, item) -> str:
    return client.get(reverse("admin:evidence_evidenceitem_change", args=[item.pk])).content.decode()


@pytest.mark.django_db
def test_late_items_say_late_and_on_time_items_show_no_tick_or_cross(secretariat_client):
    late = EvidenceItemFactory(title="Late one", received_on=datetime.date(2023, 12, 11))
    on_time = EvidenceItemFactory(title="On time one", received_on=datetime.date(2023, 11, 1))
    html = secretariat_client.get(CHANGELIST).content.decode()
    rows = {item: html.split(item.reference, 1)[1].split("</tr>", 1)[0] for item in (late, on_time)}
    assert '<strong class="late-marker"' in rows[late] and ">Late</strong>" in rows[late]
    assert "late-marker" not in rows[on_time]
    assert "icon-yes.svg" not in rows[late] and "icon-no.svg" not in rows[on_time]


def test_a_member_sees_a_hidden_note_where_confidential_text_is_withheld(member_client, confidential_world):
    html = change_page(member_client, confidential_world.confidential_item)
    assert "Hidden: confidential." in html
    assert "Maple Court safeguarding file 7731" not in html


def test_the_secretariat_sees_the_text_and_no_hidden_note(secretariat_client, confidential_world):
    html = change_page(secretariat_client, confidential_world.confidential_item)
    assert "Hidden: confidential." not in html


@pytest.mark.django_db
def test_a_read_only_item_has_no_move_to_none(member_client):
    html = change_page(member_client, EvidenceItemFactory())
    assert "Move to status" not in html and "<label>Note:</label>" not in html
    assert '<div class="readonly">None</div>' not in html


@pytest.mark.django_db
def test_the_secretariat_still_gets_the_workflow_step_fields(secretariat_client):
    assert "Move to status" in change_page(secretariat_client, EvidenceItemFactory())


@pytest.mark.django_db
def test_an_item_that_is_not_a_survey_response_has_no_survey_answers_table(secretariat_client):
    html = change_page(secretariat_client, EvidenceItemFactory())
    assert "Survey answers" not in html


@pytest.mark.django_db
def test_a_survey_response_keeps_its_answers(secretariat_client):
    survey = SurveyFactory()
    item = EvidenceItemFactory(kind=EvidenceItem.Kind.SURVEY_RESPONSE, survey=survey)
    SurveyAnswerFactory(
        item=item, question=SurveyQuestionFactory(survey=survey), answer="The assessor never met me."
    )
    html = change_page(secretariat_client, item)
    assert "Survey answers" in html and "The assessor never met me." in html


@pytest.mark.django_db
@pytest.mark.parametrize("client_fixture", ["member_client", "secretariat_client"])
def test_a_generated_external_id_is_labelled_generated(request, client_fixture):
    survey = SurveyFactory()
    item = EvidenceItemFactory(
        kind=EvidenceItem.Kind.SURVEY_RESPONSE, survey=survey, external_id=f"{GENERATED_PREFIX}6f2c0a9e"
    )
    html = change_page(request.getfixturevalue(client_fixture), item)
    assert "Generated on import" in html
    assert "auto-6f2c" not in html


@pytest.mark.django_db
def test_a_real_response_id_is_shown_and_editable_by_the_secretariat(secretariat_client):
    survey = SurveyFactory()
    item = EvidenceItemFactory(kind=EvidenceItem.Kind.SURVEY_RESPONSE, survey=survey, external_id="R_12345")
    html = change_page(secretariat_client, item)
    assert 'name="external_id"' in html and 'value="R_12345"' in html


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Short question?", 80, "Short question?"),
        ("How often did the provider meet its targets in practice", 30, "How often did the provider…"),
        ("Supercalifragilisticexpialidocious words", 10, "Supercali…"),
        ("Ends at a   word boundary exactly here", 17, "Ends at a word…"),
    ],
)
def test_captions_are_cut_at_a_word_with_an_ellipsis(text, limit, expected):
    assert clip(text, limit) == expected
    assert len(clip(text, limit)) <= limit


@pytest.mark.django_db
def test_question_and_excerpt_captions_do_not_cut_words():
    question = SurveyQuestionFactory(
        code="Q3",
        text="Did anyone explain who made the decision about your entitlement and how to challenge it later?",
    )
    assert str(question) == "Q3: Did anyone explain who made the decision about your entitlement and how to…"
    excerpt = ExcerptFactory(
        quote="x " * 10 + "a sentence that goes on well past the seventy character caption limit"
    )
    assert str(excerpt).endswith("…”") and " caption" not in str(excerpt)
