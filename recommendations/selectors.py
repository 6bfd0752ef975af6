"""Reads shared by the matrix, the dashboard and the report."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from evidence.models import EvidenceItem, Theme
from recommendations.models import EvidenceLink, Recommendation

Stance = EvidenceLink.Stance


def recommendations_with_stance_counts() -> QuerySet[Recommendation]:
    """Recommendations with `supporting`, `contradicting` and `context` link counts (distinct items)."""
    return Recommendation.objects.select_related("chapter").annotate(
        supporting=Count("links__evidence", filter=Q(links__stance=Stance.SUPPORTS), distinct=True),
        contradicting=Count("links__evidence", filter=Q(links__stance=Stance.CONTRADICTS), distinct=True),
        context=Count("links__evidence", filter=Q(links__stance=Stance.CONTEXT), distinct=True),
    )


def thin_evidence(*, threshold: int | None = None) -> QuerySet[Recommendation]:
    """Live recommendations supported by fewer than `threshold` distinct evidence items."""
    threshold = settings.THIN_EVIDENCE_THRESHOLD if threshold is None else threshold
    return (
        recommendations_with_stance_counts()
        .exclude(status=Recommendation.Status.WITHDRAWN)
        .filter(supporting__lt=threshold)
    )


def supporting_evidence_count(*, recommendation: Recommendation) -> int:
    """Distinct evidence items tagged as supporting (several excerpts of one item count once)."""
    return (
        EvidenceLink.objects.filter(recommendation=recommendation, stance=Stance.SUPPORTS)
        .values("evidence")
        .distinct()
        .count()
    )


def link_summary(*, recommendation: Recommendation) -> dict[str, int]:
    """How many links the recommendation has, in all and by stance (links, not distinct items)."""
    return EvidenceLink.objects.filter(recommendation=recommendation).aggregate(
        total=Count("pk"),
        supports=Count("pk", filter=Q(stance=Stance.SUPPORTS)),
        contradicts=Count("pk", filter=Q(stance=Stance.CONTRADICTS)),
        context=Count("pk", filter=Q(stance=Stance.CONTEXT)),
    )


DIFFED_FIELDS = ["number", "title", "text", "rationale", "chapter", "lead_member", "status"]


def display_value(record, name: str) -> str:
    model_field = Recommendation._meta.get_field(name)
    value = getattr(record, name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return str(value) if value is not None else "—"
    return str(value)


def citing_links(*, item) -> QuerySet[EvidenceLink]:
    """Links through which recommendations cite an evidence item (one query)."""
    return (
        EvidenceLink.objects.filter(evidence=item)
        .select_related("recommendation", "excerpt")
        .order_by("recommendation__chapter__number", "recommendation__position", "excerpt_id")
    )


@dataclass
class MatrixRow:
    recommendation: Recommendation
    cells: list[tuple[int, int]]


@dataclass
class Matrix:
    """Recommendations × columns (themes or evidence kinds) of (supporting, contradicting) counts."""

    by: str
    columns: list[tuple[str, str]]
    rows: list[MatrixRow] = field(default_factory=list)


MATRIX_DIMENSIONS = {"theme": "evidence__themes", "kind": "evidence__kind"}


def traceability_matrix(*, recommendations: list[Recommendation], by: str = "theme") -> Matrix:
    """Counts of distinct supporting and contradicting evidence items per recommendation and
    theme (of the evidence item) or evidence kind. Two queries for themes, one for kinds."""
    if by == "theme":
        columns = [(str(theme.pk), str(theme)) for theme in Theme.objects.select_related("parent")]
    elif by == "kind":
        columns = [(value, label) for value, label in EvidenceItem.Kind.choices]
    else:
        raise ValueError(f"Unknown matrix dimension {by!r}; use one of {', '.join(MATRIX_DIMENSIONS)}.")
    dimension = MATRIX_DIMENSIONS[by]
    counts = (
        EvidenceLink.objects.filter(stance__in=[Stance.SUPPORTS, Stance.CONTRADICTS])
        .exclude(**{f"{dimension}__isnull": True})
        .values("recommendation_id", dimension)
        .annotate(
            supporting=Count("evidence", filter=Q(stance=Stance.SUPPORTS), distinct=True),
            contradicting=Count("evidence", filter=Q(stance=Stance.CONTRADICTS), distinct=True),
        )
        .order_by()
    )
    by_cell = {
        (row["recommendation_id"], str(row[dimension])): (row["supporting"], row["contradicting"])
        for row in counts
    }
    matrix = Matrix(by=by, columns=columns)
    for recommendation in recommendations:
        cells = [by_cell.get((recommendation.pk, key), (0, 0)) for key, _ in columns]
        matrix.rows.append(MatrixRow(recommendation, cells))
    return matrix
