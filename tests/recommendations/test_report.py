import io

import docx
import pytest
from django.urls import reverse

from evidence.models import EvidenceItem
from recommendations.models import EvidenceLink, Recommendation
from recommendations.report import build_docx, build_html, report_data
from recommendations.report.footnotes import footnote_references, read_footnotes
from tests.factories import (
    ChapterFactory,
    EvidenceItemFactory,
    EvidenceLinkFactory,
    ExcerptFactory,
    OrganisationFactory,
    RecommendationFactory,
    SubmitterFactory,
)

Status = Recommendation.Status
Confidentiality = EvidenceItem.Confidentiality
PREVIEW = reverse("recommendations_report_preview")


def read_docx(data) -> docx.Document:
    return docx.Document(io.BytesIO(build_docx(data)))


@pytest.fixture
def report(db):
    """Two chapters (given out of order), recommendations 1.2 and 1.10 (numeric order), a draft and a
    withdrawn one; evidence from a named, an anonymised, a confidential and a vulnerable submitter."""
    second = ChapterFactory(number=2, title="Oversight and monitoring", order=2)
    first = ChapterFactory(number=1, title="Tendering and procurement", order=1)
    RecommendationFactory(number="1.10", chapter=first, status=Status.PUBLISHED, title="Ten")
    rec_2 = RecommendationFactory(
        number="1.2", chapter=first, status=Status.AGREED, title="Publish contracts"
    )
    rec_2.target_stakeholders.add(OrganisationFactory(name="Cabinet Office"))
    rec_oversight = RecommendationFactory(
        number="2.1", chapter=second, status=Status.IN_REPORT, title="Audit"
    )
    RecommendationFactory(number="2.2", chapter=second, status=Status.DRAFT, title="Half-baked idea")
    RecommendationFactory(number="2.3", chapter=second, status=Status.WITHDRAWN, title="Dropped idea")

    named = EvidenceItemFactory(
        title="Law centre submission",
        body="Claimants were never told who made the decision.",
        submitter=SubmitterFactory(name="Ada Lovelace"),
    )
    quote = ExcerptFactory(item=named, quote="never told who made the decision")
    anonymised = EvidenceItemFactory(
        title="Survey reply",
        confidentiality=Confidentiality.ANONYMISED,
        submitter=SubmitterFactory(name="Grace Hopper"),
    )
    secret = EvidenceItemFactory(
        title="Whistleblower account",
        body="Secret detail.",
        confidentiality=Confidentiality.CONFIDENTIAL,
        submitter=SubmitterFactory(name="Edward Snowdon"),
    )
    EvidenceItemFactory(submitter=SubmitterFactory(name="Vera Vulnerable", vulnerable=True))
    EvidenceItemFactory(submitter=SubmitterFactory(name="Shy Person", consent_to_publish=False))
    EvidenceLinkFactory(recommendation=rec_2, evidence=named, excerpt=quote)
    EvidenceLinkFactory(recommendation=rec_2, evidence=anonymised, stance=EvidenceLink.Stance.CONTRADICTS)
    EvidenceLinkFactory(recommendation=rec_oversight, evidence=secret)
    return {"named": named, "anonymised": anonymised, "secret": secret}


