"""What is public, read in a fixed number of queries: THE rule (`published_items`) and what the public
pages, the CSV and the report show of a published item (`public_entries`, `report_*`).

An item is public only if all of these hold:
- its publication decision says publish (in full or anonymised);
- the decision exposes no more than the submitter asked for (item confidentiality, submitter's
  anonymity request), unless the chair recorded an override (`overrides_request`);
- it is not excluded;
- none of its redactions is flagged for review, and (checked on reading) every redaction still
  covers its quoted text;
- no erasure review of its submitter is open (the text may still hold their name).
Names: only with a "publish in full" decision AND the privacy rule (evidence.privacy.identity_shown
for an anonymous reader: consented, not anonymous, not vulnerable, item publishable, not erased).
With an anonymised outcome the submitter's name and email are also masked in the text."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from evidence import privacy
from evidence.models import ErasureReview, EvidenceItem, Submitter, SurveyAnswer, Theme
from evidence.models.people import ANONYMOUS
from publication import redaction as spans
from publication.models import PublicationDecision, Redaction

Outcome = PublicationDecision.Outcome
Confidentiality = EvidenceItem.Confidentiality
ANONYMOUS_PUBLIC = "Anonymous"
EXPOSURE = {Outcome.WITHHOLD: 0, Outcome.PUBLISH_ANONYMISED: 1, Outcome.PUBLISH_FULL: 2}
REQUESTED = {Confidentiality.CONFIDENTIAL: 0, Confidentiality.ANONYMISED: 1, Confidentiality.PUBLISHABLE: 2}


def exposure(outcome: str) -> int:
    return EXPOSURE[Outcome(outcome)]


def requested_exposure(item: EvidenceItem) -> int:
    """The most the submitter agreed to: 0 nothing, 1 anonymised, 2 in full."""
    level = REQUESTED[Confidentiality(item.confidentiality)]
    if item.submitter_id and item.submitter.anonymity_requested:
        level = min(level, 1)
    return level


def within_request() -> Q:
    """Decisions exposing no more than the item's submitter asks for today (as a filter on items)."""
    outcome = "publication_decision__outcome"
    confidential = Q(confidentiality=Confidentiality.CONFIDENTIAL)
    asks_anonymity = Q(confidentiality=Confidentiality.ANONYMISED) | Q(submitter__anonymity_requested=True)
    return ~confidential & (~asks_anonymity | Q(**{outcome: Outcome.PUBLISH_ANONYMISED}))


def published_items() -> QuerySet:
    """THE rule of what is public (see the module docstring), as a queryset of evidence items."""
    return (
        EvidenceItem.objects.filter(
            publication_decision__outcome__in=[Outcome.PUBLISH_FULL, Outcome.PUBLISH_ANONYMISED]
        )
        .exclude(status=EvidenceItem.Status.EXCLUDED)
        .filter(within_request() | Q(publication_decision__overrides_request=True))
        .exclude(Exists(Redaction.objects.filter(item=OuterRef("pk"), needs_review=True)))
        .exclude(
            Exists(
                ErasureReview.objects.filter(submitter_id=OuterRef("submitter_id"), resolved_at__isnull=True)
            )
        )
    )


def decision_of(item: EvidenceItem) -> PublicationDecision | None:
    try:
        return item.publication_decision
    except PublicationDecision.DoesNotExist:
        return None


def name_shown(item: EvidenceItem, decision: PublicationDecision | None) -> bool:
    """May the public (and the report) name the item's submitter? Not after a withhold or anonymised
    decision, and never against the privacy rule."""
    if decision is not None and decision.outcome != Outcome.PUBLISH_FULL:
        return False
    return privacy.identity_shown(None, item.submitter, item)


@dataclass
class PublicAnswer:
    question: str
    text: str


