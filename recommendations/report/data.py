"""Everything the report shows, read in a fixed number of queries and made safe to publish.

Citations are numbered here, once, so the DOCX footnotes and the HTML notes carry the same numbers."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils import timezone

from coding.selectors import AgreementReport, report_agreement
from evidence.models import EvidenceItem, Organisation
from evidence.models.people import ANONYMOUS
from evidence.selectors import EvidenceFlow, EvidenceStatistics, evidence_flow, evidence_statistics
from publication.selectors import QuoteRedactor, decision_of, name_shown, report_named_contributors
from recommendations.models import Chapter, EvidenceLink, Recommendation

Status = Recommendation.Status
Stance = EvidenceLink.Stance
Confidentiality = EvidenceItem.Confidentiality

# "Agreed or later": what a final report contains.
FINAL_STATUSES = [Status.AGREED, Status.IN_REPORT, Status.PUBLISHED]
KINDS = dict(EvidenceItem.Kind.choices)
STANCE_ORDER = [Stance.SUPPORTS, Stance.CONTRADICTS, Stance.CONTEXT]
STANCE_HEADINGS = {
    Stance.SUPPORTS: "Supporting evidence",
    Stance.CONTRADICTS: "Contrary evidence",
    Stance.CONTEXT: "Context",
}


@dataclass
class Citation:
    number: int
    stance: str
    text: str


@dataclass
class RecommendationSection:
    recommendation: Recommendation
    stakeholders: list[str]
    citations: list[Citation]

    def citations_by_stance(self) -> list[tuple[str, list[Citation]]]:
        groups = [(STANCE_HEADINGS[s], [c for c in self.citations if c.stance == s]) for s in STANCE_ORDER]
        return [(heading, citations) for heading, citations in groups if citations]


@dataclass
class ChapterSection:
    chapter: Chapter
    recommendations: list[RecommendationSection]


@dataclass
class SourceEntry:
    reference: str
    text: str


@dataclass
class ReportData:
    draft: bool
    generated_on: datetime.date
    chapters: list[ChapterSection]
    sources: list[SourceEntry]
    named_contributors: list[str]
    anonymous_contributors: int
    statistics: EvidenceStatistics
    flow: EvidenceFlow
    citations: list[Citation] = field(default_factory=list)
    # Cohen's kappa between dual coders, when dual coding was used (None otherwise).
    agreement: AgreementReport | None = None

    @property
    def recommendation_count(self) -> int:
        return sum(len(chapter.recommendations) for chapter in self.chapters)

    @property
    def statistics_summary(self) -> str:
        """Annex C's opening sentence, the same in the Word report and the HTML preview."""
        stats, count, cited = self.statistics, self.recommendation_count, len(self.citations)
        return (
            f"{_count(stats.total, 'item')} of evidence received, {stats.late} after the deadline; "
            f"{stats.considered} considered and {stats.excluded} excluded as out of scope. "
            f"{_count(count, 'recommendation')} {'cites' if count == 1 else 'cite'} evidence "
            f"{_count(cited, 'time')}."
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _source(item: EvidenceItem) -> str:
    """Named only where the privacy rule and the item's publication decision (if any) allow it."""
    if item.submitter_id is None:
        return ""
    if item.confidentiality == Confidentiality.PUBLISHABLE and name_shown(item, decision_of(item)):
        return item.submitter.public_name
    return ANONYMOUS


def _withheld(item: EvidenceItem) -> str:
    """ "confidential" / "withheld" when the item's content may not appear in the report, else ""."""
    if item.confidentiality == Confidentiality.CONFIDENTIAL:
        return "confidential"
    decision = decision_of(item)
    return "withheld" if decision is not None and decision.outcome == decision.Outcome.WITHHOLD else ""


def _date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def citation_text(item: EvidenceItem, quote: str | None = None, page: str = "") -> str:
    """How one piece of evidence is cited: never a confidential or withheld item's content, nor a
    protected name. `quote` comes already redacted (publication.selectors.QuoteRedactor)."""
    if withheld := _withheld(item):
        return f"{item.reference}, {withheld} {KINDS[item.kind].lower()} (not published)."
    text = _item_citation(item)
    if quote:
        text += f": “{quote.strip()}”" + (f" (p. {page})" if page else "")
    return text + "."


def _item_citation(item: EvidenceItem) -> str:
    # Items are cited several times each in a large report: format their part once.
    if not hasattr(item, "_citation"):
        source = _source(item)
        parts = [item.reference, source] if source else [item.reference]
        parts.append(f"“{item.title}” ({KINDS[item.kind]}, {_date(item.received_on)})")
        item._citation = ", ".join(parts)
    return item._citation


def source_text(item: EvidenceItem) -> str:
    if withheld := _withheld(item):
        return f"{withheld.capitalize()} {KINDS[item.kind].lower()}, received {_date(item.received_on)}."
    source = _source(item)
    text = f"{item.title}. {KINDS[item.kind]}, received {_date(item.received_on)}."
    if source:
        text = f"{source}: {text}"
    if item.source_url:
        text += f" {item.source_url}"
    return text


def report_recommendations(*, draft: bool = False):
    """Recommendations in report order with their stakeholders prefetched (2 queries)."""
    queryset = Recommendation.objects.select_related("chapter")
    if draft:
        queryset = queryset.exclude(status=Status.WITHDRAWN)
    else:
        queryset = queryset.filter(status__in=FINAL_STATUSES)
    return queryset.order_by("chapter__order", "chapter__number", "position", "number").prefetch_related(
        Prefetch("target_stakeholders", queryset=Organisation.objects.order_by("name"))
    )


def report_links(recommendations):
    """Citable links of `recommendations` in citation order, as plain rows, and the evidence items they
    cite (2 queries). Rows, not model instances: thousands of links share far fewer items."""
    links = (
        EvidenceLink.objects.filter(recommendation__in=recommendations.values("pk"))
        .exclude(evidence__status=EvidenceItem.Status.EXCLUDED)
        .annotate(
            stance_order=Case(
                *[When(stance=stance, then=Value(n)) for n, stance in enumerate(STANCE_ORDER)],
                output_field=IntegerField(),
            )
        )
        .order_by(
            "recommendation_id",
            "stance_order",
            "-strength",
            "evidence__reference",
            "excerpt__start_offset",
            "pk",
        )
    )
    items = (
        EvidenceItem.objects.filter(pk__in=links.values("evidence_id"))
        .select_related("submitter__organisation", "publication_decision")
        .defer("body", "summary", "submitter__notes", "publication_decision__reason")
    )
    rows = links.values_list(
        "recommendation_id",
        "stance",
        "evidence_id",
        "excerpt__quote",
        "excerpt__page",
        "excerpt__start_offset",
    )
    return list(rows), {item.pk: item for item in items}


def report_data(*, draft: bool = False) -> ReportData:
    """The whole report in 13 queries: recommendations, stakeholders, links, cited items (+ their
    publication decisions), the redactions of cited items, chapters, contributors (2), the evidence
    statistics (3), the exclusion reasons of the evidence flow and the dual-coding assignments (+2
    when dual coding was used: decisions and the codebook)."""
    by_chapter: dict[int, list[RecommendationSection]] = {}
    citations: list[Citation] = []
    cited: dict[str, EvidenceItem] = {}
    recommendations = report_recommendations(draft=draft)
    rows, items = report_links(recommendations)
    redactor = QuoteRedactor(items)
    links_of: dict[int, list] = {}
    for row in rows:
        links_of.setdefault(row[0], []).append(row[1:])
    for recommendation in recommendations:
        section = RecommendationSection(
            recommendation=recommendation,
            stakeholders=[org.name for org in recommendation.target_stakeholders.all()],
            citations=[],
        )
        for stance, evidence_id, quote, page, start in links_of.get(recommendation.pk, []):
            item = items[evidence_id]
            if quote:
                quote = redactor.quote(evidence_id, quote, start)
            citation = Citation(
                number=len(citations) + 1, stance=stance, text=citation_text(item, quote, page or "")
            )
            citations.append(citation)
            section.citations.append(citation)
            cited.setdefault(item.reference, item)
        by_chapter.setdefault(recommendation.chapter_id, []).append(section)
    chapters = [
        ChapterSection(chapter=chapter, recommendations=by_chapter.get(chapter.pk, []))
        for chapter in Chapter.objects.order_by("order", "number")
        if chapter.pk in by_chapter or chapter.introduction.strip()
    ]
    named, anonymous = report_named_contributors()
    statistics = evidence_statistics()
    return ReportData(
        draft=draft,
        generated_on=timezone.localdate(),
        chapters=chapters,
        sources=[
            SourceEntry(ref, source_text(cited[ref])) for ref in sorted(cited, key=lambda r: (len(r), r))
        ],
        named_contributors=named,
        anonymous_contributors=anonymous,
        statistics=statistics,
        flow=evidence_flow(statistics),
        citations=citations,
        agreement=report_agreement(),
    )
