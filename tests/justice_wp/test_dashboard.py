import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.models import EvidenceItem
from recommendations.models import EvidenceLink, ImplementationStatus, Recommendation
from tests.factories import (
    ActionPointFactory,
    ChapterFactory,
    EvidenceItemFactory,
    EvidenceLinkFactory,
    ImplementationStatusFactory,
    MeetingFactory,
    OrganisationFactory,
    OutreachEntryFactory,
    RecommendationFactory,
    UserFactory,
)

DASHBOARD = reverse("dashboard")


@pytest.mark.django_db
def test_dashboard_needs_a_login(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_every_figure_links_to_the_filtered_admin_list(member_client, settings):
    settings.EVIDENCE_DEADLINE = datetime.date(2023, 12, 4)
    EvidenceItemFactory.create_batch(2, received_on=datetime.date(2023, 12, 10))
    EvidenceItemFactory(status=EvidenceItem.Status.TRIAGED)
    thin = RecommendationFactory(status=Recommendation.Status.UNDER_DISCUSSION, title="Thin one")
    MeetingFactory(title="Working Party Meeting: Accountability")
    html = member_client.get(DASHBOARD).content.decode()
    evidence = reverse("admin:evidence_evidenceitem_changelist")
    assert f'<a href="{evidence}?late=yes">2 received late</a>' in html
    assert f'<a href="{evidence}?status__exact=received">2</a>' in html
    assert f'<a href="{evidence}?kind__exact=written_submission">3</a>' in html
    recommendations = reverse("admin:recommendations_recommendation_changelist")
    assert f'<a href="{recommendations}?status__exact=under_discussion">1</a>' in html
    assert f"{recommendations}?id__in={thin.pk}" in html and "Thin one" in html
    assert "Working Party Meeting: Accountability" in html
    assert (
        reverse("admin:meetings_meeting_change", args=[MeetingFactory._meta.model.objects.get().pk]) in html
    )


@pytest.mark.django_db
def test_filtered_links_open_in_the_admin(secretariat_client):
    """The dashboard's query strings are ones the admin accepts (it redirects to ?e=1 otherwise)."""
    rec = RecommendationFactory()
    for url in (
        reverse("admin:evidence_evidenceitem_changelist") + "?late=yes",
        reverse("admin:recommendations_recommendation_changelist") + f"?id__in={rec.pk}",
        reverse("admin:recommendations_outreachentry_changelist") + "?follow_up=overdue",
        reverse("admin:recommendations_implementationstatus_changelist") + "?status__exact=accepted",
    ):
        assert secretariat_client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "text"),
    [
        (datetime.date(2023, 11, 24), "10 days until the evidence deadline"),
        (datetime.date(2023, 12, 4), "The evidence deadline is today"),
        (datetime.date(2023, 12, 5), "1 day since the evidence deadline"),
    ],
)
def test_deadline_countdown(member_client, settings, monkeypatch, today, text):
    settings.EVIDENCE_DEADLINE = datetime.date(2023, 12, 4)
    monkeypatch.setattr("justice_wp.dashboard.timezone.localdate", lambda: today)
    assert text in member_client.get(DASHBOARD).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "shown"), [("Secretariat", True), ("Chair", True), ("Member", False)])
def test_overdue_follow_ups_show_to_those_who_chase_them(client, role, shown):
    OutreachEntryFactory(
        date=datetime.date(2024, 5, 1),
        next_step="Chase the minister's office",
        follow_up_on=datetime.date(2024, 6, 1),
    )
    OutreachEntryFactory(next_step="Not yet due", follow_up_on=datetime.date(2099, 1, 1))
    client.force_login(UserFactory(role=role))
    html = client.get(DASHBOARD).content.decode()
    assert ("1 overdue follow-up<" in html and "Chase the minister" in html) is shown
    assert "Not yet due" not in html


@pytest.mark.django_db
def test_members_see_the_recommendations_they_lead(member_client, member_user):
    RecommendationFactory(lead_member=member_user, title="Mine to draft")
    assert "Recommendations you lead (1)" in member_client.get(DASHBOARD).content.decode()


@pytest.mark.django_db
def test_charts_use_the_vendored_chart_js(member_client):
    html = member_client.get(DASHBOARD).content.decode()
    assert "/static/vendor/chart.umd.min.js" in html and "cdn" not in html.lower()
    assert 'id="dashboard-charts"' in html


def _grow(recommendations: int, links: int):
    chapter = ChapterFactory(number=8, order=8)
    start = chapter.recommendations.count()
    recs = [
        RecommendationFactory(
            number=f"8.{start + n + 1}", chapter=chapter, status=Recommendation.Status.PUBLISHED
        )
        for n in range(recommendations)
    ]
    items = EvidenceItemFactory.create_batch(-(-links // len(recs)))
    EvidenceLink.objects.bulk_create(
        EvidenceLink(recommendation=recs[n % len(recs)], evidence=items[n // len(recs)]) for n in range(links)
    )
    overdue = timezone.localdate() - datetime.timedelta(days=3)
    for rec in recs:
        ImplementationStatusFactory(
            recommendation=rec, stakeholder=OrganisationFactory(), response_due=overdue
        )
    past_meeting = MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=30))
    ActionPointFactory.create_batch(recommendations, meeting=past_meeting)
    MeetingFactory.create_batch(recommendations // 3)


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow(secretariat_client, django_assert_num_queries):
    """session, user, permissions (2), evidence totals/status/kind, surveys, themes, exclusion reasons
    (the flow), recommendations by status, implementation counts, thin evidence, upcoming meetings,
    overdue follow-ups, own recommendations, overdue action points, overdue stakeholder responses."""
    _grow(3, 10)
    with django_assert_num_queries(16):
        secretariat_client.get(DASHBOARD)
    _grow(30, 300)
    EvidenceLinkFactory.create_batch(2)
    EvidenceItemFactory.create_batch(3, status=EvidenceItem.Status.EXCLUDED)
    with django_assert_num_queries(16):
        response = secretariat_client.get(DASHBOARD)
    assert ImplementationStatus.objects.count() == 33
    assert "Implementation: 10% average progress" in response.content.decode()
