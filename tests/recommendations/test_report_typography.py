"""Issue 20: footnote markers that read as separate notes, and contents numbered by the chapters'
own numbers."""

import io

import docx
import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from recommendations.report import build_docx, build_html, report_data
from recommendations.report.footnotes import footnote_references
from tests.factories import ChapterFactory, EvidenceItemFactory, EvidenceLinkFactory, RecommendationFactory

Status = Recommendation.Status


@pytest.fixture
def two_notes_and_a_gap(db):
    """Chapter 2 has nothing agreed, so the final report holds chapters 1 and 3; recommendation 1.1
    cites two supporting items (notes 1 and 2) in one paragraph."""
    first, _second, third = (
        ChapterFactory(number=n, title=t, order=n)
        for n, t in ((1, "Tendering"), (2, "Terms"), (3, "Oversight"))
    )
    rec = RecommendationFactory(number="1.1", chapter=first, status=Status.AGREED)
    RecommendationFactory(number="2.1", chapter=_second, status=Status.DRAFT)
    RecommendationFactory(number="3.1", chapter=third, status=Status.AGREED)
    for title in ("First source", "Second source"):
        EvidenceLinkFactory(recommendation=rec, evidence=EvidenceItemFactory(title=title))
    return rec


def test_html_markers_are_separated_by_a_comma(two_notes_and_a_gap):
    html = build_html(report_data())
    assert '<a href="#note-1" id="ref-1">1</a>,&#8201;<a href="#note-2" id="ref-2">2</a>' in html
    assert "</a></sup><sup>" not in html  # never two superscripts side by side ("12")


def test_docx_markers_are_separated_by_a_superscript_comma(two_notes_and_a_gap):
    document = docx.Document(io.BytesIO(build_docx(report_data())))
    paragraph = next(p for p in document.paragraphs if footnote_references(p) == [1, 2])
    runs = paragraph._p.xpath("./w:r")
    texts = ["".join(run.xpath("./w:t/text()")) for run in runs]
    assert texts[-3:] == ["", ",\u2009", ""]  # reference, separator, reference
    assert runs[-2].xpath("./w:rPr/w:vertAlign/@w:val") == ["superscript"]


def test_html_contents_are_numbered_by_the_chapters_own_numbers(two_notes_and_a_gap):
    html = build_html(report_data())
    contents = html.split('class="report-contents"')[1].split("</nav>")[0]
    assert "<ol" not in contents  # no list numbers of its own (they said "2." for chapter 3)
    assert "Chapter 1: Tendering" in contents and "Chapter 3: Oversight" in contents
    assert "Chapter 2" not in contents


def test_docx_contents_name_chapter_three_as_three(two_notes_and_a_gap):
    document = docx.Document(io.BytesIO(build_docx(report_data())))
    texts = [p.text for p in document.paragraphs]
    contents = texts[texts.index("Contents") + 1 :][:2]
    assert contents == ["Chapter 1: Tendering", "Chapter 3: Oversight"]


def test_preview_page_shows_separated_markers(member_client, two_notes_and_a_gap):
    html = member_client.get(reverse("recommendations_report_preview")).content.decode()
    assert '1</a>,&#8201;<a href="#note-2"' in html
