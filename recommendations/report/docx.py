"""The report as a Word document (python-docx), from `report_data()`."""

import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt, RGBColor

from recommendations.report.data import ANONYMOUS, ReportData
from recommendations.report.footnotes import Footnotes

TITLE = "Outsourcing and Administrative Justice"
SUBTITLE = "Report of the JUSTICE Working Party"
DRAFT_NOTICE = "DRAFT – not for publication or circulation"

# Word's own watermark: a VML text shape behind the page, anchored in the header.
_WATERMARK = (
    f'<w:p {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office"><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:pict>'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
    '<v:textpath on="t" fitshape="t"/></v:shapetype>'
    '<v:shape id="DraftWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:470pt;height:156pt;rotation:315;'
    "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    'mso-position-vertical:center;mso-position-vertical-relative:margin" fillcolor="#d0d0d0" stroked="f">'
    '<v:fill opacity=".5"/><v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" string="DRAFT"/>'
    "</v:shape></w:pict></w:r></w:p>"
)


def _paragraphs(document, text: str, style=None) -> None:
    """Blank-line-separated paragraphs of `text`, keeping single line breaks."""
    for block in (b.strip() for b in text.replace("\r\n", "\n").split("\n\n")):
        if block:
            document.add_paragraph(block, style=style)


def _label(paragraph, label: str, value: str) -> None:
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)


def _setup(document, draft: bool) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    document.core_properties.title = f"{TITLE}: {SUBTITLE}"
    document.core_properties.author = "JUSTICE Outsourcing and Administrative Justice Working Party"
    if draft:
        header = document.sections[0].header
        notice = header.paragraphs[0]
        run = notice.add_run(DRAFT_NOTICE)
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
        header._element.append(parse_xml(_WATERMARK))


def _title_page(document, data: ReportData) -> None:
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph(SUBTITLE, style="Subtitle")
    if data.draft:
        notice = document.add_paragraph().add_run(DRAFT_NOTICE)
        notice.bold = True
        notice.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    document.add_paragraph(f"Generated {data.generated_on.day} {data.generated_on:%B %Y}")
    document.add_heading("Contents", level=1)
    for section in data.chapters:
        document.add_paragraph(f"Chapter {section.chapter.number}: {section.chapter.title}", style="List")
    for annex in ("Annex A: Evidence cited", "Annex B: Contributors", "Annex C: Evidence statistics"):
        document.add_paragraph(annex, style="List")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _chapters(document, data: ReportData, footnotes: Footnotes) -> None:
    quote = document.styles["Intense Quote"]
    for section in data.chapters:
        chapter = section.chapter
        document.add_heading(f"Chapter {chapter.number}: {chapter.title}", level=1)
        _paragraphs(document, chapter.introduction)
        for rec_section in section.recommendations:
            rec = rec_section.recommendation
            title = f"Recommendation {rec.number}: {rec.title}"
            if data.draft:
                title += f" [{rec.get_status_display()}]"
            document.add_heading(title, level=2)
            _paragraphs(document, rec.text, style=quote)
            if rec.rationale.strip():
                document.add_heading("Rationale", level=3)
                _paragraphs(document, rec.rationale)
            if rec_section.stakeholders:
                _label(document.add_paragraph(), "Addressed to", "; ".join(rec_section.stakeholders))
            for heading, citations in rec_section.citations_by_stance():
                paragraph = document.add_paragraph()
                paragraph.add_run(heading).italic = True
                for citation in citations:
                    footnotes.add(paragraph, citation.number, citation.text)


def _annexes(document, data: ReportData) -> None:
    document.add_page_break()
    document.add_heading("Annex A: Evidence cited", level=1)
    if not data.sources:
        document.add_paragraph("No evidence is cited.")
    for source in data.sources:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{source.reference} ").bold = True
        paragraph.add_run(source.text)

    document.add_heading("Annex B: Contributors", level=1)
    document.add_paragraph(
        "The working party thanks everyone who gave evidence. Contributors who agreed to be named:"
    )
    for name in data.named_contributors:
        document.add_paragraph(name, style="List Bullet")
    if data.anonymous_contributors:
        document.add_paragraph(
            f"{ANONYMOUS} ({data.anonymous_contributors} contributor"
            f"{'' if data.anonymous_contributors == 1 else 's'} not named at their request "
            "or for their protection)",
            style="List Bullet",
        )

    stats = data.statistics
    document.add_heading("Annex C: Evidence statistics", level=1)
    document.add_paragraph(
        f"{stats.total} items of evidence received, {stats.late} after the deadline; "
        f"{stats.considered} considered and {stats.excluded} excluded as out of scope. "
        f"{data.recommendation_count} recommendations cite evidence {len(data.citations)} times."
    )
    for heading, tallies in (
        ("By kind", stats.by_kind),
        ("By survey", stats.by_survey),
        ("By theme", stats.by_theme),
    ):
        document.add_heading(heading, level=2)
        table = document.add_table(rows=1, cols=2)
        table.style = "Light List"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = (
            heading.removeprefix("By ").title(),
            "Items",
        )
        for tally in tallies:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = tally.label, str(tally.count)


def build_docx(data: ReportData) -> bytes:
    document = Document()
    _setup(document, data.draft)
    _title_page(document, data)
    footnotes = Footnotes()
    _chapters(document, data, footnotes)
    _annexes(document, data)
    footnotes.attach(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