def test_docx_has_chapters_and_recommendations_in_report_order(report):
    document = read_docx(report_data())
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    body = headings[headings.index("Chapter 1: Tendering and procurement") :]
    assert body[:6] == [
        "Chapter 1: Tendering and procurement",
        "Recommendation 1.2: Publish contracts",
        "Recommendation 1.10: Ten",
        "Chapter 2: Oversight and monitoring",
        "Recommendation 2.1: Audit",
        "Annex A: Evidence cited",
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Half-baked idea" not in text and "Dropped idea" not in text and "DRAFT" not in text
    assert "Addressed to: Cabinet Office" in text


def test_docx_cites_evidence_as_real_footnotes_with_the_quoted_excerpt(report):
    document = read_docx(report_data())
    notes = read_footnotes(document)
    cited = [(p.text, footnote_references(p)) for p in document.paragraphs if footnote_references(p)]
    assert cited == [("Supporting evidence", [1]), ("Contrary evidence", [2]), ("Supporting evidence", [3])]
    named = report["named"]
    assert notes[1] == (
        f"{named.reference}, Ada Lovelace, “Law centre submission” (Written submission, 1 November 2023): "
        "“never told who made the decision”."
    )
    assert notes[2].startswith(f"{report['anonymised'].reference}, Anonymous respondent, “Survey reply”")
    assert notes[3] == f"{report['secret'].reference}, confidential written submission (not published)."
    assert "Grace Hopper" not in notes[2] and "Secret detail" not in str(notes)


def test_annexes_name_only_consenting_submitters(report):
    document = read_docx(report_data())
    text = [p.text for p in document.paragraphs]
    annex_b = len(text) - 1 - text[::-1].index("Annex B: Contributors")
    contributors = text[annex_b + 2 : text.index("Annex C: Evidence statistics", annex_b)]
    assert contributors == [
        "Ada Lovelace",
        "Anonymous respondent (3 contributors not named at their request or for their protection)",
    ]
    joined = "\n".join(text)
    for hidden in (
        "Grace Hopper",
        "Edward Snowdon",
        "Vera Vulnerable",
        "Shy Person",
        "Whistleblower account",
    ):
        assert hidden not in joined
    annex_a = len(text) - 1 - text[::-1].index("Annex A: Evidence cited")
    sources = text[annex_a + 1 : annex_b]
    assert [s.split(" ")[0] for s in sources] == sorted(
        [report["named"].reference, report["anonymised"].reference, report["secret"].reference]
    )
    assert "5 items of evidence received" in joined


def test_draft_includes_unagreed_recommendations_and_is_watermarked(report):
    document = read_docx(report_data(draft=True))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Recommendation 2.2: Half-baked idea [Draft]" in text
    assert "Dropped idea" not in text
    header = document.sections[0].header
    assert "DRAFT" in header.paragraphs[0].text
    assert 'string="DRAFT"' in header._element.xml


def test_admin_preview_shows_the_same_report(member_client, report):
    response = member_client.get(PREVIEW)
    html = response.content.decode().split('class="report-contents"', 1)[1].split("</nav>", 1)[1]
    order = [
        "Chapter 1: Tendering",
        "Recommendation 1.2:",
        "Recommendation 1.10:",
        "Chapter 2: Oversight",
        "Annex A",
    ]
    positions = [html.index(s) for s in order]
    assert positions == sorted(positions)
    assert 'href="#note-1" id="ref-1">1</a>' in html
    assert "“never told who made the decision”" in html
    assert "Ada Lovelace" in html and "Anonymous respondent (3 contributors" in html
    assert "Grace Hopper" not in html and "Half-baked" not in html
    draft = member_client.get(PREVIEW, {"draft": "1"}).content.decode()
    assert "Half-baked idea" in draft and "report--draft" in draft


def test_statistics_sentence_counts_in_the_singular_for_one(db):
    EvidenceLinkFactory(recommendation=RecommendationFactory(status=Status.AGREED))
    data = report_data()
    sentence = (
        "1 item of evidence received, 0 after the deadline; 1 considered and 0 excluded as out of "
        "scope. 1 recommendation cites evidence 1 time."
    )
    assert sentence in "\n".join(p.text for p in read_docx(data).paragraphs)
    assert sentence in build_html(data)
    EvidenceLinkFactory(recommendation=RecommendationFactory(status=Status.AGREED))
    assert "2 recommendations cite evidence 2 times." in report_data().statistics_summary


def test_preview_and_download_need_recommendation_view_permission(client, report):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert client.get(PREVIEW).status_code == 403
    assert client.get(reverse("recommendations_report_docx")).status_code == 403


def test_docx_download_is_a_word_file(chair_client, report):
    response = chair_client.get(reverse("recommendations_report_docx"), {"draft": "1"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "DRAFT.docx" in response["Content-Disposition"]
    assert docx.Document(io.BytesIO(response.content)).paragraphs[0].text.startswith("Outsourcing")


def _grow(recommendations: int, links: int):
    """Add published recommendations with a stakeholder each and `links` links spread over them."""
    chapter = ChapterFactory(number=9, order=9)
    start = chapter.recommendations.count()
    recs = [
        RecommendationFactory(number=f"9.{start + n + 1}", chapter=chapter, status=Status.PUBLISHED)
        for n in range(recommendations)
    ]
    for rec in recs:
        rec.target_stakeholders.add(OrganisationFactory())
    items = EvidenceItemFactory.create_batch(-(-links // len(recs)))
    EvidenceLink.objects.bulk_create(
        EvidenceLink(recommendation=recs[n % len(recs)], evidence=items[n // len(recs)]) for n in range(links)
    )


@pytest.mark.django_db
def test_report_queries_do_not_grow_with_recommendations_or_links(django_assert_num_queries):
    """recommendations (+chapter), target stakeholders, links (as rows, with excerpt), cited items
    (+submitter, organisation, publication decision), redactions of the cited items, chapters,
    contributors (named, and the count of all), evidence totals/status/kind, surveys, themes,
    exclusion reasons (the flow), dual-coding assignments (none: no agreement section)."""
    _grow(3, 10)
    with django_assert_num_queries(13):
        small = report_data()
        build_docx(small)
        build_html(small)
    _grow(30, 300)
    EvidenceItemFactory.create_batch(3, status=EvidenceItem.Status.EXCLUDED)
    with django_assert_num_queries(13):
        large = report_data()
        build_docx(large)
    assert (small.recommendation_count, len(small.citations)) == (3, 10)
    assert (large.recommendation_count, len(large.citations)) == (33, 310)


@pytest.mark.django_db
def test_preview_queries_do_not_grow(member_client, django_assert_num_queries):
    """session, user, permissions (2: user, group), then the 11 report queries."""
    _grow(3, 10)
    with django_assert_num_queries(17):
        member_client.get(PREVIEW)
    _grow(30, 300)
    with django_assert_num_queries(17):
        member_client.get(PREVIEW)
