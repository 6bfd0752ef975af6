"""The admin as users use it: decisions and redactions through the real forms, the panel on the
evidence item page, and the "needs review" filters."""

import pytest
from django.urls import reverse

from evidence.models import EvidenceItem
from publication.models import PublicationDecision, Redaction, RedactionReason
from tests.factories import (
    EvidenceItemFactory,
    PublicationDecisionFactory,
    RedactionFactory,
    SubmitterFactory,
    UserFactory,
)
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db
Outcome = PublicationDecision.Outcome
DECISION_ADD = reverse("admin:publication_publicationdecision_add")
REDACTION_ADD = reverse("admin:publication_redaction_add")


def login(client, role):
    client.force_login(UserFactory(username=f"pub-{role.lower()}", role=role))
    return client


def post_decision(client, item, outcome, reason="Reason given."):
    data = form_data(client.get(DECISION_ADD).content.decode(), "publicationdecision_form")
    data.update({"item": item.pk, "outcome": outcome, "reason": reason})
    return client.post(DECISION_ADD, data)


def test_secretariat_cannot_publish_more_than_asked_through_the_form(client):
    item = EvidenceItemFactory(submitter=SubmitterFactory(anonymity_requested=True))
    response = post_decision(login(client, "Secretariat"), item, Outcome.PUBLISH_FULL)
    assert response.status_code == 200 and "needs the Chair" in response.content.decode()
    assert not PublicationDecision.objects.exists()
    assert post_decision(client, item, Outcome.PUBLISH_ANONYMISED).status_code == 302


def test_chair_overrides_through_the_form_and_it_shows(client):
    item = EvidenceItemFactory(confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL)
    response = post_decision(
        login(client, "Chair"), item, Outcome.PUBLISH_ANONYMISED, "Agreed with the submitter."
    )
    assert response.status_code == 302
    decision = PublicationDecision.objects.get(item=item)
    assert decision.overrides_request
    page = client.get(reverse("admin:evidence_evidenceitem_change", args=[item.pk])).content.decode()
    assert "chair override" in page and "Publish anonymised" in page


def test_redaction_through_the_form_prefilled_from_the_item_and_other_needs_a_note(client):
    item = EvidenceItemFactory(body="The officer Kim Third was rude.")
    login(client, "Secretariat")
    page = client.get(REDACTION_ADD, {"item": item.pk}).content.decode()
    data = form_data(page, "redaction_form")
    assert data["item"] == str(item.pk)
    other = RedactionReason.objects.get(name="Other")
    data.update({"quoted_text": "Kim Third", "reason": other.pk, "occurrence": 1})
    response = client.post(REDACTION_ADD, data)
    assert "needs a note" in response.content.decode()
    data["note"] = "Named officer."
    data["quoted_text"] = "Nobody"
    assert "is not in" in client.post(REDACTION_ADD, data).content.decode()
    data["quoted_text"] = "Kim Third"
    assert client.post(REDACTION_ADD, data).status_code == 302
    assert Redaction.objects.get(item=item).end == 21


def test_item_page_lists_redactions_for_the_secretariat_only(client):
    item = EvidenceItemFactory(body="The officer Kim Third was rude.")
    PublicationDecisionFactory(item=item)
    RedactionFactory(item=item, quoted_text="Kim Third")
    url = reverse("admin:evidence_evidenceitem_change", args=[item.pk])
    secretariat_page = login(client, "Secretariat").get(url).content.decode()
    assert "Redactions:" in secretariat_page and "Redact a passage" in secretariat_page
    member_page = login(client, "Member").get(url).content.decode()
    assert "Publish in full" in member_page and "Redactions:" not in member_page
    assert client.get(reverse("admin:publication_redaction_changelist")).status_code == 403


def test_confidential_redaction_text_is_not_quoted_on_the_panel_to_the_member(client):
    item = EvidenceItemFactory(
        body="Secret Person said this.", confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL
    )
    RedactionFactory(item=item, quoted_text="Secret Person")
    page = login(client, "Member").get(reverse("admin:evidence_evidenceitem_change", args=[item.pk]))
    assert "Secret Person" not in page.content.decode()


def test_needs_review_filters(client):
    flagged = EvidenceItemFactory(body="Kim Third was rude.")
    mark = RedactionFactory(item=flagged, quoted_text="Kim Third")
    Redaction.objects.filter(pk=mark.pk).update(needs_review=True)
    fine = EvidenceItemFactory(body="Tom Rudd was fine.")
    RedactionFactory(item=fine, quoted_text="Tom Rudd")
    login(client, "Secretariat")
    page = client.get(reverse("admin:publication_redaction_changelist"), {"review": "needed"})
    assert list(page.context["cl"].result_list) == [mark]
    page = client.get(reverse("admin:evidence_evidenceitem_changelist"), {"publication": "review"})
    assert [item.pk for item in page.context["cl"].result_list] == [flagged.pk]
    assert "Redaction needs review" in page.content.decode()


def test_redaction_changelist_queries_do_not_grow(client, django_assert_num_queries):
    """session, user, user and group permissions, the page of redactions (+item, reason, answer,
    question, created_by), the reasons of the filter, the total count."""
    login(client, "Secretariat")
    url = reverse("admin:publication_redaction_changelist")
    for n in range(3):
        RedactionFactory(item=EvidenceItemFactory(body=f"Name{n} here."), quoted_text=f"Name{n}")
    client.get(url)
    with django_assert_num_queries(7):
        client.get(url)
    for n in range(20):
        RedactionFactory(item=EvidenceItemFactory(body=f"Other{n} here."), quoted_text=f"Other{n}")
    with django_assert_num_queries(7):
        client.get(url)