@dataclass
class PublicEntry:
    """One published item as the public sees it: nothing else of the item leaves the selector."""

    reference: str
    kind: str
    received_on: object
    submitter: str
    organisation: str
    body: str
    answers: list[PublicAnswer] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)

    @property
    def search_text(self) -> str:
        return "\n".join([self.body, *(answer.text for answer in self.answers)]).casefold()

    def snippet(self, query: str, width: int = 80) -> str:
        """A passage of the published (redacted) text around the first match of `query`."""
        for text in [self.body, *(answer.text for answer in self.answers)]:
            at = text.casefold().find(query.casefold())
            if at >= 0:
                start, end = max(at - width, 0), min(at + len(query) + width, len(text))
                return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
        return ""


def _public_items(queryset: QuerySet, *, with_themes: bool) -> QuerySet:
    """Items with what an entry needs: submitter, decision, answers (+question), redactions."""
    queryset = queryset.select_related("submitter__organisation", "publication_decision").prefetch_related(
        Prefetch(
            "answers",
            queryset=SurveyAnswer.objects.select_related("question").order_by("question__order", "pk"),
        ),
        Prefetch(
            "redactions",
            queryset=Redaction.objects.only("item_id", "answer_id", "start", "end", "quoted_text"),
        ),
    )
    if with_themes:
        queryset = queryset.prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    return queryset.order_by("-received_on", "-pk")


def public_entry(item: EvidenceItem) -> PublicEntry | None:
    """The item as published, or None when a redaction no longer covers its text (fail safe)."""
    decision = decision_of(item)
    redactions = list(item.redactions.all())
    by_source: dict[int | None, list[Redaction]] = {}
    for redaction in redactions:
        by_source.setdefault(redaction.answer_id, []).append(redaction)
    masked = _masked_words(item, decision)

    def published(text: str, source_id: int | None) -> str | None:
        marks = by_source.get(source_id, [])
        if not spans.anchored(text, [(r.start, r.end, r.quoted_text) for r in marks]):
            return None
        return spans.mask_words(spans.redact(text, [(r.start, r.end) for r in marks]), masked)

    body = published(item.body, None)
    answers = []
    for answer in item.answers.all():
        text = published(answer.answer, answer.pk)
        if text is None:
            return None
        answers.append(PublicAnswer(question=answer.question.text, text=text))
    answer_ids = {answer.pk for answer in item.answers.all()}
    if body is None or any(key is not None and key not in answer_ids for key in by_source):
        return None
    named = name_shown(item, decision)
    submitter: Submitter | None = item.submitter
    return PublicEntry(
        reference=item.reference,
        kind=item.get_kind_display(),
        received_on=item.received_on,
        submitter=submitter.public_name if named else ANONYMOUS_PUBLIC,
        organisation=submitter.organisation.name if named and submitter.organisation_id else "",
        body=body,
        answers=answers,
        themes=[theme.name for theme in item.themes.all()]
        if "themes" in getattr(item, "_prefetched_objects_cache", {})
        else [],
    )


def _masked_words(item: EvidenceItem, decision: PublicationDecision | None) -> list[str]:
    """Anonymised: the submitter's own name and email never appear in the published text."""
    submitter = item.submitter
    if submitter is None or name_shown(item, decision):
        return []
    return [submitter.name, submitter.email, getattr(submitter, "phone", "")]


def public_entries(*, query: str = "", theme_id: int | None = None) -> list[PublicEntry]:
    """Published items, newest first, matching `query` in their published (redacted) text and
    tagged with `theme_id` when given. 3 queries: items (+submitter, organisation, decision),
    answers (+questions), redactions."""
    queryset = published_items()
    if theme_id is not None:
        queryset = queryset.filter(themes__id=theme_id)
    entries = [entry for item in _public_items(queryset, with_themes=False) if (entry := public_entry(item))]
    query = query.strip()
    if query:
        needle = query.casefold()
        entries = [
            entry for entry in entries if needle in entry.search_text or needle == entry.reference.casefold()
        ]
    return entries


