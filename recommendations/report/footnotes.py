"""Real Word footnotes for python-docx, which has no footnote API.

A footnote is a `w:footnoteReference` run in the body pointing at a `w:footnote` in a separate
footnotes part (word/footnotes.xml) related to the document. Word and LibreOffice both require the
separator (-1) and continuation separator (0) footnotes to be present. The part is written once, at
the end, from plain strings: building thousands of lxml elements through python-docx is what would
make a large report slow."""

from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTE_SIZE = 18  # half-points: 9 pt
W_R, W_RPR, W_VERT_ALIGN, W_VAL, W_ID = (qn(t) for t in ("w:r", "w:rPr", "w:vertAlign", "w:val", "w:id"))
W_FOOTNOTE_REFERENCE = qn("w:footnoteReference")

_HEADER = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
)
_SUPERSCRIPT = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'


class Footnotes:
    """Collects footnotes while the body is written; `attach()` adds the part to the document."""

    def __init__(self):
        self._notes: list[str] = []

    def add(self, paragraph, number: int, text: str) -> None:
        """Append a footnote reference to `paragraph`; `number` is the citation number, which
        Word renumbers itself on display (both follow document order, so they agree)."""
        run = etree.SubElement(paragraph._p, qn("w:r"))
        etree.SubElement(etree.SubElement(run, qn("w:rPr")), qn("w:vertAlign")).set(
            qn("w:val"), "superscript"
        )
        etree.SubElement(run, qn("w:footnoteReference")).set(qn("w:id"), str(number))
        self._notes.append(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            f"<w:r>{_SUPERSCRIPT}<w:footnoteRef/></w:r>"
            f'<w:r><w:rPr><w:sz w:val="{FOOTNOTE_SIZE}"/></w:rPr>'
            f'<w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        )

    def separator(self, paragraph, text: str = ",\u2009") -> None:
        """A superscript comma and thin space between two footnote references, so that notes 1 and 2
        read as "¹,²" and not as note 12."""
        run = etree.SubElement(paragraph._p, qn("w:r"))
        etree.SubElement(etree.SubElement(run, qn("w:rPr")), qn("w:vertAlign")).set(
            qn("w:val"), "superscript"
        )
        text_element = etree.SubElement(run, qn("w:t"))
        text_element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        text_element.text = text

    def attach(self, document) -> None:
        blob = (_HEADER + "".join(self._notes) + "</w:footnotes>").encode("utf-8")
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)


def read_footnotes(document) -> dict[int, str]:
    """Footnote id → text, for reading a built report back (tests, checks)."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            root = parse_xml(rel.target_part.blob)
            break
    else:
        return {}
    notes = {}
    for note in root.iterfind(f"{{{W_NS}}}footnote"):
        number = int(note.get(f"{{{W_NS}}}id"))
        if number > 0:
            notes[number] = "".join(t.text or "" for t in note.iter(f"{{{W_NS}}}t")).strip()
    return notes


def footnote_references(paragraph) -> list[int]:
    return [int(ref.get(f"{{{W_NS}}}id")) for ref in paragraph._p.iter(f"{{{W_NS}}}footnoteReference")]
