"""Suggestions from the party's own coding: ranked from similar coded items, with a reason, accepted
in one click, never built from text the user may not read."""

import pytest
from django.db import connection
from django.urls import reverse

from evidence.models import EvidenceItem
from tests.factories import EvidenceItemFactory, EvidenceLinkFactory, ExcerptFactory, ThemeFactory
from workbench.models import SuggestionAcceptance
from workbench.suggestions import suggestions_for, telling_words

pytestmark = pytest.mark.django_db

BAILIFF = "Bailiffs collected the overpayment while the mandatory reconsideration was still pending."
TENDER = "The tender specification gave the lowest bidder the contract despite poor quality scores."


@pytest.fixture
def coded(recommendation):
    """Two coded items about debt recovery, one about procurement, and one new debt item to code."""
    debt, procurement = ThemeFactory(name="Debt recovery"), ThemeFactory(name="Procurement")
    first = EvidenceItemFactory(body=BAILIFF + " The bailiffs came twice.", themes=[debt])
    second = EvidenceItemFactory(body="Overpayment recovery by bailiffs before reconsideration ended.")
    ExcerptFactory(item=second, quote="Overpayment recovery by bailiffs").themes.set([debt])
    EvidenceLinkFactory(recommendation=recommendation, evidence=second)
    EvidenceItemFactory(body=TENDER, themes=[procurement])
    new = EvidenceItemFactory(body="Bailiffs chased an overpayment during my mandatory reconsideration.")
    return new, debt, procurement, first, second


def test_telling_words_leave_out_stop_words_and_prefer_frequent_ones():
    assert telling_words("The bailiffs and the bailiffs came for the overpayment")[:2] == [
        "bailiffs",
        "overpayment",
    ]


def test_themes_and_recommendations_come_from_similar_coded_items_with_a_reason(
    member_user, coded, recommendation
):
    new, debt, procurement, first, second = coded

    themes, recommendations = suggestions_for(new, member_user)

    assert themes[0].target == debt
    assert themes[0].via in (first, second)
    assert themes[0].reason.startswith(f"like {themes[0].via.reference}: “")
    assert procurement not in [s.target for s in themes[:1]]
    assert [s.target for s in recommendations] == [recommendation]
    assert (
        recommendations[0].reason
        == f"like {second.reference}: “Overpayment recovery by bailiffs before reconsideration ended.”"
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite compares a pool of its own"
)
def test_only_the_most_recent_matching_coded_items_are_ranked(member_user, coded, settings):
    """A large inquiry must not rank every match: with a pool of one, only the newest coded item counts."""
    new, debt, procurement, *_ = coded
    newest_match = EvidenceItemFactory(body="Bailiffs again, about a tender.", themes=[procurement])
    settings.SUGGESTION_CANDIDATES = 1

    themes, _ = suggestions_for(new, member_user)

    assert [(s.target, s.via) for s in themes] == [(procurement, newest_match)]
    settings.SUGGESTION_CANDIDATES = 0
    assert suggestions_for(new, member_user)[0][0].target == debt


def test_what_the_item_already_has_is_not_suggested(member_user, coded, recommendation):
    new, debt, *_ = coded
    new.themes.add(debt)
    EvidenceLinkFactory(recommendation=recommendation, evidence=new)
    themes, recommendations = suggestions_for(new, member_user)
    assert debt not in [s.target for s in themes] and recommendations == []


def test_no_suggestions_for_members_from_or_about_confidential_text(member_user, coded, recommendation):
    new, debt, _, first, second = coded
    EvidenceItem.objects.filter(pk__in=[first.pk, second.pk]).update(confidentiality="confidential")
    themes, recommendations = suggestions_for(new, member_user)
    assert debt not in [s.target for s in themes] and recommendations == []
    new.confidentiality = "confidential"
    assert suggestions_for(new, member_user) == ([], [])


def test_a_member_accepts_a_recommendation_in_one_click(member_client, member_user, coded, recommendation):
    new, *_ = coded
    url = reverse("admin:evidence_evidenceitem_code", args=[new.pk])
    assert f'value="recommendation-{recommendation.pk}"' in member_client.get(url).content.decode()

    member_client.post(
        reverse("admin:evidence_evidenceitem_code_accept", args=[new.pk]),
        {"suggestion": f"recommendation-{recommendation.pk}"},
    )

    link = new.links.get()
    assert (link.recommendation, link.tagged_by, link.stance) == (recommendation, member_user, "supports")
    accepted = SuggestionAcceptance.objects.get()
    assert (accepted.recommendation, accepted.accepted_by) == (recommendation, member_user)
    assert accepted.reason.startswith("like OAJ-")


def test_members_may_not_accept_themes(member_client, coded):
    new, debt, *_ = coded
    page = member_client.get(reverse("admin:evidence_evidenceitem_code", args=[new.pk])).content.decode()
    assert f'value="theme-{debt.pk}"' not in page and "Debt recovery" in page
    response = member_client.post(
        reverse("admin:evidence_evidenceitem_code_accept", args=[new.pk]), {"suggestion": f"theme-{debt.pk}"}
    )
    assert response.status_code == 403 and not new.themes.exists()


def test_the_secretariat_accepts_a_theme_and_stale_choices_change_nothing(
    secretariat_client, secretariat_user, coded
):
    new, debt, *_ = coded
    accept = reverse("admin:evidence_evidenceitem_code_accept", args=[new.pk])

    secretariat_client.post(accept, {"suggestion": f"theme-{debt.pk}"})
    secretariat_client.post(accept, {"suggestion": f"theme-{debt.pk}"})  # a second tab: no longer offered
    secretariat_client.post(accept, {"suggestion": "theme-999999"})

    assert list(new.themes.all()) == [debt]
    assert SuggestionAcceptance.objects.get().accepted_by == secretariat_user
    assert new.history.first().history_user == secretariat_user
