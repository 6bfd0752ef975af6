"""The evidence flow: counts that match the database exactly, drawn as SVG on the dashboard and in
the report's Annex C."""

import random
import re

import pytest
from django.urls import reverse

from evidence.flow import flow_diagram
from evidence.models import EvidenceItem, ExclusionReason
from evidence.selectors import evidence_flow
from recommendations.report import build_docx, build_html, report_data
from tests.factories import EvidenceItemFactory
from tests.privacy_checks import docx_text

Status = EvidenceItem.Status


@pytest.fixture
def generated(db):
    """A random mix of statuses and exclusion reasons (seeded, so a failure can be replayed)."""
    rng = random.Random(18)
    reasons = list(ExclusionReason.objects.all())
    for _ in range(60):
        item = EvidenceItemFactory(status=rng.choice(list(Status)))
        if item.status == Status.EXCLUDED:
            EvidenceItem.objects.filter(pk=item.pk).update(exclusion_reason=rng.choice(reasons))


def _db_count(**lookups) -> int:
    return EvidenceItem.objects.filter(**lookups).count()


@pytest.mark.django_db
def test_flow_counts_match_the_database(generated):
    flow = evidence_flow()
    assert flow.received == EvidenceItem.objects.count() == 60
    assert flow.not_screened == _db_count(status=Status.RECEIVED)
    assert flow.screened == _db_count(
        status__in=[Status.TRIAGED, Status.REVIEWED, Status.CITED, Status.EXCLUDED]
    )
    assert flow.excluded == _db_count(status=Status.EXCLUDED)
    assert {t.label: t.count for t in flow.excluded_by_reason} == {
        reason.name: _db_count(status=Status.EXCLUDED, exclusion_reason=reason)
        for reason in ExclusionReason.objects.all()
        if _db_count(status=Status.EXCLUDED, exclusion_reason=reason)
    }
    assert sum(t.count for t in flow.excluded_by_reason) == flow.excluded
    assert flow.included == _db_count(status__in=[Status.TRIAGED, Status.REVIEWED, Status.CITED])
    assert flow.awaiting_review == _db_count(status=Status.TRIAGED)
    assert flow.reviewed == _db_count(status__in=[Status.REVIEWED, Status.CITED])
    assert flow.cited == _db_count(status=Status.CITED)
    assert flow.received == flow.not_screened + flow.screened


def _boxes(svg: str) -> dict[str, int]:
    """{box label: count} as drawn."""
    return {
        label: int(count)
        for label, count in re.findall(
            r'<text[^>]*>([^<]+)</text><text[^>]*class="flow-count">(\d+)</text>', svg
        )
    }


@pytest.mark.django_db
def test_diagram_draws_every_count_and_reason(generated):
    flow = evidence_flow()
    svg = str(flow_diagram(flow))
    assert svg.startswith("<svg") and "<script" not in svg and "href" not in svg
    assert _boxes(svg) == {
        "Received": flow.received,
        "Not yet screened": flow.not_screened,
        "Screened": flow.screened,
        "Excluded": flow.excluded,
        "Included": flow.included,
        "Awaiting review": flow.awaiting_review,
        "Reviewed": flow.reviewed,
        "Reviewed, not cited": flow.not_cited,
        "Cited": flow.cited,
    }
    for tally in flow.excluded_by_reason:
        assert f'class="flow-reason">{tally.label}: {tally.count}</text>' in svg


@pytest.mark.django_db
def test_dashboard_flow_links_each_box_to_its_items(generated, member_client):
    html = member_client.get(reverse("dashboard")).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="evidence-flow"' in html
    changelist = reverse("admin:evidence_evidenceitem_changelist")
    reason = ExclusionReason.objects.filter(items__status=Status.EXCLUDED).first()
    for link in [f"?status__exact={Status.CITED}", f"?exclusion_reason__id__exact={reason.pk}"]:
        assert f'href="{changelist}{link}"' in html
        assert member_client.get(changelist + link).status_code == 200  # a filter members may use


@pytest.mark.django_db
def test_report_annex_c_has_the_flow_in_html_and_word(generated):
    data = report_data()
    html = build_html(data)
    assert _boxes(html[html.index('id="annex-c"') :])["Cited"] == data.flow.cited
    text = docx_text(build_docx(data))
    assert "Evidence flow" in text and "Reviewed, not cited" in text
    for tally in data.flow.excluded_by_reason:
        assert tally.label in text
