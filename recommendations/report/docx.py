"""The report as a Word document (python-docx), from `report_data()`."""

import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

from coding.agreement import METHOD as AGREEMENT_METHOD
from recommendations.report.data import ANONYMOUS, ReportData
from recommendations.report.footnotes import Footnotes

TITLE = "Outsourcing and Administrative Justice"
SUBTITLE = "Report of the JUSTICE Working Party"
DRAFT_NOTICE = "DRAFT – not for publication or circulation"
W_PPR, W_PSTYLE, W_R, W_RPR, W_B, W_I, W_T, W_VAL = (
    qn(tag) for tag in ("w:pPr", "w:pStyle", "w:r", "w:rPr", "w:b", "w:i", "w:t", "w:val")
)
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

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


class _Writer:
    """Appends paragraphs straight before the body's section properties, with style ids resolved
    once: python-docx's add_paragraph/add_heading search the body and every style on each call,
    which dominates the build time of a large report."""

    def __init__(self, document):
        self.document = document
        self._sect_pr = document.element.body.sectPr
        self._style_ids = {}

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        p = OxmlElement("w:p")
        self._sect_pr.addprevious(p)
        if style:
            etree.SubElement(etree.SubElement(p, W_PPR), W_PSTYLE).set(W_VAL, self.style_id(style))
        if text:
            self.run(p, text)
        return Paragraph(p, self.document._body)

    @staticmethod
    def run(p, text: str, *, bold: bool = False, italic: bool = False) -> None:
        """A run of plain text, built directly (Run.text and Font.bold re-search the XML each time)."""
        r = etree.SubElement(p, W_R)
        if bold or italic:
            properties = etree.SubElement(r, W_RPR)
            if bold:
                etree.SubElement(properties, W_B)
            if italic:
                etree.SubElement(properties, W_I)
        t = etree.SubElement(r, W_T)
        t.set(XML_SPACE, "preserve")
        t.text = text

    def heading(self, text: str, level: int) -> Paragraph:
        return self.paragraph(text, f"Heading {level}")

    def paragraphs(self, text: str, style: str | None = None) -> None:
        """Blank-line-separated paragraphs of `text`."""
        for block in (b.strip() for b in text.replace("\r\n", "\n").split("\n\n")):
            if block:
                self.paragraph(block, style)


def _label(paragraph, label: str, value: str) -> None:
    _Writer.run(paragraph._p, f"{label}: ", bold=True)
    _Writer.run(paragraph._p, value)


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


def _chapters(writer: _Writer, data: ReportData, footnotes: Footnotes) -> None:
    for section in data.chapters:
        chapter = section.chapter
        writer.heading(f"Chapter {chapter.number}: {chapter.title}", level=1)
        writer.paragraphs(chapter.introduction)
        for rec_section in section.recommendations:
            rec = rec_section.recommendation
            title = f"Recommendation {rec.number}: {rec.title}"
            if data.draft:
                title += f" [{rec.get_status_display()}]"
            writer.heading(title, level=2)
            writer.paragraphs(rec.text, style="Intense Quote")
            if rec.rationale.strip():
                writer.heading("Rationale", level=3)
                writer.paragraphs(rec.rationale)
            if rec_section.stakeholders:
                _label(writer.paragraph(), "Addressed to", "; ".join(rec_section.stakeholders))
            for heading, citations in rec_section.citations_by_stance():
                paragraph = writer.paragraph()
                writer.run(paragraph._p, heading, italic=True)
                for index, citation in enumerate(citations):
                    if index:
                        footnotes.separator(paragraph)
                    footnotes.add(paragraph, citation.number, citation.text)


