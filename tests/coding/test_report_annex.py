"""The agreement between dual coders in the report's Annex C (HTML preview and Word), only when dual
coding was used."""

import io

import docx
import pytest
from django.urls import reverse

from recommendations.report import build_docx, build_html, report_data

pytestmark = pytest.mark.django_db


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_no_agreement_section_without_dual_coding(assigned):
    """An assignment neither coder has finished is not dual coding used yet."""
    data = report_data(draft=True)
    assert data.agreement is None
    assert "Agreement between coders" not in build_html(data)
    assert "Agreement between coders" not in _docx_text(build_docx(data))


def test_the_annex_gives_kappa_per_theme_and_pooled_in_html_and_word(coded):
    data = report_data(draft=True)
    assert data.agreement is not None and data.agreement.assignments == 1
    html = build_html(data)
    annex_c = html[html.index('id="annex-c"') :]
    assert "Agreement between coders (dual coding)" in annex_c
    assert (
        "<td>Dual transparency</td><td>0</td><td>1</td><td>1</td><td>0</td><td>0.0%</td><td>-1.000</td>"
        in html
    )
    assert "All themes (pooled)" in html and "Cohen" in html
    text = _docx_text(build_docx(data))
    assert "Agreement between coders (dual coding)" in text
    assert "Dual transparency" in text and "-1.000" in text and "All themes (pooled)" in text
    assert "(po − pe) / (1 − pe)" in text


def test_the_preview_shows_it_to_a_member(member_client, coded):
    html = member_client.get(reverse("recommendations_report_preview")).content.decode()
    assert "Agreement between coders (dual coding)" in html