def public_entry_by_reference(reference: str) -> PublicEntry | None:
    """One published item by its reference (4 queries with its themes), or None: not published, or
    missing, alike."""
    item = _public_items(published_items().filter(reference=reference), with_themes=True).first()
    return public_entry(item) if item is not None else None


def public_themes() -> QuerySet:
    """Themes of published items, for the public filter (1 query)."""
    return (
        Theme.objects.filter(evidence_items__in=published_items().values("pk"))
        .annotate(published=Count("evidence_items", distinct=True))
        .order_by("name")
    )


def redactions_needing_review() -> QuerySet:
    return Redaction.objects.filter(needs_review=True)


# The report (recommendations.report) -------------------------------------------------------------


def report_named_contributors() -> tuple[list[str], int]:
    """Named contributors for the report's annex, and how many others contributed anonymously (2
    queries). A contributor has evidence not excluded and not confidential; they are named if they
    consented, are not protected or erased, and one such item is publishable with no publication
    decision or one to "publish in full". Existence tests rather than counts per submitter: at 100k
    items counting everyone's evidence was most of the report's time."""
    Status = EvidenceItem.Status
    shareable = EvidenceItem.objects.filter(submitter=OuterRef("pk")).exclude(status=Status.EXCLUDED)
    shareable = shareable.exclude(confidentiality=Confidentiality.CONFIDENTIAL)
    nameable = shareable.filter(confidentiality=Confidentiality.PUBLISHABLE).filter(
        Q(publication_decision__isnull=True) | Q(publication_decision__outcome=Outcome.PUBLISH_FULL)
    )
    contributors = Submitter.objects.filter(Exists(shareable))
    candidates = contributors.filter(
        Exists(nameable),
        consent_to_publish=True,
        anonymity_requested=False,
        vulnerable=False,
        erased_at__isnull=True,
    ).select_related("organisation")
    named = []
    for submitter in candidates:
        name = submitter.public_name
        if name == ANONYMOUS:
            continue
        organisation = submitter.organisation.name if submitter.organisation_id else ""
        named.append(f"{name}, {organisation}" if organisation and organisation != name else name)
    return sorted(named, key=str.casefold), contributors.count() - len(named)


class QuoteRedactor:
    """Redacts excerpt quotes for the report: the redactions of the cited items, read once (1 query)."""

    def __init__(self, item_ids):
        self.by_item: dict[int, list[Redaction]] = {}
        redactions = Redaction.objects.filter(item_id__in=list(item_ids)).select_related("item", "answer")
        for redaction in redactions.only(
            "item_id", "answer_id", "start", "end", "needs_review", "item__body", "answer__answer"
        ):
            self.by_item.setdefault(redaction.item_id, []).append(redaction)

    def quote(self, item_id: int, quote: str, start_offset: int | None = None) -> str:
        """`quote` with redacted spans as "[redacted]"; a quote from an item whose redactions need
        review, or that cannot be placed in its source, is left out whole."""
        redactions = self.by_item.get(item_id)
        if not redactions:
            return quote
        if any(r.needs_review for r in redactions):
            return spans.PLACEHOLDER
        sources: dict[int | None, tuple[str, list]] = {}
        for r in redactions:
            text = r.answer.answer if r.answer_id else r.item.body
            sources.setdefault(r.answer_id, (text, []))[1].append((r.start, r.end))
        body_marks = sources.get(None)
        if body_marks and start_offset is not None:
            text, marks = body_marks
            if text[start_offset : start_offset + len(quote)] == quote:
                return spans.redact_passage(text, quote, marks, start_offset)
        for text, marks in sources.values():
            if quote in text:
                return spans.redact_passage(text, quote, marks)
        # In a passage without redactions (another answer, the body)? Then nothing to hide in it —
        # but it cannot be told here without that text: fail safe.
        return spans.PLACEHOLDER