def _annexes(writer: _Writer, data: ReportData) -> None:
    document = writer.document
    document.add_page_break()
    writer.heading("Annex A: Evidence cited", level=1)
    if not data.sources:
        writer.paragraph("No evidence is cited.")
    for source in data.sources:
        paragraph = writer.paragraph()
        writer.run(paragraph._p, f"{source.reference} ", bold=True)
        writer.run(paragraph._p, source.text)

    writer.heading("Annex B: Contributors", level=1)
    writer.paragraph(
        "The working party thanks everyone who gave evidence. Contributors who agreed to be named:"
    )
    for name in data.named_contributors:
        writer.paragraph(name, "List Bullet")
    if data.anonymous_contributors:
        writer.paragraph(
            f"{ANONYMOUS} ({data.anonymous_contributors} contributor"
            f"{'' if data.anonymous_contributors == 1 else 's'} not named at their request "
            "or for their protection)",
            "List Bullet",
        )

    stats = data.statistics
    writer.heading("Annex C: Evidence statistics", level=1)
    writer.paragraph(data.statistics_summary)
    _flow_table(document, writer, data.flow)
    if data.agreement is not None:
        _agreement_table(document, writer, data.agreement)
    for heading, tallies in (
        ("By kind", stats.by_kind),
        ("By survey", stats.by_survey),
        ("By theme", stats.by_theme),
    ):
        writer.heading(heading, level=2)
        table = document.add_table(rows=1, cols=2)
        table.style = "Light List"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = (
            heading.removeprefix("By ").title(),
            "Items",
        )
        for tally in tallies:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = tally.label, str(tally.count)


def _flow_table(document, writer, flow) -> None:
    """The flow diagram's boxes as a table (Word gets no SVG); indented rows are part of the row above."""
    writer.heading("Evidence flow", level=2)
    rows = [
        ("Received", flow.received),
        ("    Not yet screened", flow.not_screened),
        ("Screened", flow.screened),
        ("    Excluded", flow.excluded),
        *((f"        {tally.label}", tally.count) for tally in flow.excluded_by_reason),
        ("Included", flow.included),
        ("    Awaiting review", flow.awaiting_review),
        ("Reviewed", flow.reviewed),
        ("    Reviewed, not cited", flow.not_cited),
        ("Cited", flow.cited),
    ]
    table = document.add_table(rows=1, cols=2)
    table.style = "Light List"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Stage", "Items"
    for label, count in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, str(count)


def _agreement_table(document, writer, agreement) -> None:
    """Cohen's kappa between dual coders, as on the agreement page (themes nobody applied left out)."""
    overall = agreement.overall
    writer.heading("Agreement between coders (dual coding)", level=2)
    reason = f" ({overall.undefined_reason})" if overall.undefined_reason else ""
    writer.paragraph(
        f"{agreement.assignments} item{'' if agreement.assignments == 1 else 's'} coded independently by two "
        f"members ({agreement.units} units: items and their excerpts). Overall Cohen's κ "
        f"{overall.kappa_display()}{reason}; agreement {overall.percent_display()} of {overall.n} decisions."
    )
    table = document.add_table(rows=1, cols=7)
    table.style = "Light List"
    headings = ["Theme", "Both", "First only", "Second only", "Neither", "Agreement", "κ"]
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
    rows = [(str(row.theme), row.table) for row in agreement.applied_themes]
    for label, counts in [*rows, ("All themes (pooled)", overall)]:
        kappa = counts.kappa_display() + (f" ({counts.undefined_reason})" if counts.undefined_reason else "")
        values = [
            label,
            counts.both,
            counts.a_only,
            counts.b_only,
            counts.neither,
            counts.percent_display(),
            kappa,
        ]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)
    writer.paragraph(
        "Themes neither coder applied are left out of the table and counted as “neither” in the pooled row. "
        + AGREEMENT_METHOD
    )


def build_docx(data: ReportData) -> bytes:
    document = Document()
    _setup(document, data.draft)
    _title_page(document, data)
    footnotes = Footnotes()
    writer = _Writer(document)
    _chapters(writer, data, footnotes)
    _annexes(writer, data)
    footnotes.attach(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
