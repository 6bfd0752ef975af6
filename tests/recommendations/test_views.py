import csv
import io

import pytest
from django.urls import reverse

from evidence.models import EvidenceItem
from recommendations.models import EvidenceLink, Recommendation
from tests.factories import (
    EvidenceItemFactory,
    EvidenceLinkFactory,
    RecommendationFactory,
    SubmitterFactory,
    ThemeFactory,
)

MATRIX = reverse("recommendations:matrix")
MATRIX_CSV = reverse("recommendations:matrix_csv")
Stance = EvidenceLink.Stance


def build(recommendations: int, links: int, themes: list) -> list[Recommendation]:
    """`recommendations` recommendations and `links` links over items carrying the given themes."""
    recs = RecommendationFactory.create_batch(recommendations)
    items = EvidenceItemFactory.create_batch(max(1, links // recommendations + 1))
    for n, item in enumerate(items):
        item.themes.add(themes[n % len(themes)])
    made = 0
    while made < links:
        rec, item = recs[made % len(recs)], items[made // len(recs)]
        stance = Stance.CONTRADICTS if made % 4 == 0 else Stance.SUPPORTS
        EvidenceLink.objects.create(recommendation=rec, evidence=item, stance=stance)
        made += 1
    return recs


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_matrix_needs_a_login(client):
    response = client.get(MATRIX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("by", ["theme", "kind"])
def test_matrix_runs_constant_queries(member_client, django_assert_num_queries, by):
    """session, user, user and group permissions (2), recommendations with stance counts,
    themes with parents (theme view only), counts per recommendation × theme or kind, thin list."""
    themes = ThemeFactory.create_batch(3)
    build(3, 10, themes)
    expected = 8 if by == "theme" else 7
    with django_assert_num_queries(expected):
        response = member_client.get(MATRIX, {"by": by})
    assert response.content.count(b'class="rec"') == 3
    build(27, 190, themes)
    with django_assert_num_queries(expected):
        response = member_client.get(MATRIX, {"by": by})
    assert response.content.count(b'class="rec"') == 30


@pytest.mark.django_db
def test_csv_export_runs_constant_queries(member_client, django_assert_num_queries):
    """session, user, permissions (2), recommendations with stance counts, themes, matrix counts."""
    themes = ThemeFactory.create_batch(2)
    build(3, 10, themes)
    with django_assert_num_queries(7):
        assert len(csv_rows(member_client.get(MATRIX_CSV))) == 4
    build(27, 190, themes)
    with django_assert_num_queries(7):
        assert len(csv_rows(member_client.get(MATRIX_CSV))) == 31


@pytest.mark.django_db
def test_matrix_counts_link_into_the_filtered_admin_list(member_client):
    theme = ThemeFactory(name="Oversight and monitoring")
    rec = RecommendationFactory(number="3.1", title="Monitor with independent data")
    supporting = EvidenceItemFactory.create_batch(2, kind=EvidenceItem.Kind.ORAL_EVIDENCE)
    contradicting = EvidenceItemFactory()
    for item in [*supporting, contradicting]:
        item.themes.add(theme)
    for item in supporting:
        EvidenceLinkFactory(recommendation=rec, evidence=item)
    EvidenceLinkFactory(recommendation=rec, evidence=contradicting, stance=Stance.CONTRADICTS)

    page = member_client.get(MATRIX).content.decode()
    filtered = (
        f"{reverse('admin:recommendations_evidencelink_changelist')}?recommendation__id__exact={rec.pk}"
        f"&amp;stance__exact=supports&amp;evidence__themes__id__exact={theme.pk}"
    )
    assert f'<a class="support" href="{filtered}">2</a>' in page
    assert "Oversight and monitoring" in page
    linked = member_client.get(filtered.replace("&amp;", "&")).content.decode()
    assert all(item.reference in linked for item in supporting)
    assert contradicting.reference not in linked

    by_kind = member_client.get(MATRIX, {"by": "kind"}).content.decode()
    assert "evidence__kind__exact=oral_evidence" in by_kind
    assert "Oral evidence" in by_kind


@pytest.mark.django_db
def test_thin_evidence_list_uses_the_setting(member_client, settings):
    settings.THIN_EVIDENCE_THRESHOLD = 2
    thin = RecommendationFactory(title="Only one supporting item")
    EvidenceLinkFactory(recommendation=thin)
    strong = RecommendationFactory(title="Well supported")
    EvidenceLinkFactory.create_batch(2, recommendation=strong)
    page = member_client.get(MATRIX).content.decode()
    thin_section = page.split('id="thin"')[1]
    assert "supported by fewer than 2 evidence items" in thin_section
    assert "Only one supporting item" in thin_section
    assert "Well supported" not in thin_section


@pytest.mark.django_db
def test_matrix_never_shows_submitters(member_client):
    submitter = SubmitterFactory(name="Alex Confidential-Tenant", email="alex@example.com", vulnerable=True)
    item = EvidenceItemFactory(submitter=submitter, confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL)
    item.themes.add(ThemeFactory())
    EvidenceLinkFactory(evidence=item)
    for response in (member_client.get(MATRIX), member_client.get(MATRIX_CSV)):
        text = response.content.decode()
        assert "Confidential-Tenant" not in text
        assert "alex@example.com" not in text


@pytest.mark.django_db
def test_csv_export_escapes_formulae_and_has_counts(member_client):
    theme = ThemeFactory(name="=Theme")
    rec = RecommendationFactory(number="1.1", title='=HYPERLINK("http://evil.example","click")')
    item = EvidenceItemFactory()
    item.themes.add(theme)
    EvidenceLinkFactory(recommendation=rec, evidence=item)
    response = member_client.get(MATRIX_CSV)
    assert response["Content-Disposition"] == 'attachment; filename="traceability-by-theme.csv"'
    header, row = csv_rows(response)
    assert header[:7] == ["Number", "Title", "Chapter", "Status", "Supporting", "Contradicting", "Context"]
    assert "'=Theme: supporting" in header
    assert row[1] == '\'=HYPERLINK("http://evil.example","click")'
    assert row[4:7] == ["1", "0", "0"]
    assert row[header.index("'=Theme: supporting")] == "1"


@pytest.mark.django_db
def test_unknown_dimension_is_not_found(member_client):
    assert member_client.get(MATRIX, {"by": "submitter"}).status_code == 404
