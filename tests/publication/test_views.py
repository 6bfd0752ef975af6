"""The public pages as an anonymous visitor: what they show, headers, and pinned query counts."""

import csv
import io

import pytest
from django.urls import reverse

from evidence.models import EvidenceItem
from publication.models import PublicationDecision
from tests.factories import (
    EvidenceItemFactory,
    RedactionFactory,
    SubmitterFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Outcome = PublicationDecision.Outcome
LIST = reverse("publication:published_list")
CSV = reverse("publication:published_csv")


def detail(reference):
    return reverse("publication:published_detail", args=[reference])


def test_list_and_detail_show_published_items_without_login(client, publish):
    item = publish(submitter=SubmitterFactory(name="Pat Named"), body="Assessments were late.")
    hidden = EvidenceItemFactory()
    page = client.get(LIST).content.decode()
    assert item.reference in page and "Pat Named" in page and hidden.reference not in page
    response = client.get(detail(item.reference))
    assert response.status_code == 200
    assert "Assessments were late." in response.content.decode()


def test_survey_response_shows_questions_and_redacted_answers(client, publish):
    survey = SurveyFactory()
    question = SurveyQuestionFactory(survey=survey, text="What happened?")
    item = publish(kind=EvidenceItem.Kind.SURVEY_RESPONSE, survey=survey, body="")
    SurveyAnswerFactory(item=item, question=question, answer="My caseworker Kim Third lost my file.")
    RedactionFactory(item=item, quoted_text="Kim Third")
    page = client.get(detail(item.reference)).content.decode()
    assert "What happened?" in page
    assert "My caseworker [redacted] lost my file." in page
    assert "Kim Third" not in page


def test_unpublished_reference_is_the_same_404_as_a_missing_one(client, publish):
    withheld = publish(outcome=Outcome.WITHHOLD)
    missing = client.get(detail("OAJ-9999"))
    refused = client.get(detail(withheld.reference))
    assert missing.status_code == refused.status_code == 404
    assert missing.content == refused.content


def test_public_headers_cache_and_csp(client, publish):
    item = publish()
    for url in (LIST, detail(item.reference), CSV):
        response = client.get(url)
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        assert "Accept-Encoding" in response["Vary"]
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "Set-Cookie" not in response.headers
    html = client.get(LIST).content.decode()
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert "/admin/" not in html


def test_post_is_not_allowed(client):
    assert client.post(LIST).status_code == 405


def test_theme_filter_and_pagination(client, publish):
    theme = ThemeFactory(name="Procurement")
    tagged = publish(themes=[theme])
    other = publish()
    page = client.get(LIST, {"theme": theme.pk}).content.decode()
    assert tagged.reference in page and other.reference not in page
    assert client.get(LIST, {"theme": "x"}).status_code == 200
    for _ in range(26):
        publish()
    first, last = client.get(LIST), client.get(LIST, {"page": 999})
    assert first.context["page"].number == 1 and last.context["page"].number == 2
    assert 'href="?page=2"' in first.content.decode()


def test_search_snippet_is_redacted_and_unmatched_terms_are_not_echoed(client, publish):
    item = publish(body="Kim Third said the appeal was lost.")
    RedactionFactory(item=item, quoted_text="Kim Third")
    page = client.get(LIST, {"q": "appeal"}).content.decode()
    assert "[redacted] said the appeal was lost." in page and 'value="appeal"' in page
    page = client.get(LIST, {"q": "Kim Third"}).content.decode()
    assert "Kim Third" not in page and item.reference not in page


def test_csv_is_formula_escaped_and_lists_what_the_page_lists(client, publish):
    item = publish(submitter=SubmitterFactory(name="=HYPERLINK(1)", consent_to_publish=True))
    publish(outcome=Outcome.WITHHOLD)
    response = client.get(CSV)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Reference", "Submitter", "Organisation", "Kind", "Received on"]
    assert rows[1:] == [[item.reference, "'=HYPERLINK(1)", "", "Written submission", "2023-11-01"]]


@pytest.mark.parametrize("count", [3, 30])
def test_query_counts_do_not_grow(client, publish, django_assert_num_queries, count):
    """List: items (+submitter, organisation, decision), answers (+question), redactions, the themes
    of the filter. Detail: the item, answers, redactions, themes. CSV: the list's first three."""
    theme = ThemeFactory()
    items = [publish(themes=[theme]) for _ in range(count)]
    for item in items[:3]:
        SurveyAnswerFactory(item=item)
        RedactionFactory(item=item, quoted_text="Full")
    with django_assert_num_queries(4):
        assert client.get(LIST).status_code == 200
    with django_assert_num_queries(4):
        assert client.get(LIST, {"q": "evidence", "theme": theme.pk}).status_code == 200
    with django_assert_num_queries(4):
        assert client.get(detail(items[0].reference)).status_code == 200
    with django_assert_num_queries(3):
        assert client.get(CSV).status_code == 200


def test_a_logged_in_request_is_not_cached_by_shared_caches(client, publish):
    publish()
    client.force_login(UserFactory(username="colleague", role="Member"))
    response = client.get(LIST)
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
